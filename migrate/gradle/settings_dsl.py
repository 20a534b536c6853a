"""The settings side of Gradle's DSL: which projects exist, where, and which catalogs.

``include``, ``includeFlat``, ``project(':x').projectDir/name``, ``rootProject.name``,
``includeBuild`` (for convention plugins) and ``versionCatalogs``.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from migrate.gradle.catalog import Catalog, CatalogError
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
)

if TYPE_CHECKING:
    from migrate.gradle.reader import BuildContext

# Settings methods and builtins that never include a project: calling one the reader does not
# evaluate loses nothing. Any other unresolved call in a settings script is reported, because
# a helper it cannot see (from a settings plugin, a failed parse, ...) may include projects.
_HARMLESS_SETTINGS_CALLS = frozenset(
    {"enableFeaturePreview", "require", "check", "error", "uri", "println", "print", "logger"}
)


@dataclass
class ProjectDescriptor:
    """A project as settings declares it; renames change the path of it and its children."""

    name: str
    dir: str  # absolute
    parent: ProjectDescriptor | None = None
    children: list[ProjectDescriptor] = field(default_factory=list)
    build_file_name: str | None = None

    @property
    def path(self) -> str:
        if self.parent is None:
            return ":"
        parent = self.parent.path
        return (parent if parent != ":" else "") + ":" + self.name

    def child(self, name: str) -> ProjectDescriptor | None:
        return next((c for c in self.children if c.name == name), None)

    def walk(self) -> list[ProjectDescriptor]:
        out = [self]
        for child in self.children:
            out.extend(child.walk())
        return out


class SettingsHost(Host):
    """Gradle's ``Settings``: the delegate of settings.gradle(.kts)."""

    def __init__(self, ctx: BuildContext, root: ProjectDescriptor) -> None:
        self.ctx, self.root = ctx, root

    def find(self, path: str) -> ProjectDescriptor | None:
        node: ProjectDescriptor | None = self.root
        for part in [p for p in path.split(":") if p]:
            node = node.child(part) if node else None
        return node

    def include(self, path: str, flat: bool = False) -> None:
        parts = [p for p in path.split(":") if p]
        node = self.root
        for part in parts:
            child = node.child(part)
            if child is None:
                base = os.path.dirname(self.ctx.root) if flat else node.dir
                child = ProjectDescriptor(part, os.path.join(base, part), node)
                node.children.append(child)
            node = child

    def get(self, name: str, interp: Interpreter) -> Any:
        if name == "rootProject":
            return DescriptorHost(self.root, self)
        if name in ("rootDir", "settingsDir"):
            return self.ctx.root
        if name == "settings":
            return self
        if name in self.ctx.root_properties:
            return self.ctx.root_properties[name]
        return NOT_FOUND

    def invoke(self, name: str, call: CallArgs) -> Any:
        if name in ("include", "includeFlat"):
            for arg, node in zip(call.args, call.arg_nodes, strict=False):
                for item in arg if isinstance(arg, list) else [arg]:
                    if not isinstance(item, str):
                        call.report(
                            f"project path could not be evaluated: {call.snippet(node)}", node
                        )
                        continue
                    self.include(item, flat=name == "includeFlat")
            return None
        if name in ("project", "findProject"):
            path = call.args[0] if call.args else UNKNOWN
            if not isinstance(path, str):
                call.report(f"project path could not be evaluated: {call.snippet()}")
                return UNKNOWN
            descriptor = self.find(path)
            if descriptor is None:
                if name == "findProject":
                    return None
                call.report(f"project '{path}' is not included in the settings")
                return UNKNOWN
            host = DescriptorHost(descriptor, self)
            if call.closure is not None:
                call.closure.run(host, host)
            return host
        if name == "includeBuild":
            self._include_build(call)
            return None
        if name == "pluginManagement" and call.closure is not None:
            call.closure.run(_PluginManagementHost(self))
            return None
        if name == "dependencyResolutionManagement" and call.closure is not None:
            call.closure.run(_resolution_management_host(self.ctx))
            return None
        if name == "file":
            text = to_str(call.args[0]) if call.args else UNKNOWN
            return UNKNOWN if text is UNKNOWN else join_path(self.ctx.root, text)
        if name == "files":
            texts = [to_str(a) for a in call.args]
            return UNKNOWN if UNKNOWN in texts else [join_path(self.ctx.root, t) for t in texts]
        if name == "apply":
            self._apply(call)
            return None
        return self._unknown_call(name, call)

    def _unknown_call(self, name: str, call: CallArgs) -> Any:
        """A call nothing resolves: report it unless it is harmless or a configuration block
        (``develocity { }``), whose body the interpreter itself checks for includes."""
        if name in _HARMLESS_SETTINGS_CALLS:
            return NOT_FOUND
        if call.closure is not None and not call.args and not call.named:
            return NOT_FOUND
        call.report(
            f"unknown function {name}(), not evaluated: {call.snippet()}; "
            "projects it may include are missing"
        )
        return UNKNOWN

    def _apply(self, call: CallArgs) -> None:
        """``apply from: 'x.gradle'`` runs another settings script against these settings."""
        named = dict(call.named)
        if not named and call.args and isinstance(call.args[0], dict):
            named = call.args[0]
        if "from" not in named:
            if call.closure is not None:
                call.report(f"apply block not evaluated in settings: {call.snippet()}")
            return  # settings plugins: binary, their effects are not visible statically
        text = to_str(named["from"])
        if text is UNKNOWN:
            call.report(f"script path could not be evaluated: {call.snippet()}; not applied")
        elif "://" in text and not text.startswith("file:"):
            call.report(f"remote script {text} is not read by the static reader")
        else:
            path = join_path(self.ctx.root, text.removeprefix("file://"))
            if os.path.isfile(path):
                self.ctx.run_script_file(path, self)
            else:
                call.report(f"applied script {text} does not exist")

    def _include_build(self, call: CallArgs) -> None:
        text = to_str(call.args[0]) if call.args else UNKNOWN
        if text is UNKNOWN:
            call.report(f"included build path could not be evaluated: {call.snippet()}")
            return
        self.ctx.included_builds.append(join_path(self.ctx.root, text))


