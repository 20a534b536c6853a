"""Where the data files (rule tables, templates) live, in a checkout or an installed wheel."""

from __future__ import annotations

from functools import cache
from pathlib import Path
from typing import Any

import yaml

_PACKAGE_DIR = Path(__file__).resolve().parent


def data_dir(name: str) -> Path:
    """``rules``, ``generators`` or ``reports``: top-level in a checkout, bundled in a wheel."""
    for candidate in (_PACKAGE_DIR.parent / name, _PACKAGE_DIR / "_data" / name):
        if candidate.is_dir():
            return candidate
    raise FileNotFoundError(f"data folder '{name}' is missing from this installation of migrate")


@cache
def rule_table(name: str) -> Any:
    """A YAML rule table from ``rules/``, parsed once."""
    path = data_dir("rules") / name
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)
