"""Gradle version catalogs (``libs.versions.toml``) and their type-safe accessors.

Gradle turns an alias like ``guava-core`` into the accessor ``libs.guava.core``: the separators
``-``, ``_`` and ``.`` are interchangeable. We index aliases by that normalised dotted form.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from typing import Any

from migrate.errors import InputError
from migrate.gradle.interpreter import NOT_FOUND, UNKNOWN, CallArgs, Host, Interpreter

_SEPARATORS = re.compile(r"[-_.]")


def accessor_key(alias: str) -> str:
    return _SEPARATORS.sub(".", alias).lower()


class CatalogError(InputError):
    pass


@dataclass
class Catalog:
    name: str
    file: str | None  # relative to the build root, for diagnostics
    libraries: dict[str, str] = field(default_factory=dict)  # accessor key → coordinate
    bundles: dict[str, list[str]] = field(default_factory=dict)  # accessor key → coordinates
    plugins: dict[str, str] = field(default_factory=dict)  # accessor key → plugin id
    versions: dict[str, str] = field(default_factory=dict)  # accessor key → version

    @classmethod
    def from_toml(cls, name: str, text: str, file: str | None) -> Catalog:
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise CatalogError(f"invalid TOML: {exc}") from exc
        catalog = cls(name, file)
        raw_versions = data.get("versions", {})
        for alias, value in raw_versions.items():
            version = _version_value(value, {})
            if version is not None:
                catalog.versions[accessor_key(alias)] = version
        by_alias: dict[str, str] = {}
        for alias, value in data.get("libraries", {}).items():
            coordinate = _library(value, raw_versions)
            if coordinate is None:
                raise CatalogError(f"library '{alias}' has no module/group/name")
            catalog.libraries[accessor_key(alias)] = coordinate
            by_alias[alias] = coordinate
        for alias, members in data.get("bundles", {}).items():
            resolved = []
            for member in members:
                coordinate = by_alias.get(member) or catalog.libraries.get(accessor_key(member))
                if coordinate is None:
                    raise CatalogError(f"bundle '{alias}' names unknown library '{member}'")
                resolved.append(coordinate)
            catalog.bundles[accessor_key(alias)] = resolved
        for alias, value in data.get("plugins", {}).items():
            plugin_id = value.get("id") if isinstance(value, dict) else str(value).split(":")[0]
            if plugin_id:
                catalog.plugins[accessor_key(alias)] = plugin_id
        return catalog

    def add_library(self, alias: str, coordinate: str) -> None:
        self.libraries[accessor_key(alias)] = coordinate


def _version_value(value: Any, versions: dict[str, Any]) -> str | None:
    if isinstance(value, str):
        return value
    if isinstance(value, dict):
        if "ref" in value:
            return _version_value(versions.get(value["ref"]), versions)
        for key in ("strictly", "require", "prefer"):
            if key in value:
                return str(value[key])
    return None


def _library(value: Any, versions: dict[str, Any]) -> str | None:
    if isinstance(value, str):
        return value
    if not isinstance(value, dict):
        return None
    if "module" in value:
        module = value["module"]
    elif "group" in value and "name" in value:
        module = f"{value['group']}:{value['name']}"
    else:
        return None
    version = _version_value(value.get("version"), versions) if "version" in value else None
    if version is None and "version.ref" in value:  # tolerate a quoted dotted key
        version = _version_value({"ref": value["version.ref"]}, versions)
    return f"{module}:{version}" if version else module


class CatalogAccessor(Host):
    """``libs``, ``libs.guava``, ``libs.bundles.x``, ``libs.plugins.x``, ``libs.versions.x``."""

    def __init__(self, catalog: Catalog, section: str = "libraries", path: tuple[str, ...] = ()):
        self.catalog = catalog
        self.section = section
        self.path = path

    @property
    def key(self) -> str:
        return ".".join(self.path).lower()

    def get(self, name: str, interp: Interpreter) -> Any:
        if (
            not self.path
            and self.section == "libraries"
            and name in ("bundles", "plugins", "versions")
        ):
            return CatalogAccessor(self.catalog, name)
        return CatalogAccessor(self.catalog, self.section, (*self.path, name))

    def invoke(self, name: str, call: CallArgs) -> Any:
        if name in ("get", "asProvider", "getOrNull", "orNull"):
            if self.section == "versions":
                return self.as_string()
            return self
        if name == "findLibrary" and call.args and isinstance(call.args[0], str):
            return CatalogAccessor(
                self.catalog, "libraries", tuple(accessor_key(call.args[0]).split("."))
            )
        if name == "findVersion" and call.args and isinstance(call.args[0], str):
            return CatalogAccessor(
                self.catalog, "versions", tuple(accessor_key(call.args[0]).split("."))
            )
        return NOT_FOUND

    def as_string(self) -> Any:
        if self.section == "versions":
            return self.catalog.versions.get(self.key, UNKNOWN)
        if self.section == "libraries":
            return self.catalog.libraries.get(self.key, UNKNOWN)
        return UNKNOWN

    def describe(self) -> str:
        middle = "" if self.section == "libraries" else f".{self.section}"
        return f"{self.catalog.name}{middle}.{self.key}"

    def coordinates(self) -> list[str] | None:
        """What this accessor means as a dependency notation, or None if it names nothing."""
        if self.section == "libraries" and self.key in self.catalog.libraries:
            return [self.catalog.libraries[self.key]]
        if self.section == "bundles" and self.key in self.catalog.bundles:
            return list(self.catalog.bundles[self.key])
        return None

    def plugin_id(self) -> str | None:
        return self.catalog.plugins.get(self.key) if self.section == "plugins" else None
