"""The project graph: edges with configurations, cycles as components, dependency layers."""

from __future__ import annotations

from migrate.graph import ProjectGraph
from migrate.model import BuildModel, Dependency, Project


def _model(edges: dict[str, list[tuple[str, str]]]) -> BuildModel:
    projects = tuple(
        Project(
            path,
            path.strip(":") or ".",
            None,
            dependencies=tuple(Dependency(conf, project=target) for target, conf in deps),
        )
        for path, deps in sorted(edges.items())
    )
    return BuildModel("/r", projects)


def test_edges_merge_configurations() -> None:
    graph = ProjectGraph.from_model(
        _model({":a": [(":b", "api"), (":b", "testImplementation")], ":b": []})
    )
    assert graph.graph.edges[":a", ":b"]["configurations"] == ("api", "testImplementation")
    assert graph.dependencies(":a") == [":b"] and graph.dependants(":b") == [":a"]


def test_cycle_reported_once_with_a_readable_loop() -> None:
    graph = ProjectGraph.from_model(
        _model(
            {
                ":a": [(":b", "implementation")],
                ":b": [(":c", "implementation")],
                ":c": [(":a", "implementation")],
                ":d": [(":a", "implementation")],
            }
        )
    )
    (cycle,) = graph.cycles()
    assert cycle.projects == (":a", ":b", ":c")
    assert cycle.describe() == ":a -> :b -> :c -> :a"


def test_self_dependency_is_a_cycle() -> None:
    graph = ProjectGraph.from_model(_model({":a": [(":a", "testImplementation")]}))
    assert [c.projects for c in graph.cycles()] == [(":a",)]


def test_layers_put_dependencies_first_and_cycles_together() -> None:
    graph = ProjectGraph.from_model(
        _model(
            {
                ":app": [(":lib", "implementation"), (":x", "implementation")],
                ":lib": [(":core", "api")],
                ":core": [],
                ":x": [(":y", "implementation")],
                ":y": [(":x", "implementation")],
            }
        )
    )
    assert graph.layers() == [[":core", ":x", ":y"], [":lib"], [":app"]]


def test_dependency_on_unknown_project_is_dangling_not_a_node() -> None:
    graph = ProjectGraph.from_model(_model({":a": [(":missing", "api")]}))
    assert [(d.source, d.target) for d in graph.dangling] == [(":a", ":missing")]
    assert ":missing" not in graph.graph
