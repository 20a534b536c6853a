"""The project graph: which project depends on which, through which configurations.

An edge ``a → b`` means project ``a`` declares a dependency on project ``b``; its ``configurations``
attribute is the sorted set of configurations that declare it. Cycles are found as strongly
connected components (linear time), so a graph of thousands of projects stays cheap.
"""

from __future__ import annotations

from dataclasses import dataclass

import networkx as nx

from migrate.model import BuildModel


@dataclass(frozen=True)
class Cycle:
    """A set of projects that depend on each other, with one concrete loop to show."""

    projects: tuple[str, ...]  # sorted
    example: tuple[str, ...]  # a → b → ... → a (first node repeated at the end)

    def describe(self) -> str:
        return " -> ".join(self.example)


@dataclass(frozen=True)
class DanglingDependency:
    """A project dependency on a path that is not part of the build."""

    source: str
    target: str
    configuration: str


class ProjectGraph:
    def __init__(self, graph: nx.DiGraph, dangling: tuple[DanglingDependency, ...]) -> None:
        self.graph = graph
        self.dangling = dangling

    @classmethod
    def from_model(cls, model: BuildModel) -> ProjectGraph:
        graph = nx.DiGraph()
        paths = {p.path for p in model.projects}
        dangling = []
        for project in model.projects:
            graph.add_node(project.path)
        for project in model.projects:
            for dep in project.dependencies:
                if dep.project is None:
                    continue
                if dep.project not in paths:
                    dangling.append(
                        DanglingDependency(project.path, dep.project, dep.configuration)
                    )
                    continue
                if graph.has_edge(project.path, dep.project):
                    configs = graph.edges[project.path, dep.project]["configurations"]
                    graph.edges[project.path, dep.project]["configurations"] = tuple(
                        sorted({*configs, dep.configuration})
                    )
                else:
                    graph.add_edge(project.path, dep.project, configurations=(dep.configuration,))
        return cls(graph, tuple(dangling))

    def dependencies(self, path: str) -> list[str]:
        return sorted(self.graph.successors(path))

    def dependants(self, path: str) -> list[str]:
        return sorted(self.graph.predecessors(path))

    def cycles(self) -> list[Cycle]:
        out = []
        for component in nx.strongly_connected_components(self.graph):
            members = sorted(component)
            if len(members) == 1 and not self.graph.has_edge(members[0], members[0]):
                continue
            loop = nx.find_cycle(self.graph.subgraph(component), source=members[0])
            example = tuple(edge[0] for edge in loop) + (loop[0][0],)
            out.append(Cycle(tuple(members), example))
        return sorted(out, key=lambda c: c.projects)

    def layers(self) -> list[list[str]]:
        """Projects in dependency order: layer 0 depends on no other project.

        A cycle's projects share one layer, since none of them can come first.
        """
        condensed = nx.condensation(self.graph)
        members = condensed.graph["mapping"]
        groups: dict[int, list[str]] = {}
        for path, component in members.items():
            groups.setdefault(component, []).append(path)
        layers = []
        for generation in nx.topological_generations(condensed.reverse(copy=False)):
            layers.append(sorted(p for component in generation for p in groups[component]))
        return layers
