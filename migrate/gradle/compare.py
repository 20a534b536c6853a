"""Where the static reader and Gradle disagree: how a user learns to trust the fast mode.

Plugins are compared after normalising ids (``kotlin`` = ``org.jetbrains.kotlin.jvm``) and adding
the plugins each one applies itself, since Gradle reports those too.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from migrate.gradle.project_dsl import canonical_plugin, plugin_rules
from migrate.model import BuildModel, Dependency, Project

ASPECTS = (
    "project",
    "project dependency",
    "plugin",
    "external dependency",
    "main class",
    "languages",
)
STRUCTURAL = ("project", "project dependency")  # what the graph and the plan stand on


@dataclass(frozen=True, order=True)
class Disagreement:
    project: str
    aspect: str  # one of ASPECTS
    static: str | None  # what the static reader says (None: it says nothing)
    gradle: str | None  # what Gradle says


@dataclass(frozen=True)
class Comparison:
    disagreements: tuple[Disagreement, ...]
    projects_compared: int

    @property
    def structural(self) -> tuple[Disagreement, ...]:
        return tuple(d for d in self.disagreements if d.aspect in STRUCTURAL)

    def to_json(self) -> dict[str, Any]:
        return {
            "projects_compared": self.projects_compared,
            "agree": not self.disagreements,
            "disagreements": [asdict(d) for d in self.disagreements],
        }


def effective_plugins(plugins: tuple[str, ...]) -> set[str]:
    rules = plugin_rules()
    internal = set(rules["internal"])
    out: set[str] = set()
    pending = [canonical_plugin(p) for p in plugins]
    while pending:
        plugin = pending.pop()
        if plugin not in out:
            out.add(plugin)
            pending.extend(rules["implies"].get(plugin, []))
    return {p for p in out if p not in internal}


def _project_deps(project: Project) -> set[str]:
    return {_describe(d) for d in project.dependencies if d.project is not None}


def _external_deps(project: Project) -> set[str]:
    return {_describe(d) for d in project.dependencies if d.project is None}


def _describe(dep: Dependency) -> str:
    target = dep.project or dep.coordinate or f"<{dep.other}>"
    extras = []
    if dep.target_configuration:
        extras.append(f"configuration {dep.target_configuration}")
    if dep.platform:
        extras.append("platform")
    if dep.test_fixtures:
        extras.append("test fixtures")
    return f"{dep.configuration} {target}" + (f" ({', '.join(extras)})" if extras else "")


def compare_models(static: BuildModel, gradle: BuildModel) -> Comparison:
    found: list[Disagreement] = []
    by_static = {p.path: p for p in static.projects}
    by_gradle = {p.path: p for p in gradle.projects}
    for path in sorted(set(by_static) - set(by_gradle)):
        found.append(Disagreement(path, "project", "present", None))
    for path in sorted(set(by_gradle) - set(by_static)):
        found.append(Disagreement(path, "project", None, "present"))
    common = sorted(set(by_static) & set(by_gradle))
    for path in common:
        s, g = by_static[path], by_gradle[path]
        pairs = [
            ("project dependency", _project_deps(s), _project_deps(g)),
            ("plugin", effective_plugins(s.plugins), effective_plugins(g.plugins)),
            ("external dependency", _external_deps(s), _external_deps(g)),
        ]
        for aspect, mine, theirs in pairs:
            found += [Disagreement(path, aspect, v, None) for v in sorted(mine - theirs)]
            found += [Disagreement(path, aspect, None, v) for v in sorted(theirs - mine)]
        if s.main_class != g.main_class:
            found.append(Disagreement(path, "main class", s.main_class, g.main_class))
        if s.languages != g.languages:
            found.append(Disagreement(path, "languages", str(s.languages), str(g.languages)))
    return Comparison(tuple(found), len(common))


def render_comparison(comparison: Comparison) -> str:
    if not comparison.disagreements:
        return (
            f"static reader and Gradle agree on all {comparison.projects_compared} projects "
            "(projects, plugins, dependencies, main classes, languages)"
        )
    count, structural = len(comparison.disagreements), len(comparison.structural)
    lines = [
        f"{count} disagreement(s) between the static reader and Gradle "
        f"({structural} on projects or project dependencies):"
    ]
    current = None
    for d in comparison.disagreements:
        if d.project != current:
            lines.append(f"{d.project}")
            current = d.project
        if d.static is not None and d.gradle is not None:
            lines.append(f"  {d.aspect}: static says {d.static}, Gradle says {d.gradle}")
        elif d.static is not None:
            lines.append(f"  {d.aspect}: only the static reader has {d.static}")
        else:
            lines.append(f"  {d.aspect}: only Gradle has {d.gradle}")
    return "\n".join(lines)
