#!/usr/bin/env python3
"""hostbot.py - a minimal "host-tools" worker for BuildGrid's Bots API (RWAPI v1test2).

BuildGrid on PyPI ships no worker any more (the old `bgd bot host-tools` is gone);
its intended workers are buildbox-worker + buildbox-run (C++, not on PyPI/Debian).
This ~200-line stand-in uses only the protos and CAS client bundled in the
`buildgrid` wheel, so it runs from the same venv as the server:

    VENV/bin/python tools/buildgrid/hostbot.py --remote http://127.0.0.1:50052 --instance ""

(tools/buildgrid/start.sh --remote-execution starts it beside BuildGrid 0.2.53.)

For each lease it: fetches Action + Command + input root from CAS, runs argv on
the host (no sandbox) in a fresh temp dir, uploads outputs/stdout/stderr, and
returns an ActionResult in the lease. Good enough for genrules / small builds.
"""

import argparse
import logging
import os
import shutil
import signal
import subprocess
import sys
import tempfile
import time

import grpc
from buildgrid._protos.build.bazel.remote.execution.v2 import remote_execution_pb2 as re_pb2
from buildgrid._protos.google.devtools.remoteworkers.v1test2 import (
    bots_pb2,
    bots_pb2_grpc,
    worker_pb2,
)
from buildgrid._protos.google.rpc import code_pb2, status_pb2
from buildgrid.server.client.cas import download, upload

LOG = logging.getLogger("hostbot")
PENDING, ACTIVE, COMPLETED, CANCELLED = 1, 2, 4, 5  # bots_pb2.LeaseState
BOT_OK = 1  # bots_pb2.BotStatus.OK
EMPTY_SHA256 = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


def run_action(channel, instance, lease_payload):
    """Execute one action; return an ActionResult (raises on infra errors)."""
    with download(channel, instance=instance) as dl:
        if lease_payload.Is(re_pb2.Action.DESCRIPTOR):
            action = re_pb2.Action()
            lease_payload.Unpack(action)
        else:
            digest = re_pb2.Digest()
            lease_payload.Unpack(digest)
            action = dl.get_message(digest, re_pb2.Action())
        command = dl.get_message(action.command_digest, re_pb2.Command())
        root = tempfile.mkdtemp(prefix="hostbot-")
        try:
            if action.input_root_digest.hash != EMPTY_SHA256:
                dl.download_directory(action.input_root_digest, root)
            dl.flush()
            return _execute(channel, instance, command, root, action)
        finally:
            shutil.rmtree(root, ignore_errors=True)


def _execute(channel, instance, command, root, action):
    workdir = os.path.join(root, command.working_directory)
    os.makedirs(workdir, exist_ok=True)
    outputs = list(command.output_paths) or (
        list(command.output_files) + list(command.output_directories)
    )
    for out in outputs:  # REAPI: worker creates parent dirs of outputs
        os.makedirs(os.path.dirname(os.path.join(workdir, out)) or workdir, exist_ok=True)
    env = {v.name: v.value for v in command.environment_variables}
    env.setdefault("PATH", "/usr/local/bin:/usr/bin:/bin")
    argv = list(command.arguments)
    timeout = action.timeout.seconds or None
    LOG.info("exec %s (cwd=%s)", argv, workdir)
    t0 = time.time()
    try:
        proc = subprocess.run(argv, cwd=workdir, env=env, capture_output=True, timeout=timeout)
        exit_code, out, err = proc.returncode, proc.stdout, proc.stderr
    except subprocess.TimeoutExpired as e:
        exit_code, out, err = 124, e.stdout or b"", (e.stderr or b"") + b"\nhostbot: timeout\n"
    except OSError as e:
        exit_code, out, err = 127, b"", f"hostbot: {e}\n".encode()
    LOG.info("exit=%d in %.2fs", exit_code, time.time() - t0)

    result = re_pb2.ActionResult(exit_code=exit_code)
    with upload(channel, instance=instance) as up:
        result.stdout_digest.CopyFrom(up.put_blob(_bio(out)))
        result.stderr_digest.CopyFrom(up.put_blob(_bio(err)))
        for out_path in outputs:
            full = os.path.join(workdir, out_path)
            if os.path.islink(full):
                result.output_file_symlinks.add(path=out_path, target=os.readlink(full))
            elif os.path.isfile(full):
                d = up.upload_file(full)
                result.output_files.add(
                    path=out_path, digest=d, is_executable=os.access(full, os.X_OK)
                )
            elif os.path.isdir(full):
                tree_d = up.upload_tree(full)
                result.output_directories.add(path=out_path, tree_digest=tree_d)
        up.flush()
    return result


