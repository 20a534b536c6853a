"""`migrate verify` with the real Gradle 4.4.1 (Kotlin Gradle plugin 1.3.31) and Bazel 4.2.3 leaves
nothing running: no Gradle daemon, no Kotlin compile daemon, no Bazel server or worker.

It runs as a user would, without --gradle-user-home (the Gradle home is the one of the
environment, GRADLE_USER_HOME) and on a project with Kotlin, then compares the java and Bazel
processes before and after. Only processes of this test count (others may run builds at the
same time): those whose environment carries this test's marker, which every process the command
starts inherits, or whose command line or directory is in this test's tmp_path."""

from __future__ import annotations

import contextlib
import os
import shutil
import signal
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from click.testing import CliRunner
from process_testing import alive

from migrate.cli import main

from .conftest import MIRROR

_TOOLS = ("java", "bazel")


def _processes() -> dict[int, str]:
    """pid → command line of every java and Bazel process (a Bazel server is named bazel(ws))."""
    found = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            argv = (entry / "cmdline").read_bytes().split(b"\0")
        except OSError:
            continue
        name = os.path.basename(argv[0].decode(errors="replace"))
        if name.startswith(_TOOLS):
            found[int(entry.name)] = b" ".join(argv).decode(errors="replace").strip()
    return found


def _belongs_to(pid: int, marker: str, tmp_path: Path, cmdline: str) -> bool:
    if str(tmp_path) in cmdline:
        return True
    with contextlib.suppress(OSError):
        if os.readlink(f"/proc/{pid}/cwd").startswith(str(tmp_path)):
            return True
    with contextlib.suppress(OSError):
        return marker.encode() in Path(f"/proc/{pid}/environ").read_bytes()
    return False


def test_verify_leaves_no_gradle_kotlin_or_bazel_process(
    example_copy: Path, tmp_path: Path, gradle: str
) -> None:
    if shutil.which("bazel") is None:
        pytest.fail("bazel is not installed: run tools/setup-debian.sh")
    generated = CliRunner().invoke(
        main, ["generate", str(example_copy), "--offline-mirror", MIRROR]
    )
    assert generated.exit_code == 0, generated.output
    marker = f"MIGRATE_TEST_RUN={uuid.uuid4().hex}"
    env = {
        **os.environ,
        marker.split("=")[0]: marker.split("=")[1],
        "GRADLE_USER_HOME": str(tmp_path / "users-gradle-home"),
    }
    before = _processes()
    left: dict[int, str] = {}
    try:
        result = subprocess.run(
            [
                sys.executable,
                "-m",
                "migrate",
                "verify",
                str(example_copy),
                "--offline-mirror",
                MIRROR,
                "--module",
                ":reporting:summary",  # Kotlin: the Kotlin Gradle plugin compiles it
                "--module",
                ":libs:core",
                "--bazel-output-root",
                str(tmp_path / "bazel-root"),
            ],
            env=env,
            capture_output=True,
            text=True,
            timeout=1200,
            stdin=subprocess.DEVNULL,
        )
        after = _processes()
        left = {
            pid: cmdline
            for pid, cmdline in after.items()
            if before.get(pid) != cmdline
            and alive(pid)
            and _belongs_to(pid, marker, tmp_path, cmdline)
        }
        assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
        assert "PARITY: every project matches" in result.stdout
        assert not left, "still running after `migrate verify` ended:\n" + "\n".join(
            f"{pid}: {cmdline[:300]}" for pid, cmdline in sorted(left.items())
        )
    finally:  # never leave them to the next test (nor to the user), even when this one fails
        for pid in left:
            with contextlib.suppress(ProcessLookupError):
                os.kill(pid, signal.SIGKILL)
