"""The plan file (written for review, read back with hand edits, errors with file:line), the
state file (atomic, survives interruption), promotion to migrated, and the status view."""

from __future__ import annotations

import os
from pathlib import Path

import networkx as nx
import pytest
import yaml

from migrate import state as state_module
from migrate.plan import PlanConstraints, ProjectFacts, plan_waves
from migrate.plan_file import PlanFileError, read_plan, render_plan, wave_projects, write_plan
from migrate.state import (
    STATE_FILE,
    Generated,
    MigrationState,
    StateError,
    StateStore,
    Verified,
    hash_files,
    load_state,
    save_state,
)
from migrate.status import compute_status, render_status
from migrate.wave import promote


def _graph() -> nx.DiGraph:
    g = nx.DiGraph()
    g.add_edges_from([(":app", ":lib"), (":lib", ":core"), (":tool", ":core"), (":x", ":y")])
    g.add_edge(":y", ":x")
    return g


def _write(root: Path, **kwargs) -> None:
    plan = plan_waves(_graph(), **kwargs)
    write_plan(root, render_plan(plan, "demo"))


def test_plan_file_round_trips_and_explains_itself(tmp_path: Path) -> None:
    _write(tmp_path, constraints=PlanConstraints(exclude=(":tool",)))
    text = (tmp_path / "migration/plan.yaml").read_text()
    assert '- ":lib"  # after :core (wave 1)' in text
    assert 'loop: ":x -> :y -> :x"' in text
    assert '{project: ":tool", reason: "excluded in migration.yaml"}' in text
    data = yaml.safe_load(text)
    assert data["version"] == 1 and data["waves"][0]["risk"].startswith("low: ")
    plan = read_plan(tmp_path)
    assert plan.waves == {1: (":core", ":x", ":y"), 2: (":lib",), 3: (":app",)}
    assert plan.skipped == {":tool": "excluded in migration.yaml"}
    assert wave_projects(tmp_path, 2) == (":lib",)


def test_plan_file_errors_point_at_the_line(tmp_path: Path) -> None:
    assert read_plan(tmp_path) is None
    with pytest.raises(PlanFileError, match="run `migrate plan` first"):
        wave_projects(tmp_path, 1)
    path = tmp_path / "migration/plan.yaml"
    path.parent.mkdir()
    path.write_text(
        "waves:\n  - wave: 1\n    projects: [':a']\n  - wave: 2\n    projects:\n"
        "      - ':b'\n      - ':a'\n"
    )
    with pytest.raises(PlanFileError, match=r"plan.yaml:7: :a is already in wave 1 \(line 3\)"):
        read_plan(tmp_path)
    path.write_text("waves:\n  - projects: [':a']\n")
    with pytest.raises(PlanFileError, match=r"plan.yaml:2: each wave needs `wave: N`"):
        read_plan(tmp_path)
    path.write_text("waves:\n  - wave: 1\n    projects: [a]\n")
    with pytest.raises(PlanFileError, match=r"plan.yaml:3: 'a' is not a Gradle project path"):
        read_plan(tmp_path)
    path.write_text("waves: [\n")
    with pytest.raises(PlanFileError, match=r"plan.yaml:\d+: invalid YAML"):
        read_plan(tmp_path)
    path.write_text("waves:\n  - wave: 1\n    projects: [':a']\n")
    with pytest.raises(PlanFileError, match="has no wave 4 \\(it has 1\\)"):
        wave_projects(tmp_path, 4)


def test_hand_edit_in_the_file_survives_replanning(tmp_path: Path) -> None:
    _write(tmp_path)
    path = tmp_path / "migration/plan.yaml"
    text = path.read_text()
    # move :tool by hand from wave 2 to wave 3
    text = text.replace('      - ":tool"  # after :core (wave 1)\n', "")
    text = text.replace('      - ":app"', '      - ":tool"\n      - ":app"')
    path.write_text(text)
    replanned = plan_waves(_graph(), previous=read_plan(tmp_path).wave_of())
    assert replanned.wave_of()[":tool"] == 3
    write_plan(tmp_path, render_plan(replanned, "demo"))
    assert "kept in wave 3 as plan.yaml has it (a fresh plan would put it in wave 2)" in (
        path.read_text()
    )


def test_state_round_trips(tmp_path: Path) -> None:
    store = StateStore(tmp_path)
    assert store.state == MigrationState()
    store.update(":a", wave=1, generated=Generated("t0", "sha256:1", ("a/BUILD.bazel",)))
    store.update(":a", verified=Verified("t1", True, "3 classes same", "sha256:1"))
    store.update(":b", wave=2)
    again = load_state(tmp_path)
    assert again == store.state
    assert again.get(":a").stage == "verified"
    assert again.get(":b").stage == "planned"
    assert again.get(":zzz").stage == "unplanned"
    assert (tmp_path / STATE_FILE).read_text().startswith("# Migration state, written by migrate")


def test_interrupted_state_write_keeps_the_previous_state(tmp_path: Path, monkeypatch) -> None:
    store = StateStore(tmp_path)
    store.update(":a", wave=1)
    before = (tmp_path / STATE_FILE).read_text()

    def interrupted(src, dst):
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "replace", interrupted)
    with pytest.raises(KeyboardInterrupt):
        store.update(":a", generated=Generated("t", "sha256:2", ("BUILD.bazel",)))
    monkeypatch.undo()
    assert (tmp_path / STATE_FILE).read_text() == before
    assert os.listdir(tmp_path / "migration") == ["state.yaml"]  # no temp file left behind
    assert load_state(tmp_path).get(":a").stage == "planned"


