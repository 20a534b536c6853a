"""buildifier's formatting tables and sort orders, so migrate's BUILD files need no reformatting.

The tables (``rules/buildifier-tables.yaml``) mirror buildtools' ``tables/tables.go``; the sort
keys are those of buildifier's rewrites and of its ``out-of-order-load`` and
``unsorted-dict-items`` lint checks. The printer and the merger both ask here, so that they
agree on what "already formatted" means.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from migrate.resources import rule_table

TABLES = "buildifier-tables.yaml"


@dataclass(frozen=True)
class _Tables:
    name_priority: dict[str, int]
    sortable: frozenset[str]
    sortable_denylist: frozenset[str]
    labels: frozenset[str]
    label_denylist: frozenset[str]


@cache
def _tables() -> _Tables:
    data = rule_table(TABLES)
    return _Tables(
        name_priority=dict(data["name_priority"]),
        sortable=frozenset(data["sortable_list_args"]),
        sortable_denylist=frozenset(data["sortable_denylist"]),
        labels=frozenset(data["label_args"]),
        label_denylist=frozenset(data["label_denylist"]),
    )


def attr_sort_key(kind: str, key: str) -> tuple[int, str]:
    """buildifier's argument order: by priority (``name`` first, ``deps`` late), then by name."""
    priority = _tables().name_priority
    return priority.get(f"{kind}.{key}", priority.get(key, 0)), key


def is_sortable(kind: str, key: str) -> bool:
    """Whether buildifier sorts (and deduplicates) a string list given as ``key``."""
    tables = _tables()
    return key in tables.sortable and f"{kind}.{key}" not in tables.sortable_denylist


def is_label_attr(kind: str, key: str) -> bool:
    """Whether buildifier reads the strings of ``key`` as labels (and shortens them)."""
    tables = _tables()
    return key in tables.labels and f"{kind}.{key}" not in tables.label_denylist


def label_sort_key(value: str) -> tuple[int, list[str], str]:
    """buildifier's order for sorted string lists: plain, ``:local``, ``//abs``, ``@repo``."""
    phase = 0
    if value.startswith(":"):
        phase = 1
    elif value.startswith("//"):
        phase = 2
    elif value.startswith("@"):
        phase = 3
    return phase, value.replace(":", ".").split("."), value


def load_sort_key(label: str) -> tuple[bool, bool, str, str]:
    """buildifier's ``out-of-order-load`` order: ``@repo`` first, then by package, then file."""
    package, _, filename = label.partition(":") if ":" in label else ("", "", label)
    return not label.startswith("@"), package == "", package, filename


def dict_sort_key(key: str) -> tuple[bool, bool, str]:
    """buildifier's ``unsorted-dict-items`` order: private keys and the default condition last."""
    return key.startswith("_"), key == "//conditions:default", key
