"""Reading jars: which Java packages each one provides, so that an import in a project's
sources can be mapped to the third-party target that owns it (package granularity).

Reading a jar's central directory (no class is opened) gives its ``.class`` entries; their
directories are the packages. ``JarIndex`` inverts that over many jars and can keep the result
in a cache keyed by (path, size, mtime) (:mod:`migrate.maven.cache`), so re-indexing an
unchanged mirror opens no jar.

What a jar listing cannot say: split packages (one package in several jars) give several owners
and the caller must choose; shaded/relocated copies count as the package they were moved to;
Spring Boot style nested jars (``BOOT-INF/lib/*.jar``) are not opened, and entries under a
directory that is not a Java identifier (``BOOT-INF/classes/``, ``WEB-INF/``) are ignored.
"""

from __future__ import annotations

import os
import re
import zipfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from migrate.errors import InputError
from migrate.maven.cache import load_jar_entries, save_jar_entries

_VERSIONED = re.compile(r"META-INF/versions/\d+/")
_SEGMENT = re.compile(r"(?:[^\W\d]|\$)[\w$]*")


class JarError(InputError, ValueError):
    """A jar that cannot be read (missing, truncated, not a zip); the message names it."""


def packages_in_jar(path: str | Path) -> frozenset[str]:
    """Packages holding at least one class in the jar (``META-INF/versions/N/`` counts as its
    real package; ``META-INF/``, ``module-info``, ``package-info`` and the default package don't).
    """
    try:
        with zipfile.ZipFile(path) as jar:
            names = jar.namelist()
    except (OSError, EOFError, ValueError, zipfile.BadZipFile, zipfile.LargeZipFile) as exc:
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise JarError(f"cannot read jar {path}: {reason}") from exc
    packages: set[str] = set()
    for name in names:
        if not name.endswith(".class"):
            continue
        name = name.lstrip("/")
        if name.startswith("META-INF/"):
            versioned = _VERSIONED.match(name)
            if versioned is None:
                continue
            name = name[versioned.end() :]
        directory, _, filename = name.rpartition("/")
        if not directory or filename in ("module-info.class", "package-info.class"):
            continue
        parts = directory.split("/")
        if all(_SEGMENT.fullmatch(part) for part in parts):
            packages.add(".".join(parts))
    return frozenset(packages)


@dataclass(frozen=True)
class JarIndex:
    """Packages per label (e.g. ``@maven//:com_google_guava_guava``) and their inverse."""

    packages_by_label: Mapping[str, frozenset[str]]
    broken: Mapping[str, str] = field(default_factory=dict)  # label -> why its jar was skipped
    _owners: Mapping[str, tuple[str, ...]] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        owners: dict[str, list[str]] = {}
        for label in sorted(self.packages_by_label):
            for package in self.packages_by_label[label]:
                owners.setdefault(package, []).append(label)
        object.__setattr__(self, "_owners", {p: tuple(ls) for p, ls in owners.items()})

    @classmethod
    def build(
        cls,
        jars: Mapping[str, str | Path],
        cache: str | Path | None = None,
        skip_broken: bool = False,
    ) -> JarIndex:
        """Index ``label -> jar path``; unreadable jars raise ``JarError`` unless
        ``skip_broken``, which records them in ``broken`` instead."""
        entries = load_jar_entries(cache) if cache is not None else {}
        changed = False
        packages: dict[str, frozenset[str]] = {}
        broken: dict[str, str] = {}
        for label, jar in jars.items():
            key = os.path.abspath(jar)
            try:
                found, entry = _indexed(key, entries.get(key))
            except JarError as exc:
                if not skip_broken:
                    raise
                broken[label] = str(exc)
                continue
            packages[label] = found
            if entry is not None:
                entries[key] = entry
                changed = True
        if cache is not None and changed:
            save_jar_entries(cache, entries)
        return cls(packages_by_label=packages, broken=broken)

    def owners(self, package: str) -> tuple[str, ...]:
        """Labels whose jar holds classes in ``package``, sorted; empty if none."""
        return self._owners.get(package, ())

    def packages(self) -> frozenset[str]:
        """Every package some indexed jar provides."""
        return frozenset(self._owners)


def _indexed(path: str, cached: dict | None) -> tuple[frozenset[str], dict | None]:
    """The jar's packages: from ``cached`` while size and mtime match, else read (new entry)."""
    try:
        stat = os.stat(path)
    except OSError as exc:
        raise JarError(f"cannot read jar {path}: {exc.strerror or exc}") from exc
    if cached and cached["size"] == stat.st_size and cached["mtime_ns"] == stat.st_mtime_ns:
        return frozenset(cached["packages"]), None
    found = packages_in_jar(path)
    return found, {"size": stat.st_size, "mtime_ns": stat.st_mtime_ns, "packages": sorted(found)}