def _bio(data):
    import io

    return io.BytesIO(data)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--remote", default="http://127.0.0.1:50052")
    ap.add_argument("--instance", default="")
    ap.add_argument("--bot-id", default=f"hostbot-{os.uname().nodename}-{os.getpid()}")
    ap.add_argument(
        "--property",
        action="append",
        default=[],
        help="KEY=VALUE worker property, e.g. OSFamily=linux",
    )
    ap.add_argument("--pid-file", help="write own PID here")
    ap.add_argument("-v", "--verbose", action="store_true")
    a = ap.parse_args()
    if a.pid_file:
        with open(a.pid_file, "w") as f:
            f.write(str(os.getpid()))
    logging.basicConfig(
        level=logging.DEBUG if a.verbose else logging.INFO,
        format="%(asctime)s hostbot %(levelname)s %(message)s",
    )
    target = a.remote.replace("http://", "").replace("grpc://", "")
    channel = grpc.insecure_channel(target)
    stub = bots_pb2_grpc.BotsStub(channel)

    device = worker_pb2.Device(handle=a.bot_id)
    for kv in a.property:
        k, v = kv.split("=", 1)
        device.properties.add(key=k, value=v)
    worker = worker_pb2.Worker(devices=[device])
    worker.configs.add(key="capacity", value="1")
    session = bots_pb2.BotSession(bot_id=a.bot_id, status=BOT_OK, worker=worker)

    # SIGTERM/SIGINT: exit at once (a lease in flight is re-queued by the server
    # after bot-session-keepalive-timeout).
    stop = {"flag": False}
    signal.signal(signal.SIGTERM, lambda *_: os._exit(0))
    signal.signal(signal.SIGINT, lambda *_: os._exit(0))

    while not stop["flag"]:
        try:
            session = stub.CreateBotSession(
                bots_pb2.CreateBotSessionRequest(parent=a.instance, bot_session=session), timeout=30
            )
            break
        except grpc.RpcError as e:
            LOG.warning("CreateBotSession failed (%s); retrying", e.code())
            time.sleep(1)
    LOG.info("bot session %s", session.name)

    done = set()
    while not stop["flag"]:
        changed = False
        for lease in session.leases:
            if lease.state == PENDING:
                lease.state = ACTIVE
                changed = True  # ack first, run on next pass
            elif lease.state == ACTIVE and lease.id not in done:
                try:
                    result = run_action(channel, a.instance, lease.payload)
                    lease.result.Pack(result)
                    lease.status.CopyFrom(status_pb2.Status(code=code_pb2.OK))
                except Exception as e:  # infra failure: report, let server decide retry
                    LOG.exception("lease %s failed", lease.id)
                    lease.status.CopyFrom(status_pb2.Status(code=code_pb2.INTERNAL, message=str(e)))
                lease.state = COMPLETED
                done.add(lease.id)
                changed = True
        try:
            session = stub.UpdateBotSession(
                bots_pb2.UpdateBotSessionRequest(name=session.name, bot_session=session),
                timeout=2 if changed else 25,
            )
        except grpc.RpcError as e:
            if e.code() != grpc.StatusCode.DEADLINE_EXCEEDED:
                LOG.warning("UpdateBotSession: %s %s", e.code(), e.details())
                time.sleep(0.5)
        # drop completed leases the server has acknowledged
        keep = [x for x in session.leases if not (x.state == COMPLETED and x.id in done)]
        if len(keep) != len(session.leases):
            del session.leases[:]
            session.leases.extend(keep)
    LOG.info("stopping")
    return 0


if __name__ == "__main__":
    sys.exit(main())
