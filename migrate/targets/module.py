"""Module granularity: one library per Gradle project, 1:1 with what Gradle builds.

Per project: a library of the main sources, a helper library of non-test test sources, one test
target per test class (as Gradle's test task runs every test class it finds), a binary for
``application`` projects, a test-fixtures library for ``java-test-fixtures`` projects, and a
neverlink wrapper for ``compileOnly`` dependencies.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass, field, replace

from migrate.bazel.label import project_package
from migrate.bazel.rule import BuildFile, Glob, Rule, StringDict
from migrate.languages import unbuilt
from migrate.maven.labels import maven_label
from migrate.model import Dependency, Project
from migrate.paths import relative
from migrate.sources.scanner import SourceFile
from migrate.sources.test_frameworks import framework
from migrate.targets.context import GenerationContext, ProjectSources
from migrate.targets.findings import Finding
from migrate.targets.naming import TestClass, unique_test_names
from migrate.targets.test_runners import (
    excluded_by_patterns,
    filter_flags,
    jvm_flags,
    relative_to_root,
    run_of,
    runtime_artifacts,
)

ROLES = ("main", "test", "fixtures")


@dataclass
class _Deps:
    """Labels per attribute, per role (main, test, fixtures)."""

    attrs: dict[str, dict[str, set[str]]] = field(
        default_factory=lambda: {role: defaultdict(set) for role in ROLES}
    )

    def add(self, role: str, attr: str, label: str) -> None:
        self.attrs[role][attr].add(label)

    def get(self, role: str, attr: str) -> tuple[str, ...]:
        return tuple(sorted(self.attrs[role].get(attr, ())))


def _extension(path: str) -> str:
    return os.path.splitext(path)[1].lstrip(".")


def _sorted(labels: set[str] | tuple[str, ...]) -> tuple[str, ...]:
    return tuple(sorted(set(labels)))


def dependency_label(
    dep: Dependency, project: Project, ctx: GenerationContext, findings: list[Finding]
) -> str | None:
    """The Bazel label a Gradle dependency becomes, or None (with a finding) if it has none."""
    if dep.platform:
        findings.append(
            Finding(
                "info",
                project.path,
                f"{dep.configuration} platform "
                f"{dep.project or dep.coordinate}: a BOM only pins versions; "
                "no Bazel dependency generated",
            )
        )
        return None
    if dep.project is not None:
        if dep.target_configuration:
            findings.append(
                Finding(
                    "warning",
                    project.path,
                    f"{dep.project} (configuration {dep.target_configuration}) "
                    "is mapped to the project's library",
                )
            )
        label = ctx.library_label(dep.project, fixtures=dep.test_fixtures)
        if label is None:
            what = "test fixtures" if dep.test_fixtures else "library"
            findings.append(
                Finding(
                    "warning",
                    project.path,
                    f"{dep.configuration} {dep.project}: that project has no "
                    f"{what} target to depend on",
                )
            )
        return label
    if dep.coordinate is not None:
        return maven_label(dep.coordinate, ctx.maven.repository_for(project.path))
    findings.append(
        Finding(
            "warning",
            project.path,
            f"{dep.configuration} {dep.other}: file and other non-Maven "
            "dependencies are not generated; add them by hand",
        )
    )
    return None


def collect_dependencies(
    project: Project, ctx: GenerationContext, findings: list[Finding]
) -> _Deps:
    deps = _Deps()
    for dep in project.dependencies:
        if ctx.tables.is_ignored(dep.configuration):
            findings.append(
                Finding("info", project.path, f"{dep.configuration} dependencies are not generated")
            )
            continue
        mapping = ctx.tables.configuration(dep.configuration)
        if mapping is None:
            what = dep.project or dep.coordinate or dep.other
            findings.append(
                Finding(
                    "warning",
                    project.path,
                    f"configuration {dep.configuration} has no Bazel mapping "
                    f"(rules/configurations.yaml): {what} not generated",
                )
            )
            continue
        label = dependency_label(dep, project, ctx, findings)
        if label is None:
            continue
        for attr in mapping["attrs"]:
            deps.add(mapping["target"], attr, label)
    return deps


class ModuleTargets:
    """Builds one project's BuildFile."""

    def __init__(
        self,
        project: Project,
        sources: ProjectSources,
        ctx: GenerationContext,
        reserved: frozenset[str] = frozenset(),
    ) -> None:
        self.project, self.sources, self.ctx = project, sources, ctx
        self.tables = ctx.tables
        self.package = project_package(project.dir)
        self.name = ctx.project_name(project)
        self.reserved = reserved  # other targets of this package (package mode's units)
        self.findings: list[Finding] = []
        self._compiled_apart: dict[str, str] = {}  # test class → library kind compiling it

    def _local(self, role: str) -> str:
        return ":" + self.tables.target_name(role, self.name)

    def _srcs(
        self, files: list[SourceFile], extensions: list[str], exclude: list[SourceFile] = ()
    ) -> Glob | None:
        by_dir: dict[str, set[str]] = defaultdict(set)
        for source in files:
            ext = _extension(source.path)
            if ext in extensions:
                by_dir[self.sources.root_of(source.path)].add(ext)
        patterns = [
            f"{self._rel(d)}/**/*.{ext}" for d in sorted(by_dir) for ext in sorted(by_dir[d])
        ]
        left_out = [
            f
            for f in self._left_out()
            if _extension(f.path) in by_dir.get(self.sources.root_of(f.path), ())
        ]
        excluded = tuple(sorted({self._rel(f.path) for f in [*exclude, *left_out]}))
        return Glob(tuple(patterns), excluded) if patterns else None

    def _left_out(self) -> list[SourceFile]:
        """Source files no rule compiles (module-info.java), in every role."""
        return [f for r in ROLES for f in self.sources.files(r) if self.ctx.left_out(f.path)]

    def _compiled(self, role: str) -> list[SourceFile]:
        return [f for f in self.sources.files(role) if not self.ctx.left_out(f.path)]

    def _report_left_out(self) -> None:
        for source in self._left_out():
            self.findings.append(
                Finding(
                    "warning",
                    self.project.path,
                    f"{self._rel(source.path)} left out of srcs: {self.ctx.left_out(source.path)}",
                )
            )

    def _report_unsupported(self) -> None:
        """Source kinds no rule builds (Groovy): said, never silently dropped."""
        for kind, language in unbuilt().items():
            for role in ROLES:
                for top, count in self.sources.kind_files(role, kind).items():
                    self.findings.append(
                        Finding(
                            "warning",
                            self.project.path,
                            f"{self._rel(top)} holds {count} {language} file(s): "
                            f"{language} is not generated",
                        )
                    )

    def _named_tests(
        self, entries: list[tuple[Rule, TestClass | None]], others: list[Rule]
    ) -> list[Rule]:
        """The test rules renamed so that no two targets of the BUILD file share a name."""
        taken = {r.name for r in others} | {r.name for r, t in entries if t is None}
        reserved = taken | self.tables.role_names(self.name) | self.reserved
        names = unique_test_names(
            [t for _, t in entries if t is not None],
            reserved,
            self.project.path,
            self._build_file(),
        )
        return [r if t is None else replace(r, name=names[t]) for r, t in entries]

    def _build_file(self) -> str:
        return f"{self.package}/BUILD.bazel" if self.package else "BUILD.bazel"

    def _rel(self, path: str) -> str:
        return relative(path, self.sources.project_dir)

    def _resources(self, role: str) -> list[tuple[str, object]]:
        dirs = self.sources.resource_dirs(role)
        if not dirs:
            return []
        if len(dirs) > 1:
            self.findings.append(
                Finding(
                    "warning",
                    self.project.path,
                    f"several {role} resource directories; only {self._rel(dirs[0])} is generated",
                )
            )
        rel = self._rel(dirs[0])
        prefix = f"{self.package}/{rel}" if self.package else rel
        return [("resource_strip_prefix", prefix), ("resources", Glob((f"{rel}/**",)))]

    def build(self) -> tuple[BuildFile | None, list[Finding]]:
        if not self.ctx.is_jvm_project(self.project):
            return None, []
        self._report_unsupported()
        deps = collect_dependencies(self.project, self.ctx, self.findings)
        self._report_left_out()
        main_files, test_files, fixture_files = (self._compiled(role) for role in ROLES)
        language = self.tables.pick_language(
            {f.language for f in main_files + test_files} or {"java"}
        )
        lang = self.tables.language(language)
        java = self.tables.language("java")
        rules: list[Rule] = []

        compile_only = deps.get("main", "neverlink")
        if compile_only:
            rules.append(
                Rule(
                    java["library"],
                    self.tables.target_name("compile_only", self.name),
                    (("neverlink", True), ("exports", compile_only)),
                    self.tables.load_of(java["library"]),
                )
            )
            deps.add("main", "deps", self._local("compile_only"))

        # The same answer dependents get from ctx.library_label: a label to it never dangles.
        has_library = self.ctx.has_library(self.project)
        if has_library:
            rules.append(self._library(lang, main_files, deps, "main", "library", public=True))
        if fixture_files:
            if has_library:
                deps.add("fixtures", "deps", self._local("library"))
            rules.append(
                self._library(
                    lang,
                    fixture_files,
                    deps,
                    "fixtures",
                    "test_fixtures",
                    public=True,
                    testonly=True,
                )
            )
        binary = self._binary(lang, has_library)
        tests = self._tests(lang, test_files, deps, has_library, bool(fixture_files))
        for rule in self._named_tests(tests, rules + ([binary] if binary else [])):
            rules += self._compile_apart(rule)
        if binary is not None:
            rules.append(binary)
        if not rules:
            return None, self.findings
        header = (
            f"Generated by migrate from {self.project.build_file or self.project.dir} "
            f"(Gradle project {self.project.path}).",
        )
        return BuildFile(self.package, tuple(rules), header), self.findings

    def _library(
        self,
        lang: dict,
        files: list[SourceFile],
        deps: _Deps,
        role: str,
        name_role: str,
        public: bool,
        testonly: bool = False,
    ) -> Rule:
        srcs = self._srcs(files, lang["extensions"])
        attrs: list[tuple[str, object]] = []
        if srcs is not None:
            attrs.append(("srcs", srcs))
        attrs += self._resources(role)
        if lang.get("module_name") and srcs is not None:
            attrs.append(("module_name", self.ctx.module_name(self.project, lang)))
        if testonly:
            attrs.append(("testonly", True))
        if public:
            attrs.append(("visibility", ("//visibility:public",)))
        exports = set(deps.get(role, "exports"))
        compile_deps = set(deps.get(role, "deps"))
        if srcs is None:  # a library without sources can only re-export
            exports |= compile_deps
            compile_deps = set()
        if exports:
            attrs.append(("exports", _sorted(exports)))
        if compile_deps:
            attrs.append(("deps", _sorted(compile_deps)))
        runtime = deps.get(role, "runtime_deps")
        if runtime:
            attrs.append(("runtime_deps", runtime))
        name = self.tables.target_name(name_role, self.name)
        return Rule(lang["library"], name, tuple(attrs), self.tables.load_of(lang["library"]))  # type: ignore[arg-type]

    def _test_deps(self, deps: _Deps, has_library: bool, has_fixtures: bool) -> set[str]:
        """Gradle's test classpath: the main code, what main compiles against, and test deps."""
        labels = set(deps.get("test", "deps"))
        labels |= set(deps.get("main", "deps")) | set(deps.get("main", "exports"))
        labels.discard(self._local("compile_only"))  # compileOnly is not on the test classpath
        if has_library:
            labels.add(self._local("library"))
        if has_fixtures:
            labels.add(self._local("test_fixtures"))
        return labels

    def _tests(
        self,
        lang: dict,
        files: list[SourceFile],
        deps: _Deps,
        has_library: bool,
        has_fixtures: bool,
    ) -> list[tuple[Rule, TestClass | None]]:
        """The test helper library and one target per test class (named by _named_tests)."""
        if not files:
            return []
        tests = [f for f in files if f.is_test]
        helpers = [f for f in files if not f.is_test]
        compile_deps = self._test_deps(deps, has_library, has_fixtures)
        runtime = set(deps.get("test", "runtime_deps")) | set(deps.get("main", "runtime_deps"))
        rules: list[tuple[Rule, TestClass | None]] = []
        resources = self._resources("test")
        if helpers or resources:
            attrs: list[tuple[str, object]] = []
            srcs = self._srcs(helpers, lang["extensions"], exclude=tests)
            if srcs is not None:
                attrs.append(("srcs", srcs))
            attrs += resources
            attrs.append(("testonly", True))
            if srcs is not None and compile_deps:
                attrs.append(("deps", _sorted(compile_deps)))
            elif compile_deps:
                attrs.append(("exports", _sorted(compile_deps)))
            helper = Rule(
                lang["library"],
                self.tables.target_name("test_library", self.name),
                tuple(attrs),  # type: ignore[arg-type]
                self.tables.load_of(lang["library"]),
            )
            rules.append((helper, None))
            compile_deps = compile_deps | {self._local("test_library")}
        for source in sorted(tests, key=lambda s: s.path):
            made = self._test(source, lang, compile_deps, runtime, has_library)
            if made is not None:
                rules.append(made)
        return rules

    def _test(
        self,
        source: SourceFile,
        lang: dict,
        compile_deps: set[str],
        runtime: set[str],
        has_library: bool,
    ) -> tuple[Rule, TestClass] | None:
        """The target running one test file's class with its framework's runner, set up as
        the project's test task sets up its JVM; None (reported) when no rule runs it."""
        settings = self.project.tests
        language = next(n for n, spec in self.tables.jvm["languages"].items() if spec is lang)
        run = run_of(source.test_framework, self.project, language, self.tables.test_runners)
        test_class = source.test_classes[0]
        display = getattr(framework(run.framework), "display", run.framework)
        if run.rule is None:
            self.findings.append(
                Finding(
                    "warning",
                    self.project.path,
                    f"{self._rel(source.path)}: {display} tests in {language} have no Bazel "
                    f"runner migrate generates; {test_class} is not generated",
                )
            )
            return None
        excluded = excluded_by_patterns(test_class, settings)
        if excluded is not None:
            self.findings.append(
                Finding(
                    "info",
                    self.project.path,
                    f"{self._rel(source.path)}: the test task's {excluded} keeps Gradle from "
                    f"running {test_class}; not generated",
                )
            )
            return None
        if len(source.test_classes) > 1:
            self.findings.append(
                Finding(
                    "warning",
                    self.project.path,
                    f"{self._rel(source.path)} holds several test classes; "
                    f"the target runs {test_class} only",
                )
            )
        rule_spec = run.rule
        simple = test_class.rsplit(".", 1)[-1]
        attrs: list[tuple[str, object]] = [
            ("size", self.tables.jvm["test_size"]),
            ("srcs", (self._rel(source.path),)),
        ]
        if rule_spec["selector"] == "suffixes":
            attrs.append(("suffixes", (simple,)))
        elif rule_spec["selector"] == "test_class":
            attrs.append(("test_class", test_class))
        if rule_spec.get("main_class"):
            attrs.append(("main_class", rule_spec["main_class"]))
        if lang.get("associates") and has_library:
            attrs.append(("associates", (self._local("library"),)))
        attrs.append(("deps", _sorted(compile_deps)))
        runtime = set(runtime) | set(rule_spec.get("runtime_deps", ()))
        if rule_spec.get("platform"):
            repository = self.ctx.maven.repository_for(self.project.path)
            needed = runtime_artifacts([run], self.project, self.ctx.offline)
            runtime |= {maven_label(key, repository) for key in needed}
        if runtime:
            attrs.append(("runtime_deps", _sorted(runtime)))
        flags = self._relocated(jvm_flags(settings))
        if rule_spec.get("platform"):
            if rule_spec.get("tags_as") == "attributes":
                for attr in self.tables.jvm["runner_filter_properties"]:
                    if getattr(settings, attr):
                        attrs.append((attr, getattr(settings, attr)))
            else:
                flags += filter_flags(settings, self.tables.jvm["runner_filter_properties"])
        elif settings.include_tags or settings.exclude_tags:
            self.findings.append(
                Finding(
                    "warning",
                    self.project.path,
                    f"{self._rel(source.path)}: the test task's tag/group/category filters are "
                    f"not carried over to {rule_spec['kind']} (every test of {simple} runs)",
                )
            )
        if flags:
            attrs.append(("jvm_flags", flags))
        if settings.environment:
            values = self._relocated(tuple(v for _, v in settings.environment))
            pairs = tuple((k, v) for (k, _), v in zip(settings.environment, values, strict=True))
            attrs.append(("env", StringDict(pairs)))
        kind = rule_spec["kind"]
        rule = Rule(kind, simple, tuple(attrs), self.tables.load_of(kind))  # type: ignore[arg-type]
        if rule_spec.get("compile_with") == "library":
            self._compiled_apart[test_class] = lang["library"]
        return rule, TestClass(test_class, relative(source.path, self.ctx.model.root))

    def _compile_apart(self, rule: Rule) -> list[Rule]:
        """A test whose runner cannot compile its language (JUnit 5 in Scala): the language's
        library compiles it (``<name>_lib``), the runner runs it from its runtime_deps."""
        library = self._compiled_apart.get(str(rule.attr("test_class") or ""))
        if library is None:
            return [rule]
        name = f"{rule.name}_lib"
        lib_attrs: list[tuple[str, object]] = [("srcs", rule.attr("srcs")), ("testonly", True)]
        lib_attrs.append(("deps", rule.attr("deps")))
        lib = Rule(library, name, tuple(lib_attrs), self.tables.load_of(library))  # type: ignore[arg-type]
        runtime = set(rule.attr("runtime_deps") or ()) | {f":{name}"}  # type: ignore[arg-type]
        runner = rule.with_attr("srcs", None).with_attr("deps", None)
        return [lib, runner.with_attr("runtime_deps", _sorted(runtime))]

    def _relocated(self, values: tuple[str, ...]) -> tuple[str, ...]:
        """Test settings without the build root's absolute path (said once per project)."""
        root = self.ctx.model.root
        out = tuple(relative_to_root(v, root) for v in values)
        if out != values and not getattr(self, "_said_relocated", False):
            self._said_relocated = True
            where = self.project.tests
            at = f" ({where.file}:{where.line})" if where.file and where.line else ""
            self.findings.append(
                Finding(
                    "warning",
                    self.project.path,
                    f"the test task's settings{at} name paths in the build: written relative to "
                    "the test's working directory (Bazel's runfiles tree); put the files the "
                    "tests read there in `data`",
                )
            )
        return out

    def _binary(self, lang: dict, has_library: bool) -> Rule | None:
        binary_plugins = set(self.tables.jvm["binary_plugins"])
        if not binary_plugins & set(self.project.plugins):
            return None
        main_class = self.project.main_class or self.sources.single_main_class()
        if main_class is None or not has_library:
            self.findings.append(
                Finding(
                    "warning",
                    self.project.path,
                    "application project without a known main class: "
                    "no binary generated (set mainClassName)",
                )
            )
            return None
        attrs = (("main_class", main_class), ("runtime_deps", (self._local("library"),)))
        return Rule(
            lang["binary"],
            self.tables.target_name("binary", self.name),
            attrs,
            self.tables.load_of(lang["binary"]),
        )
