"""A readable, plain-text summary of a scanned build, for people at a terminal."""

from __future__ import annotations

from collections import Counter

from migrate.graph import ProjectGraph
from migrate.model import BuildModel, Project
from migrate.text_table import render_table


def _languages(project: Project) -> str:
    langs = sorted({lang for langs in project.languages.values() for lang in langs})
    return ",".join(langs) or "-"


def scan_summary(model: BuildModel, graph: ProjectGraph) -> str:
    lines = [f"Gradle build: {model.root}"]
    if model.root_project_name:
        lines[0] += f"  (root project '{model.root_project_name}')"
    rows = [["PROJECT", "DIR", "LANGUAGES", "PLUGINS", "PROJECT DEPS", "EXTERNAL DEPS"]]
    for p in model.projects:
        kinds = Counter(d.kind for d in p.dependencies)
        rows.append(
            [
                p.path,
                p.dir,
                _languages(p),
                ",".join(p.plugins) or "-",
                str(kinds["project"]),
                str(kinds["external"] + kinds["other"]),
            ]
        )
    lines += ["", *render_table(rows)]

    languages = Counter(
        lang for p in model.projects for lang in _languages(p).split(",") if lang != "-"
    )
    deps = Counter(d.kind for p in model.projects for d in p.dependencies)
    externals = {d.coordinate for p in model.projects for d in p.dependencies if d.coordinate}
    lines += [
        "",
        f"{len(model.projects)} projects; languages: "
        + (", ".join(f"{lang} {n}" for lang, n in sorted(languages.items())) or "none"),
        f"dependencies: {deps['project']} on projects, {deps['external']} external "
        f"({len(externals)} distinct coordinates), {deps['other']} other",
        f"dependency layers: {len(graph.layers())}",
    ]
    cycles = graph.cycles()
    if cycles:
        lines += ["", f"{len(cycles)} dependency cycle(s) between projects:"]
        lines += [f"  {c.describe()}" for c in cycles]
    for dangling in graph.dangling:
        lines.append(
            f"warning: {dangling.source} depends on {dangling.target} "
            f"({dangling.configuration}), which is not part of the build"
        )
    if model.diagnostics:
        lines += [
            "",
            f"{len(model.diagnostics)} diagnostic(s) (what the reader could not evaluate):",
        ]
        lines += [f"  {d.location()}: {d.severity}: {d.message}" for d in model.diagnostics]
    else:
        lines += ["", "no diagnostics: every build script was fully understood"]
    return "\n".join(lines)
