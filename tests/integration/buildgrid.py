"""A real BuildGrid (REAPI server) on 127.0.0.1 for integration tests, as pytest fixtures.

``buildgrid_cache`` yields ``grpc://127.0.0.1:PORT`` of a cache-only BuildGrid (CAS +
ActionCache, tools/buildgrid/cache-only.yml, PyPI ``buildgrid`` 0.4.x in
``$MIGRATE_BUILDGRID_VENV``, default /opt/buildgrid-venv). ``buildgrid_remote`` yields the URL of
a remote-execution BuildGrid (tools/buildgrid/remote-execution.yml, ``buildgrid==0.2.53`` in
``$MIGRATE_BUILDGRID_RE_VENV``, default /opt/buildgrid-re-venv) with one host worker
(tools/buildgrid/hostbot.py). Both venvs come from ``tools/setup-debian.sh --with-buildgrid``;
a missing one fails the test with that instruction.

Each server gets a free port, its config (with that port) and log in the test's tmp_path, is
polled with GetCapabilities until it answers (tools/buildgrid/wait_ready.py, run by the venv's
Python), and is always stopped at teardown with its whole process group.

Use from a test module with ``from .buildgrid import buildgrid_cache  # noqa: F401``, or make
them available everywhere with that import in tests/integration/conftest.py.
"""

from __future__ import annotations

import contextlib
import os
import re
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
TOOLS = REPO / "tools" / "buildgrid"
CACHE_CONFIG = TOOLS / "cache-only.yml"
EXECUTION_CONFIG = TOOLS / "remote-execution.yml"
SETUP_HINT = "run `tools/setup-debian.sh --with-buildgrid` (CI runs it)"
READY_TIMEOUT = 60.0
_ADDRESS = re.compile(r'^(\s*address:\s*"127\.0\.0\.1:)\d+(")', re.MULTILINE)


def cache_venv() -> Path:
    return Path(os.environ.get("MIGRATE_BUILDGRID_VENV", "/opt/buildgrid-venv"))


def execution_venv() -> Path:
    return Path(os.environ.get("MIGRATE_BUILDGRID_RE_VENV", "/opt/buildgrid-re-venv"))


class BuildGridError(RuntimeError):
    """BuildGrid is not installed, or did not start; the message says why."""


@dataclass
class BuildGrid:
    """A running BuildGrid started by :func:`start_buildgrid`."""

    url: str  # grpc://127.0.0.1:PORT
    port: int
    directory: Path  # config.yml, server.log (and worker.log)
    server: subprocess.Popen[bytes]
    worker: subprocess.Popen[bytes] | None = None
    started: float = 0.0  # time.monotonic() when the server was started
    ready_seconds: float = 0.0  # from starting the server to its first GetCapabilities answer
    _logs: list[object] = field(default_factory=list, repr=False)

    def log(self, lines: int = 40) -> str:
        parts = []
        for name in ("server.log", "worker.log"):
            path = self.directory / name
            if path.is_file():
                tail = path.read_text(errors="replace").splitlines()[-lines:]
                parts.append(f"--- {name} (last {lines} lines)\n" + "\n".join(tail))
        return "\n".join(parts)


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def write_config(template: Path, port: int, target: Path) -> Path:
    """The config ``template`` listening on 127.0.0.1:``port``, written to ``target``."""
    text, count = _ADDRESS.subn(rf"\g<1>{port}\g<2>", template.read_text())
    if count != 1:
        raise BuildGridError(f"{template}: expected one 127.0.0.1 server address, found {count}")
    target.write_text(text)
    return target


