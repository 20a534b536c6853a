"""Where to draw each project of the graph in the dashboard's SVG picture: one column per wave
(leaves on the left, as the waves go), projects in no wave in a last column, edges from a project
to what it depends on. Only geometry here; colours and shapes are the template's."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import networkx as nx

COLUMN_WIDTH = 230
ROW_HEIGHT = 22
TOP = 48
LEFT = 16


@dataclass(frozen=True)
class Node:
    path: str
    x: int
    y: int
    wave: int | None
    stage: str


@dataclass(frozen=True)
class Edge:
    x1: int
    y1: int
    x2: int
    y2: int


@dataclass(frozen=True)
class Column:
    x: int
    label: str
    wave: int | None


@dataclass(frozen=True)
class GraphPicture:
    width: int
    height: int
    nodes: tuple[Node, ...]
    edges: tuple[Edge, ...]
    columns: tuple[Column, ...]


def layout(
    graph: nx.DiGraph, wave_of: Mapping[str, int], stage_of: Mapping[str, str]
) -> GraphPicture:
    """Lay out every node of ``graph`` (edge a → b: a depends on b)."""
    waves = sorted(set(wave_of.values()))
    keys: list[int | None] = [*waves, None]
    by_column: dict[int | None, list[str]] = {key: [] for key in keys}
    for path in sorted(graph):
        by_column[wave_of.get(path)].append(path)
    if not by_column[None]:
        keys.pop()
    columns, position = [], {}
    for index, key in enumerate(keys):
        x = LEFT + index * COLUMN_WIDTH
        columns.append(Column(x, f"wave {key}" if key is not None else "in no wave", key))
        for row, path in enumerate(by_column[key]):
            position[path] = (x + 8, TOP + row * ROW_HEIGHT)
    nodes = tuple(
        Node(path, *position[path], wave_of.get(path), stage_of.get(path, "unplanned"))
        for path in sorted(graph)
    )
    edges = tuple(Edge(*position[a], *position[b]) for a, b in sorted(graph.edges) if a != b)
    rows = max((len(v) for v in by_column.values()), default=0)
    return GraphPicture(
        width=LEFT + len(keys) * COLUMN_WIDTH,
        height=TOP + rows * ROW_HEIGHT + 12,
        nodes=nodes,
        edges=edges,
        columns=tuple(columns),
    )
