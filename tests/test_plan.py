"""The rollout planner on graphs built for each rule: breadth-first order, cycles, pilots,
exclusions, wave limits, owners, hand edits, migrated projects; and a property test that every
dependency lands in an earlier wave whatever the DAG."""

from __future__ import annotations

import networkx as nx
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from migrate.plan import PlanConstraints, PlanError, ProjectFacts, RolloutPlan, plan_waves


def graph(*edges: str, nodes: str = "") -> nx.DiGraph:
    """``graph("a>b", "b>c")``: a depends on b, b on c."""
    g = nx.DiGraph()
    g.add_nodes_from(nodes.split())
    for edge in edges:
        a, b = edge.split(">")
        g.add_edge(a, b)
    return g


def waves(plan: RolloutPlan) -> list[list[str]]:
    return [list(w.paths) for w in plan.waves]


def assert_ordered(g: nx.DiGraph, plan: RolloutPlan) -> None:
    wave_of = plan.wave_of()
    cyclic = {m for c in plan.cycles for m in c.projects}
    for a, b in g.edges:
        if a in wave_of and b in wave_of and not (a in cyclic and b in cyclic):
            assert wave_of[b] < wave_of[a], f"{a} depends on {b}"


def test_chain_is_one_project_per_wave_from_the_leaf() -> None:
    plan = plan_waves(graph("app>svc", "svc>lib", "lib>core"))
    assert waves(plan) == [["core"], ["lib"], ["svc"], ["app"]]
    assert plan.waves[0].projects[0].reason == "leaf: depends on no project left to migrate"
    assert plan.waves[3].projects[0].reason == "after svc (wave 3)"


def test_diamond_puts_both_middles_in_one_wave() -> None:
    plan = plan_waves(graph("top>left", "top>right", "left>base", "right>base"))
    assert waves(plan) == [["base"], ["left", "right"], ["top"]]
    assert plan.waves[2].projects[0].reason == "after left (wave 2), and 1 other dependency"


def test_wide_fan_out_is_breadth_first() -> None:
    edges = [f"s{i}>core" for i in range(30)] + ["app>s7"]
    plan = plan_waves(graph(*edges))
    assert waves(plan)[0] == ["core"]
    assert len(waves(plan)[1]) == 30
    assert waves(plan)[2] == ["app"]
    assert plan.waves[0].risk.dependants == 30


def test_unconnected_projects_all_go_first() -> None:
    plan = plan_waves(graph(nodes="b a c"))
    assert waves(plan) == [["a", "b", "c"]]


def test_cycle_is_one_unit_and_reported() -> None:
    g = graph("a>b", "b>c", "c>a", "c>base", "top>a")
    plan = plan_waves(g)
    assert waves(plan) == [["base"], ["a", "b", "c"], ["top"]]
    assert [c.projects for c in plan.cycles] == [("a", "b", "c")]
    assert plan.cycles[0].describe() == "a -> b -> c -> a"
    assert "dependency cycle planned as one unit: a -> b -> c -> a" in (
        plan.waves[1].projects[0].reason
    )


def test_pilot_goes_first_with_what_it_needs() -> None:
    g = graph("pilot>lib", "lib>core", "other>core", "leaf2>x", nodes="alone")
    plan = plan_waves(g, constraints=PlanConstraints(pilots=("pilot",)))
    assert waves(plan)[:3] == [["core"], ["lib"], ["pilot"]]
    assert set(waves(plan)[3]) == {"alone", "other", "x"}
    reasons = {p.path: p.reason for w in plan.waves for p in w.projects}
    assert reasons["core"].startswith("needed by a pilot")
    assert reasons["pilot"].startswith("pilot (migration.yaml)")
    assert "after the pilot waves (could be wave 1)" in reasons["alone"]
    assert_ordered(g, plan)


def test_excluded_and_held_projects_hold_back_their_dependants() -> None:
    g = graph("app>svc", "svc>legacy", "tool>wip", "lib>core", "svc>core")
    plan = plan_waves(g, constraints=PlanConstraints(exclude=("legacy",), hold=("wip",)))
    assert waves(plan) == [["core"], ["lib"]]
    skipped = {s.path: s.reason for s in plan.skipped}
    assert skipped == {
        "legacy": "excluded in migration.yaml",
        "svc": "depends on legacy (excluded)",
        "app": "depends on svc, which depends on legacy (excluded)",
        "wip": "held back in migration.yaml",
        "tool": "depends on wip (held back)",
    }


