"""Pins: which version of each third-party artifact each project pins, and which Maven
repository serves it: the plan that generation, the workspace and the offline mirror follow.

One repository (``@maven``) holds the version most projects use of every artifact. Projects
that need other versions get their own isolated repository (``@maven_2``, ...), one per distinct
set of conflicting pins, the way Airbnb ran several ``maven_install`` rules side by side.
Versions come from Gradle's resolved classpaths when the live model has them, else from the
declared coordinates.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass

from migrate.bazel.spec import MavenRepository
from migrate.maven.coordinates import Coordinate, version_key
from migrate.model import BuildModel, Project
from migrate.targets.findings import Finding

DEFAULT_REPOSITORY = "maven"
_RESOLVED_CONFIGURATIONS = (
    "compileClasspath",
    "runtimeClasspath",
    "testCompileClasspath",
    "testRuntimeClasspath",
)


@dataclass(frozen=True)
class MavenPlan:
    repositories: tuple[MavenRepository, ...]
    repository_of: dict[str, str]  # project path → repository name
    findings: tuple[Finding, ...]

    def repository_for(self, project: str) -> str:
        return self.repository_of.get(project, DEFAULT_REPOSITORY)


def project_pins(
    project: Project, fallback: dict[str, str]
) -> tuple[dict[str, str], list[Finding]]:
    """key (group:artifact[:classifier]) → version for the project's declared external deps."""
    resolved: dict[str, str] = {}
    for configuration in _RESOLVED_CONFIGURATIONS:
        for text in project.resolved.get(configuration, ()):
            coordinate = Coordinate.parse(text)
            if coordinate.version:
                resolved.setdefault(coordinate.key, coordinate.version)
    pins: dict[str, str] = {}
    findings = []
    for dep in project.dependencies:
        if dep.coordinate is None or dep.platform:
            continue
        try:
            coordinate = Coordinate.parse(dep.coordinate)
        except ValueError:
            findings.append(
                Finding("warning", project.path, f"not a Maven coordinate: {dep.coordinate}")
            )
            continue
        version = resolved.get(coordinate.key) or coordinate.version or fallback.get(coordinate.key)
        if version is None:
            findings.append(
                Finding(
                    "warning",
                    project.path,
                    f"{dep.coordinate} has no version (BOM-managed?); run with "
                    "--gradle to pin the version Gradle resolves",
                )
            )
            continue
        pins[coordinate.key] = version
    return pins, findings


def plan_maven(model: BuildModel, implied: dict[str, dict[str, str]] | None = None) -> MavenPlan:
    """The repositories and which serves each project. ``implied``: per project, artifacts
    (group:artifact → version) its targets need that the build does not declare (the JUnit
    Platform launcher of its tests); a version the project declares or resolves wins."""
    implied = implied or {}
    declared: dict[str, str] = {}
    for project in model.projects:
        for dep in project.dependencies:
            if dep.coordinate and not dep.platform:
                try:
                    coordinate = Coordinate.parse(dep.coordinate)
                except ValueError:
                    continue
                if coordinate.version:
                    declared.setdefault(coordinate.key, coordinate.version)
    pins_by_project: dict[str, dict[str, str]] = {}
    findings: list[Finding] = []
    for project in model.projects:
        pins, found = project_pins(project, declared)
        for key, version in implied.get(project.path, {}).items():
            pins.setdefault(key, version)
        findings += found
        if pins:
            pins_by_project[project.path] = pins

    counts: dict[str, Counter[str]] = defaultdict(Counter)
    for pins in pins_by_project.values():
        for key, version in pins.items():
            counts[key][version] += 1
    default = {
        key: max(versions, key=lambda v: (versions[v], version_key(v), v))
        for key, versions in counts.items()
    }
    groups: dict[tuple[tuple[str, str], ...], list[str]] = defaultdict(list)
    for path, pins in sorted(pins_by_project.items()):
        conflicts = tuple(sorted((k, v) for k, v in pins.items() if default[k] != v))
        if conflicts:
            groups[conflicts].append(path)

    repository_of: dict[str, str] = {}
    repositories = [MavenRepository(DEFAULT_REPOSITORY, _pinned(default))]
    for index, (conflicts, paths) in enumerate(sorted(groups.items()), start=2):
        name = f"{DEFAULT_REPOSITORY}_{index}"
        artifacts: dict[str, str] = {}
        for path in paths:
            artifacts.update(pins_by_project[path])
            repository_of[path] = name
        repositories.append(MavenRepository(name, _pinned(artifacts)))
        described = ", ".join(f"{k} {v} (others use {default[k]})" for k, v in conflicts)
        findings.append(Finding("warning", "", f"@{name} serves {', '.join(paths)}: {described}"))
    return MavenPlan(tuple(repositories), repository_of, tuple(findings))


def _pinned(versions: dict[str, str]) -> tuple[str, ...]:
    return tuple(sorted(Coordinate.from_key(key).pinned(v) for key, v in versions.items()))
