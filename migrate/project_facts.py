"""What the rollout planner and the status view need to know of each project: how much source it
has (its size and risk), its languages, and who owns it (CODEOWNERS)."""

from __future__ import annotations

import os
from pathlib import Path

from migrate.languages import language_by_extension
from migrate.model import BuildModel, Project
from migrate.owners import Codeowners
from migrate.plan import ProjectFacts


def count_source_files(root: Path, project: Project) -> int:
    """JVM source files in the project's source sets (each directory counted once)."""
    seen: set[str] = set()
    count = 0
    for source_set in project.source_sets:
        for kind, dirs in source_set.dirs.items():
            if kind == "resources":
                continue
            for directory in dirs:
                top = os.path.normpath(root / directory)
                if top in seen or not os.path.isdir(top):
                    continue
                seen.add(top)
                for _dirpath, _dirnames, filenames in os.walk(top):
                    count += sum(
                        1
                        for name in filenames
                        if os.path.splitext(name)[1] in language_by_extension()
                    )
    return count


def project_facts(model: BuildModel, codeowners: Codeowners) -> dict[str, ProjectFacts]:
    root = Path(model.root)
    facts = {}
    for project in model.projects:
        languages = sorted({lang for langs in project.languages.values() for lang in langs})
        probe = project.build_file or (
            "build.gradle" if project.dir == "." else f"{project.dir}/build.gradle"
        )
        facts[project.path] = ProjectFacts(
            project.path,
            count_source_files(root, project),
            tuple(languages),
            codeowners.owners_of(probe),
        )
    return facts
