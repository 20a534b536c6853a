"""A Bazel rule as the generator proposes it: a frozen value that renders its own stanza.

Attribute values are plain data: str, bool, int, a list of str, a ``Glob``, or a dict of str
(for e.g. ``resource_strip_prefix``-like maps). Lists of labels are kept sorted and unique by
the producer, so output is byte-stable.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Glob:
    include: tuple[str, ...]
    exclude: tuple[str, ...] = ()
    allow_empty: bool | None = None


@dataclass(frozen=True)
class StringDict:
    """A dict of strings as an attribute value (``env = {"K": "v"}``), frozen and ordered."""

    items: tuple[tuple[str, str], ...]


Value = str | bool | int | tuple[str, ...] | Glob | StringDict


@dataclass(frozen=True)
class Rule:
    """One target in a BUILD file."""

    kind: str  # e.g. "java_library", "kt_jvm_test"
    name: str
    attrs: tuple[tuple[str, Value], ...] = ()  # in the order they are printed, after name
    load: str | None = None  # the .bzl the kind comes from; None for native rules
    comment: str | None = None  # a line printed above the rule

    def attr(self, key: str) -> Value | None:
        return next((v for k, v in self.attrs if k == key), None)

    def with_attr(self, key: str, value: Value | None) -> Rule:
        """A copy with ``key`` set (or removed when value is None/empty), order kept."""
        attrs = [(k, v) for k, v in self.attrs if k != key]
        if value not in (None, (), ""):
            index = next((i for i, (k, _) in enumerate(self.attrs) if k == key), len(attrs))
            attrs.insert(index, (key, value))  # type: ignore[arg-type]
        return Rule(self.kind, self.name, tuple(attrs), self.load, self.comment)

    @property
    def label_name(self) -> str:
        return self.name


@dataclass(frozen=True)
class BuildFile:
    """The generated content of one BUILD file: its package path and rules, in order."""

    package: str  # workspace-relative directory, "" for the root
    rules: tuple[Rule, ...]
    header: tuple[str, ...] = field(default=())  # comment lines at the top (without "# ")
