"""`migrate run` without the real tools: the error outside a Gradle build, the refusal to start a
wave when Gradle or Bazel is missing, and the quick "nothing to do" run once every wave is
verified. (The waves themselves, with real Gradle and Bazel: tests/integration/test_run.py.)"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate.cli import main
from migrate.config import MigrationConfig
from migrate.gradle.reader import read_build
from migrate.plan_file import read_plan
from migrate.planning import facts_for
from migrate.run import pending_waves
from migrate.state import Generated, StateStore, Verified, hash_files, now
from migrate.status import compute_status


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def no_tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A PATH without Gradle or Bazel: any attempt to run them fails."""
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))


def _mark_every_wave_migrated(root: Path) -> None:
    """The state a finished migration leaves (as `migrate wave` records it), written directly."""
    plan = read_plan(root)
    store = StateStore(root)
    stamp = now()
    files = ()
    digest = hash_files(root, files)
    store.update_many(
        {
            project: {
                "generated": Generated(stamp, digest, files),
                "verified": Verified(stamp, True, "3 classes same, 1 of 1 tests same", digest),
                "migrated": stamp,
            }
            for project in plan.wave_of()
        }
    )


def test_run_outside_a_gradle_build_is_a_clear_error(tmp_path: Path) -> None:
    result = run("run", str(tmp_path))
    assert result.exit_code == 2
    assert result.output == (
        f"error: {tmp_path}: not a Gradle build (no settings.gradle(.kts) or build.gradle(.kts))\n"
    )
    assert not (tmp_path / "migration").exists()


def test_run_names_the_missing_tool_before_starting_a_wave(example_copy: Path, no_tools) -> None:
    result = run("run", str(example_copy))
    assert result.exit_code == 2, result.output
    assert "error: Gradle not found" in result.output and "tools/setup-debian.sh" in result.output
    assert "Traceback" not in result.output
    assert read_plan(example_copy) is not None  # planned: that needs no tools
    assert not (example_copy / "libs/core/BUILD.bazel").exists()  # no wave started
    (example_copy / "migration.yaml").write_text("gradle:\n  command: 'true'\n")
    result = run("run", str(example_copy))  # Gradle is there now, Bazel still is not
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit)  # reported, not raised
    assert result.output.startswith("error: Bazel not found: there is no `bazel` on PATH")
    assert "Traceback" not in result.output
    assert not (example_copy / "libs/core/BUILD.bazel").exists()


def test_run_with_every_wave_verified_only_refreshes_the_reports(
    example_copy: Path, no_tools
) -> None:
    assert run("plan", str(example_copy)).exit_code == 0
    _mark_every_wave_migrated(example_copy)
    result = run("run", str(example_copy))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert "every wave of" in lines[0] and "refreshing the reports only" in lines[0]
    assert lines[1] == (
        "migrate run: nothing to do, all 11 planned projects were already migrated to Bazel "
        "(62 source files); 5 more in no wave (see the plan)"
    )
    assert lines[3] == "  wave 1: parity 2/2, migrated 2/2 (done before)"
    reports = example_copy / "migration/reports"
    assert f"dashboard: {reports / 'dashboard.html'}" in lines
    assert lines[-1].startswith("next: open the dashboard")
    assert len(lines) < 15
    html = (reports / "dashboard.html").read_text()
    assert ":services:inventory" in html and ":libs:core" in html
    assert {p.name for p in reports.iterdir()} >= {"report.md", "report.json", "report.xml"}
    assert not (example_copy / "libs/core/BUILD.bazel").exists()  # nothing generated

    data = json.loads(run("run", str(example_copy), "--format", "json").output)
    assert data["nothing_to_do"] and data["complete"]
    assert (data["migrated"], data["planned"], data["stopped_at"]) == (11, 11, None)
    assert [w["with_parity"] for w in data["waves"]] == [2, 5, 2, 2]


def test_run_plans_the_projects_the_plan_does_not_know(example_copy: Path, no_tools) -> None:
    assert run("plan", str(example_copy)).exit_code == 0
    plan = example_copy / "migration/plan.yaml"
    plan.write_text(re.sub(r'^ *- ":libs:text".*\n', "", plan.read_text(), flags=re.M))
    assert ":libs:text" not in read_plan(example_copy).wave_of()
    run("run", str(example_copy))  # stops at the missing Gradle, after planning
    assert read_plan(example_copy).wave_of()[":libs:text"] == 1


def test_pending_waves_are_the_unverified_failed_or_edited_ones(example_copy: Path) -> None:
    assert run("plan", str(example_copy)).exit_code == 0
    plan = read_plan(example_copy)
    build = example_copy / "libs/core/BUILD.bazel"
    build.write_text("# as generated\n")
    files = ("libs/core/BUILD.bazel",)
    digest = hash_files(example_copy, files)
    stamp = now()
    verified = {
        project: {
            "generated": Generated(stamp, digest, files),
            "verified": Verified(stamp, project != ":services:api", "same", digest),
        }
        for project in (*plan.waves[1], *plan.waves[2], *plan.waves[3])
    }
    store = StateStore(example_copy)
    store.update_many(verified)
    facts = facts_for(read_build(str(example_copy)), MigrationConfig())
    assert pending_waves(compute_status(example_copy, facts, plan, store.state)) == (2, 4)
    build.write_text("# edited after its verification\n")
    assert pending_waves(compute_status(example_copy, facts, plan, store.state)) == (1, 2, 3, 4)