def test_excluding_a_cycle_member_excludes_the_cycle() -> None:
    plan = plan_waves(graph("a>b", "b>a", "c>d"), constraints=PlanConstraints(exclude=("a",)))
    assert waves(plan) == [["d"], ["c"]]
    assert {s.path for s in plan.skipped} == {"a", "b"}


def test_pilot_behind_an_exclusion_is_a_conflict() -> None:
    plan = plan_waves(
        graph("p>x", "q>r"), constraints=PlanConstraints(pilots=("p",), exclude=("x",))
    )
    assert plan.conflicts == ("pilot p cannot go first: depends on x (excluded)",)
    assert waves(plan) == [["r"], ["q"]]


def test_unknown_projects_in_constraints_are_errors() -> None:
    with pytest.raises(PlanError, match="plan.pilots names project.*nope"):
        plan_waves(graph("a>b"), constraints=PlanConstraints(pilots=("nope",)))
    with pytest.raises(PlanError, match="pilot cannot also be excluded"):
        plan_waves(graph("a>b"), constraints=PlanConstraints(pilots=("a",), exclude=("a",)))
    with pytest.raises(PlanError, match="max_wave_size must be at least 1"):
        plan_waves(graph("a>b"), constraints=PlanConstraints(max_wave_size=0))


def test_max_wave_size_splits_waves_critical_chain_first() -> None:
    edges = ["top>mid", "mid>l0"] + [f"x{i}>core" for i in range(4)]
    g = graph(*edges, nodes="l1 l2")
    plan = plan_waves(g, constraints=PlanConstraints(max_wave_size=2))
    assert all(len(w.projects) <= 2 for w in plan.waves)
    assert waves(plan)[0] == ["core", "l0"]  # both start chains of height 2 and 3
    assert_ordered(g, plan)
    deferred = [p for w in plan.waves for p in w.projects if "deferred from wave" in p.reason]
    assert deferred, "someone had to wait for room"
    assert sorted(p for w in waves(plan) for p in w) == sorted(g)


def test_cycle_larger_than_the_wave_limit_still_gets_a_wave() -> None:
    plan = plan_waves(graph("a>b", "b>c", "c>a"), constraints=PlanConstraints(max_wave_size=1))
    assert waves(plan) == [["a", "b", "c"]]


def test_owners_group_waves_by_team() -> None:
    g = graph(nodes="a1 a2 b1 b2 c1")
    facts = {
        "a1": ProjectFacts("a1", owners=("@team-a",)),
        "a2": ProjectFacts("a2", owners=("@team-a",)),
        "b1": ProjectFacts("b1", owners=("@team-b",)),
        "b2": ProjectFacts("b2", owners=("@team-b",)),
        "c1": ProjectFacts("c1", owners=("@team-c",)),
    }
    plan = plan_waves(g, facts, PlanConstraints(max_wave_size=2))
    assert waves(plan) == [["a1", "a2"], ["b1", "b2"], ["c1"]]
    assert plan.waves[0].risk.owners == ("@team-a",)
    plan = plan_waves(g, facts, PlanConstraints(max_owners_per_wave=2))
    assert waves(plan) == [["a1", "a2", "b1", "b2"], ["c1"]]


def test_risk_note_counts_files_languages_and_dependants() -> None:
    g = graph("app>lib", "svc>lib")
    facts = {
        "lib": ProjectFacts("lib", 400, ("java", "kotlin")),
        "app": ProjectFacts("app", 3, ("java",)),
        "svc": ProjectFacts("svc", 2, ("scala",)),
    }
    plan = plan_waves(g, facts)
    risk = plan.waves[0].risk
    assert (risk.level, risk.source_files, risk.dependants) == ("medium", 400, 2)
    assert risk.describe() == "medium: 400 source files, 2 direct dependants, java+kotlin"
    assert plan.waves[1].risk.level == "medium"  # java and scala in one wave


def test_projects_without_sources_are_left_out_and_do_not_block() -> None:
    g = graph("app>parent", "app>lib")
    facts = {"parent": ProjectFacts("parent", 0), "app": ProjectFacts("app", 3)}
    plan = plan_waves(g, facts)
    assert waves(plan) == [["lib"], ["app"]]
    assert plan.skipped[0].path == "parent"


