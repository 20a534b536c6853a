"""The BuildModel: what a Gradle build declares, as plain frozen values.

Every later stage (graph, targets, verification, planning) reads this model and nothing else,
so it is serialisable to JSON and back without loss (see ``SCHEMA_VERSION``).
"""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass, field
from typing import Any

from migrate import values
from migrate.errors import InputError

SCHEMA_VERSION = 1


class ModelError(InputError):
    """A serialised model that cannot be read back (wrong schema, missing keys)."""


@dataclass(frozen=True, order=True)
class Diagnostic:
    """Something the reader could not fully understand; never fatal."""

    severity: str  # "error" | "warning" | "info"
    file: str | None  # relative to the build root
    line: int | None
    message: str

    def location(self) -> str:
        if self.file and self.line:
            return f"{self.file}:{self.line}"
        return self.file or "<build>"


@dataclass(frozen=True)
class Dependency:
    """One declared dependency: exactly one of project, coordinate or other is set."""

    configuration: str
    project: str | None = None
    coordinate: str | None = None
    other: str | None = None
    platform: bool = False
    test_fixtures: bool = False
    target_configuration: str | None = None
    file: str | None = None
    line: int | None = None

    @property
    def kind(self) -> str:
        if self.project is not None:
            return "project"
        if self.coordinate is not None:
            return "external"
        return "other"

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {"configuration": self.configuration}
        for key in ("project", "coordinate", "other", "target_configuration", "file", "line"):
            value = getattr(self, key)
            if value is not None:
                data[key] = value
        if self.platform:
            data["platform"] = True
        if self.test_fixtures:
            data["test_fixtures"] = True
        return data


@dataclass(frozen=True)
class SourceSet:
    """A Gradle source set: its directories per kind and the languages found in them."""

    name: str
    dirs: dict[str, tuple[str, ...]]  # "java" | "kotlin" | "scala" | "groovy" | "resources" → dirs
    languages: tuple[str, ...] = ()

    def to_json(self) -> dict[str, Any]:
        return {
            "dirs": {k: list(v) for k, v in self.dirs.items()},
            "languages": list(self.languages),
        }


@dataclass(frozen=True)
class TestSettings:
    """How the project's ``test`` task runs its tests: what Bazel's test targets must repeat
    (framework, filters, JVM and environment) for the same tests to run the same way."""

    __test__ = False  # not a pytest test class

    framework: str | None = None  # junit | junit-platform | testng; None: not said (JUnit 4)
    include_tags: tuple[str, ...] = ()  # useJUnitPlatform { includeTags } / TestNG groups
    exclude_tags: tuple[str, ...] = ()
    include_engines: tuple[str, ...] = ()
    exclude_engines: tuple[str, ...] = ()
    jvm_args: tuple[str, ...] = ()
    system_properties: tuple[tuple[str, str], ...] = ()
    environment: tuple[tuple[str, str], ...] = ()
    max_heap_size: str | None = None
    min_heap_size: str | None = None
    includes: tuple[str, ...] = ()  # class-file patterns: include '**/*Test.class'
    excludes: tuple[str, ...] = ()
    file: str | None = None  # where the test task is configured (relative to the root)
    line: int | None = None

    def is_default(self) -> bool:
        return self == TestSettings(file=self.file, line=self.line)

    def to_json(self) -> dict[str, Any]:
        """The settings that differ from the defaults (always with where they were read)."""
        data = values.to_json(self)
        return {k: v for k, v in data.items() if v not in (None, [])}


@dataclass(frozen=True)
class Project:
    """A Gradle project as the build declares it."""

    path: str
    dir: str  # relative to the build root, "." for the root project
    build_file: str | None
    plugins: tuple[str, ...] = ()
    source_sets: tuple[SourceSet, ...] = ()
    dependencies: tuple[Dependency, ...] = ()
    main_class: str | None = None
    source: str = "static"  # "static" (read from the scripts) or "gradle" (from Gradle itself)
    resolved: dict[str, tuple[str, ...]] = field(default_factory=dict)
    tests: TestSettings = TestSettings()

    @property
    def name(self) -> str:
        return self.path.rsplit(":", 1)[-1] or self.path

    @property
    def languages(self) -> dict[str, list[str]]:
        return {s.name: list(s.languages) for s in self.source_sets if s.languages}

    def to_json(self) -> dict[str, Any]:
        data: dict[str, Any] = {
            "path": self.path,
            "dir": self.dir,
            "build_file": self.build_file,
            "plugins": list(self.plugins),
            "languages": self.languages,
            "source_sets": {s.name: s.to_json() for s in self.source_sets},
            "dependencies": [d.to_json() for d in self.dependencies],
            "main_class": self.main_class,
            "source": self.source,
        }
        if self.resolved:
            data["resolved"] = {k: list(v) for k, v in self.resolved.items()}
        if not self.tests.is_default():
            data["tests"] = self.tests.to_json()
        return data


@dataclass(frozen=True)
class BuildModel:
    """The whole build: its projects (sorted by path) and what the reader had to say."""

    root: str
    projects: tuple[Project, ...]
    diagnostics: tuple[Diagnostic, ...] = ()
    root_project_name: str | None = None

    def project(self, path: str) -> Project:
        for project in self.projects:
            if project.path == path:
                return project
        raise KeyError(path)

    def to_json(self) -> dict[str, Any]:
        return {
            "schema_version": SCHEMA_VERSION,
            "root": self.root,
            "root_project_name": self.root_project_name,
            "projects": [p.to_json() for p in self.projects],
            "diagnostics": [asdict(d) for d in self.diagnostics],
        }

    def dumps(self) -> str:
        return json.dumps(self.to_json(), indent=2, sort_keys=False) + "\n"

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BuildModel:
        version = data.get("schema_version")
        if version != SCHEMA_VERSION:
            raise ModelError(
                f"unsupported model schema_version {version!r} (expected {SCHEMA_VERSION})"
            )
        try:
            projects = tuple(_project_from_json(p) for p in data["projects"])
            diagnostics = tuple(Diagnostic(**d) for d in data.get("diagnostics", []))
            return cls(data["root"], projects, diagnostics, data.get("root_project_name"))
        except (KeyError, TypeError) as exc:
            raise ModelError(f"malformed model: {exc}") from exc

    @classmethod
    def loads(cls, text: str) -> BuildModel:
        return cls.from_json(json.loads(text))


def _project_from_json(data: dict[str, Any]) -> Project:
    source_sets = tuple(
        SourceSet(name, {k: tuple(v) for k, v in s["dirs"].items()}, tuple(s["languages"]))
        for name, s in data.get("source_sets", {}).items()
    )
    return Project(
        path=data["path"],
        dir=data["dir"],
        build_file=data["build_file"],
        plugins=tuple(data.get("plugins", ())),
        source_sets=source_sets,
        dependencies=tuple(Dependency(**d) for d in data.get("dependencies", ())),
        main_class=data.get("main_class"),
        source=data.get("source", "static"),
        resolved={k: tuple(v) for k, v in data.get("resolved", {}).items()},
        tests=values.from_json(TestSettings, data["tests"]) if "tests" in data else TestSettings(),
    )
