"""The merger: folds a generated BUILD file into the one on disk without losing hand edits.

``merge`` works with Gazelle-like semantics, editing the libcst syntax tree so that everything
migrate does not own (hand-written targets, user attributes, comments, formatting) comes back
byte for byte:

* migrate owns only the targets listed in its marker comment (``# migrate: managed targets: …``);
* ``# keep`` protects a whole target (comment line directly above it, or after its ``(``), one
  attribute (comment on its first or last line, or the line above it) or one list element;
* ``# migrate:ignore NAME`` (anywhere) means "never create NAME again";
* managed targets that are no longer generated are deleted, new ones are appended;
* which attributes migrate owns, and which ones each kind accepts, is data per rule kind
  (``rules/jvm-rules.yaml``, see ``kinds.py``): when a managed target changes kind, a user
  attribute the new kind does not have is dropped with a warning (``file:line``, attribute,
  value) instead of leaving a file Bazel rejects; a ``# keep`` one stays, reported as a conflict.

What it adds is printed by ``printer.py`` and compared with its canonical forms, so a merged
file is as buildifier-clean as a freshly rendered one.
"""

from __future__ import annotations

import re
import warnings
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field, replace
from typing import Any

import libcst as cst

from migrate.bazel.format_tables import (
    attr_sort_key,
    is_label_attr,
    is_sortable,
    label_sort_key,
    load_sort_key,
)
from migrate.bazel.kinds import KindTable
from migrate.bazel.label import shorten_label
from migrate.bazel.printer import (
    INDENT,
    canonical_attrs,
    comment_lines,
    loads_needed,
    marker_lines,
    quote,
    render,
    render_list,
    render_load,
    render_rule,
    render_value,
    sorted_unique,
)
from migrate.bazel.rule import BuildFile, Glob, Rule, Value
from migrate.errors import InputError

IGNORE_DIRECTIVE = "migrate:ignore"

_MARKER_RE = re.compile(r"^#\s*migrate:\s*managed targets:(.*)$")
_IGNORE_RE = re.compile(r"^#\s*" + re.escape(IGNORE_DIRECTIVE) + r"\b(.*)$")


class BuildFileError(InputError):
    """A BUILD file migrate cannot merge into; the message starts with ``path:line:``."""


class BuildFileWarning(UserWarning):
    """What ``merge`` reports through ``warnings`` when the caller passes no ``warn``."""


@dataclass(frozen=True)
class MergeWarning:
    """A hand edit the merge could not carry over as it was: said, never silently lost.

    ``line`` is the attribute's line in the BUILD file as it was before the merge."""

    path: str
    line: int
    target: str
    attr: str
    message: str

    def __str__(self) -> str:
        return f"{self.path}:{self.line}: {self.message}"


@dataclass
class _Doc:
    """The mutable top level of a parsed BUILD file: statements and trailing comment lines."""

    module: cst.Module
    body: list[cst.BaseStatement]
    footer: list[cst.EmptyLine]

    def code(self) -> str:
        module = self.module.with_changes(
            header=(), body=self.body, footer=self.footer, has_trailing_newline=True
        )
        return module.code

    def parse_expression(self, text: str) -> cst.BaseExpression:
        return cst.parse_expression(text, config=self.module.config_for_parsing)

    def parse_statement(self, text: str) -> cst.BaseStatement:
        return cst.parse_statement(text, config=self.module.config_for_parsing)


@dataclass(frozen=True)
class _Item:
    """One string element of an existing list, with the comments that travel with it."""

    value: str
    above: tuple[str, ...] = ()  # comment lines above it ("" for a blank line)
    suffix: str | None = None  # the comment at the end of its line

    @property
    def keep(self) -> bool:
        return any(is_keep_comment(c) for c in (*self.above, self.suffix or ""))


_REMOVE = object()  # _merge_attr's answer for "delete this attribute"
_UNKNOWN = object()  # a value we cannot read; never equal to a generated one


@dataclass(frozen=True)
class Merged:
    """A merge's outcome: the file's new text, and which generated targets it now holds (a
    target the user deleted with ``# migrate:ignore`` is generated but not there)."""

    text: str
    targets: frozenset[str]


def merge(*args: Any, **kwargs: Any) -> str:
    """:func:`merge_build_file`'s merged text alone (the same arguments, errors and warnings)."""
    return merge_build_file(*args, **kwargs).text