class DescriptorHost(Host):
    """A ``ProjectDescriptor`` in settings: name, projectDir, buildFileName, children."""

    def __init__(self, descriptor: ProjectDescriptor, settings: SettingsHost) -> None:
        self.descriptor, self.settings = descriptor, settings

    def get(self, name: str, interp: Interpreter) -> Any:
        d = self.descriptor
        values = {
            "name": d.name,
            "path": d.path,
            "projectDir": d.dir,
            "buildFileName": d.build_file_name or "build.gradle",
            "children": [DescriptorHost(c, self.settings) for c in d.children],
            "parent": DescriptorHost(d.parent, self.settings) if d.parent else None,
        }
        return values.get(name, NOT_FOUND)

    def set(self, name: str, value: Any, interp: Interpreter) -> bool:
        text = to_str(value)
        if text is UNKNOWN:
            if interp.assigning is not None and name in ("name", "projectDir", "buildFileName"):
                snippet = interp.script.snippet(interp.assigning)
                interp.warn(interp.assigning, f"{name} could not be evaluated: {snippet}")
            return True
        if name == "name":
            self.descriptor.name = text
        elif name == "projectDir":
            self.descriptor.dir = join_path(self.settings.ctx.root, text)
        elif name == "buildFileName":
            self.descriptor.build_file_name = text
        return True

    def invoke(self, name: str, call: CallArgs) -> Any:
        if name in ("setProjectDir", "setName", "setBuildFileName") and call.args:
            prop = name[3].lower() + name[4:]
            if to_str(call.args[0]) is UNKNOWN:
                call.report(f"{prop} could not be evaluated: {call.snippet()}")
            else:
                self.set(prop, call.args[0], call.interp)
            return None
        return NOT_FOUND


class _PluginManagementHost(Host):
    def __init__(self, settings: SettingsHost) -> None:
        self.settings = settings

    def invoke(self, name: str, call: CallArgs) -> Any:
        if name == "includeBuild":
            self.settings._include_build(call)
            return None
        if name in ("repositories", "plugins", "resolutionStrategy"):
            return None
        return NOT_FOUND


def _resolution_management_host(ctx: BuildContext) -> Host:
    """``dependencyResolutionManagement {}``: only its version catalogs matter."""
    return BlockHost(
        {"versionCatalogs": lambda: _VersionCatalogsHost(ctx)},
        ("repositories", "repositoriesMode", "rulesMode"),
    )


