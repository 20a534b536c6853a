"""Relative paths without ``os.path.relpath``'s cost: a build tree's paths are already absolute
and normalised, so most are a prefix cut (tens of thousands per generation)."""

from __future__ import annotations

import os


def relative(path: str, base: str) -> str:
    """``path`` relative to ``base``, with ``/`` separators (both absolute and normalised)."""
    if path.startswith(base) and path[len(base) : len(base) + 1] == os.sep:
        rel = path[len(base) + 1 :]
    elif path == base:
        return "."
    else:
        rel = os.path.relpath(path, base)
    return rel if os.sep == "/" else rel.replace(os.sep, "/")