def test_broken_state_file_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "migration").mkdir()
    (tmp_path / STATE_FILE).write_text("version: 1\nprojects:\n  ':a': {generated: {at: x}}\n")
    with pytest.raises(StateError, match="state.yaml: malformed entry"):
        load_state(tmp_path)
    (tmp_path / STATE_FILE).write_text("version: 7\n")
    with pytest.raises(StateError, match="unsupported state version 7"):
        load_state(tmp_path)


def _generated_and_verified(root: Path, store: StateStore, project: str, ok: bool) -> None:
    build = root / project.strip(":") / "BUILD.bazel"
    build.parent.mkdir(parents=True, exist_ok=True)
    build.write_text(f"# {project}\n")
    files = (str(build.relative_to(root)),)
    digest = hash_files(root, files)
    store.update(
        project,
        generated=Generated("t", digest, files),
        verified=Verified("t", ok, "summary", digest),
    )


def test_promote_needs_parity_and_migrated_dependencies(tmp_path: Path) -> None:
    g = _graph()
    _write(tmp_path)
    plan = read_plan(tmp_path)
    store = StateStore(tmp_path)
    _generated_and_verified(tmp_path, store, ":lib", ok=True)  # wave 2 forced before wave 1
    assert promote(store, g, plan) == ()  # :core is not migrated yet
    _generated_and_verified(tmp_path, store, ":core", ok=True)
    _generated_and_verified(tmp_path, store, ":app", ok=False)
    assert promote(store, g, plan) == (":core", ":lib")
    assert store.state.get(":app").stage == "failed"
    _generated_and_verified(tmp_path, store, ":x", ok=True)
    assert promote(store, g, plan) == ()  # a cycle goes as one unit
    _generated_and_verified(tmp_path, store, ":y", ok=True)
    assert promote(store, g, plan) == (":x", ":y")
    _generated_and_verified(tmp_path, store, ":tool", ok=True)
    (tmp_path / "tool/BUILD.bazel").write_text("# edited after verification\n")
    assert promote(store, g, plan) == ()


def test_status_counts_stages_and_names_the_next_action(tmp_path: Path) -> None:
    facts = {p: ProjectFacts(p, 10) for p in _graph()}
    assert compute_status(tmp_path, facts, None, MigrationState()).next_action == (
        "run `migrate plan` to plan the rollout waves"
    )
    _write(tmp_path)
    plan = read_plan(tmp_path)
    store = StateStore(tmp_path)
    status = compute_status(tmp_path, facts, plan, store.state)
    assert status.next_action == "run `migrate wave 1` (3 projects, 30 source files)"
    assert status.totals == {"planned": {"projects": 6, "source_files": 60}}
    for project in (":core", ":x", ":y"):
        _generated_and_verified(tmp_path, store, project, ok=True)
    promote(store, _graph(), plan)
    _generated_and_verified(tmp_path, store, ":lib", ok=False)
    status = compute_status(tmp_path, facts, plan, store.state)
    assert status.waves[0].complete and not status.waves[1].complete
    assert status.totals["migrated"] == {"projects": 3, "source_files": 30}
    assert status.next_action.startswith("fix the parity differences in wave 2 (:lib; see ")
    _generated_and_verified(tmp_path, store, ":lib", ok=True)
    _generated_and_verified(tmp_path, store, ":tool", ok=True)
    promote(store, _graph(), plan)
    (tmp_path / "core/BUILD.bazel").write_text("# changed by hand\n")
    status = compute_status(tmp_path, facts, plan, store.state)
    assert status.next_action.startswith("BUILD files of wave 1 changed since verification")
    text = render_status(status)
    assert ":core (wave 1, migrated): BUILD files changed since they were verified" in text
    assert text.splitlines()[0] == (
        f"Migration of {tmp_path}: 5 of 6 planned projects migrated (50 of 60 source files)"
    )


def test_status_is_complete_only_when_everything_is_migrated(tmp_path: Path) -> None:
    g = nx.DiGraph([(":b", ":a")])
    facts = {
        ":a": ProjectFacts(":a", 1),
        ":b": ProjectFacts(":b", 1),
        ":new": ProjectFacts(":new", 4),
    }
    write_plan(tmp_path, render_plan(plan_waves(g), "demo"))
    plan = read_plan(tmp_path)
    store = StateStore(tmp_path)
    for project in (":a", ":b"):
        _generated_and_verified(tmp_path, store, project, ok=True)
    promote(store, g, plan)
    status = compute_status(tmp_path, facts, plan, store.state)
    assert not status.complete
    assert status.next_action.startswith("the build has projects the plan does not (:new)")
    del facts[":new"]
    status = compute_status(tmp_path, facts, plan, store.state)
    assert status.complete
    assert status.next_action == "nothing left: all 2 planned projects are migrated and verified"
    assert status.to_json()["complete"] is True


def test_save_state_is_atomic_even_for_big_states(tmp_path: Path) -> None:
    state = MigrationState().with_changes({f":p{i}": {"wave": i % 7 + 1} for i in range(3000)})
    save_state(tmp_path, state)
    assert load_state(tmp_path) == state
    assert state_module.STAGES[0] == "unplanned"
