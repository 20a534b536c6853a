"""The canonical printer of generated BUILD files.

``render`` prints a generated ``BuildFile`` the way ``buildifier`` would (attribute order, list
sorting, label shortening, load order), so that ``buildifier --mode=check --lint=warn`` has
nothing to say about our output and re-running the generator never fights the formatter. The
canonical forms of values live here too: the merger compares against them to decide what is
unchanged, and prints what it adds with the same functions.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence

from migrate.bazel.format_tables import (
    attr_sort_key,
    dict_sort_key,
    is_label_attr,
    is_sortable,
    label_sort_key,
    load_sort_key,
)
from migrate.bazel.label import shorten_label
from migrate.bazel.rule import BuildFile, Glob, Rule, StringDict, Value

INDENT = "    "
MARKER_PREFIX = "# migrate: managed targets:"
MARKER_WIDTH = 100

_ESCAPES = {"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t"}


# ---- canonical forms (shared with the merger, so both agree on "unchanged") -----------------


def quote(text: str) -> str:
    """A double-quoted Starlark string literal that buildifier keeps as it is."""
    out = []
    for char in text:
        if char in _ESCAPES:
            out.append(_ESCAPES[char])
        elif ord(char) < 0x20 or ord(char) == 0x7F:
            out.append(f"\\{ord(char):03o}")  # octal: Bazel has no \x escapes
        else:
            out.append(char)
    return '"' + "".join(out) + '"'


def sorted_unique(values: Iterable[str]) -> tuple[str, ...]:
    """A sortable list as buildifier leaves it: in its label order, each value once."""
    return tuple(sorted(set(values), key=label_sort_key))


def canonical_value(kind: str, key: str, value: Value) -> Value:
    """The value as buildifier would leave it: labels shortened, sortable lists sorted."""
    if isinstance(value, str) and is_label_attr(kind, key):
        return shorten_label(value)
    if isinstance(value, (tuple, list)):
        items = tuple(value)
        if is_label_attr(kind, key):
            items = tuple(shorten_label(item) for item in items)
        return sorted_unique(items) if is_sortable(kind, key) else items
    if isinstance(value, Mapping):
        return dict(sorted(value.items(), key=lambda kv: dict_sort_key(kv[0])))
    return value


def canonical_attrs(rule: Rule) -> list[tuple[str, Value]]:
    """The rule's attributes (``name`` excluded) in buildifier's order with canonical values."""
    attrs = [(k, canonical_value(rule.kind, k, v)) for k, v in rule.attrs if k != "name"]
    return sorted(attrs, key=lambda kv: attr_sort_key(rule.kind, kv[0]))


# ---- printing -------------------------------------------------------------------------------


def render(build: BuildFile) -> str:
    """The canonical text of a generated BUILD file (buildifier-clean, marker included).

    Raises ``ValueError`` when two generated targets share a name."""
    _check_unique_names(build.rules)
    blocks = []
    top = comment_lines(build.header)
    top += marker_lines([rule.name for rule in build.rules])
    if top:
        blocks.append("\n".join(top))
    loads = loads_needed(build.rules)
    if loads:
        blocks.append("\n".join(render_load(label, loads[label]) for label in loads))
    blocks.extend(render_rule(rule) for rule in build.rules)
    return "\n\n".join(blocks) + "\n" if blocks else ""


def render_rule(rule: Rule) -> str:
    """One target stanza: its comment, then one attribute per line, ``name`` first."""
    lines = comment_lines((rule.comment,) if rule.comment else ())
    lines.append(f"{rule.kind}(")
    lines.append(f"{INDENT}name = {quote(rule.name)},")
    for key, value in canonical_attrs(rule):
        lines.append(f"{INDENT}{key} = {render_value(value, INDENT)},")
    lines.append(")")
    return "\n".join(lines)


def render_load(label: str, symbols: Iterable[str]) -> str:
    """A one-line ``load()`` with sorted symbols, as buildifier prints it."""
    return "load(" + ", ".join(quote(s) for s in [label, *sorted(set(symbols))]) + ")"


def render_value(value: Value | Mapping[str, str], indent: str) -> str:
    """An attribute value; continuation lines are indented relative to ``indent``."""
    if isinstance(value, bool):
        return "True" if value else "False"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, str):
        return quote(value)
    if isinstance(value, (tuple, list)):
        return render_list(value, indent)
    if isinstance(value, Glob):
        return _render_glob(value, indent)
    if isinstance(value, StringDict):
        return _render_dict(dict(value.items), indent)
    if isinstance(value, Mapping):
        return _render_dict(value, indent)
    raise TypeError(f"cannot render attribute value {value!r}")


def render_list(items: Sequence[str], indent: str) -> str:
    """A string list: on one line when it has at most one element, else one per line."""
    if len(items) <= 1:
        return "[" + "".join(quote(item) for item in items) + "]"
    inner = indent + INDENT
    return "[\n" + "".join(f"{inner}{quote(item)},\n" for item in items) + indent + "]"


def marker_lines(names: Iterable[str]) -> list[str]:
    """The marker comment naming the managed targets, sorted, wrapped at ``MARKER_WIDTH``."""
    lines: list[str] = []
    current = ""
    for name in sorted(set(names)):
        candidate = f"{current}, {name}" if current else f"{MARKER_PREFIX} {name}"
        if current and len(candidate) > MARKER_WIDTH:
            lines.append(current)
            candidate = f"{MARKER_PREFIX} {name}"
        current = candidate
    return [*lines, current] if current else lines


def comment_lines(texts: Iterable[str]) -> list[str]:
    """Comment texts (each may span lines) as ``# `` lines; an empty line becomes ``#``."""
    lines = [line for text in texts for line in (text.splitlines() or [""])]
    return [f"# {line}".rstrip() if line.strip() else "#" for line in lines]


def loads_needed(rules: Iterable[Rule]) -> dict[str, set[str]]:
    """Symbols to load per .bzl label, labels in buildifier's load order."""
    needed: dict[str, set[str]] = {}
    for rule in rules:
        if rule.load:
            needed.setdefault(rule.load, set()).add(rule.kind)
    return {label: needed[label] for label in sorted(needed, key=load_sort_key)}


def _render_glob(glob: Glob, indent: str) -> str:
    """``glob([...])`` alone; with keywords one argument per line (buildifier splits it)."""
    if not glob.exclude and glob.allow_empty is None:
        return f"glob({render_list(glob.include, indent)})"
    inner = indent + INDENT
    lines = [f"{inner}{render_list(glob.include, inner)},"]
    if glob.allow_empty is not None:
        lines.append(f"{inner}allow_empty = {render_value(glob.allow_empty, inner)},")
    if glob.exclude:
        lines.append(f"{inner}exclude = {render_list(glob.exclude, inner)},")
    return "glob(\n" + "\n".join(lines) + f"\n{indent})"


def _render_dict(value: Mapping[str, str], indent: str) -> str:
    items = sorted(value.items(), key=lambda kv: dict_sort_key(kv[0]))
    if len(items) <= 1:
        return "{" + "".join(f"{quote(k)}: {quote(v)}" for k, v in items) + "}"
    inner = indent + INDENT
    body = "".join(f"{inner}{quote(k)}: {quote(v)},\n" for k, v in items)
    return "{\n" + body + indent + "}"


def _check_unique_names(rules: Iterable[Rule]) -> None:
    seen: set[str] = set()
    for rule in rules:
        if rule.name in seen:
            raise ValueError(f"two generated targets are named {rule.name!r}")
        seen.add(rule.name)
