"""README's main job end to end with real Gradle 4.4.1 and Bazel 4.2.3 (offline): `migrate run` on
a fresh copy of the example plans it, migrates every wave, writes the dashboard and ends with a
short summary; run again, it is a quick no-op. Nothing is left running."""

from __future__ import annotations

import shutil
import subprocess
import sys
import time
from pathlib import Path

from migrate.plan_file import read_plan
from migrate.state import load_state

from .migrate_runs import interrupt_while_verifying, leftover_processes, tool_args


def _migrate_run(root: Path, tmp_path: Path) -> tuple[subprocess.CompletedProcess[str], float]:
    """The command as a user runs it (its own process: stdout is the summary, stderr progress)."""
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "migrate", "run", str(root), *tool_args(tmp_path)],
        capture_output=True,
        text=True,
        timeout=900,
    )
    return proc, time.monotonic() - started


def test_run_migrates_every_wave_then_has_nothing_to_do(example_copy: Path, tmp_path: Path) -> None:
    first, seconds = _migrate_run(example_copy, tmp_path)
    assert first.returncode == 0, first.stderr[-3000:] + first.stdout[-3000:]
    print(f"first run: {seconds:.0f} s")
    lines = first.stdout.splitlines()
    assert lines[0] == (
        "migrate run: 11 of 11 projects migrated to Bazel (62 of 62 source files); "
        "5 more in no wave (see the plan)"
    )
    assert lines[1] == f"plan: {example_copy / 'migration/plan.yaml'} (4 waves, written now)"
    assert [line.split(" (ran now")[0] for line in lines[2:6]] == [
        "  wave 1: parity 2/2, migrated 2/2",
        "  wave 2: parity 5/5, migrated 5/5",
        "  wave 3: parity 2/2, migrated 2/2",
        "  wave 4: parity 2/2, migrated 2/2",
    ]
    dashboard = example_copy / "migration/reports/dashboard.html"
    assert f"dashboard: {dashboard}" in lines
    assert lines[-1].startswith("next: open the dashboard")
    assert len(lines) == 9, "a short summary, not the parity tables"
    assert "wave 4: verifying 2 projects with Gradle and Bazel" in first.stderr

    plan = read_plan(example_copy)
    state = load_state(example_copy)
    assert len(plan.wave_of()) == 11
    assert {p: state.get(p).stage for p in plan.wave_of()} == dict.fromkeys(
        plan.wave_of(), "migrated"
    )
    html = dashboard.read_text()
    assert all(project in html for project in plan.wave_of())
    assert (example_copy / "migration/reports/report.md").is_file()
    assert leftover_processes(str(tmp_path)) == []

    parity = example_copy / "migration/reports/wave-1/parity.txt"
    verified_at = parity.stat().st_mtime_ns
    second, seconds = _migrate_run(example_copy, tmp_path)
    assert second.returncode == 0, second.stderr + second.stdout
    print(f"second run: {seconds:.1f} s")
    assert second.stdout.startswith(
        "migrate run: nothing to do, all 11 planned projects were already migrated to Bazel"
    )
    assert "  wave 2: parity 5/5, migrated 5/5 (done before)" in second.stdout
    assert parity.stat().st_mtime_ns == verified_at, "no wave ran again"
    assert seconds < 20


def test_run_stops_at_the_first_wave_without_parity(
    example_copy: Path, tmp_path: Path, fixtures_dir: Path
) -> None:
    tests = example_copy / "libs/core/src/test/java/com/example/core"
    shutil.copy(fixtures_dir / "run/OnlyUnderGradleTest.java", tests)
    proc, _ = _migrate_run(example_copy, tmp_path)
    assert proc.returncode == 1, proc.stderr[-3000:] + proc.stdout[-3000:]
    report = example_copy / "migration/reports/wave-1/parity.txt"
    out = proc.stdout
    assert ":libs:core" in out.split("\n\n")[0], "the failing wave's parity table comes first"
    assert f"  wave 1: parity 1/2, migrated 1/2; MISMATCH in :libs:core (see {report})" in out
    assert "  wave 2: not verified yet (the run stopped at wave 1)" in out
    assert out.rstrip().endswith(
        f"next: fix the parity differences of wave 1 (:libs:core; see {report}), then run "
        "`migrate run` again"
    )
    state = load_state(example_copy)
    assert state.get(":libs:core").stage == "failed"
    assert state.get(":libs:text").stage == "migrated"
    assert not (example_copy / "services/api/BUILD.bazel").exists(), "wave 2 never started"
    assert (example_copy / "migration/reports/dashboard.html").is_file()
    assert leftover_processes(str(tmp_path)) == []


def test_ctrl_c_in_a_wave_exits_130_and_keeps_the_state(example_copy: Path, tmp_path: Path) -> None:
    returncode, err = interrupt_while_verifying("run", str(example_copy), *tool_args(tmp_path))
    assert returncode == 130, err
    assert (
        "interrupted in wave 1: migration/state.yaml holds the last finished step; run "
        "`migrate run` again to go on" in err
    )
    assert load_state(example_copy).get(":libs:core").stage == "generated"
    assert leftover_processes(str(tmp_path)) == []
