"""The JVM source files under each source directory, walked once per read of the build.

The reader walks source directories to see which languages a source set holds; generation then
needs the same files to scan them. A model carries the listing its reader made: it is as current
as the model (a cached model is only reused while no file in the tree changed).
"""

from __future__ import annotations

import os

from migrate.languages import language_by_extension


class SourceListing:
    """Source files (``.java``, ``.kt``, ``.scala``, ``.groovy``) by source directory."""

    def __init__(self) -> None:
        self._files: dict[str, tuple[str, ...]] = {}

    def files(self, top: str) -> tuple[str, ...]:
        """Every source file under ``top`` (nothing when it is missing), walked once."""
        top = os.path.normpath(top)
        if top not in self._files:
            self._files[top] = tuple(_walk(top))
        return self._files[top]


def _walk(top: str) -> list[str]:
    """Sorted: the file system's own order differs between machines and checkouts."""
    out = []
    for dirpath, dirnames, filenames in os.walk(top):
        dirnames.sort()
        for filename in sorted(filenames):
            if os.path.splitext(filename)[1] in language_by_extension():
                out.append(os.path.join(dirpath, filename))
    return out
