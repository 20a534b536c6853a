"""Which Bazel rule runs a test class, and what it needs to run it the way Gradle's test task
does: the framework's runner (rules/jvm-rules.yaml ``test_runners``), the JUnit Platform jars
and engine on the runtime classpath, and the task's JVM flags, environment and tag filters.

A test class's framework comes from the source (rules/test-frameworks.yaml, read by the
scanner); what the source leaves open (kotlin.test's backend, a test annotation of no known
framework) the build decides, as Gradle would: its test dependencies, then ``useJUnitPlatform()``
/ ``useTestNG()``."""

from __future__ import annotations

import fnmatch
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from migrate.maven.coordinates import Coordinate
from migrate.model import Project, TestSettings
from migrate.sources.test_frameworks import UNKNOWN, framework, table

if TYPE_CHECKING:
    from migrate.targets.context import ProjectSources
    from migrate.targets.tables import RuleTables

_BY_BUILD = {"junit-platform": "junit5", "testng": "testng"}


@dataclass(frozen=True)
class TestRun:
    """How one test class runs under Bazel."""

    __test__ = False  # not a pytest test class

    framework: str  # rules/test-frameworks.yaml name, resolved (never kotlin-test/unknown)
    runner: str  # junit4 | junit-platform | scalatest
    rule: dict[str, Any] | None  # the test_runners entry for the language; None: no rule


def _coordinates(project: Project) -> list[Coordinate]:
    texts = [d.coordinate for d in project.dependencies if d.coordinate]
    texts += [c for values in project.resolved.values() for c in values]
    out = []
    for text in texts:
        try:
            out.append(Coordinate.parse(text))
        except ValueError:
            continue
    return out


def resolved_framework(name: str, project: Project) -> str:
    """A source's framework with what the build decides filled in."""
    if name in ("", UNKNOWN):
        return _BY_BUILD.get(project.tests.framework or "", "junit4")
    spec = framework(name)
    if spec is None or spec.runner is not None:
        return name
    keys = {c.key for c in _coordinates(project)}
    for key, backend in spec.backends:
        if key in keys:
            return backend
    return _BY_BUILD.get(project.tests.framework or "", spec.default_backend or "junit4")


def run_of(name: str, project: Project, language: str, runners: dict[str, Any]) -> TestRun:
    resolved = resolved_framework(name, project)
    spec = framework(resolved)
    runner = spec.runner if spec is not None and spec.runner else "junit4"
    return TestRun(resolved, runner, (runners.get(runner) or {}).get(language))


def jupiter_version(project: Project) -> str:
    """The JUnit 5 version the project uses (a Jupiter artifact or the JUnit BOM), else the
    default of rules/test-frameworks.yaml."""
    for c in _coordinates(project):
        if c.version and (c.group == "org.junit.jupiter" or c.key == "org.junit:junit-bom"):
            return c.version
    return str(table()["default_jupiter_version"])


def platform_version(jupiter: str) -> str:
    """JUnit Platform's version for a Jupiter version: 1.x.y with 5.x.y, the same from 6."""
    return "1." + jupiter[2:] if jupiter.startswith("5.") else jupiter


def runtime_artifacts(runs: list[TestRun], project: Project, offline: bool) -> dict[str, str]:
    """group:artifact → version of what the project's platform tests need at run time: the
    launcher and reporting jars and each framework's engine (not offline when the mirror has
    no such engine: the offline stand-in runs that framework itself)."""
    platform = [r for r in runs if r.rule and r.rule.get("platform")]
    if not platform:
        return {}
    jupiter = jupiter_version(project)
    versions = {c.key: c.version for c in _coordinates(project) if c.version}
    wanted = {a: platform_version(jupiter) for a in table()["platform_artifacts"]}
    for run in platform:
        spec = framework(run.framework)
        if spec is None or spec.engine is None or (offline and not spec.offline_engine):
            continue
        wanted[spec.engine] = spec.engine_version or (
            jupiter if spec.engine.startswith("org.junit.") else versions.get(spec.engine, "")
        )
    return {key: versions.get(key) or version for key, version in wanted.items() if version}


def test_runtime_artifacts(
    project: Project, sources: ProjectSources, tables: RuleTables, offline: bool
) -> dict[str, str]:
    """What the project's test targets need on their runtime classpath besides the build's
    own dependencies (for the Maven pins, before any target is made)."""
    if not sources.has_files("test"):
        return {}
    tests = [f for f in sources.files("test") if f.is_test]
    if not tests:
        return {}
    languages = {f.language for f in [*sources.files("main"), *sources.files("test")]}
    language = tables.pick_language(languages or {"java"})
    runs = [run_of(f.test_framework, project, language, tables.test_runners) for f in tests]
    return runtime_artifacts(runs, project, offline)


def jvm_flags(settings: TestSettings) -> tuple[str, ...]:
    """The test task's JVM: its arguments, system properties and heap sizes."""
    flags = list(settings.jvm_args)
    flags += [f"-D{key}={value}" for key, value in settings.system_properties]
    if settings.min_heap_size:
        flags.append(f"-Xms{settings.min_heap_size}")
    if settings.max_heap_size:
        flags.append(f"-Xmx{settings.max_heap_size}")
    return tuple(flags)


def relative_to_root(value: str, root: str) -> str:
    """A setting with the build's absolute root in it (``environment 'ROOT', rootDir``) made
    relative: a BUILD file must not name one checkout's path, and Bazel runs a test in its
    runfiles tree, the workspace's mirror (``.`` is the root there)."""
    root = root.rstrip("/")
    return value.replace(root + "/", "").replace(root, ".")


def filter_flags(settings: TestSettings, properties: dict[str, str]) -> tuple[str, ...]:
    """The tag and engine filters as the system properties the JUnit 5 runner reads."""
    out = []
    for attr, prop in properties.items():
        values = getattr(settings, attr)
        if values:
            out.append(f"-D{prop}={','.join(values)}")
    return tuple(out)


def excluded_by_patterns(class_name: str, settings: TestSettings) -> str | None:
    """The include/exclude pattern of the test task that keeps Gradle from running the class
    (patterns match class files: ``**/*IT.class``), or None when Gradle runs it."""
    path = class_name.replace(".", "/") + ".class"

    def matches(pattern: str) -> bool:
        pattern = pattern if pattern.endswith(".class") else pattern + ".class"
        return fnmatch.fnmatchcase(path, pattern) or fnmatch.fnmatchcase(
            path, pattern.removeprefix("**/")
        )

    if settings.includes and not any(matches(p) for p in settings.includes):
        return f"include {', '.join(settings.includes)}"
    for pattern in settings.excludes:
        if matches(pattern):
            return f"exclude {pattern}"
    return None
