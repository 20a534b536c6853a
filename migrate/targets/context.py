"""What every target generator needs: the model, rule tables, maven plan, and the inputs read
before generation (project sources, third-party jars)."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from migrate.bazel.label import project_package, target_label
from migrate.languages import code_kinds
from migrate.maven.jars import JarIndex
from migrate.maven.pins import MavenPlan
from migrate.model import BuildModel, Project
from migrate.sources.scanner import SourceFile
from migrate.targets.tables import RuleTables

if TYPE_CHECKING:
    from migrate.targets.inputs import GenerationInputs

ROLES = ("main", "test", "fixtures")


def source_set_roles(project: Project) -> dict[str, list[str]]:
    """Gradle source sets behind each generated role (KMP: common + jvm source sets)."""
    names = [s.name for s in project.source_sets]
    if "main" in names or "test" in names:
        return {"main": ["main"], "test": ["test"], "fixtures": ["testFixtures"]}
    return {
        "main": [n for n in names if n.endswith("Main") and not n.startswith(("js", "native"))],
        "test": [n for n in names if n.endswith("Test") and not n.startswith(("js", "native"))],
        "fixtures": [],
    }


@dataclass
class ProjectSources:
    """The source files of one project, as read before generation (targets/inputs.py).

    Which directories a role has is the model's; what is in them was read once, up front, so
    that building targets touches no file: asking for something that was not read is a bug."""

    project: Project
    root: str  # absolute build root
    _files: dict[str, list[SourceFile]] = field(default_factory=dict)  # role → scanned files
    _present: dict[str, bool] = field(default_factory=dict)  # role → has source files (listed)
    _resources: dict[str, list[str]] = field(default_factory=dict)  # role → non-empty dirs
    _unbuilt: dict[tuple[str, str], dict[str, int]] = field(default_factory=dict)
    _outside: list[str] = field(default_factory=list)
    _dir_lists: dict[tuple[str, tuple[str, ...]], list[str]] = field(default_factory=dict)
    _roots: list[str] | None = None  # every code directory + "/", longest first

    @property
    def project_dir(self) -> str:
        return os.path.normpath(os.path.join(self.root, self.project.dir))

    def dirs(self, role: str, kinds: tuple[str, ...]) -> list[str]:
        """The role's directories of these kinds, as the model names them (absolute)."""
        key = (role, kinds)
        if key not in self._dir_lists:
            self._dir_lists[key] = self._find_dirs(role, kinds)
        return self._dir_lists[key]

    def _find_dirs(self, role: str, kinds: tuple[str, ...]) -> list[str]:
        wanted = set(source_set_roles(self.project)[role])
        out: list[str] = []
        for source_set in self.project.source_sets:
            if source_set.name in wanted:
                for kind in kinds:
                    for rel in source_set.dirs.get(kind, ()):
                        path = os.path.normpath(os.path.join(self.root, rel))
                        if path not in out:
                            out.append(path)
        return out

    def inside(self, path: str) -> bool:
        return path.startswith(self.project_dir + os.sep)

    def outside_dirs(self) -> list[str]:
        """Source directories outside the project's directory (Bazel cannot glob them)."""
        return self._outside

    def code_dirs(self, role: str) -> list[str]:
        """The role's source directories inside the project (Bazel cannot glob outside)."""
        return [d for d in self.dirs(role, code_kinds()) if self.inside(d)]

    def files(self, role: str) -> list[SourceFile]:
        return _read_before(self._files, role, self.project.path)

    def has_files(self, role: str) -> bool:
        """Whether the role has source files, for projects whose files were not scanned."""
        if role in self._files:
            return bool(self._files[role])
        return _read_before(self._present, role, self.project.path)

    def kind_files(self, role: str, kind: str) -> dict[str, int]:
        """Directory (inside the project) → how many files of language ``kind`` it holds."""
        return _read_before(self._unbuilt, (role, kind), self.project.path)

    def root_of(self, path: str) -> str:
        """The source directory a file was found in (the longest one containing it)."""
        if self._roots is None:
            every = {d for role in ROLES for d in self.dirs(role, code_kinds())}
            self._roots = sorted((d + os.sep for d in every), key=lambda d: (-len(d), d))
        return next(d for d in self._roots if path.startswith(d))[:-1]

    def resource_dirs(self, role: str) -> list[str]:
        return _read_before(self._resources, role, self.project.path)

    def single_main_class(self) -> str | None:
        mains = sorted({m for f in self.files("main") for m in f.main_classes})
        return mains[0] if len(mains) == 1 else None


