"""The process-cleanup helper on real detached processes (started with ``setsid -f``, as the
Gradle, Kotlin and Bazel daemons detach themselves): it ends what carries the owner token and
the sessions such a process leads, and leaves every other process alone."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from process_testing import alive

from migrate.processes import OWNER_ENV, new_owner, owned_processes, owner_env, reap

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("setsid") is None,
    reason="needs /proc and setsid (util-linux)",
)


def _wait_for(path: Path) -> int:
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if path.is_file() and path.read_text().strip():
            return int(path.read_text())
        time.sleep(0.02)
    raise AssertionError(f"no pid in {path}")


def _wait_for_exec(pid: int, program: bytes) -> None:
    """Until the forked shell has become ``program`` (and so has the environment it was given)."""
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        if Path(f"/proc/{pid}/cmdline").read_bytes().split(b"\0")[0] == program:
            return
        time.sleep(0.02)
    raise AssertionError(f"{pid} did not become {program!r}")


class _Detached:
    """Starts detached shells (own session, re-parented away from the test) and kills, by pid,
    any of them still running at the end."""

    def __init__(self, tmp: Path) -> None:
        self.tmp = tmp
        self.pids: list[int] = []

    def start(
        self, script: str, env: dict[str, str], *args: str, extra: tuple[str, ...] = ()
    ) -> dict[str, int]:
        """Run ``script`` detached; it writes the pids named ``args`` into the files $1, $2, ...
        (``extra``: more command-line arguments after those)."""
        files = [self.tmp / f"pid-{len(self.pids)}-{i}" for i in range(len(args) or 1)]
        subprocess.run(
            ["setsid", "-f", "sh", "-c", script, "sh", *map(str, files), *extra],
            env=env,
            check=True,
            stdin=subprocess.DEVNULL,
        )
        pids = {name: _wait_for(file) for name, file in zip(args or ("pid",), files, strict=True)}
        self.pids += pids.values()
        return pids

    def cleanup(self) -> None:
        for pid in self.pids:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)


@pytest.fixture
def detached(tmp_path: Path) -> Iterator[_Detached]:
    starter = _Detached(tmp_path)
    try:
        yield starter
    finally:
        starter.cleanup()


def _unmarked() -> dict[str, str]:
    return {k: v for k, v in os.environ.items() if k != OWNER_ENV}


def test_reap_ends_a_marked_detached_process_and_leaves_an_unmarked_one(
    detached: _Detached,
) -> None:
    owner = new_owner()
    marked = detached.start('echo $$ > "$1"; exec sleep 300', owner_env(owner, _unmarked()))
    other = detached.start('echo $$ > "$1"; exec sleep 300', _unmarked())
    someone_else = detached.start(
        'echo $$ > "$1"; exec sleep 300', owner_env(new_owner(), _unmarked())
    )
    assert [p.pid for p in owned_processes(owner)] == [marked["pid"]]

    killed = reap(owner, grace=5)

    assert killed == [marked["pid"]]
    assert not alive(marked["pid"])
    assert alive(other["pid"]) and alive(someone_else["pid"])
    assert owned_processes(owner) == []


def test_reap_ends_the_session_a_marked_process_leads(detached: _Detached) -> None:
    """Like Bazel's workers: not marked themselves, but in the marked server's session."""
    owner = new_owner()
    pids = detached.start(
        'echo $$ > "$1"; env -u MIGRATE_PROCESS_OWNER sleep 300 & echo $! > "$2"; wait',
        owner_env(owner, _unmarked()),
        "leader",
        "worker",
    )
    _wait_for_exec(pids["worker"], b"sleep")
    assert OWNER_ENV.encode() not in Path(f"/proc/{pids['worker']}/environ").read_bytes()

    assert sorted(reap(owner, grace=5)) == sorted(pids.values())
    assert not alive(pids["leader"]) and not alive(pids["worker"])


def test_a_token_on_the_command_line_marks_a_process_too(detached: _Detached) -> None:
    owner = new_owner()
    shell = detached.start('echo $$ > "$1"; sleep 300; :', _unmarked(), extra=(owner,))["pid"]
    assert shell in [p.pid for p in owned_processes(owner)]
    assert shell in reap(owner, grace=5)
    assert not alive(shell)


def test_a_process_that_ignores_sigterm_is_killed_after_the_grace_period(
    detached: _Detached,
) -> None:
    owner = new_owner()
    pids = detached.start(
        "trap '' TERM; echo $$ > \"$1\"; while :; do sleep 1; done", owner_env(owner, _unmarked())
    )
    started = time.monotonic()
    reap(owner, grace=0.5)
    assert not alive(pids["pid"])
    assert time.monotonic() - started < 5


def test_an_empty_token_is_refused() -> None:
    with pytest.raises(ValueError):
        owned_processes("")
