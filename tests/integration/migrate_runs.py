"""What the tests running `migrate` with the real Gradle and Bazel share: the flags that keep the
tools' state in the test's tmp_path, a Ctrl-C in the middle of a wave, the processes left."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .conftest import MIRROR


def tool_args(tmp_path: Path) -> list[str]:
    return [
        "--offline-mirror",
        MIRROR,
        "--bazel-output-root",
        str(tmp_path / "bazel-root"),
        "--gradle-user-home",
        str(tmp_path / "gradle-home"),
    ]


def leftover_processes(marker: str) -> list[str]:
    out = subprocess.run(["ps", "-eo", "pid,args"], capture_output=True, text=True).stdout
    return [line for line in out.splitlines() if marker in line and "ps -eo" not in line]


def _default_sigint() -> None:
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def interrupt_while_verifying(*args: str) -> tuple[int, str]:
    """``migrate ARGS`` in its own process, sent a real Ctrl-C (SIGINT) a few seconds after Gradle
    and Bazel set to work on a wave; its exit code and the rest of its stderr."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "migrate", *args],
        stderr=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        # as at a terminal: a job started in the background (`cmd &` without job control, as
        # some CI runners do) inherits SIGINT ignored, and Python then never raises
        # KeyboardInterrupt
        preexec_fn=_default_sigint,
    )
    for line in proc.stderr:  # wait until Gradle and Bazel are at work
        if "verifying" in line:
            break
    time.sleep(4)
    os.kill(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=300)
    return proc.returncode, err