def merge_build_file(
    existing: str | None,
    generated: BuildFile,
    path_for_errors: str,
    *,
    owned_attrs: frozenset[str] | None = None,
    kinds: KindTable | None = None,
    warn: Callable[[MergeWarning], None] | None = None,
) -> Merged:
    """Fold ``generated`` into the BUILD file text ``existing`` (None: no file yet), saying
    which generated targets the merged file holds.

    The text is ``existing`` itself when there is nothing to change. Raises ``BuildFileError``
    (``path:line: message``) when ``existing`` does not parse; nothing is half-merged.

    ``kinds`` says per rule kind which attributes migrate owns and which ones the kind accepts
    (default: ``rules/jvm-rules.yaml``); ``owned_attrs`` replaces the owned set of every kind.
    Each hand edit the merge drops or cannot reconcile goes to ``warn`` (default: a
    ``BuildFileWarning`` through ``warnings.warn``).
    """
    generated_names = frozenset(rule.name for rule in generated.rules)
    fresh = render(generated)  # raises ValueError for two targets of one name
    if existing is None or not existing.strip():
        return Merged(fresh, generated_names)
    if existing == fresh:  # what migrate wrote last time, untouched: nothing to merge
        return Merged(existing, generated_names)
    doc = _parse(existing, path_for_errors)
    before = doc.code()
    comments = _all_comments(doc.module)
    ignored = _ignored_names(comments)
    marker = _marker_names(comments)
    targets = _targets(doc, path_for_errors, marker | generated_names)
    managed = (marker & targets.keys()) - ignored
    taken = targets.keys() - managed | ignored | _nested_names(doc)  # never (re)create these
    old_kinds = {_kind(doc.body[targets[name]]) for name in managed}
    policy = _Policy(
        kinds or KindTable.default(), owned_attrs, path_for_errors, warn or _warn_by_default
    )
    for rule in generated.rules:  # lines of the file as it is, before any target changes
        index = targets.get(rule.name)
        if rule.name in managed and index is not None and _kind(doc.body[index]) != rule.kind:
            policy.lines[rule.name] = _line_of(doc, index)

    written: list[Rule] = []  # generated rules that are now in the file as migrate wrote them
    appended: list[Rule] = []
    for rule in generated.rules:
        if rule.name in taken:
            continue  # the user deleted it on purpose, or wrote their own target of that name
        if rule.name not in targets:
            appended.append(rule)
        elif not _target_kept(doc, targets[rule.name]):
            _merge_target(doc, targets[rule.name], rule, policy)
            written.append(rule)
    stale = {n for n in managed - generated_names if not _target_kept(doc, targets[n])}
    for index in sorted((targets[name] for name in stale), reverse=True):
        _remove_statement(doc, index)
    for rule in appended:
        _append_rule(doc, rule)
    removable = old_kinds | {rule.kind for rule in generated.rules}
    _update_loads(doc, loads_needed([*written, *appended]), removable)
    _update_marker(doc, (managed - stale) | {r.name for r in appended}, generated.header)
    held = generated_names & (targets.keys() | {r.name for r in appended})
    if doc.code() == before:
        return Merged(existing, held)
    _normalize_blank_lines(doc)
    return Merged(doc.code(), held)


@dataclass
class _Policy:
    """How one merge treats attributes: the kind table and where its warnings go."""

    kinds: KindTable
    owned_override: frozenset[str] | None
    path: str
    warn: Callable[[MergeWarning], None]
    lines: dict[str, int] = field(default_factory=dict)  # kind-changing target → its line

    def owned(self, kind: str) -> frozenset[str]:
        return self.owned_override if self.owned_override is not None else self.kinds.owned(kind)


def _warn_by_default(warning: MergeWarning) -> None:
    warnings.warn(str(warning), BuildFileWarning, stacklevel=4)


def is_keep_comment(comment: str) -> bool:
    """``# keep`` or ``# keep: reason`` (but not buildifier's ``# keep sorted``)."""
    text = comment.lstrip("#").strip()
    return text == "keep" or text.startswith("keep:")


def _parse(text: str, path: str) -> _Doc:
    """Parse, and move the file's leading comments onto the first statement they precede."""
    try:
        module = cst.parse_module(text)
    except cst.ParserSyntaxError as err:
        raise BuildFileError(f"{path}:{err.raw_line}: {_syntax_message(err)}") from None
    body = list(module.body)
    footer = list(module.footer)
    if body:
        body[0] = body[0].with_changes(leading_lines=[*module.header, *body[0].leading_lines])
    else:
        footer = [*module.header, *footer]
    return _Doc(module, body, footer)


def _syntax_message(err: cst.ParserSyntaxError) -> str:
    """libcst's message without its own (sometimes different) ``error at L:C`` position."""
    lines = str(err.message).splitlines() or ["syntax error"]
    return "not valid Starlark: " + re.sub(r"error at \d+:\d+: ", "", lines[0])


def _call_of(stmt: cst.BaseStatement) -> cst.Call | None:
    """The call of a top-level ``f(...)`` statement."""
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return None
    expr = stmt.body[0]
    if not isinstance(expr, cst.Expr) or not isinstance(expr.value, cst.Call):
        return None
    return expr.value if isinstance(expr.value.func, cst.Name) else None


def _with_call(stmt: cst.BaseStatement, call: cst.Call) -> cst.BaseStatement:
    assert isinstance(stmt, cst.SimpleStatementLine)
    expr = stmt.body[0]
    assert isinstance(expr, cst.Expr)
    return stmt.with_changes(body=[expr.with_changes(value=call)])


def _kind(stmt: cst.BaseStatement) -> str:
    call = _call_of(stmt)
    assert call is not None and isinstance(call.func, cst.Name)
    return call.func.value


def _target_name(stmt: cst.BaseStatement) -> str | None:
    """The literal ``name`` of a top-level rule or macro call."""
    call = _call_of(stmt)
    if call is None:
        return None
    for arg in call.args:
        if arg.keyword is not None and arg.keyword.value == "name":
            value = arg.value.evaluated_value if isinstance(arg.value, cst.SimpleString) else None
            return value if isinstance(value, str) else None
    return None


