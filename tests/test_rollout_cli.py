"""`migrate plan`, `migrate status` and the refusals and interruption of `migrate wave`, on a copy
of the example monorepo. (The waves themselves, with real Gradle and Bazel, are in
tests/integration/test_waves.py.)"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from migrate import wave as wave_module
from migrate.cli import main
from migrate.state import load_state


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_plan_prints_the_waves_and_writes_plan_and_state(example_copy: Path) -> None:
    result = run("plan", str(example_copy))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0].split() == ["WAVE", "PROJECT", "WHY"]
    assert lines[1].split()[:2] == ["1", ":libs:core"]
    assert "  wave 4: low: 10 source files, 0 direct dependants, java, owners @example/backend" in (
        result.output
    )
    assert "  :libs: no source files: nothing for Bazel to build" in result.output
    plan = yaml.safe_load((example_copy / "migration/plan.yaml").read_text())
    assert [w["projects"] for w in plan["waves"]] == [
        [":libs:core", ":libs:text"],
        [
            ":analytics:stats",
            ":libs:collections",
            ":libs:testing",
            ":reporting:summary",
            ":services:api",
        ],
        [":libs:pricing", ":libs:util"],
        [":services:importer", ":services:inventory"],
    ]
    state = load_state(example_copy)
    assert state.get(":libs:util").wave == 3 and state.get(":libs:util").stage == "planned"
    again = run("plan", str(example_copy))
    assert again.output.rstrip().endswith(f"unchanged: {example_copy}/migration/plan.yaml")


def test_plan_dry_run_and_json_write_nothing(example_copy: Path) -> None:
    result = run("plan", str(example_copy), "--dry-run", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["written"] is False
    assert [p["path"] for p in data["waves"][0]["projects"]] == [":libs:core", ":libs:text"]
    assert data["waves"][1]["risk"]["languages"] == ["java", "kotlin", "scala"]
    assert not (example_copy / "migration").exists()


def test_plan_constraints_from_config_and_options(example_copy: Path) -> None:
    (example_copy / "migration.yaml").write_text(
        "plan:\n  max_owners_per_wave: 1\n  exclude: [':services:importer']\n"
    )
    result = run(
        "plan", str(example_copy), "--pilot", ":services:inventory", "--max-wave-size", "3"
    )
    assert result.exit_code == 0, result.output
    plan = yaml.safe_load((example_copy / "migration/plan.yaml").read_text())
    waves = [w["projects"] for w in plan["waves"]]
    assert all(len(w) <= 3 for w in waves)
    pilot_wave = next(i for i, w in enumerate(waves) if ":services:inventory" in w)
    assert ":analytics:stats" in [p for w in waves[pilot_wave + 1 :] for p in w]  # not needed
    assert {"project": ":services:importer", "reason": "excluded in migration.yaml"} in plan[
        "skipped"
    ]
    for wave in plan["waves"]:
        assert wave["risk"].count("@example/") <= 1  # one team per wave


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("plan:\n  pilots: [':nope']\n", "plan.pilots names project(s) the build does not have"),
        ("plan:\n  max_wave_size: many\n", "plan.max_wave_size must be a whole number"),
        ("plan:\n  exclude: [libs]\n", "plan.exclude: libs is not a Gradle project path"),
        ("plan:\n  wave_size: 3\n", "plan takes the keys"),
    ],
)
def test_bad_plan_config_is_a_clear_error(example_copy: Path, config: str, message: str) -> None:
    (example_copy / "migration.yaml").write_text(config)
    result = run("plan", str(example_copy))
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


def test_status_before_and_after_planning(example_copy: Path) -> None:
    result = run("status", str(example_copy))
    assert result.exit_code == 0, result.output
    assert "next: run `migrate plan` to plan the rollout waves" in result.output
    run("plan", str(example_copy))
    result = run("status", str(example_copy), "--format", "json")
    data = json.loads(result.output)
    assert data["next_action"] == "run `migrate wave 1` (2 projects, 14 source files)"
    assert data["totals"]["planned"] == {"projects": 11, "source_files": 62}
    assert data["totals"]["skipped"]["projects"] == 5
    assert [w["projects"] for w in data["waves"]] == [2, 5, 2, 2]
    assert data["complete"] is False


def test_wave_refuses_without_a_plan_or_before_earlier_waves(example_copy: Path) -> None:
    result = run("wave", "1", str(example_copy))
    assert result.exit_code == 2
    assert "no rollout plan" in result.output and "run `migrate plan` first" in result.output
    run("plan", str(example_copy))
    result = run("wave", "3", str(example_copy))
    assert result.exit_code == 2
    assert "earlier waves are not verified yet: :libs:core (wave 1, planned)" in result.output
    assert "or pass --force to run wave 3 anyway" in result.output
    result = run("wave", "9", str(example_copy))
    assert result.exit_code == 2 and "has no wave 9 (waves: 1, 2, 3, 4)" in result.output
    assert not (example_copy / "libs/core/BUILD.bazel").exists()  # refused before writing


def test_wave_of_a_project_the_build_lost_asks_to_replan(example_copy: Path) -> None:
    run("plan", str(example_copy))
    path = example_copy / "migration/plan.yaml"
    path.write_text(path.read_text().replace('":libs:text"', '":libs:gone"'))
    result = run("wave", "1", str(example_copy))
    assert result.exit_code == 2
    assert "lists :libs:gone, which the build no longer has; run `migrate plan`" in result.output


def test_interrupted_wave_keeps_the_last_finished_step(example_copy: Path, monkeypatch) -> None:
    run("plan", str(example_copy))

    def ctrl_c(*args, **kwargs):
        raise KeyboardInterrupt  # as if the user pressed Ctrl-C while Gradle and Bazel ran

    monkeypatch.setattr(wave_module, "verify", ctrl_c)
    result = run("wave", "1", str(example_copy))
    assert result.exit_code == 130
    assert "interrupted: migration/state.yaml holds the last finished step" in result.output
    state = load_state(example_copy)
    assert state.get(":libs:core").stage == "generated"
    assert state.get(":libs:core").generated.files == ("libs/core/BUILD.bazel",)
    assert state.get(":libs:util").stage == "planned"
    assert (example_copy / "libs/core/BUILD.bazel").is_file()
    status = run("status", str(example_copy))
    assert "next: run `migrate wave 1`" in status.output
