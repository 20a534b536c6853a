"""Wait until a REAPI server answers GetCapabilities; exit 0 when it does, 1 when not in time.

Runs with the BuildGrid venv's Python (it needs grpc and BuildGrid's protos):

    /opt/buildgrid-venv/bin/python tools/buildgrid/wait_ready.py 127.0.0.1:50051 \
        --timeout 60 --pid 1234 [--instance ""] [--execution]

--pid: give up at once when that process (the server) has exited. --execution: also require
execution capabilities (a remote-execution server, not a cache). Prints one line: the seconds
it waited and the server's REAPI versions.
"""

from __future__ import annotations

import argparse
import os
import sys
import time

import grpc
from buildgrid._protos.build.bazel.remote.execution.v2 import (
    remote_execution_pb2 as re_pb2,
)
from buildgrid._protos.build.bazel.remote.execution.v2 import (
    remote_execution_pb2_grpc as re_grpc,
)


def _alive(pid: int | None) -> bool:
    if pid is None:
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:  # a zombie (exited, not yet reaped by its parent) is not alive
        with open(f"/proc/{pid}/stat") as stat:
            return stat.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("address", help="HOST:PORT (a grpc:// prefix is dropped)")
    parser.add_argument("--timeout", type=float, default=60.0)
    parser.add_argument("--pid", type=int)
    parser.add_argument("--instance", default="")
    parser.add_argument("--execution", action="store_true")
    args = parser.parse_args()
    address = args.address.removeprefix("grpc://")
    start = time.monotonic()
    deadline = start + args.timeout
    last_error = "no answer"
    with grpc.insecure_channel(address) as channel:
        stub = re_grpc.CapabilitiesStub(channel)
        while time.monotonic() < deadline:
            if not _alive(args.pid):
                print(f"server process {args.pid} exited before it was ready", file=sys.stderr)
                return 1
            try:
                caps = stub.GetCapabilities(
                    re_pb2.GetCapabilitiesRequest(instance_name=args.instance), timeout=2
                )
            except grpc.RpcError as error:
                last_error = f"{error.code()}: {error.details()}"
                time.sleep(0.2)
                continue
            if args.execution and not caps.execution_capabilities.exec_enabled:
                last_error = "no execution capabilities (exec_enabled is false)"
                time.sleep(0.2)
                continue
            high = caps.high_api_version
            updates = caps.cache_capabilities.action_cache_update_capabilities.update_enabled
            print(
                f"ready after {time.monotonic() - start:.1f}s: REAPI up to "
                f"v{high.major}.{high.minor}, action cache updates {'on' if updates else 'off'}, "
                f"execution {'on' if caps.execution_capabilities.exec_enabled else 'off'}"
            )
            return 0
    print(f"not ready after {args.timeout:.0f}s: {last_error}", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
