"""The real Bazel for integration tests: a private output root (and HOME), no ~/.bazelrc, the
server shut down by the caller, timings kept."""

from __future__ import annotations

import os
import subprocess
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

TIMEOUT = 900  # seconds, per Bazel command


@dataclass
class Bazel:
    """Runs the real Bazel with a private output root; remembers timings."""

    workspace: Path
    output_user_root: Path
    timings: dict[str, float] = field(default_factory=dict)

    def _bazel(self, startup: list[str], args: tuple[str, ...], timeout: int, text: bool = True):
        return subprocess.run(
            [
                "bazel",
                f"--output_user_root={self.output_user_root}",
                "--nohome_rc",
                *startup,
                *args,
            ],
            cwd=self.workspace,
            capture_output=True,
            text=text,
            timeout=timeout,
            env={**os.environ, "HOME": str(self.output_user_root.parent)},
        )

    def __call__(self, *args: str, check: bool = True, timeout: int = TIMEOUT):
        start = time.monotonic()
        result = self._bazel(["--max_idle_secs=600"], args, timeout)
        self.timings[" ".join(args)] = time.monotonic() - start
        if check and result.returncode != 0:
            pytest.fail(
                f"bazel {' '.join(args)} failed ({result.returncode}):\n"
                f"{result.stderr[-8000:]}\n{result.stdout[-4000:]}"
            )
        return result

    def shutdown(self) -> None:
        if self.output_user_root.exists():
            self._bazel([], ("shutdown",), 120, text=False)