def _read_before(table: dict, key: object, project: str) -> Any:
    try:
        return table[key]
    except KeyError:
        raise RuntimeError(
            f"bug in migrate: {key} of {project} was not read before generation"
        ) from None


_NAME_CHARS = re.compile(r"[^A-Za-z0-9_.+=,@~-]")


@dataclass
class GenerationContext:
    model: BuildModel
    tables: RuleTables
    maven: MavenPlan
    inputs: GenerationInputs
    offline: bool = False  # the workspace is offline: what the mirror lacks cannot be pinned
    _cache: dict[str, Any] = field(default_factory=dict)

    def cached(self, key: str, factory: Callable[[], Any]) -> Any:
        """Build-wide values computed once (the package index)."""
        if key not in self._cache:
            self._cache[key] = factory()
        return self._cache[key]

    def jar_index(self, labels: list[tuple[str, str]]) -> JarIndex | None:
        """Package → label index over the jars of these (label, coordinate) pairs, or None
        when there is no local mirror to find jars in."""
        jars = self.inputs.jars
        if jars is None:
            return None
        return JarIndex(
            packages_by_label={lb: jars.packages[c] for lb, c in labels if c in jars.packages},
            broken={lb: jars.broken[c] for lb, c in labels if c in jars.broken},
        )

    @cached_property
    def projects(self) -> dict[str, Project]:
        return {p.path: p for p in self.model.projects}

    def sources(self, project: Project) -> ProjectSources:
        return self.inputs.sources[project.path]

    def project_name(self, project: Project) -> str:
        package = project_package(project.dir)
        base = package.rsplit("/", 1)[-1] if package else (self.model.root_project_name or "root")
        return _NAME_CHARS.sub("_", base)

    def module_name(self, project: Project, lang: dict[str, Any]) -> str:
        """The Kotlin module Gradle compiles the project into: the project's name (the root
        project's is rootProject.name, else its directory's), sanitized as the plugin does."""
        name = project.name
        if project.path == ":":
            name = self.model.root_project_name or os.path.basename(
                os.path.normpath(self.model.root)
            )
        return re.sub(lang.get("module_name_invalid", r"[\\/]"), "_", name)

    def left_out(self, path: str) -> str | None:
        """Why a source file stays out of every srcs (rules/jvm-rules.yaml), or None."""
        return self.tables.jvm.get("left_out_sources", {}).get(os.path.basename(path))

    def is_jvm_project(self, project: Project) -> bool:
        jvm = set(self.tables.jvm["jvm_plugins"])
        return bool(jvm & set(project.plugins)) or any(s.languages for s in project.source_sets)

    def has_library(self, project: Project) -> bool:
        if not self.is_jvm_project(project):
            return False
        if self.sources(project).has_files("main"):
            return True
        for dep in project.dependencies:
            mapping = self.tables.configuration(dep.configuration)
            if mapping and mapping["target"] == "main" and not dep.platform:
                return True
        return False

    def library_label(self, path: str, fixtures: bool = False) -> str | None:
        project = self.projects.get(path)
        if project is None:
            return None
        if fixtures:
            if not self.sources(project).has_files("fixtures"):
                return None
        elif not self.has_library(project):
            return None
        role = "test_fixtures" if fixtures else "library"
        name = self.tables.target_name(role, self.project_name(project))
        return target_label(project_package(project.dir), name)
