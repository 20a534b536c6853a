"""Which JVM languages a set of source directories holds, judged by the files present."""

from __future__ import annotations

import os
from collections.abc import Iterable

from migrate.languages import language_by_extension
from migrate.sources.listing import SourceListing


def detect_languages(dirs: Iterable[str], listing: SourceListing | None = None) -> tuple[str, ...]:
    """Sorted languages of the source files under ``dirs`` (missing dirs are fine)."""
    listing = listing or SourceListing()
    found: set[str] = set()
    for top in dict.fromkeys(dirs):
        for path in listing.files(top):
            found.add(language_by_extension()[os.path.splitext(path)[1]])
    return tuple(sorted(found))
