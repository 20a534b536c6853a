"""Every pending rollout wave, in order (`migrate run`): each one exactly as `migrate wave N`
runs it, stopping at the first wave without parity so that nothing is built on unproven ground.

The run keeps a log as it goes, so that an error or a Ctrl-C can say in which wave it happened;
the state file holds every finished step either way, and the next run goes on from there.
"""

from __future__ import annotations

import shutil
import time
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path

from migrate.gradle.runner import GradleProfile, gradle_command
from migrate.model import BuildModel
from migrate.plan_file import PlanOnDisk
from migrate.state import StateStore
from migrate.status import StatusReport
from migrate.verify.bazel_runner import BazelError
from migrate.wave import DONE_STAGES, WaveRequest, WaveResult, run_wave


@dataclass(frozen=True)
class WaveRun:
    result: WaveResult
    seconds: float  # wall time of the whole wave: generation, both tools, reports


@dataclass
class RunLog:
    """What this run has done so far (mutable: it is filled in while the waves run)."""

    pending: tuple[int, ...]  # the waves to run, in order
    current: int | None = None  # the wave running now
    runs: list[WaveRun] = field(default_factory=list)

    @property
    def stopped_at(self) -> WaveRun | None:
        """The wave with a parity mismatch the run stopped at, if any."""
        return self.runs[-1] if self.runs and not self.runs[-1].result.ok else None

    def seconds_of(self, number: int) -> float | None:
        return next((r.seconds for r in self.runs if r.result.number == number), None)


def pending_waves(status: StatusReport) -> tuple[int, ...]:
    """Waves with a project not verified yet, failed, or whose BUILD files changed since."""
    return tuple(
        sorted(
            {
                p.wave
                for p in status.projects
                if p.wave is not None and (p.stage not in DONE_STAGES or p.note)
            }
        )
    )


def check_tools(root: Path, gradle: GradleProfile) -> None:
    """Fail before the first wave rather than in the middle of one when a tool is missing (a
    new machine without the set-up); GradleError or BazelError, each naming the fix."""
    gradle_command(root, gradle.command)
    if shutil.which("bazel") is None:
        raise BazelError(
            "Bazel not found: there is no `bazel` on PATH (install Bazel 4.x, e.g. "
            "`tools/setup-debian.sh` on Debian 12)"
        )


def run_pending(
    model: BuildModel,
    plan: PlanOnDisk,
    store: StateStore,
    request: WaveRequest,
    log: RunLog,
    progress: Callable[[str], None] = lambda message: None,
) -> RunLog:
    """Run ``log.pending`` in order with ``request`` (its number is replaced per wave)."""
    for number in log.pending:
        log.current = number
        started = time.monotonic()
        result = run_wave(model, plan, store, replace(request, number=number), progress)
        log.runs.append(WaveRun(result, time.monotonic() - started))
        log.current = None
        progress(
            f"wave {number}: {len(result.projects) - len(result.failed)} of "
            f"{len(result.projects)} projects have parity; {len(result.migrated)} newly "
            f"migrated ({time.monotonic() - started:.0f} s)"
        )
        if not result.ok:
            break
    return log
