"""Constructs of a build that generation does not turn into Bazel yet, each said out loud.

A BUILD file that compiles without the build's annotation processors, compiler plugins,
generated sources or extra source sets looks right and is not: the user must hear of every
one (rules/not-generated.yaml), with the build file:line where the reader has it.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache

from migrate.model import Project
from migrate.resources import rule_table
from migrate.targets.findings import Finding


@dataclass(frozen=True)
class NotGeneratedTable:
    configurations: tuple[tuple[re.Pattern[str], str], ...]
    plugins: tuple[tuple[re.Pattern[str], str], ...]

    def configuration(self, name: str) -> str | None:
        """Why dependencies of this configuration are not generated, or None."""
        return _first(self.configurations, name)

    def plugin(self, plugin_id: str) -> str | None:
        return _first(self.plugins, plugin_id)


def _first(table: tuple[tuple[re.Pattern[str], str], ...], name: str) -> str | None:
    return next((why for pattern, why in table if pattern.search(name)), None)


@cache
def not_generated_table() -> NotGeneratedTable:
    data = rule_table("not-generated.yaml")

    def compiled(section: str) -> tuple[tuple[re.Pattern[str], str], ...]:
        return tuple((re.compile(k), v.strip()) for k, v in (data.get(section) or {}).items())

    return NotGeneratedTable(compiled("configurations"), compiled("plugins"))


def not_generated_findings(project: Project, generated_source_sets: set[str]) -> Iterator[Finding]:
    """A warning for each construct of ``project`` that generation leaves out."""
    table = not_generated_table()
    for dep in project.dependencies:
        why = table.configuration(dep.configuration)
        if why and not dep.platform:  # a BOM on the processor path only pins versions
            what = dep.coordinate or dep.project or dep.other
            where = f" ({dep.file}:{dep.line})" if dep.file and dep.line else ""
            yield Finding("warning", project.path, f"{dep.configuration} {what}{where}: {why}")
    for plugin in project.plugins:
        why = table.plugin(plugin)
        if why:
            where = f" ({project.build_file})" if project.build_file else ""
            yield Finding("warning", project.path, f"plugin {plugin}{where}: {why}")
    for source_set in project.source_sets:
        if source_set.languages and source_set.name not in generated_source_sets:
            kinds = set(source_set.languages)
            dirs = ", ".join(
                sorted({d for k, ds in source_set.dirs.items() if k in kinds for d in ds})
            )
            yield Finding(
                "warning",
                project.path,
                f"source set {source_set.name} ({dirs}) is not generated: only the main, "
                "test and test-fixtures source sets become targets; add it by hand",
            )
        for rel in sorted({d for ds in source_set.dirs.values() for d in ds}):
            if _under_build_dir(rel, project.dir):
                yield Finding(
                    "warning",
                    project.path,
                    f"source directory {rel} of source set {source_set.name} is produced by "
                    "a Gradle task (under build/): generated sources are not generated yet",
                )


def _under_build_dir(rel: str, project_dir: str) -> bool:
    inside = rel if project_dir in ("", ".") else rel.removeprefix(project_dir.rstrip("/") + "/")
    return inside == "build" or inside.startswith("build/")
