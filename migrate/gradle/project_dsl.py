"""The project side of Gradle's DSL: what a build script's calls mean for the BuildModel.

Each host class stands for one Gradle object (``Project``, ``dependencies {}``, ``sourceSets``,
``plugins {}``, ``kotlin {}``, ...). They record plugins, dependencies, source directories and the
main class into a mutable ``ProjectState``; the reader freezes those into model values at the end.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from migrate.gradle.catalog import CatalogAccessor
from migrate.gradle.interpreter import (
    NOT_FOUND,
    UNKNOWN,
    BlockHost,
    CallArgs,
    ClosureValue,
    Host,
    Interpreter,
    join_path,
    to_str,
    truth,
)
from migrate.gradle.test_task_dsl import TasksHost, TestTaskHost, TestTaskState
from migrate.languages import source_kinds
from migrate.model import Dependency
from migrate.resources import rule_table

if TYPE_CHECKING:
    from migrate.gradle.reader import BuildContext

_IGNORED_DEPENDENCY_BLOCKS = {
    "components",
    "modules",
    "attributesSchema",
    "registerTransform",
    "artifactTypes",
    "ext",
    "println",
}
_KMP_CONFIGURATION = re.compile(r"([a-z][A-Za-z0-9]*?(?:Main|Test))(?=[A-Z])")
# Kotlin Multiplatform targets that do not compile for the JVM (androidTarget(), iosX64(), ...).
_NON_JVM_TARGET_PREFIXES = (
    "android",
    "ios",
    "js",
    "wasm",
    "macos",
    "linux",
    "mingw",
    "tvos",
    "watchos",
)
_PASS_THROUGH = {
    "project",
    "file",
    "uri",
    "rootProject",
    "findProject",
    "property",
    "findProperty",
    "hasProperty",
    "providers",
    "configurations",
}


def plugin_rules() -> dict[str, Any]:
    return rule_table("gradle-plugins.yaml")


def canonical_plugin(plugin_id: str) -> str:
    return plugin_rules()["aliases"].get(plugin_id, plugin_id)


@dataclass
class ProjectState:
    """A project while its scripts are being evaluated."""

    path: str
    name: str
    dir: str  # absolute
    build_file: str | None  # absolute
    parent: ProjectState | None = None
    children: list[ProjectState] = field(default_factory=list)
    plugins: list[str] = field(default_factory=list)
    applied: set[str] = field(default_factory=set)  # canonical ids, implied ones included
    dependencies: list[Dependency] = field(default_factory=list)
    buildscript_classpath: list[str] = field(default_factory=list)
    ext: dict[str, Any] = field(default_factory=dict)
    assigned: dict[str, Any] = field(default_factory=dict)
    properties: dict[str, str] = field(default_factory=dict)  # gradle.properties
    source_sets: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    kmp_targets: list[str] = field(default_factory=list)  # JVM targets: jvm(), jvm("desktop")
    kmp_other_targets: list[tuple[str, str, int]] = field(default_factory=list)  # name, file:line
    kmp_depends_on: dict[str, list[str]] = field(default_factory=dict)
    main_class: str | None = None
    test_task: TestTaskState = field(default_factory=TestTaskState)
    plugin_callbacks: dict[str, list[Callable[[], None]]] = field(default_factory=dict)
    after_evaluate: list[ClosureValue] = field(default_factory=list)
    applying: set[str] = field(default_factory=set)
    host: Any = None  # its ProjectHost, set by the reader

    def descendants(self) -> list[ProjectState]:
        out: list[ProjectState] = []
        for child in sorted(self.children, key=lambda c: c.path):
            out.append(child)
            out.extend(child.descendants())
        return out

    @property
    def is_multiplatform(self) -> bool:
        return bool(self.applied & set(plugin_rules()["multiplatform"]))

    def jvm_source_sets(self) -> list[str]:
        """KMP source sets the JVM target compiles: the default source sets of its main and
        test compilations and everything they ``dependsOn``, transitively. commonMain and
        commonTest are always part of them (Kotlin's default hierarchy). Without a JVM
        target, only the common source sets."""
        roots = [f"{target}{kind}" for target in self.kmp_targets for kind in ("Main", "Test")]
        pending = roots or ["commonMain", "commonTest"]
        pending += ["commonMain", "commonTest"]
        seen: list[str] = []
        while pending:
            name = pending.pop(0)
            if name not in seen:
                seen.append(name)
                pending += self.kmp_depends_on.get(name, [])
        return seen

    def kmp_source_set_of(self, configuration: str) -> str | None:
        """``androidMainImplementation`` → ``androidMain``: the KMP source set a
        configuration belongs to (None for a configuration of no source set)."""
        known = sorted(set(self.source_sets) - {"main", "test"}, key=len, reverse=True)
        for name in known:
            rest = configuration[len(name) :]
            if configuration.startswith(name) and rest[:1].isupper():
                return name
        match = _KMP_CONFIGURATION.match(configuration)
        return match.group(1) if match else None

    def source_set(self, name: str) -> dict[str, list[str]]:
        if name not in self.source_sets:
            base = os.path.join(self.dir, "src", name)
            self.source_sets[name] = {kind: [os.path.join(base, kind)] for kind in source_kinds()}
        return self.source_sets[name]


class ProjectDependencyRef(Host):
    """``project(path: ':x', configuration: 'c')``."""

    def __init__(self, path: str, configuration: str | None) -> None:
        self.path, self.configuration = path, configuration


class SourceSetOutputRef(Host):
    """``project(':x').sourceSets.test.output``: the compiled classes of another project's
    source set, used as a dependency (typically to share test helpers)."""

    def __init__(self, path: str, source_set: str) -> None:
        self.path, self.source_set = path, source_set

    def describe(self) -> str:
        return f"sourceSets.{self.source_set}.output"


@dataclass
class Marked:
    """``platform(x)``, ``enforcedPlatform(x)`` or ``testFixtures(x)`` around a notation."""

    notation: Any
    platform: bool = False
    test_fixtures: bool = False


@dataclass
class OtherNotation:
    """File dependencies and Gradle's own API jars: kept as source text."""

    text: str


class ProjectsAccessor(Host):
    """Type-safe project accessors: ``projects.fooBar``, ``projects.libs.core``."""

    def __init__(self, ctx: BuildContext, parts: tuple[str, ...] = ()) -> None:
        self.ctx, self.parts = ctx, parts

    def get(self, name: str, interp: Interpreter) -> Any:
        if name == "dependencyProject" and self.resolve():
            return self.ctx.states[self.resolve()].host  # type: ignore[index]
        return ProjectsAccessor(self.ctx, (*self.parts, name))

    def invoke(self, name: str, call: CallArgs) -> Any:
        if name in ("get", "getDependencyProject"):
            return self
        return NOT_FOUND

    def resolve(self) -> str | None:
        return self.ctx.accessor_paths.get(self.parts)

    def describe(self) -> str:
        return "projects." + ".".join(self.parts)


class ProjectHost(Host):
    """Gradle's ``Project``: the delegate of a build script."""

    def __init__(self, state: ProjectState, ctx: BuildContext) -> None:
        self.state, self.ctx = state, ctx

    def as_string(self) -> str:
        return f"project '{self.state.path}'"

    # --- properties ----------------------------------------------------------------------
    def get(self, name: str, interp: Interpreter) -> Any:
        st, ctx = self.state, self.ctx
        simple: dict[str, Callable[[], Any]] = {
            "name": lambda: st.name,
            "path": lambda: st.path,
            "project": lambda: self,
            "rootProject": lambda: ctx.root_state.host,
            "parent": lambda: st.parent.host if st.parent else None,
            "rootDir": lambda: ctx.root,
            "projectDir": lambda: st.dir,
            "buildDir": lambda: os.path.join(st.dir, "build"),
            "buildFile": lambda: st.build_file or os.path.join(st.dir, "build.gradle"),
            "ext": lambda: ExtHost(st),
            "extra": lambda: ExtHost(st),
            "subprojects": lambda: [c.host for c in st.descendants()],
            "allprojects": lambda: [self] + [c.host for c in st.descendants()],
            "childProjects": lambda: {c.name: c.host for c in st.children},
            "sourceSets": lambda: self._source_sets_host(),
            "plugins": lambda: PluginContainerHost(st, ctx),
            "pluginManager": lambda: PluginContainerHost(st, ctx),
            "dependencies": lambda: DependenciesHost(st, ctx),
            "kotlin": lambda: KotlinExtensionHost(st, ctx),
            "application": lambda: ApplicationHost(st),
            "projects": lambda: ProjectsAccessor(ctx),
            "versionCatalogs": lambda: VersionCatalogsRuntimeHost(ctx),
            "mainClassName": lambda: st.main_class,
            "properties": self.all_properties,
            "test": lambda: TestTaskHost(st.test_task),
            "tasks": lambda: TasksHost(TestTaskHost(st.test_task)),
        }
        if name in simple:
            return simple[name]()
        if name in ctx.catalogs:
            return CatalogAccessor(ctx.catalogs[name])
        return self.property_value(name)

    def property_value(self, name: str) -> Any:
        """Project property lookup: own values, then ext up the parent chain, then properties."""
        st: ProjectState | None = self.state
        if name in self.state.assigned:
            return self.state.assigned[name]
        while st is not None:
            if name in st.ext:
                return st.ext[name]
            if name in st.properties:
                return st.properties[name]
            st = st.parent
        return NOT_FOUND

    def all_properties(self) -> dict[str, Any]:
        """``project.properties``: what property_value would find, as one map."""
        chain: list[ProjectState] = []
        st: ProjectState | None = self.state
        while st is not None:
            chain.insert(0, st)
            st = st.parent
        out: dict[str, Any] = {}
        for each in chain:
            out.update(each.properties)
            out.update(each.ext)
        out.update(self.state.assigned)
        return out

    def set(self, name: str, value: Any, interp: Interpreter) -> bool:
        """Assigning a name that is an extra property updates it (``libs += [...]``), so
        subprojects, which read the ext chain, see the new value as Gradle's would."""
        if name in ("mainClassName", "mainClass"):
            self.state.main_class = value if isinstance(value, str) else self.state.main_class
        elif name in self.state.ext and name not in self.state.assigned:
            self.state.ext[name] = value
        else:
            self.state.assigned[name] = value
        return True

    def by_delegate(self, kind: str, name: str, call: CallArgs | None) -> Any:
        if kind == "extra":
            value = call.args[0] if call and call.args else self.property_value(name)
            value = UNKNOWN if value is NOT_FOUND else value
            self.state.ext[name] = value
            return value
        if kind in ("project", "of"):  # `by project`, `by rootProject`
            value = self.property_value(name)
            return UNKNOWN if value is NOT_FOUND else value
        return NOT_FOUND

    def _source_sets_host(self) -> Host:
        return SourceSetsHost(self.state)

    # --- methods -------------------------------------------------------------------------
    def invoke(self, name: str, call: CallArgs) -> Any:
        handler = getattr(self, "_m_" + name, None)
        if handler is not None:
            return handler(call)
        if call.closure is not None and not call.args:
            prop = self.get(name, call.interp)
            if isinstance(prop, Host):
                call.closure.run(prop, prop)
                return prop
        return NOT_FOUND

    def _m_plugins(self, call: CallArgs) -> Any:
        if call.closure is None:
            return PluginContainerHost(self.state, self.ctx)
        block = PluginsBlockHost(self.state, self.ctx)
        call.closure.run(block)
        for request in block.requests:
            if request.apply and request.plugin_id is not None:
                apply_plugin(self.state, self.ctx, request.plugin_id, call.interp)
        return None

    def _m_apply(self, call: CallArgs) -> Any:
        if call.closure is not None:
            call.closure.run(ApplyBlockHost(self, call.interp))
        named = dict(call.named)
        if not named and call.args and isinstance(call.args[0], dict):
            named = call.args[0]
        for key, value in named.items():
            if key == "plugin":
                self.apply_plugin_value(value, call)
            elif key == "from":
                self.apply_from(value, call)
        return None

    def apply_plugin_value(self, value: Any, call: CallArgs) -> None:
        if isinstance(value, str):
            apply_plugin(self.state, self.ctx, value, call.interp)
        else:
            call.report(f"plugin could not be determined: {call.snippet()}; not applied")

    def apply_from(self, value: Any, call: CallArgs) -> None:
        text = to_str(value)
        if text is UNKNOWN:
            call.report(f"script path could not be evaluated: {call.snippet()}; not applied")
            return
        if "://" in text and not text.startswith("file:"):
            call.report(f"remote script {text} is not read by the static reader")
            return
        path = join_path(self.state.dir, text.removeprefix("file://"))
        if not os.path.isfile(path):
            call.report(f"applied script {text} does not exist")
            return
        self.ctx.run_script_file(path, self)

    def _m_dependencies(self, call: CallArgs) -> Any:
        return _configured(DependenciesHost(self.state, self.ctx), call)

    def _m_buildscript(self, call: CallArgs) -> Any:
        if call.closure is not None:
            call.closure.run(buildscript_host(self.state))
        return None

    def _m_subprojects(self, call: CallArgs) -> Any:
        return self._configure_each([c.host for c in self.state.descendants()], call)

    def _m_allprojects(self, call: CallArgs) -> Any:
        return self._configure_each([self] + [c.host for c in self.state.descendants()], call)

    def _configure_each(self, hosts: list[ProjectHost], call: CallArgs) -> Any:
        closure = call.closure or next((a for a in call.args if isinstance(a, ClosureValue)), None)
        if closure is not None:
            for host in hosts:
                closure.run(host, host)
        return None

    def _m_configure(self, call: CallArgs) -> Any:
        if not call.args:
            return None
        targets = call.args[0]
        if targets is UNKNOWN:
            call.report(
                f"projects to configure could not be evaluated: {call.snippet(call.arg_nodes[0])}"
            )
            return None
        if isinstance(targets, Host):
            targets = [targets]
        if isinstance(targets, list):
            return self._configure_each([t for t in targets if isinstance(t, ProjectHost)], call)
        return None

    def _m_project(self, call: CallArgs) -> Any:
        path = call.named.get("path", call.args[0] if call.args else UNKNOWN)
        if path is UNKNOWN or not isinstance(path, str):
            call.report(f"project path could not be evaluated: {call.snippet()}")
            return UNKNOWN
        resolved = self.ctx.resolve_path(self.state, path)
        if "configuration" in call.named:
            configuration = call.named["configuration"]
            return ProjectDependencyRef(
                resolved, configuration if isinstance(configuration, str) else None
            )
        state = self.ctx.states.get(resolved)
        if state is None:
            call.report(f"project '{resolved}' is not part of the build (settings)")
            return UNKNOWN
        if call.closure is not None:
            call.closure.run(state.host, state.host)
        return state.host

    _m_findProject = _m_project

    def _m_sourceSets(self, call: CallArgs) -> Any:
        return _configured(self._source_sets_host(), call)

    def _m_kotlin(self, call: CallArgs) -> Any:
        return _configured(KotlinExtensionHost(self.state, self.ctx), call)

    def _m_test(self, call: CallArgs) -> Any:
        host = TestTaskHost(self.state.test_task)
        host.configure(call)
        return host

    def _m_application(self, call: CallArgs) -> Any:
        return _configured(ApplicationHost(self.state), call)

    def _m_ext(self, call: CallArgs) -> Any:
        return _configured(ExtHost(self.state), call)

    _m_extra = _m_ext

    def _m_afterEvaluate(self, call: CallArgs) -> Any:
        if call.closure is not None:
            self.state.after_evaluate.append(call.closure)
        return None

    def _m_file(self, call: CallArgs) -> Any:
        if not call.args or to_str(call.args[0]) is UNKNOWN:
            return UNKNOWN
        return join_path(self.state.dir, to_str(call.args[0]))

    def _m_files(self, call: CallArgs) -> Any:
        paths = _paths_in(self.state.dir, call.args)
        return UNKNOWN if paths is None else paths

    def _m_hasProperty(self, call: CallArgs) -> Any:
        if not call.args or not isinstance(call.args[0], str):
            return UNKNOWN
        return self.property_value(call.args[0]) is not NOT_FOUND

    def _m_findProperty(self, call: CallArgs) -> Any:
        if not call.args or not isinstance(call.args[0], str):
            return UNKNOWN
        value = self.property_value(call.args[0])
        return None if value is NOT_FOUND else value

    def _m_property(self, call: CallArgs) -> Any:
        value = self._m_findProperty(call)
        return UNKNOWN if value is None else value

    def _m_evaluationDependsOn(self, call: CallArgs) -> Any:
        return None

    def _m_setProperty(self, call: CallArgs) -> Any:
        if len(call.args) == 2 and isinstance(call.args[0], str):
            self.set(call.args[0], call.args[1], call.interp)
        return None


class ApplyBlockHost(Host):
    """Kotlin ``apply { plugin("x"); from("y") }``."""

    def __init__(self, project: ProjectHost, interp: Interpreter) -> None:
        self.project = project

    def invoke(self, name: str, call: CallArgs) -> Any:
        if name == "plugin" and call.args:
            self.project.apply_plugin_value(call.args[0], call)
            return None
        if name == "from" and call.args:
            self.project.apply_from(call.args[0], call)
            return None
        return NOT_FOUND


def apply_plugin(
    state: ProjectState, ctx: BuildContext, plugin_id: str, interp: Interpreter
) -> None:
    """Apply a plugin as Gradle does: once, running its convention script and callbacks."""
    if plugin_id in state.plugins or plugin_id in state.applying:
        return
    state.plugins.append(plugin_id)
    state.applying.add(plugin_id)
    try:
        convention = ctx.conventions.get(plugin_id)
        if convention is not None:
            ctx.run_script_file(convention, state.host)
        pending = [canonical_plugin(plugin_id)]
        while pending:
            canonical = pending.pop()
            if canonical in state.applied:
                continue
            state.applied.add(canonical)
            pending.extend(plugin_rules()["implies"].get(canonical, []))
            for callback in state.plugin_callbacks.pop(canonical, []):
                callback()
    finally:
        state.applying.discard(plugin_id)


class PluginRequest(Host):
    """One entry of ``plugins {}``: ``id 'x' version 'y' apply false``."""

    def __init__(self, plugin_id: str | None) -> None:
        self.plugin_id = plugin_id
        self.apply = True

    def invoke(self, name: str, call: CallArgs) -> Any:
        if name == "version":
            return self
        if name == "apply" and call.args:
            t = truth(call.args[0])
            self.apply = t is not False
            return self
        return NOT_FOUND


class PluginsBlockHost(Host):
    """The ``plugins {}`` block."""

    def __init__(self, state: ProjectState, ctx: BuildContext) -> None:
        self.state, self.ctx = state, ctx
        self.requests: list[PluginRequest] = []

    def _request(self, plugin_id: Any, call: CallArgs | None) -> PluginRequest:
        if not isinstance(plugin_id, str):
            if call is not None:
                call.report(f"plugin id could not be evaluated: {call.snippet()}")
            plugin_id = None
        request = PluginRequest(plugin_id)
        self.requests.append(request)
        return request

    def invoke(self, name: str, call: CallArgs) -> Any:
        arg = call.args[0] if call.args else UNKNOWN
        if name == "id":
            return self._request(arg, call)
        if name == "kotlin":
            prefix = plugin_rules()["kotlin_dsl_shorthand"]
            return self._request(prefix + arg if isinstance(arg, str) else arg, call)
        if name == "alias":
            plugin_id = arg.plugin_id() if isinstance(arg, CatalogAccessor) else None
            if plugin_id is None:
                described = arg.describe() if isinstance(arg, CatalogAccessor) else call.snippet()
                call.report(f"plugin alias {described} not found in the version catalog")
                return PluginRequest(None)
            return self._request(plugin_id, call)
        return NOT_FOUND

    def get(self, name: str, interp: Interpreter) -> Any:
        if name in self.ctx.catalogs or name in ("libs", "project", "rootProject"):
            return NOT_FOUND
        return self._request(name, None)  # Kotlin DSL accessors: java, `java-library`, ...


class PluginContainerHost(Host):
    """``project.plugins`` / ``pluginManager``: withId, hasPlugin, apply."""

    def __init__(self, state: ProjectState, ctx: BuildContext) -> None:
        self.state, self.ctx = state, ctx

    def invoke(self, name: str, call: CallArgs) -> Any:
        arg = call.args[0] if call.args else UNKNOWN
        if name == "withType" and call.arg_nodes:
            text = call.snippet(call.arg_nodes[0]).strip().removesuffix(".class")
            plugin = plugin_rules()["plugin_classes"].get(text.rsplit(".", 1)[-1])
            if plugin is None:
                call.report(
                    f"plugins.withType({text}): plugin class not known to migrate; its block "
                    "was not evaluated"
                )
                return None
            arg = plugin
            name = "withId"
        if name in ("withId", "withPlugin"):
            closure = call.closure or next(
                (a for a in call.args[1:] if isinstance(a, ClosureValue)), None
            )
            if not isinstance(arg, str) or closure is None:
                return None
            canonical = canonical_plugin(arg)
            host = self.state.host

            def run() -> None:
                closure.run(host, host)

            if canonical in self.state.applied:
                run()
            else:
                self.state.plugin_callbacks.setdefault(canonical, []).append(run)
            return None
        if name in ("hasPlugin", "findPlugin"):
            if not isinstance(arg, str):
                return UNKNOWN
            found = canonical_plugin(arg) in self.state.applied
            return found if name == "hasPlugin" else (self if found else None)
        if name == "apply":
            if isinstance(arg, str):
                apply_plugin(self.state, self.ctx, arg, call.interp)
            else:
                call.report(f"plugin could not be determined: {call.snippet()}; not applied")
            return None
        return NOT_FOUND


class DependenciesHost(Host):
    """``dependencies {}``: every unknown call with arguments names a configuration."""

    def __init__(self, state: ProjectState, ctx: BuildContext, prefix: str = "") -> None:
        self.state, self.ctx, self.prefix = state, ctx, prefix

    def configuration(self, name: str) -> str:
        return self.prefix + name[:1].upper() + name[1:] if self.prefix else name

    def invoke(self, name: str, call: CallArgs) -> Any:
        args = call.args
        if name in ("platform", "enforcedPlatform"):
            return Marked(args[0] if args else UNKNOWN, platform=True)
        if name == "testFixtures":
            return Marked(args[0] if args else UNKNOWN, test_fixtures=True)
        if name == "files" and args and all(isinstance(a, SourceSetOutputRef) for a in args):
            return list(args)
        if name in ("files", "fileTree", "gradleApi", "localGroovy", "gradleTestKit"):
            return OtherNotation(call.snippet())
        if name == "kotlin":
            module = args[0] if args else UNKNOWN
            if not isinstance(module, str):
                return UNKNOWN
            coordinate = f"org.jetbrains.kotlin:kotlin-{module}"
            return coordinate + (
                f":{args[1]}" if len(args) > 1 and isinstance(args[1], str) else ""
            )
        if name == "add" and args:
            if not isinstance(args[0], str):
                call.report(f"configuration name could not be evaluated: {call.snippet()}")
                return None
            for index, notation in enumerate(args[1:], start=1):
                self.record(args[0], notation, call, call.arg_nodes[index])
            return None
        if name in ("create", "module"):
            return args[0] if args else _map_notation(call.named)
        if name == "constraints":
            # A java-platform's constraints are the BOM itself: its consumers' platform()
            # dependencies stand for them. Elsewhere they change versions: report them.
            if call.closure is not None and "java-platform" not in self.state.applied:
                call.closure.run(ConstraintsHost(self.state, self.ctx, self.prefix))
            return None
        if name in _IGNORED_DEPENDENCY_BLOCKS or name in _PASS_THROUGH:
            return None if name in _IGNORED_DEPENDENCY_BLOCKS else NOT_FOUND
        if not args and not call.named:
            return NOT_FOUND
        configuration = self.configuration(name)
        if call.named and not args:
            self.record(configuration, _map_notation(call.named), call, call.node)
        for index, notation in enumerate(args):
            if isinstance(notation, ClosureValue):
                continue
            self.record(configuration, notation, call, call.arg_nodes[index])
        return None

    def record(
        self,
        configuration: str,
        notation: Any,
        call: CallArgs,
        node: Any,
        platform: bool = False,
        test_fixtures: bool = False,
    ) -> None:
        def add(**fields: Any) -> None:
            self.keep(
                Dependency(
                    configuration,
                    platform=platform,
                    test_fixtures=test_fixtures,
                    file=call.interp.file,
                    line=node.line,
                    **fields,
                ),
                call,
                node,
            )

        if isinstance(notation, Marked):
            self.record(
                configuration,
                notation.notation,
                call,
                node,
                platform or notation.platform,
                test_fixtures or notation.test_fixtures,
            )
        elif isinstance(notation, str):
            add(coordinate=notation)
        elif isinstance(notation, ProjectHost):
            add(project=notation.state.path)
        elif isinstance(notation, ProjectDependencyRef):
            add(project=notation.path, target_configuration=notation.configuration)
        elif isinstance(notation, SourceSetOutputRef):
            self.record_output(notation, call, node, add)
        elif isinstance(notation, ProjectsAccessor):
            path = notation.resolve()
            if path is None:
                call.report(f"{notation.describe()} names no project of the build", node)
            else:
                add(project=path)
        elif isinstance(notation, CatalogAccessor):
            coordinates = notation.coordinates()
            if coordinates is None:
                call.report(f"{notation.describe()} is not in the version catalog", node)
            for coordinate in coordinates or ():
                add(coordinate=coordinate)
        elif isinstance(notation, OtherNotation):
            add(other=notation.text)
        elif isinstance(notation, list):
            for item in notation:
                self.record(configuration, item, call, node, platform, test_fixtures)
        elif isinstance(notation, dict):
            coordinate = _map_notation(notation)
            if coordinate is UNKNOWN:
                self.unevaluated(call, node, add)
            else:
                add(coordinate=coordinate)
        else:
            self.unevaluated(call, node, add)

    def keep(self, dep: Dependency, call: CallArgs, node: Any) -> None:
        self.state.dependencies.append(dep)

    @staticmethod
    def record_output(
        ref: SourceSetOutputRef, call: CallArgs, node: Any, add: Callable[..., None]
    ) -> None:
        """Another project's source-set classes: a project dependency (the graph and the plan
        need the edge). Main classes are that project's library; other source sets (test)
        have no generated library of their own, so say what generation will do."""
        if ref.source_set == "main":
            add(project=ref.path)
            return
        add(project=ref.path, target_configuration=ref.describe())
        call.report(
            f"dependency on the {ref.source_set} classes of {ref.path} ({ref.describe()}): "
            f"recorded as a project dependency on {ref.path}, which generation maps to its "
            f"main library; point it at {ref.path}'s test helper library (*_test_lib) by hand "
            "if the code needs those classes",
            node,
        )

    @staticmethod
    def unevaluated(call: CallArgs, node: Any, add: Callable[..., None]) -> None:
        """Keep a dependency we could not evaluate as its source text, and say so."""
        text = call.snippet(node)
        call.report(f"dependency could not be evaluated: {text}", node)
        add(other=text)


class ConstraintsHost(DependenciesHost):
    """``dependencies { constraints {} }``: version constraints, not dependencies. The model
    has no place for them and generation does not apply their versions, so each is reported."""

    def keep(self, dep: Dependency, call: CallArgs, node: Any) -> None:
        if dep.other is not None:
            return  # already reported as not evaluated
        what = dep.project or dep.coordinate
        call.report(
            f"dependency constraint {dep.configuration} {what}: constraints are not "
            "dependencies and migrate does not apply their versions",
            node,
        )


def _paths_in(directory: str, values: list[Any]) -> list[str] | None:
    """Paths (or lists of them) relative to a project ``directory``, joined to it; None when one
    could not be evaluated."""
    out = []
    for value in values:
        for item in value if isinstance(value, list) else [value]:
            text = to_str(item)
            if text is UNKNOWN:
                return None
            out.append(join_path(directory, text))
    return out


def _configured(host: Host, call: CallArgs) -> Host:
    """``name { ... }`` on a project: its closure runs against ``host``, the call's value."""
    if call.closure is not None:
        call.closure.run(host)
    return host


def _map_notation(named: dict[str, Any]) -> Any:
    """``group: 'g', name: 'n', version: 'v'`` → ``g:n:v`` (plus classifier and extension)."""
    values = {k: to_str(v) for k, v in named.items() if v is not None}
    if "name" not in values or UNKNOWN in values.values():
        return UNKNOWN
    coordinate = ":".join(values[k] for k in ("group", "name", "version") if k in values)
    if "classifier" in values:
        coordinate += (":" if "version" in values else "::") + values["classifier"]
    if "ext" in values:
        coordinate += "@" + values["ext"]
    if "group" not in values:
        coordinate = ":" + coordinate
    return coordinate


def buildscript_host(state: ProjectState) -> Host:
    """``buildscript {}``: its dependencies are the build's classpath, not the project's."""
    return BlockHost({"dependencies": lambda: _ClasspathHost(state)}, ("repositories",))


class _ClasspathHost(Host):
    def __init__(self, state: ProjectState) -> None:
        self.state = state

    def invoke(self, name: str, call: CallArgs) -> Any:
        if name == "classpath":
            self.state.buildscript_classpath.extend(a for a in call.args if isinstance(a, str))
            return None
        return NOT_FOUND


class ExtHost(Host):
    """``ext``/``extra``: extra properties, inherited by child projects."""

    def __init__(self, state: ProjectState) -> None:
        self.state = state

    def get(self, name: str, interp: Interpreter) -> Any:
        return self.state.ext.get(name, NOT_FOUND)

    def set(self, name: str, value: Any, interp: Interpreter) -> bool:
        self.state.ext[name] = value
        return True

    def get_item(self, key: Any, interp: Interpreter) -> Any:
        return self.state.ext.get(key, UNKNOWN) if isinstance(key, str) else UNKNOWN

    def set_item(self, key: Any, value: Any, interp: Interpreter) -> bool:
        if isinstance(key, str):
            self.state.ext[key] = value
        return True

    def invoke(self, name: str, call: CallArgs) -> Any:
        args = call.args
        if name == "set" and len(args) == 2 and isinstance(args[0], str):
            self.state.ext[args[0]] = args[1]
            return None
        if name == "get" and args and isinstance(args[0], str):
            return self.state.ext.get(args[0], UNKNOWN)
        if name == "has" and args and isinstance(args[0], str):
            return args[0] in self.state.ext
        return NOT_FOUND

    def by_delegate(self, kind: str, name: str, call: CallArgs | None) -> Any:
        """``val guavaVersion: String by rootProject.extra``."""
        return self.state.ext.get(name, UNKNOWN) if kind == "of" else NOT_FOUND


class SourceSetsHost(Host):
    """``sourceSets {}`` of a JVM project."""

    def __init__(self, state: ProjectState) -> None:
        self.state = state

    def _set(self, name: str) -> SourceSetHost:
        self.state.source_set(name)
        return SourceSetHost(self.state, name)

    def get(self, name: str, interp: Interpreter) -> Any:
        if name in self.state.source_sets or name in ("main", "test"):
            return self._set(name)
        return NOT_FOUND

    def get_item(self, key: Any, interp: Interpreter) -> Any:
        return self._set(key) if isinstance(key, str) else UNKNOWN

    def invoke(self, name: str, call: CallArgs) -> Any:
        closure = call.closure
        if name in ("create", "register", "maybeCreate", "getByName", "named", "getAt", "get"):
            if not call.args or not isinstance(call.args[0], str):
                return UNKNOWN
            host = self._set(call.args[0])
            closure = closure or next(
                (a for a in call.args[1:] if isinstance(a, ClosureValue)), None
            )
        elif name in ("all", "configureEach", "each", "forEach"):
            for set_name in list(self.state.source_sets) or ["main", "test"]:
                if closure is not None:
                    host = self._set(set_name)
                    closure.run(host, host)
            return None
        elif closure is not None and not call.args:
            host = self._set(name)
        else:
            return NOT_FOUND
        if closure is not None:
            closure.run(host, host)
        return host

    def by_delegate(self, kind: str, name: str, call: CallArgs | None) -> Any:
        if kind not in ("getting", "creating", "registering", "existing"):
            return NOT_FOUND
        host = self._set(name)
        if call is not None and call.closure is not None:
            call.closure.run(host, host)
        return host


class SourceSetHost(Host):
    def __init__(self, state: ProjectState, name: str, prefix: str = "") -> None:
        self.state, self.name, self.prefix = state, name, prefix

    def get(self, name: str, interp: Interpreter) -> Any:
        if name in source_kinds():
            return SourceDirectoriesHost(self.state, self.name, name)
        if name == "name":
            return self.name
        if name == "output":
            return SourceSetOutputRef(self.state.path, self.name)
        return NOT_FOUND

    def invoke(self, name: str, call: CallArgs) -> Any:
        if name == "get" and not call.args and call.closure is None:  # a Kotlin provider
            return self
        if name == "dependsOn":
            edges = self.state.kmp_depends_on.setdefault(self.name, [])
            edges += [a.name for a in call.args if isinstance(a, SourceSetHost)]
            return None
        if name in source_kinds() and call.closure is not None:
            host = SourceDirectoriesHost(self.state, self.name, name)
            call.closure.run(host, host)
            return host
        if name == "dependencies" and self.prefix is not None and call.closure is not None:
            deps = DependenciesHost(self.state, self.state.host.ctx, prefix=self.name)
            call.closure.run(deps)
            return None
        return NOT_FOUND


class SourceDirectoriesHost(Host):
    """``java``/``kotlin``/``scala``/``resources`` of a source set: ``srcDirs`` and ``srcDir``."""

    def __init__(self, state: ProjectState, set_name: str, kind: str) -> None:
        self.state, self.set_name, self.kind = state, set_name, kind

    @property
    def dirs(self) -> list[str]:
        return self.state.source_set(self.set_name)[self.kind]

    def get(self, name: str, interp: Interpreter) -> Any:
        if name in ("srcDirs", "sourceDirectories"):
            return list(self.dirs)
        return NOT_FOUND

    def set(self, name: str, value: Any, interp: Interpreter) -> bool:
        if name == "srcDirs":
            paths = _paths_in(self.state.dir, [value])
            if paths is None:
                return True
            self.state.source_set(self.set_name)[self.kind] = paths
            return True
        return False

    def invoke(self, name: str, call: CallArgs) -> Any:
        if name in ("srcDir", "srcDirs", "setSrcDirs"):
            paths = _paths_in(self.state.dir, call.args)
            if paths is None:
                call.report(f"source directory could not be evaluated: {call.snippet()}")
                return None
            if name == "setSrcDirs":
                self.state.source_set(self.set_name)[self.kind] = paths
            else:
                self.dirs.extend(p for p in paths if p not in self.dirs)
            return None
        if name in ("exclude", "include", "filter"):
            return None
        return NOT_FOUND


class KotlinExtensionHost(Host):
    """``kotlin {}``: JVM source set tweaks, or Kotlin Multiplatform targets and source sets."""

    def __init__(self, state: ProjectState, ctx: BuildContext) -> None:
        self.state, self.ctx = state, ctx

    def _source_sets(self) -> Host:
        if self.state.is_multiplatform:
            return MultiplatformSourceSetsHost(self.state, self.ctx)
        return SourceSetsHost(self.state)

    def get(self, name: str, interp: Interpreter) -> Any:
        if name == "sourceSets":
            return self._source_sets()
        return NOT_FOUND

    def invoke(self, name: str, call: CallArgs) -> Any:
        if name == "sourceSets":
            host = self._source_sets()
            if call.closure is not None:
                call.closure.run(host, host)
            return host
        if name == "jvm" and self.state.is_multiplatform:
            target = call.args[0] if call.args and isinstance(call.args[0], str) else "jvm"
            if target not in self.state.kmp_targets:
                self.state.kmp_targets.append(target)
            return None
        if self.state.is_multiplatform and name.startswith(_NON_JVM_TARGET_PREFIXES):
            self.state.kmp_other_targets.append((name, call.interp.file, call.node.line))
            return UNKNOWN
        return NOT_FOUND


class MultiplatformSourceSetsHost(SourceSetsHost):
    """KMP ``sourceSets``: ``commonMain {}``, ``val jvmMain by getting {}``."""

    def __init__(self, state: ProjectState, ctx: BuildContext) -> None:
        super().__init__(state)
        self.ctx = ctx

    def _set(self, name: str) -> SourceSetHost:
        self.state.source_set(name)
        return SourceSetHost(self.state, name, prefix=name)

    def get(self, name: str, interp: Interpreter) -> Any:
        # KMP source sets are named <target>Main/<target>Test; anything else (libs, projects)
        # belongs to an outer scope.
        if name in self.state.source_sets or name.endswith(("Main", "Test")):
            return self._set(name)
        return NOT_FOUND


class ApplicationHost(Host):
    """``application {}``: only the main class matters for Bazel."""

    def __init__(self, state: ProjectState) -> None:
        self.state = state

    def get(self, name: str, interp: Interpreter) -> Any:
        if name in ("mainClass", "mainClassName"):
            return _PropertyHost(
                lambda v: setattr(self.state, "main_class", v), self.state.main_class
            )
        return NOT_FOUND

    def set(self, name: str, value: Any, interp: Interpreter) -> bool:
        if name in ("mainClass", "mainClassName") and isinstance(value, str):
            self.state.main_class = value
            return True
        return False


class _PropertyHost(Host):
    """A Gradle ``Property<T>``: ``.set(x)`` and ``.get()``."""

    def __init__(self, setter: Callable[[Any], None], value: Any) -> None:
        self.setter, self.value = setter, value

    def as_string(self) -> Any:
        return self.value if isinstance(self.value, str) else UNKNOWN

    def invoke(self, name: str, call: CallArgs) -> Any:
        if name in ("set", "convention") and call.args and isinstance(call.args[0], str):
            self.setter(call.args[0])
            return None
        if name in ("get", "getOrNull"):
            return self.value
        return NOT_FOUND


class VersionCatalogsRuntimeHost(Host):
    """``versionCatalogs.named("libs")`` as convention plugins use it."""

    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx

    def invoke(self, name: str, call: CallArgs) -> Any:
        if (
            name in ("named", "find", "getByName")
            and call.args
            and call.args[0] in self.ctx.catalogs
        ):
            return CatalogAccessor(self.ctx.catalogs[call.args[0]])
        return NOT_FOUND