def test_hand_edit_to_a_later_wave_is_kept_and_pushes_dependants() -> None:
    g = graph("b>a", "c>b", "d>a")
    fresh = plan_waves(g)
    assert waves(fresh) == [["a"], ["b", "d"], ["c"]]
    edited = {"a": 1, "b": 3, "c": 3, "d": 2}  # b moved by hand from wave 2 to 3
    plan = plan_waves(g, previous=edited)
    assert waves(plan) == [["a"], ["d"], ["b"], ["c"]]
    reasons = {p.path: p.reason for w in plan.waves for p in w.projects}
    assert (
        reasons["b"] == "kept in wave 3 as plan.yaml has it (a fresh plan would put it in wave 2)"
    )
    assert plan.conflicts == (
        "c: plan.yaml has wave 3, but a dependency is only ready by wave 4: moved to wave 4",
    )


def test_hand_edit_to_an_earlier_wave_that_breaks_order_is_reported() -> None:
    g = graph("b>a")
    plan = plan_waves(g, previous={"a": 2, "b": 1})
    assert plan.wave_of() == {"a": 2, "b": 3}
    assert "b: plan.yaml has wave 1" in plan.conflicts[0]


def test_replanning_an_unchanged_plan_changes_nothing() -> None:
    edges = [f"p{i}>p{i // 3}" for i in range(1, 40)]
    g = graph(*edges)
    constraints = PlanConstraints(max_wave_size=5, pilots=("p30",))
    first = plan_waves(g, constraints=constraints)
    again = plan_waves(g, constraints=constraints, previous=first.wave_of())
    assert again == first


def test_migrated_projects_keep_their_wave_and_new_ones_come_after() -> None:
    g = graph("app>lib", "new>lib", nodes="newleaf")
    plan = plan_waves(g, migrated={"lib": 1, "app": 2}, previous={"lib": 1, "app": 2})
    assert waves(plan) == [["lib"], ["app"], ["new", "newleaf"]]
    assert plan.waves[0].projects[0].migrated
    assert "after lib (wave 1)" in plan.waves[2].projects[0].reason


def test_output_is_deterministic_whatever_the_insertion_order() -> None:
    edges = ["a>b", "c>b", "d>c", "e>a", "f>e", "f>d"]
    one = plan_waves(graph(*edges), constraints=PlanConstraints(max_wave_size=2))
    two = plan_waves(graph(*reversed(edges)), constraints=PlanConstraints(max_wave_size=2))
    assert one == two


@st.composite
def dags(draw: st.DrawFn) -> tuple[nx.DiGraph, PlanConstraints]:
    size = draw(st.integers(min_value=1, max_value=40))
    g = nx.DiGraph()
    g.add_nodes_from(f"n{i}" for i in range(size))
    for i in range(1, size):  # edges only to lower indices: acyclic by construction
        for j in draw(st.sets(st.integers(min_value=0, max_value=i - 1), max_size=4)):
            g.add_edge(f"n{i}", f"n{j}")
    limit = draw(st.none() | st.integers(min_value=1, max_value=6))
    pilots = draw(st.sets(st.sampled_from(sorted(g)), max_size=2))
    return g, PlanConstraints(max_wave_size=limit, pilots=tuple(sorted(pilots)))


@settings(max_examples=150, deadline=None)
@given(dags())
def test_every_project_once_and_every_dependency_in_an_earlier_wave(case) -> None:
    g, constraints = case
    plan = plan_waves(g, constraints=constraints)
    placed = [p for w in plan.waves for p in w.paths]
    assert sorted(placed) == sorted(g)  # each project exactly once
    assert_ordered(g, plan)
    if constraints.max_wave_size:
        assert all(len(w.projects) <= constraints.max_wave_size for w in plan.waves)
    assert plan == plan_waves(g, constraints=constraints)  # deterministic
    if constraints.pilots and not constraints.max_wave_size:
        needed = set(constraints.pilots)
        for pilot in constraints.pilots:
            needed |= nx.descendants(g, pilot)
        wave_of = plan.wave_of()
        assert max(wave_of[p] for p in needed) < min(
            (wave_of[p] for p in g if p not in needed), default=10**9
        )
