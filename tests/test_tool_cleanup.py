"""The Gradle and Bazel runners end the detached processes their tools leave behind, without the
real tools: stand-in commands that, like Gradle's and Kotlin's daemons and Bazel's server,
start a process in its own session (``setsid -f``) and exit. (The real thing, on the example
with Gradle 4.4 and Bazel 4.2.3: tests/integration/test_no_daemons_left.py.)"""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from process_testing import alive

from migrate.gradle.runner import GradleProfile, gradle_session, run_gradle
from migrate.processes import OWNER_ENV
from migrate.verify.bazel_runner import Bazel

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux") or shutil.which("setsid") is None,
    reason="needs /proc and setsid (util-linux)",
)

# A "daemon" the tool leaves running: its pid in $DIR/daemon.pid, its arguments in $DIR/args.
_FAKE_GRADLE = """#!/bin/sh
echo "$@" >> "{dir}/args"
case " $* " in
  *" --stop "*) exit 0 ;;
esac
if [ ! -s "{dir}/daemon.pid" ] || ! kill -0 "$(cat "{dir}/daemon.pid")" 2>/dev/null; then
  # like a daemon, it lets go of the client's output (or the client's reader would wait)
  setsid -f sh -c 'echo $$ > "$1"; exec sleep 300' sh "{dir}/daemon.pid" </dev/null >/dev/null 2>&1
  while [ ! -s "{dir}/daemon.pid" ]; do sleep 0.02; done
fi
"""

_FAKE_BAZEL = """#!/bin/sh
for arg; do case "$arg" in --*) ;; *) verb=$arg; break ;; esac; done
echo "$verb" >> "{dir}/verbs"
if [ "$verb" = shutdown ]; then
  [ -s "{dir}/server.pid" ] && kill "$(cat "{dir}/server.pid")"
  exit 0
fi
if [ ! -s "{dir}/server.pid" ] || ! kill -0 "$(cat "{dir}/server.pid")" 2>/dev/null; then
  rm -f "{dir}/server.pid"
  # like a daemon, it lets go of the client's output (or the client's reader would wait)
  setsid -f sh -c 'echo $$ > "$1"; exec sleep 300' sh "{dir}/server.pid" </dev/null >/dev/null 2>&1
  while [ ! -s "{dir}/server.pid" ]; do sleep 0.02; done
fi
"""


def _pid(path: Path) -> int:
    return int(path.read_text())


def _script(path: Path, text: str) -> Path:
    path.write_text(text.format(dir=path.parent))
    path.chmod(0o755)
    return path


@pytest.fixture
def tools(tmp_path: Path) -> Iterator[Path]:
    """A directory for the stand-ins; whatever "daemon" is still running at the end is killed."""
    directory = tmp_path / "tools"
    directory.mkdir()
    try:
        yield directory
    finally:
        for name in ("daemon.pid", "server.pid"):
            path = directory / name
            if path.is_file() and path.read_text().strip():
                with contextlib.suppress(ProcessLookupError):
                    os.kill(_pid(path), signal.SIGKILL)


@pytest.fixture(autouse=True)
def unmarked(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(OWNER_ENV, raising=False)


def test_a_one_shot_gradle_call_ends_the_daemon_it_left(tools: Path, tmp_path: Path) -> None:
    gradle = _script(tools / "gradle", _FAKE_GRADLE)
    run_gradle(tmp_path, ["build"], GradleProfile(command=(str(gradle),)), log_dir=tmp_path)
    assert not alive(_pid(tools / "daemon.pid"))
    args = (tools / "args").read_text()
    assert "--no-daemon" in args
    assert "-Dkotlin.compiler.execution.strategy=in-process" in args
    assert "-Pkotlin.compiler.execution.strategy=in-process" in args


def test_a_gradle_session_keeps_its_daemon_between_calls_and_ends_it_after(
    tools: Path, tmp_path: Path
) -> None:
    gradle = _script(tools / "gradle", _FAKE_GRADLE)
    profile = GradleProfile(command=(str(gradle),), daemon=True)
    with gradle_session(tmp_path, profile) as session:
        run_gradle(tmp_path, ["jar"], session, log_dir=tmp_path)
        daemon = _pid(tools / "daemon.pid")
        run_gradle(tmp_path, ["test"], session, log_dir=tmp_path)
        assert _pid(tools / "daemon.pid") == daemon and alive(daemon)  # one daemon, reused
    assert not alive(daemon)
    calls = (tools / "args").read_text().splitlines()
    registry = f"-Dorg.gradle.daemon.registry.base={session.daemon_registry}"
    assert all(registry in call for call in calls)  # a private registry: no other build's daemon
    assert "--stop" in calls[-1]  # asked to stop first, then whatever is left is ended
    assert not Path(session.daemon_registry or "").exists()


def test_a_gradle_session_leaves_a_daemon_it_did_not_start_alone(
    tools: Path, tmp_path: Path
) -> None:
    gradle = _script(tools / "gradle", _FAKE_GRADLE)
    run_gradle(  # someone else's daemon: started with daemon=True outside any session
        tmp_path, ["help"], GradleProfile(command=(str(gradle),), daemon=True), log_dir=tmp_path
    )
    theirs = _pid(tools / "daemon.pid")
    with gradle_session(tmp_path, GradleProfile(command=(str(gradle),), daemon=True)) as session:
        run_gradle(tmp_path, ["jar"], session, log_dir=tmp_path)  # reuses it, as Gradle might
    assert alive(theirs)


def test_bazel_close_shuts_down_the_server_it_started(tools: Path, tmp_path: Path) -> None:
    bazel = Bazel(tmp_path, command=str(_script(tools / "bazel", _FAKE_BAZEL)))
    bazel.run("build", ["//:x"])
    server = _pid(tools / "server.pid")
    assert alive(server)
    bazel.close()
    assert not alive(server)
    assert (tools / "verbs").read_text().split() == ["build", "shutdown"]


def test_bazel_close_leaves_a_server_that_was_already_running(tools: Path, tmp_path: Path) -> None:
    command = str(_script(tools / "bazel", _FAKE_BAZEL))
    Bazel(tmp_path, command=command).run("build", ["//:x"])  # the user's server
    server = _pid(tools / "server.pid")
    ours = Bazel(tmp_path, command=command)
    ours.run("build", ["//:x"])
    ours.close()
    assert alive(server)
    assert (tools / "verbs").read_text().split() == ["build", "build"]  # no shutdown


def test_bazel_close_kills_a_server_that_ignores_shutdown(tools: Path, tmp_path: Path) -> None:
    script = _FAKE_BAZEL.replace('kill "$(cat "{dir}/server.pid")"', "true")
    bazel = Bazel(tmp_path, command=str(_script(tools / "bazel", script)))
    bazel.run("build", ["//:x"])
    server = _pid(tools / "server.pid")
    started = time.monotonic()
    bazel.close()
    assert not alive(server)
    assert time.monotonic() - started < 15