class _VersionCatalogsHost(Host):
    def __init__(self, ctx: BuildContext) -> None:
        self.ctx = ctx

    def _builder(self, catalog_name: Any, closure: ClosureValue | None, call: CallArgs) -> Any:
        if not isinstance(catalog_name, str):
            call.report(f"catalog name could not be evaluated: {call.snippet()}")
            return None
        catalog = self.ctx.catalogs.setdefault(catalog_name, Catalog(catalog_name, None))
        self.ctx.declared_catalogs.add(catalog_name)
        builder = _CatalogBuilderHost(self.ctx, catalog)
        if closure is not None:
            closure.run(builder, builder)
        return builder

    def invoke(self, name: str, call: CallArgs) -> Any:
        if name in ("create", "register", "maybeCreate"):
            closure = call.closure or next(
                (a for a in call.args if isinstance(a, ClosureValue)), None
            )
            return self._builder(call.args[0] if call.args else UNKNOWN, closure, call)
        if call.closure is not None and not call.args:  # Groovy: libs { from(...) }
            return self._builder(name, call.closure, call)
        return NOT_FOUND

    def by_delegate(self, kind: str, name: str, call: CallArgs | None) -> Any:
        if kind in ("creating", "registering") and call is not None:
            return self._builder(name, call.closure, call)
        return NOT_FOUND


class _CatalogBuilderHost(Host):
    """The body of ``create("libs") { from(...); library(...) }``."""

    def __init__(self, ctx: BuildContext, catalog: Catalog) -> None:
        self.ctx, self.catalog = ctx, catalog

    def invoke(self, name: str, call: CallArgs) -> Any:
        args = call.args
        if name == "from":
            self._from(args[0] if args else UNKNOWN, call)
            return None
        if name == "library" and len(args) >= 2 and all(isinstance(a, str) for a in args):
            alias = args[0]
            coordinate = args[1] if len(args) == 2 else f"{args[1]}:{args[2]}"
            self.catalog.add_library(alias, coordinate)
            return _LibraryBuilder(self.catalog, alias, coordinate)
        if name == "version" and len(args) == 2 and all(isinstance(a, str) for a in args):
            self.catalog.versions[args[0].replace("-", ".").replace("_", ".").lower()] = args[1]
            return None
        if name == "plugin" and len(args) == 2 and all(isinstance(a, str) for a in args):
            self.catalog.plugins[args[0].replace("-", ".").replace("_", ".").lower()] = args[1]
            return _LibraryBuilder(self.catalog, None, None)
        if name == "bundle" and len(args) == 2 and isinstance(args[1], list):
            from migrate.gradle.catalog import accessor_key

            members = [self.catalog.libraries.get(accessor_key(str(m))) for m in args[1]]
            self.catalog.bundles[accessor_key(str(args[0]))] = [m for m in members if m]
            return None
        if name in ("library", "version", "plugin", "bundle"):
            call.report(f"catalog entry could not be evaluated: {call.snippet()}")
            return None
        return NOT_FOUND

    def _from(self, source: Any, call: CallArgs) -> None:
        if isinstance(source, list) and len(source) == 1:
            source = source[0]
        if not isinstance(source, str):
            call.report(f"catalog source could not be evaluated: {call.snippet()}")
            return
        if not os.path.isabs(source):
            call.report(f"published catalog {source} cannot be read without Gradle")
            return
        rel = os.path.relpath(source, self.ctx.root)
        if not os.path.isfile(source):
            call.report(f"catalog file {rel} does not exist")
            return
        try:
            with open(source, encoding="utf-8") as handle:
                loaded = Catalog.from_toml(self.catalog.name, handle.read(), rel)
        except (CatalogError, OSError, UnicodeDecodeError) as exc:
            self.ctx.diagnostics.add("warning", rel, None, f"version catalog not read: {exc}")
            return
        self.catalog.file = rel
        self.catalog.libraries.update(loaded.libraries)
        self.catalog.bundles.update(loaded.bundles)
        self.catalog.plugins.update(loaded.plugins)
        self.catalog.versions.update(loaded.versions)


class _LibraryBuilder(Host):
    def __init__(self, catalog: Catalog, alias: str | None, coordinate: str | None) -> None:
        self.catalog, self.alias, self.coordinate = catalog, alias, coordinate

    def invoke(self, name: str, call: CallArgs) -> Any:
        if self.alias is None:
            return self if name in ("version", "versionRef") else NOT_FOUND
        version: Any = None
        if name == "version" and call.args and isinstance(call.args[0], str):
            version = call.args[0]
        elif name == "versionRef" and call.args and isinstance(call.args[0], str):
            version = self.catalog.versions.get(call.args[0].replace("-", ".").lower())
        elif name == "withoutVersion":
            return None
        else:
            return NOT_FOUND
        if isinstance(version, str):
            self.catalog.add_library(self.alias, f"{self.coordinate}:{version}")
        return None
