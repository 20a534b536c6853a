"""Which JVM languages a set of source directories holds, judged by the files present."""

from __future__ import annotations

import os
from collections.abc import Iterable

from migrate.model import LANGUAGE_BY_EXTENSION


def detect_languages(dirs: Iterable[str]) -> tuple[str, ...]:
    """Sorted languages of the source files under ``dirs`` (missing dirs are fine)."""
    found: set[str] = set()
    seen: set[str] = set()
    for top in dirs:
        if top in seen or not os.path.isdir(top):
            continue
        seen.add(top)
        for _dirpath, _dirnames, filenames in os.walk(top):
            for filename in filenames:
                language = LANGUAGE_BY_EXTENSION.get(os.path.splitext(filename)[1])
                if language:
                    found.add(language)
            if len(found) == len(LANGUAGE_BY_EXTENSION):
                break
    return tuple(sorted(found))
