"""The static reader: a Gradle build on disk → BuildModel, without running Gradle.

Order follows Gradle's own: settings (projects, catalogs, included builds) → the root build
script (whose ``subprojects {}``/``allprojects {}`` blocks configure the others at once) → each
project's script parent-first → ``afterEvaluate`` actions. Any script or statement the reader
cannot evaluate becomes a diagnostic with file:line; the rest of the build is still read.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from typing import Any

from migrate.errors import InputError
from migrate.gradle.catalog import Catalog, CatalogError
from migrate.gradle.interpreter import (
    UNKNOWN,
    CallArgs,
    Diagnostics,
    Host,
    Interpreter,
    join_path,
)
from migrate.gradle.project_dsl import ProjectHost, ProjectState, plugin_rules
from migrate.gradle.settings_dsl import ProjectDescriptor, SettingsHost
from migrate.gradle.syntax import Script, parse
from migrate.model import BuildModel, Dependency, Diagnostic, Project, SourceSet
from migrate.paths import relative
from migrate.resources import rule_table
from migrate.sources.layout import detect_languages
from migrate.sources.listing import SourceListing

SETTINGS_FILES = ("settings.gradle", "settings.gradle.kts")
BUILD_FILES = ("build.gradle", "build.gradle.kts")
DEFAULT_CATALOG = os.path.join("gradle", "libs.versions.toml")
MODEL_NAMES = frozenset(rule_table("gradle-dsl.yaml")["model_names"])
_PROPERTY_LINE = re.compile(r"([^=:\s]+)\s*[=:\s]?\s*(.*)")
_PACKAGE_LINE = re.compile(r"^\s*package\s+([\w.]+)", re.MULTILINE)


class NotAGradleBuild(InputError):
    """The path has neither a settings script nor a build script."""


@dataclass
class BuildContext:
    """Everything shared while reading one build."""

    root: str
    diagnostics: Diagnostics = field(default_factory=Diagnostics)
    states: dict[str, ProjectState] = field(default_factory=dict)
    catalogs: dict[str, Catalog] = field(default_factory=dict)
    declared_catalogs: set[str] = field(default_factory=set)
    included_builds: list[str] = field(default_factory=list)
    conventions: dict[str, str] = field(default_factory=dict)  # plugin id → script path
    accessor_paths: dict[tuple[str, ...], str] = field(default_factory=dict)
    root_properties: dict[str, str] = field(default_factory=dict)
    scripts: dict[str, Script] = field(default_factory=dict)
    running: list[str] = field(default_factory=list)

    @property
    def root_state(self) -> ProjectState:
        return self.states[":"]

    def rel(self, path: str) -> str:
        return relative(os.path.normpath(path), self.root)

    def resolve_path(self, current: ProjectState, path: str) -> str:
        if path.startswith(":"):
            return path if path != "" else ":"
        base = current.path if current.path != ":" else ""
        return f"{base}:{path}"

    def parse_file(self, path: str) -> Script | None:
        if path not in self.scripts:
            try:
                with open(path, encoding="utf-8", errors="replace") as handle:
                    text = handle.read()
            except OSError as exc:
                self.diagnostics.add("error", self.rel(path), None, f"cannot read script: {exc}")
                return None
            script = parse(text, kotlin=path.endswith(".kts"))
            self.scripts[path] = script
            for line, message in script.problems:
                self.diagnostics.add("warning", self.rel(path), line, message)
        return self.scripts[path]

    def run_script_file(
        self, path: str, delegate: Host, variables: dict[str, Any] | None = None
    ) -> None:
        """Evaluate a script against a delegate; a crash in one script never stops the scan."""
        if path in self.running:
            self.diagnostics.add("warning", self.rel(path), None, "script applies itself; stopped")
            return
        script = self.parse_file(path)
        if script is None:
            return
        interp = Interpreter(
            script,
            self.rel(path),
            path.endswith(".kts"),
            self.diagnostics,
            os.path.dirname(path),
            BUILTINS,
            MODEL_NAMES,
        )
        self.running.append(path)
        try:
            interp.run_script(delegate, variables)
        except RecursionError:
            self.diagnostics.add(
                "warning", self.rel(path), None, "script nests too deeply; skipped"
            )
        except Exception as exc:  # the reader must survive any script: report, never crash
            message = f"internal error while evaluating this script: {exc!r}"
            self.diagnostics.add("error", self.rel(path), None, message)
        finally:
            self.running.pop()


def _builtin_list(call: CallArgs) -> Any:
    return list(call.args)


def _builtin_map(call: CallArgs) -> Any:
    out: dict[Any, Any] = dict(call.named)
    for arg in call.args:
        if isinstance(arg, tuple) and len(arg) == 2:
            out[arg[0]] = arg[1]
        else:
            return UNKNOWN
    return out


def _builtin_new_file(call: CallArgs) -> Any:
    parts = [a for a in call.args if isinstance(a, str)]
    if len(parts) != len(call.args) or not parts:
        return UNKNOWN
    return (
        join_path(parts[0], os.path.join(*parts[1:]))
        if len(parts) > 1
        else join_path(parts[0], ".")
    )


_LIST_BUILDERS = "listOf mutableListOf setOf mutableSetOf arrayOf arrayListOf emptyList emptySet"
_MAP_BUILDERS = "mapOf mutableMapOf hashMapOf linkedMapOf emptyMap"
BUILTINS = {
    **{name: _builtin_list for name in _LIST_BUILDERS.split()},
    **{name: _builtin_map for name in _MAP_BUILDERS.split()},
    "new File": _builtin_new_file,
    "File": _builtin_new_file,
    "println": lambda call: None,
    "print": lambda call: None,
}


def read_properties(path: str) -> dict[str, str]:
    """A Java .properties file, simply: key=value or key: value lines."""
    props: dict[str, str] = {}
    try:
        with open(path, encoding="utf-8", errors="replace") as handle:
            for raw in handle:
                line = raw.strip()
                if not line or line[0] in "#!":
                    continue
                match = _PROPERTY_LINE.match(line)
                if match:
                    props[match.group(1)] = match.group(2)
    except (OSError, ValueError):
        pass
    return props


def find_settings(root: str) -> str | None:
    return next(
        (os.path.join(root, f) for f in SETTINGS_FILES if os.path.isfile(os.path.join(root, f))),
        None,
    )


def read_build(path: str, listing: SourceListing | None = None) -> BuildModel:
    """Read the Gradle build rooted at ``path`` into a BuildModel; ``listing`` (when given)
    keeps the source files the reader walked, for generation to scan without walking again."""
    root = os.path.abspath(path)
    if not os.path.isdir(root):
        raise NotAGradleBuild(f"{path}: no such directory")
    settings = find_settings(root)
    if settings is None and not any(os.path.isfile(os.path.join(root, f)) for f in BUILD_FILES):
        raise NotAGradleBuild(
            f"{path}: not a Gradle build (no settings.gradle(.kts) or build.gradle(.kts))"
        )
    ctx = BuildContext(root)
    ctx.root_properties = read_properties(os.path.join(root, "gradle.properties"))
    descriptor_root = ProjectDescriptor(os.path.basename(root), root)
    _read_default_catalog(ctx)
    if settings is not None:
        ctx.run_script_file(settings, SettingsHost(ctx, descriptor_root))
    _find_conventions(ctx)
    _create_states(ctx, descriptor_root)
    _evaluate_projects(ctx)
    return _freeze(ctx, descriptor_root, listing or SourceListing())


def _read_default_catalog(ctx: BuildContext) -> None:
    path = os.path.join(ctx.root, DEFAULT_CATALOG)
    if not os.path.isfile(path):
        return
    try:
        with open(path, encoding="utf-8") as handle:
            ctx.catalogs["libs"] = Catalog.from_toml("libs", handle.read(), ctx.rel(path))
    except (CatalogError, OSError, UnicodeDecodeError) as exc:
        ctx.diagnostics.add("warning", ctx.rel(path), None, f"version catalog not read: {exc}")


def _find_conventions(ctx: BuildContext) -> None:
    """Precompiled script plugins in buildSrc and included builds: plugin id → script."""
    roots = [os.path.join(ctx.root, "buildSrc"), *ctx.included_builds]
    for base in roots:
        if not os.path.isdir(base):
            continue
        for dirpath, dirnames, filenames in os.walk(base):
            dirnames[:] = sorted(d for d in dirnames if d not in ("build", ".gradle", "test"))
            parts = dirpath.replace(os.sep, "/").split("/")
            if "src" not in parts or "main" not in parts:
                continue
            for filename in sorted(filenames):
                if filename.endswith(".gradle.kts"):
                    plugin_id = filename[: -len(".gradle.kts")]
                    script = os.path.join(dirpath, filename)
                    with open(script, encoding="utf-8", errors="replace") as handle:
                        match = _PACKAGE_LINE.search(handle.read(4096))
                    if match:
                        plugin_id = f"{match.group(1)}.{plugin_id}"
                    ctx.conventions.setdefault(plugin_id, script)
                elif filename.endswith(".gradle") and "groovy" in parts:
                    ctx.conventions.setdefault(
                        filename[: -len(".gradle")], os.path.join(dirpath, filename)
                    )


def _camel(segment: str) -> str:
    words = re.split(r"[-_]", segment)
    return words[0][:1].lower() + words[0][1:] + "".join(w[:1].upper() + w[1:] for w in words[1:])


def _create_states(ctx: BuildContext, descriptor_root: ProjectDescriptor) -> None:
    def build_file(d: ProjectDescriptor) -> str | None:
        names = [d.build_file_name] if d.build_file_name else list(BUILD_FILES)
        for name in names:
            candidate = os.path.join(d.dir, name)
            if os.path.isfile(candidate):
                return candidate
        return None

    def create(d: ProjectDescriptor, parent: ProjectState | None) -> None:
        state = ProjectState(d.path, d.name, d.dir, build_file(d), parent)
        state.properties = (
            read_properties(os.path.join(d.dir, "gradle.properties"))
            if parent
            else dict(ctx.root_properties)
        )
        state.host = ProjectHost(state, ctx)
        ctx.states[state.path] = state
        if parent is not None:
            parent.children.append(state)
            segments = tuple(_camel(p) for p in state.path.split(":") if p)
            ctx.accessor_paths[segments] = state.path
        for child in d.children:
            create(child, state)

    create(descriptor_root, None)


def _evaluate_projects(ctx: BuildContext) -> None:
    order = [ctx.root_state, *ctx.root_state.descendants()]
    for state in order:
        if state.build_file is not None:
            ctx.run_script_file(state.build_file, state.host)
        while state.after_evaluate:
            closure = state.after_evaluate.pop(0)
            try:
                closure.run(state.host, state.host)
            except Exception as exc:  # same guarantee as run_script_file
                ctx.diagnostics.add(
                    "error",
                    closure.interp.file,
                    closure.node.line,
                    f"internal error in afterEvaluate: {exc!r}",
                )


def _source_sets(state: ProjectState, listing: SourceListing) -> tuple[SourceSet, ...]:
    """Declared and default source sets with the languages found in them.

    A project without a JVM plugin keeps a default source set only if it holds sources (its
    plugin may be a binary convention plugin the reader cannot see into).
    """
    rules = plugin_rules()
    jvm = bool(state.applied & set(rules["jvm"]))
    declared = set(state.source_sets)
    names: list[str] = []
    compiled = state.jvm_source_sets() if state.is_multiplatform else None
    if compiled is not None:
        names += compiled
    else:
        names += ["main", "test"]
        for plugin in sorted(state.applied):
            names += rules["source_sets"].get(plugin, [])
    for name in names:
        state.source_set(name)
    out = []
    for name, dirs in state.source_sets.items():
        if compiled is not None and name not in compiled:
            continue  # a KMP source set of another target (androidMain, iosMain, ...)
        code_dirs = [d for kind, ds in dirs.items() if kind != "resources" for d in ds]
        languages = detect_languages(code_dirs, listing)
        if languages or jvm or state.is_multiplatform or name in declared:
            out.append(SourceSet(name, {k: tuple(v) for k, v in dirs.items()}, languages))
    return tuple(out)


def _dependencies(ctx: BuildContext, state: ProjectState) -> tuple[Dependency, ...]:
    """The project's dependencies; for KMP only those of source sets the JVM target compiles."""
    if not state.is_multiplatform:
        return tuple(state.dependencies)
    if not state.kmp_targets:
        _report_no_jvm_target(ctx, state)
    compiled = set(state.jvm_source_sets())
    return tuple(
        dep
        for dep in state.dependencies
        if state.kmp_source_set_of(dep.configuration) in compiled | {None}
    )


