"""What the BUILD-file merger knows about each rule kind, read from the rule tables.

After Gazelle's ``KindInfo``: per kind, the attributes migrate owns on the targets it manages
(rewritten on regeneration, removed when no longer generated) and every attribute the kind
accepts. The merger needs the second when a managed target changes kind (``kt_jvm_library`` →
``java_library``): an attribute only the old kind has would make Bazel reject the file. The data
lives in ``rules/jvm-rules.yaml`` (``common_attributes``, ``attribute_groups``, ``kinds``) so a
repository can describe its own rules in ``migration.yaml`` instead of patching code.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from migrate.errors import InputError
from migrate.resources import rule_table

RULE_TABLE = "jvm-rules.yaml"
_KIND_KEYS = frozenset({"load", "owned", "set_once", "accepts", "like"})


class KindTableError(InputError, ValueError):
    """A rule table entry the merger cannot use (``rules:`` in migration.yaml, or the shipped
    table); the message names the entry."""


@dataclass(frozen=True)
class KindInfo:
    """One rule kind as the merger sees it."""

    owned: frozenset[str]  # migrate's attributes on its targets
    accepts: frozenset[str] | None  # every attribute of the kind; None: unknown, drop nothing
    load: str | None = None  # the .bzl the kind is loaded from; None: native, or not known
    # attributes migrate writes when it creates the target (or the attribute is missing) and then
    # leaves to the user: regeneration never overwrites them
    set_once: frozenset[str] = frozenset()

    def has(self, attr: str) -> bool:
        """Whether Bazel would accept ``attr`` on a target of this kind (True when unknown)."""
        return self.accepts is None or attr in self.accepts


@dataclass(frozen=True)
class KindTable:
    """Kind name → ``KindInfo``; kinds not described get ``fallback``."""

    kinds: Mapping[str, KindInfo] = field(default_factory=dict)
    fallback: KindInfo = KindInfo(frozenset(), None)

    def info(self, kind: str) -> KindInfo:
        return self.kinds.get(kind, self.fallback)

    def owned(self, kind: str) -> frozenset[str]:
        return self.info(kind).owned

    def load(self, kind: str) -> str | None:
        return self.info(kind).load

    @classmethod
    def from_table(cls, table: Mapping[str, Any], where: str = RULE_TABLE) -> KindTable:
        """Build from a parsed rule table; a malformed entry is a :class:`KindTableError` naming it
        (overrides come from people's ``migration.yaml``, so say exactly what is wrong)."""
        common = table.get("common_attributes") or {}
        _check_keys(common, {"owned", "accepts"}, f"{where}: common_attributes")
        common_owned = _names(common.get("owned"), f"{where}: common_attributes.owned")
        common_accepts = _names(common.get("accepts"), f"{where}: common_attributes.accepts")
        groups_raw = table.get("attribute_groups") or {}
        if not isinstance(groups_raw, Mapping):
            raise KindTableError(f"{where}: attribute_groups must map group names to lists")
        groups = {
            name: _names(attrs, f"{where}: attribute_groups.{name}")
            for name, attrs in groups_raw.items()
        }
        kinds_raw = table.get("kinds") or {}
        if not isinstance(kinds_raw, Mapping):
            raise KindTableError(f"{where}: kinds must map rule kinds to their attributes")
        kinds: dict[str, KindInfo] = {}
        for kind, entry in kinds_raw.items():
            label = f"{where}: kinds.{kind}"
            entry = entry or {}
            _check_keys(entry, _KIND_KEYS, label)
            owned = common_owned | _names(entry.get("owned"), f"{label}.owned")
            set_once = _names(entry.get("set_once"), f"{label}.set_once")
            if owned & set_once:
                both = ", ".join(sorted(owned & set_once))
                raise KindTableError(f"{label}: {both} cannot be both owned and set_once")
            accepts = (
                owned | set_once | common_accepts | _names(entry.get("accepts"), f"{label}.accepts")
            )
            for group in _names(entry.get("like"), f"{label}.like"):
                if group not in groups:
                    raise KindTableError(f"{label}.like: no attribute group {group!r}")
                accepts |= groups[group]
            load = entry.get("load")
            if load is not None and (not isinstance(load, str) or not load.endswith(".bzl")):
                raise KindTableError(
                    f"{label}.load: expected the label of a .bzl file, got {load!r}"
                )
            kinds[kind] = KindInfo(owned, accepts, load, set_once)
        # A kind migrate has no entry for may be any of them in disguise (a wrapping macro):
        # own what migrate owns anywhere, and never judge what it accepts.
        fallback_owned = common_owned.union(*(info.owned for info in kinds.values()))
        return cls(kinds, KindInfo(fallback_owned, None))

    @classmethod
    def default(cls) -> KindTable:
        """The table shipped in ``rules/jvm-rules.yaml``, without repository overrides."""
        return _default_table()


@cache
def _default_table() -> KindTable:
    return KindTable.from_table(rule_table(RULE_TABLE))


def _names(value: object, where: str) -> frozenset[str]:
    if value is None:
        return frozenset()
    if not isinstance(value, Iterable) or isinstance(value, (str, Mapping)):
        raise KindTableError(f"{where}: expected a list of attribute names, got {value!r}")
    names = list(value)
    bad = [name for name in names if not isinstance(name, str) or not name]
    if bad:
        raise KindTableError(f"{where}: not attribute names: {bad!r}")
    return frozenset(names)


def _check_keys(entry: object, allowed: frozenset[str] | set[str], where: str) -> None:
    if not isinstance(entry, Mapping):
        raise KindTableError(f"{where}: expected a mapping with {', '.join(sorted(allowed))}")
    unknown = sorted(set(entry) - set(allowed))
    if unknown:
        raise KindTableError(f"{where}: unknown key(s) {', '.join(map(str, unknown))}")