def _targets(doc: _Doc, path: str, relevant: set[str]) -> dict[str, int]:
    """Top-level target name → statement index; a duplicate that matters to migrate is an error."""
    targets: dict[str, int] = {}
    for index, stmt in enumerate(doc.body):
        name = _target_name(stmt)
        if name is None:
            continue
        if name in targets and name in relevant:
            line = _line_of(doc, index)
            raise BuildFileError(f"{path}:{line}: target {name!r} is defined twice")
        targets.setdefault(name, index)
    return targets


class _NestedNameCollector(cst.CSTVisitor):
    """``name = "..."`` of calls that are not top-level statements (macros, comprehensions)."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_Arg(self, node: cst.Arg) -> None:
        if node.keyword and node.keyword.value == "name":
            value = node.value.evaluated_value if isinstance(node.value, cst.SimpleString) else None
            if isinstance(value, str):
                self.names.add(value)


def _nested_names(doc: _Doc) -> set[str]:
    collector = _NestedNameCollector()
    for stmt in doc.body:
        call = _call_of(stmt)
        if call is None:
            stmt.visit(collector)
            continue
        for arg in call.args:  # not the statement's own name: that one is a top-level target
            arg.value.visit(collector)
    return collector.names


def _line_of(doc: _Doc, index: int) -> int:
    """1-based line of statement ``index`` (its first code line)."""
    before = cst.Module(body=doc.body[:index]).code.count("\n") if index else 0
    return before + len(doc.body[index].leading_lines) + 1


class _CommentCollector(cst.CSTVisitor):
    def __init__(self) -> None:
        self.comments: list[str] = []

    def visit_Comment(self, node: cst.Comment) -> None:
        self.comments.append(node.value)


def _all_comments(module: cst.Module) -> list[str]:
    collector = _CommentCollector()
    module.visit(collector)
    return collector.comments


def _names_in(text: str) -> set[str]:
    return {name for name in re.split(r"[\s,]+", text) if name}


def _marker_names(comments: Iterable[str]) -> set[str]:
    return {n for c in comments if (m := _MARKER_RE.match(c)) for n in _names_in(m.group(1))}


def _ignored_names(comments: Iterable[str]) -> set[str]:
    return {n for c in comments if (m := _IGNORE_RE.match(c)) for n in _names_in(m.group(1))}


def _is_directive(line: cst.EmptyLine) -> bool:
    text = line.comment.value if line.comment else ""
    return bool(_MARKER_RE.match(text) or _IGNORE_RE.match(text))


def _split_attached(lines: Sequence[cst.EmptyLine]) -> tuple[list, list]:
    """(detached, attached): the comment block directly above a statement is attached to it."""
    cut = max((i + 1 for i, line in enumerate(lines) if line.comment is None), default=0)
    return list(lines[:cut]), list(lines[cut:])


def _target_kept(doc: _Doc, index: int) -> bool:
    """``# keep`` directly above the target, after its ``(`` or on its ``name`` line.

    buildifier moves a comment written after ``(`` onto a line above ``name``; both count.
    """
    stmt = doc.body[index]
    _, attached = _split_attached(stmt.leading_lines)
    if any(line.comment and is_keep_comment(line.comment.value) for line in attached):
        return True
    call = _call_of(stmt)
    assert call is not None
    opening = call.whitespace_before_args
    if isinstance(opening, cst.ParenthesizedWhitespace) and _keep_in(opening.first_line):
        return True
    names = [i for i, arg in enumerate(call.args) if arg.keyword and arg.keyword.value == "name"]
    return any(_arg_kept(call, i) for i in names)


def _keep_in(line: cst.TrailingWhitespace | None) -> bool:
    return bool(line and line.comment and is_keep_comment(line.comment.value))


# ---- one managed target ---------------------------------------------------------------------


def _merge_target(doc: _Doc, index: int, rule: Rule, policy: _Policy) -> None:
    """Replace migrate's attributes of one managed target, keeping the user's.

    A target the user compacted onto one line is laid out again, one attribute per line,
    when (and only when) it changes. When the kind changes, the old kind's owned attributes
    are migrate's too, and user attributes the new kind does not accept are dropped (``# keep``
    ones stay); both are reported.
    """
    call = _call_of(doc.body[index])
    assert call is not None
    old_kind = _kind(doc.body[index])
    owned = policy.owned(rule.kind)
    foreign: list[int] = []  # attributes the new kind has no use for
    drop: frozenset[str] = frozenset()
    if old_kind != rule.kind:
        owned |= policy.owned(old_kind)
        new = policy.kinds.info(rule.kind)
        wanted = {key for key, _ in rule.attrs}
        foreign = [
            i
            for i, arg in enumerate(call.args)
            if arg.keyword and arg.keyword.value not in wanted | {"name"}
            if not new.has(arg.keyword.value)
        ]
        drop = frozenset(
            key
            for i in foreign
            if (key := _keyword(call.args[i])) not in owned and not _mentions_keep(call, i)
        )
    set_once = policy.kinds.info(rule.kind).set_once
    merged = _merged_call(doc, call, rule, owned, drop, set_once)
    if not merged.deep_equals(call) and _is_compact(call):
        merged = _merged_call(doc, _one_per_line(call), rule, owned, drop, set_once)
    doc.body[index] = _with_call(doc.body[index], merged)
    left = {_keyword(arg) for arg in merged.args}
    for i in foreign:
        key = _keyword(call.args[i]) or ""
        change = f"{rule.name!r} is now a {rule.kind} (was {old_kind}), which has no {key!r}"
        if key in left:
            message = f"{change}; kept as it is marked # keep, but Bazel will reject it"
        elif key not in owned:
            value = _short_code(doc, call.args[i].value)
            message = f"{change}; dropped the hand-written `{key} = {value}`"
        else:
            continue  # migrate's own attribute of the old kind: nothing of the user's is lost
        line = policy.lines.get(rule.name, 1) + _newlines_before_arg(doc, call, i)
        policy.warn(MergeWarning(policy.path, line, rule.name, key, message))


def _keyword(arg: cst.Arg) -> str | None:
    return arg.keyword.value if arg.keyword else None


def _mentions_keep(call: cst.Call, i: int) -> bool:
    """``# keep`` on the attribute (see ``_arg_kept``) or on one of its list elements."""
    items = _list_items(call.args[i].value)
    return _arg_kept(call, i) or any(item.keep for item in items or ())


