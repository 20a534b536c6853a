"""What every target generator needs: the model, rule tables, maven plan, and project sources."""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from migrate.bazel.labels import project_label, project_package
from migrate.bazel.maven_mirror import MirrorError, resolve_mirror
from migrate.model import LANGUAGE_BY_EXTENSION, BuildModel, Project
from migrate.sources.cache import SourceScanCache
from migrate.sources.jars import JarIndex
from migrate.sources.listing import SourceListing
from migrate.sources.scanner import SourceFile, list_source_files, scan_tree
from migrate.targets.maven import MavenPlan
from migrate.targets.tables import RuleTables

CODE_KINDS = ("java", "kotlin", "scala", "groovy")
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
    """The source files of one project, scanned once."""

    project: Project
    root: str  # absolute build root
    _files: dict[str, list[SourceFile]] = field(default_factory=dict)
    _dir_lists: dict[tuple[str, tuple[str, ...]], list[str]] = field(default_factory=dict)
    _roots: list[str] | None = None  # every code directory + "/", longest first

    @property
    def project_dir(self) -> str:
        return os.path.normpath(os.path.join(self.root, self.project.dir))

    def _dirs(self, role: str, kinds: tuple[str, ...]) -> list[str]:
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

    def outside_dirs(self) -> list[str]:
        """Source directories outside the project's directory (Bazel cannot glob them)."""
        prefix = self.project_dir + os.sep
        return [
            d
            for role in ("main", "test", "fixtures")
            for d in self._dirs(role, CODE_KINDS)
            if not d.startswith(prefix) and os.path.isdir(d)
        ]

    def code_dirs(self, role: str) -> list[str]:
        """The role's source directories inside the project (Bazel cannot glob outside)."""
        prefix = self.project_dir + os.sep
        return [d for d in self._dirs(role, CODE_KINDS) if d.startswith(prefix)]

    def files(self, role: str) -> list[SourceFile]:
        if role not in self._files:
            self._files[role] = scan_tree(self.code_dirs(role))
        return self._files[role]

    def kind_files(self, role: str, kind: str, listing: SourceListing | None) -> dict[str, int]:
        """Directory (inside the project) → how many files of language ``kind`` it holds."""
        prefix = self.project_dir + os.sep
        found = {}
        for top in self._dirs(role, (kind,)):
            if top.startswith(prefix):
                files = (listing or SourceListing()).files(top)
                count = sum(1 for f in files if LANGUAGE_BY_EXTENSION[_ext(f)] == kind)
                if count:
                    found[top] = count
        return found

    def root_of(self, path: str) -> str:
        """The source directory a file was found in (the longest one containing it)."""
        if self._roots is None:
            every = {d for role in ROLES for d in self._dirs(role, CODE_KINDS)}
            self._roots = sorted((d + os.sep for d in every), key=lambda d: (-len(d), d))
        return next(d for d in self._roots if path.startswith(d))[:-1]

    def resource_dirs(self, role: str) -> list[str]:
        prefix = self.project_dir + os.sep
        out = []
        for path in self._dirs(role, ("resources",)):
            inside = path.startswith(prefix) and os.path.isdir(path)
            if inside and any(files for _, _, files in os.walk(path)):
                out.append(path)
        return out

    def single_main_class(self) -> str | None:
        mains = sorted({m for f in self.files("main") for m in f.main_classes})
        return mains[0] if len(mains) == 1 else None


_NAME_CHARS = re.compile(r"[^A-Za-z0-9_.+=,@~-]")


def _ext(path: str) -> str:
    return os.path.splitext(path)[1]


@dataclass
class GenerationContext:
    model: BuildModel
    tables: RuleTables
    maven: MavenPlan
    mirror: str | None = None  # a local Maven mirror: lets package mode index third-party jars
    _sources: dict[str, ProjectSources] = field(default_factory=dict)
    _cache: dict[str, Any] = field(default_factory=dict)

    def cached(self, key: str, factory: Callable[[], Any]) -> Any:
        """Build-wide values computed once (the package index, jar indexes)."""
        if key not in self._cache:
            self._cache[key] = factory()
        return self._cache[key]

    def jar_index(self, labels: list[tuple[str, str]]) -> JarIndex | None:
        """Package → label index over the jars of these (label, coordinate) pairs, or None
        when there is no local mirror to find jars in."""
        if self.mirror is None:
            return None
        jars = {}
        for label, coordinate in labels:
            path = self.cached(f"jar:{coordinate}", lambda c=coordinate: _find_jar(self.mirror, c))
            if path is not None:
                jars[label] = str(path)
        cache = os.path.join(
            os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache"),
            "migrate",
            "jar-packages.json",
        )
        return JarIndex.build(jars, cache=cache, skip_broken=True)

    @cached_property
    def projects(self) -> dict[str, Project]:
        return {p.path: p for p in self.model.projects}

    def prescan(self, projects: list[Project], cache: SourceScanCache, complete: bool) -> None:
        """Scan the sources of all these projects at once: through the on-disk cache, in
        parallel; ``complete``: these are all the build's projects (the cache may forget the
        rest)."""
        wanted: dict[tuple[str, str], list[str]] = {}
        for project in projects:
            sources = self.sources(project)
            for role in ROLES:
                wanted[(project.path, role)] = list_source_files(
                    sources.code_dirs(role), self.model.source_listing
                )
        every = [path for paths in wanted.values() for path in paths]
        scanned = cache.scan(every)
        for (path, role), paths in wanted.items():
            self._sources[path]._files[role] = [scanned[p] for p in paths]
        cache.save(keep_only=set(every) if complete else None)

    def sources(self, project: Project) -> ProjectSources:
        if project.path not in self._sources:
            self._sources[project.path] = ProjectSources(project, self.model.root)
        return self._sources[project.path]

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
        if self.sources(project).files("main"):
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
            if not self.sources(project).files("fixtures"):
                return None
        elif not self.has_library(project):
            return None
        role = "test_fixtures" if fixtures else "library"
        name = self.tables.target_name(role, self.project_name(project))
        return project_label(project_package(project.dir), name)


def _find_jar(mirror: str, coordinate: str) -> str | None:
    """The jar a pinned coordinate resolves to in a local mirror (None when it has none)."""
    try:
        artifacts = resolve_mirror(mirror, [coordinate])
    except MirrorError:
        return None
    pinned = [a for a in artifacts if a.pinned and a.jar]
    return os.path.join(mirror, pinned[0].jar) if pinned else None
