"""What target generation reads from disk, read before it starts: the projects' source files
(scanned through the on-disk cache, in parallel) and, in package granularity with a local
mirror, the packages in each third-party jar. Generation itself then only computes.

Selected projects have every role scanned. Of the others, generation needs to know whether
they have main or fixture sources (to depend on them) and, in package granularity, their main
files (which package lives where).
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from migrate.languages import code_kinds, language_by_extension, unbuilt
from migrate.maven.cache import jar_packages_file
from migrate.maven.jars import JarIndex
from migrate.maven.mirror import find_jar
from migrate.model import BuildModel, Project
from migrate.progress import Progress
from migrate.sources.cache import SourceScanCache
from migrate.sources.listing import SourceListing
from migrate.sources.scanner import list_source_files
from migrate.sources.test_frameworks import with_inherited_tests
from migrate.targets.context import ROLES, ProjectSources


@dataclass(frozen=True)
class ThirdPartyJars:
    """Declared coordinate → the packages its jar (found in the mirror) holds."""

    packages: Mapping[str, frozenset[str]] = field(default_factory=dict)
    broken: Mapping[str, str] = field(default_factory=dict)  # coordinate → why it was skipped


@dataclass(frozen=True)
class GenerationInputs:
    sources: Mapping[str, ProjectSources]  # Gradle path → its sources, read
    jars: ThirdPartyJars | None = None  # None: no mirror to read jars from (or not needed)


def read_inputs(
    model: BuildModel,
    selected: Iterable[str],
    *,
    package_granularity: bool,
    mirror: str | None,
    cache: bool = True,
    listing: SourceListing | None = None,
) -> GenerationInputs:
    """Everything generation of the ``selected`` projects reads; ``listing``: the source files
    the reader already found (walked again when None)."""
    listing = listing or SourceListing()
    chosen = set(selected)
    sources = {p.path: ProjectSources(p, model.root) for p in model.projects}
    wanted: dict[tuple[str, str], list[str]] = {}
    for project in model.projects:
        project_sources = sources[project.path]
        mine = project.path in chosen
        for role in ROLES:
            files = list_source_files(project_sources.code_dirs(role), listing)
            if mine or (package_granularity and role == "main"):
                wanted[(project.path, role)] = files
            project_sources._present[role] = bool(files)
        if mine:
            _read_directories(project_sources, listing)
    every = [path for paths in wanted.values() for path in paths]
    scan_cache = SourceScanCache(model.root, enabled=cache)
    scanned = scan_cache.scan(every)
    for (path, role), paths in wanted.items():
        sources[path]._files[role] = [scanned[p] for p in paths]
    for path, project_sources in sources.items():
        if (path, "test") in wanted:  # tests inherited from base classes (and fixtures')
            fixtures = project_sources._files.get("fixtures", [])
            tests = project_sources._files["test"]
            project_sources._files["test"] = with_inherited_tests(tests, fixtures)
    scan_cache.save(keep_only=set(every) if chosen >= set(sources) else None)
    jars = None
    if package_granularity and mirror is not None:
        jars = read_jars(mirror, _declared_coordinates(model.projects))
    return GenerationInputs(sources, jars)


def _read_directories(sources: ProjectSources, listing: SourceListing) -> None:
    """Resource directories with files, directories outside the project, and the files of
    languages no rule builds (reported, not generated)."""
    for role in ROLES:
        sources._resources[role] = [
            path
            for path in sources.dirs(role, ("resources",))
            if sources.inside(path)
            and os.path.isdir(path)
            and any(files for _, _, files in os.walk(path))
        ]
        for kind in unbuilt():
            found = {}
            for top in sources.dirs(role, (kind,)):
                if sources.inside(top):
                    count = sum(
                        1
                        for f in listing.files(top)
                        if language_by_extension()[os.path.splitext(f)[1]] == kind
                    )
                    if count:
                        found[top] = count
            sources._unbuilt[(role, kind)] = found
    sources._outside.extend(
        d
        for role in ROLES
        for d in sources.dirs(role, code_kinds())
        if not sources.inside(d) and os.path.isdir(d)
    )


def _declared_coordinates(projects: Iterable[Project]) -> list[str]:
    return sorted(
        {d.coordinate for p in projects for d in p.dependencies if d.coordinate and not d.platform}
    )


def read_jars(mirror: str, coordinates: Iterable[str]) -> ThirdPartyJars:
    """The packages of each coordinate's jar in ``mirror`` (through the jar cache); a
    coordinate the mirror lacks is left out, an unreadable jar recorded as broken."""
    coordinates = list(coordinates)
    progress = Progress("reading jars", len(coordinates))
    jars: dict[str, str] = {}
    for coordinate in coordinates:
        progress.advance()
        path = find_jar(mirror, coordinate)
        if path is not None:
            jars[coordinate] = str(path)
    progress.close()
    index = JarIndex.build(jars, cache=jar_packages_file(), skip_broken=True)
    return ThirdPartyJars(dict(index.packages_by_label), dict(index.broken))