def _report_no_jvm_target(ctx: BuildContext, state: ProjectState) -> None:
    others = [name for name, _, _ in state.kmp_other_targets]
    file, line = (
        state.kmp_other_targets[0][1:]
        if state.kmp_other_targets
        else (ctx.rel(state.build_file) if state.build_file else None, None)
    )
    targets = f" (targets: {', '.join(dict.fromkeys(others))})" if others else ""
    ctx.diagnostics.add(
        "warning",
        file,
        line,
        f"Kotlin Multiplatform project {state.path} has no JVM target{targets}: only "
        "commonMain/commonTest are read; the source sets of its other targets are left out",
    )


def _freeze(
    ctx: BuildContext, descriptor_root: ProjectDescriptor, listing: SourceListing
) -> BuildModel:
    projects = []
    for path in sorted(ctx.states):
        state = ctx.states[path]
        source_sets = tuple(
            SourceSet(
                s.name, {k: tuple(ctx.rel(d) for d in v) for k, v in s.dirs.items()}, s.languages
            )
            for s in _source_sets(state, listing)
        )
        projects.append(
            Project(
                path=state.path,
                dir=ctx.rel(state.dir),
                build_file=ctx.rel(state.build_file) if state.build_file else None,
                plugins=tuple(state.plugins),
                source_sets=source_sets,
                dependencies=_dependencies(ctx, state),
                main_class=state.main_class,
                tests=state.test_task.freeze(),
            )
        )
    diagnostics = tuple(
        sorted(
            (
                Diagnostic(severity, file, line, message)
                for (file, line, message), severity in ctx.diagnostics.items.items()
            ),
            key=lambda d: (d.file or "", d.line or 0, d.message),
        )
    )
    return BuildModel(ctx.root, tuple(projects), diagnostics, descriptor_root.name)
