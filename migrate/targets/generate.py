"""Generation, phase by phase: plan third-party pins → build each project's targets → the
workspace spec. Pure: it returns values; writing files is the writer's job."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from migrate.bazel.bazelignore import gradle_output_directories
from migrate.bazel.label import Label, project_package
from migrate.bazel.rule import BuildFile
from migrate.bazel.spec import RemoteSettings, WorkspaceSpec
from migrate.languages import languages
from migrate.maven.pins import plan_maven
from migrate.model import BuildModel
from migrate.paths import relative
from migrate.progress import Progress
from migrate.sources.listing import SourceListing
from migrate.targets.context import GenerationContext, source_set_roles
from migrate.targets.findings import Finding, GenerationError
from migrate.targets.inputs import GenerationInputs, read_inputs
from migrate.targets.module import ModuleTargets
from migrate.targets.not_generated import not_generated_findings
from migrate.targets.tables import RuleTables
from migrate.targets.test_runners import test_runtime_artifacts
from migrate.values import from_json, to_json

GRANULARITIES = ("module", "package")


@dataclass(frozen=True)
class GenerateOptions:
    granularity: str = "module"
    modules: tuple[str, ...] = ()  # Gradle paths; empty = every project
    bazel_version: str = "4.2.3"
    offline_mirror: str | None = None  # local directory of a Maven-layout mirror
    remote: RemoteSettings = field(default_factory=RemoteSettings)
    rule_overrides: dict = field(default_factory=dict)
    cache: bool = True  # keep source scans on disk between runs (see sources/cache.py)


@dataclass(frozen=True)
class Generation:
    build_files: tuple[BuildFile, ...]
    workspace: WorkspaceSpec
    findings: tuple[Finding, ...]
    projects: dict[str, str]  # Gradle path → Bazel package, for the projects generated
    main_targets: dict[str, tuple[str, ...]] = field(default_factory=dict)  # the main jar's code
    test_targets: dict[str, tuple[str, ...]] = field(default_factory=dict)
    packages: dict[str, tuple[str, ...]] = field(default_factory=dict)  # project → its BUILD dirs

    def to_json(self) -> dict[str, Any]:
        """The whole generation as JSON data; ``from_json`` reads it back into an equal value."""
        return to_json(self)

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Generation:
        return from_json(cls, data)


def generate(
    model: BuildModel, options: GenerateOptions, inputs: GenerationInputs | None = None
) -> Generation:
    """The targets, workspace spec and findings for ``model``; pure given ``inputs`` (what it
    reads from disk, see inputs.py: read here first when not given)."""
    if options.granularity not in GRANULARITIES:
        raise GenerationError(
            f"unknown granularity {options.granularity!r} (choose {' or '.join(GRANULARITIES)})"
        )
    known = {p.path for p in model.projects}
    unknown = [m for m in options.modules if m not in known]
    if unknown:
        raise GenerationError(f"no such Gradle project: {', '.join(unknown)}")
    selected = set(options.modules) or known
    if inputs is None:
        inputs = read_generation_inputs(model, options)
    tables = RuleTables.load(options.rule_overrides)
    offline = options.offline_mirror is not None
    runtime = {
        p.path: test_runtime_artifacts(p, inputs.sources[p.path], tables, offline)
        for p in model.projects
        if p.path in selected and p.path in inputs.sources
    }
    maven = plan_maven(model, {path: pins for path, pins in runtime.items() if pins})
    ctx = GenerationContext(model, tables, maven, inputs, offline)
    findings: list[Finding] = list(maven.findings)
    build_files: list[BuildFile] = []
    projects: dict[str, str] = {}
    main_targets: dict[str, tuple[str, ...]] = {}
    test_targets: dict[str, tuple[str, ...]] = {}
    packages: dict[str, tuple[str, ...]] = {}
    languages: set[str] = set()
    owners: dict[str, str] = {}  # Bazel package → the project whose BUILD file it is
    progress = Progress("generating", len(selected))
    for project in model.projects:
        if project.path not in selected:
            continue
        progress.advance()
        sources = ctx.sources(project)
        for outside in sources.outside_dirs():
            findings.append(
                Finding(
                    "warning",
                    project.path,
                    f"source directory {relative(outside, model.root)} is outside the project "
                    "directory; not generated",
                )
            )
        generated_sets = {n for names in source_set_roles(project).values() for n in names}
        findings += not_generated_findings(project, generated_sets)
        if options.granularity == "package":
            from migrate.targets.package import PackageTargets

            files, found = PackageTargets(project, sources, ctx).build()
        else:
            build_file, found = ModuleTargets(project, sources, ctx).build()
            files = [build_file] if build_file else []
        findings += found
        _claim(owners, project.path, files)
        build_files += files
        if files:
            projects[project.path] = project_package(project.dir)
            packages[project.path] = tuple(f.package for f in files)
            main_targets[project.path], test_targets[project.path] = _roles(files, tables)
    progress.close()
    test_kinds = tables.test_kinds()
    for build_file in build_files:
        for rule in build_file.rules:
            for name, spec in tables.jvm["languages"].items():
                if rule.kind in (spec["library"], spec["binary"]):
                    languages.add(name)
            if rule.kind in test_kinds:
                languages.add(test_kinds[rule.kind])
    workspace = WorkspaceSpec(
        name=re.sub(r"\W", "_", model.root_project_name or "workspace"),
        bazel_version=options.bazel_version,
        languages=frozenset(languages | {"java"}),
        maven=maven.repositories,
        remote=options.remote,
        offline_mirror=options.offline_mirror,
        ignored_directories=gradle_output_directories(p.dir for p in model.projects),
        rule_sets=_rule_sets(build_files, {r.name for r in maven.repositories}),
    )
    unique = tuple(sorted(set(findings), key=lambda f: (f.project, f.severity, f.message)))
    return Generation(
        tuple(build_files), workspace, unique, projects, main_targets, test_targets, packages
    )


def _rule_sets(build_files: list[BuildFile], maven: set[str]) -> frozenset[str]:
    """The external repositories the BUILD files load rules from or depend on, besides the
    Maven ones (the workspace must declare each)."""
    found: set[str] = set()
    for build_file in build_files:
        for rule in build_file.rules:
            if rule.load and rule.load.startswith("@"):
                found.add(rule.load[1:].split("//", 1)[0])
            for _, value in rule.attrs:
                for item in value if isinstance(value, tuple) else ():
                    if item.startswith("@") and "//" in item:
                        found.add(item[1:].split("//", 1)[0])
    builtin = {lang.rule_set for lang in languages()} | {"bazel_tools"}
    return frozenset(found - maven - builtin)


def read_generation_inputs(
    model: BuildModel, options: GenerateOptions, listing: SourceListing | None = None
) -> GenerationInputs:
    """What generating with ``options`` reads from disk (``listing``: the reader's)."""
    return read_inputs(
        model,
        options.modules or [p.path for p in model.projects],
        package_granularity=options.granularity == "package",
        mirror=options.offline_mirror,
        cache=options.cache,
        listing=listing,
    )


def _claim(owners: dict[str, str], project: str, files: list[BuildFile]) -> None:
    """Each BUILD file is written once, by one project, with distinct target names: anything
    else would make the output depend on the order files are written in."""
    for build_file in files:
        where = f"{build_file.package}/BUILD.bazel" if build_file.package else "BUILD.bazel"
        other = owners.get(build_file.package)
        if other is not None:
            raise GenerationError(f"{other} and {project} both generate {where}")
        owners[build_file.package] = project
        counts = Counter(rule.name for rule in build_file.rules)
        twice = sorted(name for name, count in counts.items() if count > 1)
        if twice:
            raise GenerationError(
                f"{project}: two generated targets in {where} are named {twice[0]!r}"
            )


def _roles(files: list[BuildFile], tables: RuleTables) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Labels of the targets holding a project's main code, and of its tests."""
    libraries = {spec["library"] for spec in tables.jvm["languages"].values()}
    tests = tables.test_kinds()
    main, test = [], []
    for build_file in files:
        for rule in build_file.rules:
            label = str(Label("", build_file.package, rule.name))
            if rule.kind in tests:
                test.append(label)
            elif rule.kind in libraries and rule.attr("srcs") and not rule.attr("testonly"):
                main.append(label)
    return tuple(sorted(main)), tuple(sorted(test))