def start_buildgrid(
    directory: Path,
    *,
    execution: bool = False,
    venv: Path | None = None,
    timeout: float = READY_TIMEOUT,
    attempts: int = 3,
) -> BuildGrid:
    """Start BuildGrid (and, with ``execution``, one host worker) on a free port and return
    once it answers GetCapabilities. Raises BuildGridError (with the log) if it does not."""
    venv = venv or (execution_venv() if execution else cache_venv())
    bgd, python = venv / "bin" / "bgd", venv / "bin" / "python"
    if not (bgd.is_file() and python.is_file()):
        version = "buildgrid==0.2.53 " if execution else ""
        raise BuildGridError(f"no {version}BuildGrid in {venv}: {SETUP_HINT}")
    directory.mkdir(parents=True, exist_ok=True)
    error = "not started"
    for _ in range(attempts):  # another process may take the free port before bgd binds it
        port = free_port()
        grid = _launch(directory, port, execution, bgd, python)
        ready = subprocess.run(
            [
                str(python),
                str(TOOLS / "wait_ready.py"),
                f"127.0.0.1:{port}",
                "--timeout",
                str(timeout),
                "--pid",
                str(grid.server.pid),
            ]
            + (["--execution"] if execution else []),
            capture_output=True,
            text=True,
            timeout=timeout + 30,
        )
        if ready.returncode == 0:
            grid.ready_seconds = time.monotonic() - grid.started
            return grid
        error = (ready.stderr or ready.stdout).strip() + "\n" + grid.log()
        stop_buildgrid(grid)
        if "address already in use" not in error.lower() and "bind" not in error.lower():
            break
    raise BuildGridError(f"BuildGrid did not become ready: {error}")


def _launch(directory: Path, port: int, execution: bool, bgd: Path, python: Path) -> BuildGrid:
    config = write_config(
        EXECUTION_CONFIG if execution else CACHE_CONFIG, port, directory / "config.yml"
    )
    server_log = open(directory / "server.log", "wb")  # noqa: SIM115 (kept until stop)
    started = time.monotonic()
    server = subprocess.Popen(
        [str(bgd), "server", "start", str(config)],
        stdin=subprocess.DEVNULL,
        stdout=server_log,
        stderr=subprocess.STDOUT,
        start_new_session=True,  # own process group: teardown kills all it started
    )
    grid = BuildGrid(
        f"grpc://127.0.0.1:{port}", port, directory, server, started=started, _logs=[server_log]
    )
    if execution:
        worker_log = open(directory / "worker.log", "wb")  # noqa: SIM115
        grid._logs.append(worker_log)
        grid.worker = subprocess.Popen(
            [
                str(python),
                str(TOOLS / "hostbot.py"),
                "--remote",
                f"http://127.0.0.1:{port}",
                "--instance",
                "",
            ],
            stdin=subprocess.DEVNULL,
            stdout=worker_log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    return grid


def stop_buildgrid(grid: BuildGrid, grace: float = 10.0) -> None:
    """SIGTERM the worker's and the server's process groups, SIGKILL what is left after
    ``grace`` seconds, reap both."""
    for process in (grid.worker, grid.server):
        if process is not None:
            _stop_group(process, grace)
    for handle in grid._logs:
        handle.close()  # type: ignore[attr-defined]


def _stop_group(process: subprocess.Popen[bytes], grace: float) -> None:
    pgid = process.pid  # start_new_session: the group id is the leader's pid
    for sig in (signal.SIGTERM, signal.SIGKILL):  # KILL: what outlived TERM, leader's children
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pgid, sig)
        with contextlib.suppress(subprocess.TimeoutExpired):
            process.wait(timeout=grace)


def _fixture(tmp_path: Path, request: pytest.FixtureRequest, execution: bool) -> Iterator[str]:
    try:
        grid = start_buildgrid(
            tmp_path / ("buildgrid-remote" if execution else "buildgrid-cache"),
            execution=execution,
        )
    except BuildGridError as error:
        pytest.fail(str(error))
    request.node.user_properties.append(("buildgrid_ready_seconds", round(grid.ready_seconds, 2)))
    print(f"BuildGrid ready at {grid.url} after {grid.ready_seconds:.1f}s")
    try:
        yield grid.url
    finally:
        stop_buildgrid(grid)


@pytest.fixture
def buildgrid_cache(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """``grpc://127.0.0.1:PORT`` of a cache-only BuildGrid, stopped after the test."""
    yield from _fixture(tmp_path, request, execution=False)


@pytest.fixture
def buildgrid_remote(tmp_path: Path, request: pytest.FixtureRequest) -> Iterator[str]:
    """``grpc://127.0.0.1:PORT`` of a remote-execution BuildGrid with one host worker,
    stopped (worker too) after the test."""
    yield from _fixture(tmp_path, request, execution=True)
