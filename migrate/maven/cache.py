"""Where what migrate learns about Maven artifacts is kept between runs: under the one cache
root every migrate cache shares (:func:`migrate.sources.cache.cache_root`, so
``$MIGRATE_CACHE_DIR`` moves it, default ``~/.cache/migrate``), outside the repository.

Today that is the jar package index (:class:`migrate.maven.jars.JarIndex`): a JSON file of
(size, mtime, packages) per absolute jar path, so re-indexing an unchanged mirror opens no jar.
A missing, damaged or older cache is just empty; it is replaced atomically.
"""

from __future__ import annotations

import json
import os
from collections.abc import Mapping
from pathlib import Path

from migrate.sources.cache import cache_root

CACHE_VERSION = 1
JAR_PACKAGES = "jar-packages.json"


def jar_packages_file() -> Path:
    """The jar package cache of every build (jars are keyed by their absolute path)."""
    return cache_root() / JAR_PACKAGES


def load_jar_entries(path: str | Path) -> dict[str, dict]:
    """Cached entries by absolute jar path; a missing or unreadable cache is just empty."""
    try:
        data = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
        return {}
    jars = data.get("jars")
    if not isinstance(jars, dict):
        return {}
    return {
        key: entry
        for key, entry in jars.items()
        if isinstance(entry, dict)
        and isinstance(entry.get("size"), int)
        and isinstance(entry.get("mtime_ns"), int)
        and isinstance(entry.get("packages"), list)
    }


def save_jar_entries(path: str | Path, entries: Mapping[str, dict]) -> None:
    """Write atomically, so an interrupted run never leaves a half-written cache."""
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    payload = {"version": CACHE_VERSION, "jars": dict(sorted(entries.items()))}
    tmp.write_text(json.dumps(payload, indent=1, sort_keys=True), encoding="utf-8")
    os.replace(tmp, path)