def _newlines_before_arg(doc: _Doc, call: cst.Call, i: int) -> int:
    """Lines between a call's first line and the first line of its argument ``i``."""
    head = doc.module.code_for_node(call.with_changes(args=call.args[:i]))
    return head.count("\n")


def _short_code(doc: _Doc, node: cst.CSTNode, limit: int = 80) -> str:
    """The source of ``node`` on one line, shortened for a message."""
    text = " ".join(doc.module.code_for_node(node).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _is_compact(call: cst.Call) -> bool:
    gaps = [call.whitespace_before_args, *(_gap_after(arg) for arg in call.args)]
    return bool(call.args) and not any(_is_pw(gap) for gap in gaps)


def _one_per_line(call: cst.Call) -> cst.Call:
    """The call laid out as buildifier prints a rule: one argument per line, trailing comma."""

    def line(indent: str) -> cst.ParenthesizedWhitespace:
        return cst.ParenthesizedWhitespace(last_line=cst.SimpleWhitespace(indent))

    last = len(call.args) - 1
    args = [
        arg.with_changes(
            comma=cst.Comma(whitespace_after=line("" if i == last else INDENT)),
            whitespace_after_arg=cst.SimpleWhitespace(""),
        )
        for i, arg in enumerate(call.args)
    ]
    return call.with_changes(whitespace_before_args=line(INDENT), args=args)


def _merged_call(
    doc: _Doc,
    call: cst.Call,
    rule: Rule,
    owned: frozenset[str],
    drop: frozenset[str],
    set_once: frozenset[str] = frozenset(),
) -> cst.Call:
    """The call with the generated kind and attributes; kept and user attributes untouched,
    except the user attributes in ``drop`` (the new kind would reject them). Attributes in
    ``set_once`` are only added when missing."""
    if not isinstance(call.func, cst.Name) or call.func.value != rule.kind:
        call = call.with_changes(func=cst.Name(rule.kind))
    wanted = dict(canonical_attrs(rule))
    indent = _arg_indent(call)
    args = list(call.args)
    removals = []
    for i, arg in enumerate(call.args):
        key = arg.keyword.value if arg.keyword else None
        if key in drop:
            removals.append(i)
            continue
        if key in (None, "name") or (key not in wanted and key not in owned) or key in set_once:
            continue  # positional, the name, an attribute the user added or now has
        if _arg_kept(call, i):
            continue
        new = _merge_attr(doc, rule.kind, key, arg.value, wanted.get(key), indent)
        if new is _REMOVE:
            removals.append(i)
        elif isinstance(new, cst.BaseExpression):
            args[i] = arg.with_changes(value=new)
    call = call.with_changes(args=args)
    for i in reversed(removals):
        call = _remove_arg(call, i)
    present = {arg.keyword.value for arg in call.args if arg.keyword}
    for key, value in wanted.items():
        if key not in present:
            new_arg = _keyword_arg(key, doc.parse_expression(render_value(value, indent)))
            call = _insert_arg(call, _insert_position(call, rule.kind, key), new_arg)
    return call


def _merge_attr(
    doc: _Doc, kind: str, key: str, node: cst.BaseExpression, value: Value | None, indent: str
) -> object:
    """The new value node, None when the existing one is already right, or ``_REMOVE``."""
    items = _list_items(node)
    if items is not None and is_label_attr(kind, key):
        items = [replace(item, value=shorten_label(item.value)) for item in items]
    kept = [item.value for item in items or () if item.keep]
    if value is None:
        if not kept:
            return _REMOVE
        value = ()
    elif kept and not isinstance(value, tuple):
        return None  # cannot put kept elements into e.g. a glob: leave the attribute alone
    if isinstance(value, tuple) and items is not None:
        arranged = _arrange(kind, key, items, _merge_strings(kind, key, value, kept))
        if _to_value(node) == tuple(item.value for item in arranged):
            return None
        return doc.parse_expression(_render_items(node, arranged, indent))
    if _to_value(node) == value:
        return None
    return doc.parse_expression(render_value(value, indent))


def _merge_strings(kind: str, key: str, generated: tuple[str, ...], kept: list[str]) -> tuple:
    """Generated elements plus kept ones: sorted for sortable lists, else kept ones last."""
    if is_sortable(kind, key):
        return sorted_unique([*generated, *kept])
    return tuple(dict.fromkeys([*generated, *kept]))


@dataclass
class _Chunk:
    """A run of list elements that buildifier sorts on its own: comment lines start a new one.

    A chunk opened by a ``# keep`` line is pinned: that comment belongs to its element alone.
    """

    items: list[_Item]
    pinned: bool = False


def _arrange(kind: str, key: str, items: list[_Item], values: Sequence[str]) -> list[_Item]:
    """The new list: existing elements keep their comments, new ones join the section
    (comment-separated chunk) where they sort; unsortable lists keep ``values`` order."""
    if not is_sortable(kind, key):
        first: dict[str, _Item] = {}
        for item in items:
            first.setdefault(item.value, item)
        return [first.get(value, _Item(value)) for value in values]
    chunks = _chunks(items)
    known = {item.value for item in items}
    for value in values:
        if value not in known:
            _place(chunks, value)
    wanted, seen = set(values), set()
    out: list[_Item] = []
    for chunk in chunks:
        alive = []
        for item in sorted(chunk.items, key=lambda i: label_sort_key(i.value)):
            if item.value in wanted and item.value not in seen:
                seen.add(item.value)
                alive.append(replace(item, above=()))
        if alive:
            alive[0] = replace(alive[0], above=chunk.items[0].above)
        out += alive
    return out


def _chunks(items: list[_Item]) -> list[_Chunk]:
    chunks: list[_Chunk] = []
    for item in items:
        if not chunks or item.above or chunks[-1].pinned:
            pinned = any(is_keep_comment(line) for line in item.above)
            chunks.append(_Chunk([], pinned))
        chunks[-1].items.append(item)
    return chunks


def _place(chunks: list[_Chunk], value: str) -> None:
    """Put a new element into the last open chunk that starts at or before it."""
    open_chunks = [chunk for chunk in chunks if not chunk.pinned]
    if not open_chunks:
        open_chunks = [_Chunk([])]
        chunks.append(open_chunks[0])
    key = label_sort_key(value)
    target = open_chunks[0]
    for chunk in open_chunks:
        if chunk.items and min(label_sort_key(i.value) for i in chunk.items) <= key:
            target = chunk
    target.items.append(_Item(value))


def _render_items(node: cst.BaseExpression, items: list[_Item], indent: str) -> str:
    """A rebuilt list with the comments of its elements, its ``[`` line and its end."""
    assert isinstance(node, cst.List)
    opening = node.lbracket.whitespace_after
    header = _comment_of(opening.first_line) if _is_pw(opening) else None
    gap = _gap_after_element(node, len(node.elements) - 1) if node.elements else None
    end = _texts(gap.empty_lines) if isinstance(gap, cst.ParenthesizedWhitespace) else []
    plain = not any(item.above or item.suffix for item in items)
    if not header and not end and len(items) <= 1 and plain:
        return render_list([item.value for item in items], indent)
    inner = indent + INDENT
    out = ["[" + (f"  {header}" if header else "")]
    for item in items:
        out += [inner + line if line else "" for line in item.above]
        out.append(f"{inner}{quote(item.value)}," + (f"  {item.suffix}" if item.suffix else ""))
    out += [inner + line if line else "" for line in end]
    return "\n".join([*out, indent + "]"])


def _list_items(node: cst.BaseExpression) -> list[_Item] | None:
    """The elements of a list of plain strings with their comments; None for anything else."""
    if not isinstance(node, cst.List):
        return None
    items = []
    for i, element in enumerate(node.elements):
        value = element.value
        if not isinstance(element, cst.Element) or not isinstance(value, cst.SimpleString):
            return None
        text = value.evaluated_value
        if not isinstance(text, str):
            return None
        before = node.lbracket.whitespace_after if i == 0 else _gap_after_element(node, i - 1)
        after = _gap_after_element(node, i)
        suffix = _comment_of(after.first_line) if _is_pw(after) else None
        above = tuple(_texts(before.empty_lines)) if _is_pw(before) else ()
        items.append(_Item(text, above, suffix))
    return items


def _gap_after_element(node: cst.List, i: int) -> cst.BaseParenthesizableWhitespace:
    """The whitespace (and comments) between element ``i`` and what follows it."""
    comma = node.elements[i].comma
    if isinstance(comma, cst.Comma) and (
        i < len(node.elements) - 1 or _is_pw(comma.whitespace_after)
    ):
        return comma.whitespace_after
    return node.rbracket.whitespace_before


def _texts(lines: Sequence[cst.EmptyLine]) -> list[str]:
    """The comment of each line, "" for a blank one."""
    return [line.comment.value if line.comment else "" for line in lines]


def _comment_of(line: cst.TrailingWhitespace) -> str | None:
    return line.comment.value if line.comment else None


def _is_pw(node: object) -> bool:
    return isinstance(node, cst.ParenthesizedWhitespace)


def _to_value(node: cst.BaseExpression) -> object:
    """The plain value of an attribute expression, or ``_UNKNOWN``."""
    if isinstance(node, cst.SimpleString):
        return node.evaluated_value
    if isinstance(node, cst.Name) and node.value in ("True", "False"):
        return node.value == "True"
    if isinstance(node, cst.Integer):
        return int(node.value, 0)
    if isinstance(node, cst.UnaryOperation) and isinstance(node.operator, cst.Minus):
        inner = _to_value(node.expression)
        return -inner if isinstance(inner, int) and not isinstance(inner, bool) else _UNKNOWN
    if isinstance(node, cst.List):
        items = _list_items(node)
        return tuple(item.value for item in items) if items is not None else _UNKNOWN
    if isinstance(node, cst.Dict):
        return _dict_value(node)
    if isinstance(node, cst.Call) and isinstance(node.func, cst.Name) and node.func.value == "glob":
        return _glob_value(node)
    return _UNKNOWN


def _dict_value(node: cst.Dict) -> object:
    out = {}
    for element in node.elements:
        if not isinstance(element, cst.DictElement):
            return _UNKNOWN
        key, value = _to_value(element.key), _to_value(element.value)
        if not isinstance(key, str) or not isinstance(value, str):
            return _UNKNOWN
        out[key] = value
    return out


def _glob_value(node: cst.Call) -> object:
    parts: dict[str, object] = {}
    for position, arg in enumerate(node.args):
        key = arg.keyword.value if arg.keyword else ("include", "exclude")[min(position, 1)]
        parts[key] = _to_value(arg.value)
    include, exclude = parts.pop("include", _UNKNOWN), parts.pop("exclude", ())
    allow_empty = parts.pop("allow_empty", None)
    if parts or not isinstance(include, tuple) or not isinstance(exclude, tuple):
        return _UNKNOWN
    if allow_empty is not None and not isinstance(allow_empty, bool):
        return _UNKNOWN
    return Glob(include, exclude, allow_empty)


def _arg_kept(call: cst.Call, i: int) -> bool:
    """``# keep`` on the attribute's first or last line, or in the comment lines above it."""
    before = call.whitespace_before_args if i == 0 else _gap_after(call.args[i - 1])
    after = _gap_after(call.args[i])
    above = _split_attached(before.empty_lines)[1] if _is_pw(before) else []
    lines = [_first_trailing(call.args[i]), after.first_line if _is_pw(after) else None]
    comments = [*_texts(above), *(_comment_of(line) for line in lines if line)]
    return any(is_keep_comment(c or "") for c in comments)


def _first_trailing(node: cst.CSTNode) -> cst.TrailingWhitespace | None:
    """The end of the first line of ``node`` (in source order), if it spans a line break."""
    if isinstance(node, cst.TrailingWhitespace):
        return node
    for child in node.children:
        found = _first_trailing(child)
        if found is not None:
            return found
    return None


def _arg_indent(call: cst.Call) -> str:
    """The indentation of a call's arguments (top-level calls: the statement is not indented)."""
    opening = call.whitespace_before_args
    return opening.last_line.value if isinstance(opening, cst.ParenthesizedWhitespace) else INDENT


def _insert_position(call: cst.Call, kind: str, key: str) -> int:
    """Where buildifier's argument order puts a new attribute ``key``."""
    order = attr_sort_key(kind, key)
    last_keyword = None
    for i, arg in enumerate(call.args):
        if arg.star:
            return i
        if arg.keyword is None:
            continue
        if attr_sort_key(kind, arg.keyword.value) > order:
            return i
        last_keyword = i
    return len(call.args) if last_keyword is None else last_keyword + 1


def _keyword_arg(key: str, value: cst.BaseExpression) -> cst.Arg:
    space = cst.SimpleWhitespace(" ")
    return cst.Arg(value=value, keyword=cst.Name(key), equal=cst.AssignEqual(space, space))


# ---- argument lists: insert and remove while keeping the comments in the gaps -----------------


def _gap_after(arg: cst.Arg) -> cst.BaseParenthesizableWhitespace:
    """The whitespace after an argument (and its comma): trailing comment, lines below."""
    if isinstance(arg.comma, cst.Comma) and not _is_pw(arg.whitespace_after_arg):
        return arg.comma.whitespace_after
    return arg.whitespace_after_arg


def _with_gap_after(arg: cst.Arg, gap: cst.BaseParenthesizableWhitespace) -> cst.Arg:
    if isinstance(arg.comma, cst.Comma) and not _is_pw(arg.whitespace_after_arg):
        return arg.with_changes(comma=arg.comma.with_changes(whitespace_after=gap))
    return arg.with_changes(whitespace_after_arg=gap)


def _insert_arg(call: cst.Call, k: int, arg: cst.Arg) -> cst.Call:
    """Insert ``arg`` at index ``k``, one per line if the call is written one per line."""
    args = list(call.args)
    if not args:
        return call.with_changes(args=[arg])
    before = call.whitespace_before_args if k == 0 else _gap_after(args[k - 1])
    if isinstance(before, cst.ParenthesizedWhitespace):
        head = before.with_changes(
            empty_lines=[], last_line=cst.SimpleWhitespace(_arg_indent(call))
        )
        tail = before.with_changes(first_line=cst.TrailingWhitespace())
        new = arg.with_changes(comma=cst.Comma(whitespace_after=tail))
        if k == 0:
            call = call.with_changes(whitespace_before_args=head)
        else:
            args[k - 1] = args[k - 1].with_changes(
                comma=cst.Comma(whitespace_after=head),
                whitespace_after_arg=cst.SimpleWhitespace(""),
            )
    elif k < len(args):
        new = arg.with_changes(comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")))
    else:
        last = args[k - 1]
        new = arg.with_changes(comma=last.comma, whitespace_after_arg=last.whitespace_after_arg)
        args[k - 1] = last.with_changes(
            comma=cst.Comma(whitespace_after=cst.SimpleWhitespace(" ")),
            whitespace_after_arg=cst.SimpleWhitespace(""),
        )
    args.insert(k, new)
    return call.with_changes(args=args)


def _remove_arg(call: cst.Call, k: int) -> cst.Call:
    """Remove argument ``k`` with its own comments; the comments around it stay."""
    args = list(call.args)
    before = call.whitespace_before_args if k == 0 else _gap_after(args[k - 1])
    gone = args.pop(k)
    joined = _join_gaps(before, _gap_after(gone), first=k == 0)
    if k == 0:
        return call.with_changes(args=args, whitespace_before_args=joined)
    prev = args[k - 1]
    if k < len(args):
        args[k - 1] = _with_gap_after(prev, joined)
    elif _is_pw(joined):  # the last one went: one per line keeps a trailing comma
        args[k - 1] = prev.with_changes(
            comma=cst.Comma(whitespace_after=joined), whitespace_after_arg=cst.SimpleWhitespace("")
        )
    else:
        args[k - 1] = prev.with_changes(comma=gone.comma, whitespace_after_arg=joined)
    return call.with_changes(args=args)


def _join_gaps(
    before: cst.BaseParenthesizableWhitespace, after: cst.BaseParenthesizableWhitespace, first: bool
) -> cst.BaseParenthesizableWhitespace:
    """The gap left where an argument was: the line above's comment, the lines below."""
    if isinstance(before, cst.ParenthesizedWhitespace):
        if isinstance(after, cst.ParenthesizedWhitespace):
            return after.with_changes(first_line=before.first_line)
        return before.with_changes(empty_lines=[])
    if isinstance(after, cst.ParenthesizedWhitespace):
        return after
    return before if first else after


# ---- top-level statements -------------------------------------------------------------------


def _blank() -> cst.EmptyLine:
    return cst.EmptyLine()


def _comment(text: str) -> cst.EmptyLine:
    return cst.EmptyLine(comment=cst.Comment(text))


def _set_leading(doc: _Doc, index: int, lines: Sequence[cst.EmptyLine]) -> None:
    doc.body[index] = doc.body[index].with_changes(leading_lines=list(lines))


def _remove_statement(doc: _Doc, index: int) -> None:
    """Drop a statement and the comment block attached to it (directives are kept)."""
    detached, attached = _split_attached(doc.body[index].leading_lines)
    survivors = detached + [line for line in attached if _is_directive(line)]
    del doc.body[index]
    if index < len(doc.body):
        _set_leading(doc, index, survivors + list(doc.body[index].leading_lines))
    else:
        doc.footer = survivors + doc.footer


def _append_rule(doc: _Doc, rule: Rule) -> None:
    """A new target goes after the last statement (before trailing comments), blank line first."""
    comments = [_comment(text) for text in comment_lines([rule.comment] if rule.comment else [])]
    stmt = doc.parse_statement(render_rule(replace(rule, comment=None)) + "\n")
    leading = [_blank(), *comments]
    if not doc.body:
        leading = [*doc.footer, *leading]
        doc.footer = []
    doc.body.append(stmt.with_changes(leading_lines=leading))


def _insert_statement(doc: _Doc, index: int, stmt: cst.BaseStatement, *, take_header: bool) -> None:
    """Insert before statement ``index``; with ``take_header`` the new one goes above the
    comment lines that do not belong to that statement (file header, earlier sections)."""
    lines: list[cst.EmptyLine] = []
    if index < len(doc.body) and take_header:
        detached, attached = _split_attached(doc.body[index].leading_lines)
        lines = detached
        _set_leading(doc, index, attached)
    doc.body.insert(index, stmt.with_changes(leading_lines=lines))


# ---- loads ----------------------------------------------------------------------------------


def _load_label(stmt: cst.BaseStatement) -> str | None:
    call = _call_of(stmt)
    if call is None or not isinstance(call.func, cst.Name) or call.func.value != "load":
        return None
    if call.args and isinstance(call.args[0].value, cst.SimpleString):
        label = call.args[0].value.evaluated_value
        return label if isinstance(label, str) else None
    return None


def _load_calls(doc: _Doc) -> list[cst.Call]:
    return [call for stmt in doc.body if _load_label(stmt) and (call := _call_of(stmt))]


def _load_symbols(call: cst.Call) -> list[tuple[str, bool]]:
    """(local name, aliased) for each symbol argument of a ``load()``."""
    out = []
    for arg in call.args[1:]:
        if arg.keyword is not None:
            out.append((arg.keyword.value, True))
        elif isinstance(arg.value, cst.SimpleString):
            out.append((str(arg.value.evaluated_value), False))
        else:
            out.append(("", False))
    return out


class _NameCollector(cst.CSTVisitor):
    """Names used outside ``load()`` statements and argument keywords."""

    def __init__(self) -> None:
        self.names: set[str] = set()

    def visit_Call(self, node: cst.Call) -> bool:
        return not (isinstance(node.func, cst.Name) and node.func.value == "load")

    def visit_Arg(self, node: cst.Arg) -> bool:
        node.value.visit(self)
        return False

    def visit_Name(self, node: cst.Name) -> None:
        self.names.add(node.value)


def _used_names(doc: _Doc) -> set[str]:
    collector = _NameCollector()
    for stmt in doc.body:
        stmt.visit(collector)
    return collector.names


def _update_loads(doc: _Doc, needed: dict[str, set[str]], removable: set[str]) -> None:
    """Drop migrate's symbols nobody uses any more, then add the missing ones."""
    unused = removable - _used_names(doc)
    for index in reversed(range(len(doc.body))):
        if _load_label(doc.body[index]) is not None:
            _prune_load(doc, index, unused)
    available = {name for call in _load_calls(doc) for name, _ in _load_symbols(call)}
    for label, symbols in needed.items():
        missing = sorted(symbols - available)
        if missing:
            _add_to_load(doc, label, missing)


def _prune_load(doc: _Doc, index: int, unused: set[str]) -> None:
    call = _call_of(doc.body[index])
    assert call is not None
    symbols = _load_symbols(call)
    for position in reversed(range(len(symbols))):
        if symbols[position][0] in unused:
            call = _remove_arg(call, position + 1)
    if len(call.args) < len(symbols) + 1:
        if len(call.args) == 1:
            _remove_statement(doc, index)
        else:
            doc.body[index] = _with_call(doc.body[index], call)


def _add_to_load(doc: _Doc, label: str, symbols: list[str]) -> None:
    """Add symbols to the existing ``load()`` of ``label``, or insert a new one in order."""
    for index, stmt in enumerate(doc.body):
        if _load_label(stmt) == label:
            call = _call_of(stmt)
            assert call is not None
            for symbol in symbols:
                position = _symbol_position(call, symbol)
                call = _insert_arg(call, position, cst.Arg(cst.SimpleString(quote(symbol))))
            doc.body[index] = _with_call(stmt, call)
            return
    _insert_load(doc, doc.parse_statement(render_load(label, symbols) + "\n"), label)


def _symbol_position(call: cst.Call, symbol: str) -> int:
    """buildifier's load argument order: plain symbols sorted, then aliases."""
    for position, (name, aliased) in enumerate(_load_symbols(call), start=1):
        if aliased or name > symbol:
            return position
    return len(call.args)


def _insert_load(doc: _Doc, stmt: cst.BaseStatement, label: str) -> None:
    """Into the first block of loads at its sorted place; with no loads, first in the file."""
    block = _first_load_block(doc)
    if not block:
        index = 1 if doc.body and _is_docstring(doc.body[0]) else 0
        _insert_statement(doc, index, stmt, take_header=True)
        if index + 1 < len(doc.body):
            following = doc.body[index + 1]
            _set_leading(doc, index + 1, [_blank(), *following.leading_lines])
        return
    key = load_sort_key(label)
    for index in block:
        if load_sort_key(_load_label(doc.body[index]) or "") > key:
            _insert_statement(doc, index, stmt, take_header=index == block[0])
            return
    _insert_statement(doc, block[-1] + 1, stmt, take_header=False)


def _first_load_block(doc: _Doc) -> list[int]:
    block: list[int] = []
    for index, stmt in enumerate(doc.body):
        if _load_label(stmt) is not None:
            block.append(index)
        elif block:
            break
    return block


def _is_docstring(stmt: cst.BaseStatement) -> bool:
    if not isinstance(stmt, cst.SimpleStatementLine) or len(stmt.body) != 1:
        return False
    expr = stmt.body[0]
    return isinstance(expr, cst.Expr) and isinstance(expr.value, cst.SimpleString)


# ---- marker and blank lines -----------------------------------------------------------------


def _update_marker(doc: _Doc, names: set[str], header: Sequence[str]) -> None:
    """Rewrite the marker in place; a file without one gets the header and marker on top."""
    new_lines = [_comment(text) for text in marker_lines(names)]
    found = False
    containers = [*(i for i in range(len(doc.body))), None]
    for index in containers:
        lines = doc.footer if index is None else list(doc.body[index].leading_lines)
        out: list[cst.EmptyLine] = []
        for line in lines:
            if line.comment and _MARKER_RE.match(line.comment.value):
                if not found:
                    out += new_lines
                found = True
            else:
                out.append(line)
        if index is None:
            doc.footer = out
        elif out != lines:
            _set_leading(doc, index, out)
    if not found and new_lines and doc.body:
        _insert_marker_block(doc, header, new_lines)


def _insert_marker_block(doc: _Doc, header: Sequence[str], marker: list[cst.EmptyLine]) -> None:
    """Header lines (those not in the file yet) and the marker, above the first statement."""
    present = set(_all_comments(doc.module))
    block = [_comment(text) for text in comment_lines(header) if text not in present] + marker
    detached, attached = _split_attached(doc.body[0].leading_lines)
    _set_leading(doc, 0, [*detached, *block, _blank(), *attached])


def _normalize_blank_lines(doc: _Doc) -> None:
    """At most one blank line in a row between statements, none at the start or end."""
    for index, stmt in enumerate(doc.body):
        lines = _collapse(stmt.leading_lines, strip_start=index == 0)
        if lines != list(stmt.leading_lines):
            _set_leading(doc, index, lines)
    footer = _collapse(doc.footer, strip_start=not doc.body)
    while footer and footer[-1].comment is None:
        footer.pop()
    doc.footer = footer


def _collapse(lines: Sequence[cst.EmptyLine], *, strip_start: bool) -> list[cst.EmptyLine]:
    out: list[cst.EmptyLine] = []
    for line in lines:
        blank = line.comment is None
        if blank and ((not out and strip_start) or (out and out[-1].comment is None)):
            continue
        out.append(line)
    return out
