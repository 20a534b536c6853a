"""Class-level parity: do Gradle and Bazel produce the same classes, and if not, why?

Jars never match byte for byte (Bazel normalises timestamps and the manifest), so classes are
compared entry by entry: byte-equal → identical; otherwise both are parsed
(:mod:`migrate.verify.classfile`) and compared by meaning — constant-pool order, member and
attribute order and equivalent instruction encodings are layout, never differences. What else
may be ignored is a named normalisation from ``rules/parity.yaml``; the result says, per class,
which ones were needed, and counts them, so nothing is ignored silently. A class that still
differs gets a short reason from the structural diff (which member, which instruction), and a
hint when a normalisation that is not enabled would have hidden the difference.

In scope: ``*.class`` entries and ``META-INF/*.kotlin_module`` (the Kotlin module's package
index, whose *name* is the module name: see the ``kotlin-module-name`` normalisation). Other
resources and META-INF files are not compared here.
"""

from __future__ import annotations

import dataclasses
import itertools
import re
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any

from migrate.errors import InputError
from migrate.resources import rule_table
from migrate.verify.classfile import (
    Annotation,
    Attribute,
    ClassFile,
    ClassFileError,
    Code,
    Constant,
    ElementValue,
    Instruction,
    LocalVariable,
    Member,
    MemberRef,
    StackMapFrame,
    VerificationType,
    parse_class,
)

TABLE = "parity.yaml"
KOTLIN_METADATA = "Lkotlin/Metadata;"
MODULE_PLACEHOLDER = "<module>"
_MAX_DIFFERENCES = 20
_REASON_DIFFERENCES = 3


def in_scope(name: str) -> bool:
    """A class file, or a Kotlin module file under META-INF."""
    return name.endswith(".class") or _is_kotlin_module(name)


def _is_kotlin_module(name: str) -> bool:
    return name.startswith("META-INF/") and name.endswith(".kotlin_module")


def classes_in_jar(path: str | Path) -> dict[str, bytes]:
    """Entry name → bytes for the in-scope entries of a jar (see :func:`in_scope`)."""
    with zipfile.ZipFile(path) as jar:
        return {
            info.filename: jar.read(info)
            for info in jar.infolist()
            if not info.is_dir() and in_scope(info.filename)
        }


def classes_in_dir(path: str | Path) -> dict[str, bytes]:
    """The same for a class output directory; names are relative, with ``/``."""
    root = Path(path)
    return {
        file.relative_to(root).as_posix(): file.read_bytes()
        for file in sorted(root.rglob("*"))
        if file.is_file() and in_scope(file.relative_to(root).as_posix())
    }


# --------------------------------------------------------------------------- the rule table


@dataclass(frozen=True)
class Normalisation:
    """One named, documented thing a comparison may ignore (rules/parity.yaml)."""

    name: str
    means: str
    why_harmless: str
    drop_attributes: frozenset[str] = frozenset()
    drop_annotations: frozenset[str] = frozenset()
    transform: str | None = None


_TRANSFORMS = ("kotlin-module-name", "kotlin-internal-names")


class NormalisationError(InputError, ValueError):
    """A normalisation --normalise or rules/parity.yaml names that the table does not define."""


_KEYS = {"drop_attributes", "drop_annotations", "transform", "means", "why_harmless"}


@cache
def normalisation_table() -> dict[str, Normalisation]:
    """Every normalisation rules/parity.yaml defines, by name; the table is checked here."""
    table: dict[str, Normalisation] = {}
    for name, spec in rule_table(TABLE)["normalisations"].items():
        unknown = set(spec) - _KEYS
        if unknown or spec.get("transform", _TRANSFORMS[0]) not in _TRANSFORMS:
            raise ValueError(f"{TABLE}: normalisation {name}: bad keys or transform in {spec}")
        table[name] = Normalisation(
            name=name,
            means=" ".join(spec["means"].split()),
            why_harmless=" ".join(spec["why_harmless"].split()),
            drop_attributes=frozenset(spec.get("drop_attributes", ())),
            drop_annotations=frozenset(spec.get("drop_annotations", ())),
            transform=spec.get("transform"),
        )
    return table


def default_normalisations() -> tuple[str, ...]:
    return tuple(rule_table(TABLE)["default"])


def _resolve(names: Iterable[str] | None) -> tuple[str, ...]:
    table = normalisation_table()
    chosen = default_normalisations() if names is None else tuple(dict.fromkeys(names))
    unknown = [n for n in chosen if n not in table]
    if unknown:
        raise NormalisationError(
            f"unknown normalisation(s) {', '.join(unknown)}; {TABLE} defines {', '.join(table)}"
        )
    return chosen


# --------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Equivalent:
    """Bytes differ, meaning is equal once ``normalisations`` are applied (none: layout only)."""

    name: str
    normalisations: tuple[str, ...]
    bazel_name: str | None = None  # a kotlin_module file paired under another name

    @property
    def reason(self) -> str:
        if not self.normalisations:
            return "same content; only the class-file layout differs"
        return "equal after " + ", ".join(self.normalisations)


@dataclass(frozen=True)
class Different:
    """Still differs after the enabled normalisations; ``reason`` is for people, short."""

    name: str
    reason: str
    differences: tuple[str, ...]  # the structural diff, first ones
    normalisations: tuple[str, ...] = ()  # enabled ones that hid part of the difference
    would_match_with: tuple[str, ...] = ()  # not enabled ones that would make it equivalent
    bazel_name: str | None = None


@dataclass(frozen=True)
class ClassComparison:
    """Every in-scope entry lands in exactly one list (a renamed kotlin_module pair counts once,
    under Gradle's name)."""

    normalisations: tuple[str, ...]  # enabled
    identical: tuple[str, ...]
    equivalent: tuple[Equivalent, ...]
    different: tuple[Different, ...]
    only_gradle: tuple[str, ...]
    only_bazel: tuple[str, ...]
    normalised: dict[str, int] = field(default_factory=dict)  # name → entries it was needed for

    @property
    def ok(self) -> bool:
        return not (self.different or self.only_gradle or self.only_bazel)

    def to_json(self) -> dict[str, Any]:
        def entry(item: Equivalent | Different) -> dict[str, Any]:
            data = dataclasses.asdict(item)
            data = {k: list(v) if isinstance(v, tuple) else v for k, v in data.items()}
            data["reason"] = item.reason
            if data["bazel_name"] is None:
                del data["bazel_name"]
            return data

        return {
            "ok": self.ok,
            "normalisations": list(self.normalisations),
            "identical": list(self.identical),
            "equivalent": [entry(e) for e in self.equivalent],
            "different": [entry(d) for d in self.different],
            "only_gradle": list(self.only_gradle),
            "only_bazel": list(self.only_bazel),
            "normalised": dict(self.normalised),
        }


# --------------------------------------------------------------------------- Kotlin metadata


def _tuple(value: object) -> tuple[Any, ...]:
    """A parsed attribute value that is a table (a tuple by construction)."""
    return value if isinstance(value, tuple) else ()


def _strings(value: ElementValue | None) -> tuple[str, ...] | None:
    if value is None or value.tag != "[":
        return None
    texts = []
    for item in value.value if isinstance(value.value, tuple) else ():
        if not (isinstance(item, ElementValue) and isinstance(item.value, Constant)):
            return None
        texts.append(str(item.value.value))
    return tuple(texts)


def _decode_d1(strings: tuple[str, ...]) -> bytes:
    """kotlinc's BitEncoding: a NUL marker means one byte per char, else 8-to-7 encoding."""
    text = "".join(strings)
    if text.startswith("\x00"):
        return bytes(ord(c) & 0xFF for c in text[1:])
    if text.startswith("\uffff"):
        text = text[1:]
    data = bytes(((ord(c) & 0xFF) + 0x7F) & 0x7F for c in text)
    out = bytearray()
    index = bit = 0
    for _ in range(7 * len(data) // 8):
        first = data[index] >> bit
        index += 1
        second = (data[index] & ((1 << (bit + 1)) - 1)) << (7 - bit)
        out.append((first + second) & 0xFF)
        if bit == 6:
            index += 1
            bit = 0
        else:
            bit += 1
    return bytes(out)


def _varint(data: bytes, pos: int) -> tuple[int, int]:
    result = shift = 0
    while True:
        if pos >= len(data) or shift > 63:
            raise ValueError("truncated varint")
        byte = data[pos]
        pos += 1
        result |= (byte & 0x7F) << shift
        if not byte & 0x80:
            return result, pos
        shift += 7


def _proto_field(data: bytes, wanted: int) -> int | None:
    """The varint field ``wanted`` of a protobuf message (None if absent)."""
    pos = 0
    while pos < len(data):
        key, pos = _varint(data, pos)
        number, wire = key >> 3, key & 7
        if wire == 0:
            value, pos = _varint(data, pos)
            if number == wanted:
                return value
        elif wire == 1:
            pos += 8
        elif wire == 2:
            size, pos = _varint(data, pos)
            pos += size
        elif wire == 5:
            pos += 4
        else:
            raise ValueError(f"unsupported protobuf wire type {wire}")
    return None


_MODULE_NAME_FIELD = 101  # JvmProtoBuf class_module_name / package_module_name extensions
_KINDS_WITH_MODULE = (1, 2, 5)  # class, file facade, multi-file class part


def kotlin_module_name_index(metadata: Annotation) -> int | None:
    """Which d2 entry of a @kotlin.Metadata is the module name (None if it names none).

    d1 is a length-delimited StringTableTypes message followed by the Class or Package message,
    whose extension field 101 is the module name's index into the string table (d2)."""
    kind_value = metadata.element("k")
    kind = 1
    if kind_value is not None and isinstance(kind_value.value, Constant):
        kind = kind_value.value.value
    d1 = _strings(metadata.element("d1"))
    if kind not in _KINDS_WITH_MODULE or not d1:
        return None
    try:
        data = _decode_d1(d1)
        size, start = _varint(data, 0)
        return _proto_field(data[start + size :], _MODULE_NAME_FIELD)
    except (ValueError, IndexError):
        return None


def _metadata(attributes: tuple[Attribute, ...]) -> Annotation | None:
    for attribute in attributes:
        if attribute.name == "RuntimeVisibleAnnotations":
            for annotation in _tuple(attribute.value):
                if annotation.type == KOTLIN_METADATA:
                    return annotation
    return None


def kotlin_module_name(cf: ClassFile) -> str | None:
    """The module a Kotlin class says it belongs to, from its @kotlin.Metadata."""
    metadata = _metadata(cf.attributes)
    index = None if metadata is None else kotlin_module_name_index(metadata)
    d2 = None if metadata is None else _strings(metadata.element("d2"))
    return d2[index] if d2 is not None and index is not None and index < len(d2) else None


def _replace_d2(metadata: Annotation, rewrite: Callable[[int, str], str]) -> Annotation:
    d2 = _strings(metadata.element("d2"))
    if d2 is None:
        return metadata
    new = tuple(rewrite(i, s) for i, s in enumerate(d2))
    value = ElementValue("[", tuple(ElementValue("s", Constant("Utf8", s)) for s in new))
    elements = tuple((k, value if k == "d2" else v) for k, v in metadata.elements)
    return Annotation(metadata.type, elements)


# --------------------------------------------------------------------------- normalising


@dataclass(frozen=True)
class _Side:
    """What a transform needs to know about one build: its Kotlin module name suffixes."""

    internal_suffixes: tuple[str, ...] = ()


def _map_annotations(
    attributes: tuple[Attribute, ...], fn: Callable[[Annotation], Annotation | None]
) -> tuple[Attribute, ...]:
    out = []
    for attribute in attributes:
        if attribute.name in ("RuntimeVisibleAnnotations", "RuntimeInvisibleAnnotations"):
            kept = tuple(a for a in map(fn, _tuple(attribute.value)) if a is not None)
            if not kept:
                continue
            attribute = dataclasses.replace(attribute, value=kept)
        out.append(attribute)
    return tuple(out)


def _map_attributes(
    cf: ClassFile, fn: Callable[[tuple[Attribute, ...]], tuple[Attribute, ...]]
) -> ClassFile:
    """Apply ``fn`` to every attribute list: class, members, Code, record components."""

    def deep(attributes: tuple[Attribute, ...]) -> tuple[Attribute, ...]:
        out = []
        for attribute in fn(attributes):
            value = attribute.value
            if isinstance(value, Code):
                value = dataclasses.replace(value, attributes=deep(value.attributes))
            elif attribute.name == "Record":
                value = tuple(
                    dataclasses.replace(c, attributes=deep(c.attributes)) for c in _tuple(value)
                )
            out.append(dataclasses.replace(attribute, value=value))
        return tuple(out)

    def members(items: tuple[Member, ...]) -> tuple[Member, ...]:
        return tuple(dataclasses.replace(m, attributes=deep(m.attributes)) for m in items)

    return dataclasses.replace(
        cf,
        attributes=deep(cf.attributes),
        fields=members(cf.fields),
        methods=members(cf.methods),
    )


def _rename_members(obj: Any, rename: Callable[[str], str]) -> Any:
    """Rewrite member names (declared and referenced) anywhere inside a parsed class."""
    if isinstance(obj, tuple):
        return tuple(_rename_members(x, rename) for x in obj)
    if isinstance(obj, MemberRef):
        return dataclasses.replace(obj, name=rename(obj.name))
    if isinstance(obj, Member):
        attributes = _rename_members(obj.attributes, rename)
        return dataclasses.replace(obj, name=rename(obj.name), attributes=attributes)
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        changes = {
            f.name: _rename_members(getattr(obj, f.name), rename)
            for f in dataclasses.fields(obj)
            if f.compare
        }
        return dataclasses.replace(obj, **changes)
    return obj


def _kotlin_module_name_transform(cf: ClassFile, side: _Side) -> ClassFile:
    def fix(annotation: Annotation) -> Annotation:
        if annotation.type != KOTLIN_METADATA:
            return annotation
        index = kotlin_module_name_index(annotation)
        if index is None:
            return annotation
        return _replace_d2(annotation, lambda i, s: MODULE_PLACEHOLDER if i == index else s)

    return dataclasses.replace(cf, attributes=_map_annotations(cf.attributes, fix))


def _kotlin_internal_names_transform(cf: ClassFile, side: _Side) -> ClassFile:
    if not side.internal_suffixes:
        return cf

    def rename(name: str) -> str:
        for suffix in side.internal_suffixes:
            if name.endswith(suffix) and len(name) > len(suffix):
                return name[: -len(suffix)] + "$" + MODULE_PLACEHOLDER
        return name

    def fix(annotation: Annotation) -> Annotation:
        if annotation.type != KOTLIN_METADATA:
            return annotation
        return _replace_d2(annotation, lambda _i, s: rename(s))

    def enclosing(attribute: Attribute) -> Attribute:  # a lambda inside an internal function
        if attribute.name != "EnclosingMethod" or not isinstance(attribute.value, tuple):
            return attribute
        owner, method = attribute.value
        if method is not None:
            method = (rename(method[0]), method[1])
        return dataclasses.replace(attribute, value=(owner, method))

    renamed = dataclasses.replace(
        cf,
        fields=_rename_members(cf.fields, rename),
        methods=_rename_members(cf.methods, rename),
        attributes=tuple(map(enclosing, _rename_members(cf.attributes, rename))),
    )
    return dataclasses.replace(renamed, attributes=_map_annotations(renamed.attributes, fix))


_TRANSFORM_FUNCTIONS: dict[str, Callable[[ClassFile, _Side], ClassFile]] = {
    "kotlin-module-name": _kotlin_module_name_transform,
    "kotlin-internal-names": _kotlin_internal_names_transform,
}


def _normalise(cf: ClassFile, names: Iterable[str], side: _Side) -> ClassFile:
    table = normalisation_table()
    chosen = [table[n] for n in names]
    dropped = frozenset().union(*(n.drop_attributes for n in chosen))
    annotations = frozenset().union(*(n.drop_annotations for n in chosen))
    if dropped:
        cf = _map_attributes(cf, lambda attrs: tuple(a for a in attrs if a.name not in dropped))
    if annotations:
        cf = _map_attributes(
            cf,
            lambda attrs: _map_annotations(attrs, lambda a: None if a.type in annotations else a),
        )
    for normalisation in chosen:
        if normalisation.transform:
            cf = _TRANSFORM_FUNCTIONS[normalisation.transform](cf, side)
    return cf


# --------------------------------------------------------------------------- canonical views

_SHORT_FORMS = {"ldc_w": "ldc", "goto_w": "goto", "jsr_w": "jsr"}
_IMPLICIT_LOCAL = re.compile(r"^([ilfda])(load|store)_([0-3])$")


def _canonical_instruction(ins: Instruction, position: Callable[[int], object]) -> tuple:
    """The instruction's meaning: equivalent encodings (ldc_w, goto_w, wide, iload_0) fold."""
    mnemonic, operands = _SHORT_FORMS.get(ins.mnemonic, ins.mnemonic), ins.operands
    implicit = _IMPLICIT_LOCAL.match(mnemonic)
    if implicit:
        mnemonic, operands = implicit[1] + implicit[2], (int(implicit[3]),)
    return (mnemonic, operands, tuple(position(t) for t in ins.targets))


@dataclass(frozen=True)
class _CodeView:
    max_stack: int
    max_locals: int
    instructions: tuple[tuple, ...]
    handlers: tuple[tuple, ...]
    attributes: tuple[tuple[str, object], ...]
    original: tuple[Instruction, ...] = field(compare=False)


def _code_view(code: Code) -> _CodeView:
    positions = {ins.offset: i for i, ins in enumerate(code.instructions)}
    positions[len(code.bytecode)] = len(code.instructions)

    def position(offset: int) -> object:
        return positions.get(offset, ("offset", offset))

    def vtype(v: VerificationType) -> VerificationType:
        if v.kind == "uninitialized":
            return VerificationType(v.kind, str(position(int(v.value or 0))))
        return v

    def frame(f: StackMapFrame) -> tuple:
        locals_ = tuple(map(vtype, f.locals))
        return (position(f.offset), f.kind, locals_, tuple(map(vtype, f.stack)), f.chopped)

    def value(attribute: Attribute) -> object:
        v = attribute.value
        if attribute.name == "LineNumberTable":
            return tuple((position(x.start_pc), x.line) for x in _tuple(v))
        if attribute.name in ("LocalVariableTable", "LocalVariableTypeTable"):
            return tuple(_local(x, position) for x in _tuple(v))
        if attribute.name == "StackMapTable":
            return tuple(map(frame, _tuple(v)))
        return _attribute_value(attribute)

    return _CodeView(
        code.max_stack,
        code.max_locals,
        tuple(_canonical_instruction(i, position) for i in code.instructions),
        tuple(
            (position(h.start), position(h.end), position(h.handler), h.catch_type)
            for h in code.exception_table
        ),
        _attribute_list(code.attributes, value),
        code.instructions,
    )


def _local(x: LocalVariable, position: Callable[[int], object]) -> tuple:
    return (position(x.start_pc), position(x.start_pc + x.length), x.name, x.descriptor, x.index)


def _attribute_value(attribute: Attribute) -> object:
    return attribute.data if attribute.value is None else attribute.value


_LAYOUT_ATTRIBUTES = frozenset({"BootstrapMethods"})  # inlined into the (Invoke)Dynamic operands


def _attribute_list(
    attributes: tuple[Attribute, ...], value: Callable[[Attribute], object] = _attribute_value
) -> tuple[tuple[str, object], ...]:
    kept = [a for a in attributes if a.name not in _LAYOUT_ATTRIBUTES]
    return tuple(sorted(((a.name, value(a)) for a in kept), key=lambda pair: pair[0]))


@dataclass(frozen=True)
class _MemberView:
    label: str
    access: int
    attributes: tuple[tuple[str, object], ...]
    code: _CodeView | None


@dataclass(frozen=True)
class _ClassView:
    version: str
    access: int
    name: str
    super_name: str | None
    interfaces: tuple[str, ...]
    attributes: tuple[tuple[str, object], ...]
    members: dict[tuple[str, str, str], _MemberView]


def _member_view(kind: str, member: Member) -> _MemberView:
    label = f"method {member.name}{member.descriptor}"
    if kind == "field":
        label = f"field {member.name}:{member.descriptor}"
    others = tuple(a for a in member.attributes if a.name != "Code")
    code = member.code
    return _MemberView(
        label, member.access, _attribute_list(others), _code_view(code) if code else None
    )


def _view(cf: ClassFile) -> _ClassView:
    members = {("field", m.name, m.descriptor): _member_view("field", m) for m in cf.fields}
    members.update(
        {("method", m.name, m.descriptor): _member_view("method", m) for m in cf.methods}
    )
    return _ClassView(
        f"{cf.major}.{cf.minor}",
        cf.access,
        cf.name,
        cf.super_name,
        cf.interfaces,
        _attribute_list(cf.attributes),
        members,
    )


# --------------------------------------------------------------------------- explaining


def _short(value: object, limit: int = 160) -> str:
    if isinstance(value, bytes):
        text = f"{len(value)} bytes {value[:24].hex()}{'…' if len(value) > 24 else ''}"
    elif isinstance(value, str):
        text = repr(value)
    elif isinstance(value, tuple) and value and isinstance(value[0], tuple | str):
        text = "(" + ", ".join(_short(v, limit) for v in value) + ")"
    else:
        text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _value_differences(g: object, b: object) -> Iterator[tuple[str, str, str]]:
    """(path, gradle's value, bazel's value) for each place two values differ, in order."""
    if g == b:
        return
    if isinstance(g, Annotation) and isinstance(b, Annotation) and g.type == b.type:
        gd, bd = dict(g.elements), dict(b.elements)
        for key in [*gd, *(k for k in bd if k not in gd)]:
            for path, gv, bv in _value_differences(gd.get(key), bd.get(key)):
                yield f"@{g.type[1:-1]}.{key}{path}", gv, bv
        return
    if isinstance(g, ElementValue) and isinstance(b, ElementValue) and g.tag == b.tag:
        yield from _value_differences(g.value, b.value)
        return
    if isinstance(g, tuple) and isinstance(b, tuple):
        for i, (gi, bi) in enumerate(zip(g, b, strict=False)):
            for path, gv, bv in _value_differences(gi, bi):
                same_annotation = isinstance(gi, Annotation) and path.startswith("@")
                yield (f" {path}" if same_annotation else f"[{i}]{path}"), gv, bv
        if len(g) != len(b):
            n = min(len(g), len(b))
            gv = _short(g[n]) if len(g) > n else "nothing"
            bv = _short(b[n]) if len(b) > n else "nothing"
            yield f"[{n}]", gv, bv
        return
    if dataclasses.is_dataclass(g) and type(g) is type(b) and not isinstance(g, Constant):
        for f in dataclasses.fields(g):
            if f.compare:
                for path, gv, bv in _value_differences(getattr(g, f.name), getattr(b, f.name)):
                    yield f".{f.name}{path}", gv, bv
        return
    yield "", _short(g), _short(b)


def _attribute_differences(
    owner: str,
    g: tuple[tuple[str, object], ...],
    b: tuple[tuple[str, object], ...],
    every: bool,
) -> list[str]:
    """Per attribute name: missing on a side, or where it differs (first place, or ``every``)."""
    out = []
    gd: dict[str, list[object]] = {}
    bd: dict[str, list[object]] = {}
    for name, value in g:
        gd.setdefault(name, []).append(value)
    for name, value in b:
        bd.setdefault(name, []).append(value)
    for name in sorted(set(gd) | set(bd)):
        if name not in bd:
            out.append(f"{owner}: {name} only in gradle")
        elif name not in gd:
            out.append(f"{owner}: {name} only in bazel")
        elif gd[name] != bd[name]:
            single = len(gd[name]) == len(bd[name]) == 1
            gv, bv = (gd[name][0], bd[name][0]) if single else (tuple(gd[name]), tuple(bd[name]))
            found = _value_differences(gv, bv)
            for path, gs, bs in found if every else itertools.islice(found, 1):
                out.append(f"{owner}: {name}{path} differs: {gs} vs {bs}")
    return out


def _code_differences(label: str, g: _CodeView, b: _CodeView, every: bool) -> list[str]:
    out = []
    pairs = itertools.zip_longest(g.instructions, b.instructions)
    positions = [i for i, (x, y) in enumerate(pairs) if x != y]
    for index in positions if every else positions[:1]:
        gi = g.original[index] if index < len(g.original) else None
        bi = b.original[index] if index < len(b.original) else None
        offset = (gi or bi).offset  # type: ignore[union-attr]
        out.append(
            f"{label}: bytecode differs at offset {offset}: "
            f"{gi if gi else 'end of code'} vs {bi if bi else 'end of code'}"
        )
    for what in ("max_stack", "max_locals"):
        if getattr(g, what) != getattr(b, what):
            out.append(f"{label}: {what} {getattr(g, what)} vs {getattr(b, what)}")
    if g.handlers != b.handlers:
        out.append(
            f"{label}: exception table differs: {_short(g.handlers)} vs {_short(b.handlers)}"
        )
    return out + _attribute_differences(label, g.attributes, b.attributes, every)


def _differences(g: _ClassView, b: _ClassView, every: bool = False) -> list[str]:
    """What differs, member by member. ``every``: each place (used to tell which normalisation
    hid something), else the first place per attribute or method (for people)."""
    out = []
    for what, label in (
        ("name", "class name"),
        ("version", "class version"),
        ("super_name", "superclass"),
        ("interfaces", "interfaces"),
    ):
        if getattr(g, what) != getattr(b, what):
            out.append(f"{label} {_short(getattr(g, what))} vs {_short(getattr(b, what))}")
    if g.access != b.access:
        out.append(f"class access flags 0x{g.access:04x} vs 0x{b.access:04x}")
    out += _attribute_differences("class", g.attributes, b.attributes, every)
    for key in sorted(set(g.members) | set(b.members)):
        gm, bm = g.members.get(key), b.members.get(key)
        if gm is None:
            out.append(f"{bm.label} added (only in bazel)")  # type: ignore[union-attr]
        elif bm is None:
            out.append(f"{gm.label} removed (only in gradle)")
        elif gm != bm:
            if gm.access != bm.access:
                out.append(f"{gm.label}: access flags 0x{gm.access:04x} vs 0x{bm.access:04x}")
            out += _attribute_differences(gm.label, gm.attributes, bm.attributes, every)
            if gm.code is None or bm.code is None:
                if gm.code is not bm.code:
                    out.append(f"{gm.label}: Code only in {'gradle' if gm.code else 'bazel'}")
            elif gm.code != bm.code:
                out += _code_differences(gm.label, gm.code, bm.code, every)
    return out


# --------------------------------------------------------------------------- comparing


class _Pair:
    """One class on both sides, with views cached per set of normalisations."""

    def __init__(self, gradle: ClassFile, bazel: ClassFile, sides: _SidesFactory) -> None:
        self.files = (gradle, bazel)
        self.sides = sides  # called only when a transform needs to know the builds
        self._views: dict[frozenset[str], tuple[_ClassView, _ClassView]] = {}

    def differences(self, names: Iterable[str], every: bool = False) -> list[str]:
        key = frozenset(names)
        if key not in self._views:
            table = normalisation_table()
            order = [n for n in table if n in key]  # table order: deterministic
            needs_sides = any(table[n].transform == "kotlin-internal-names" for n in order)
            gradle_side, bazel_side = self.sides() if needs_sides else (_Side(), _Side())
            self._views[key] = (
                _view(_normalise(self.files[0], order, gradle_side)),
                _view(_normalise(self.files[1], order, bazel_side)),
            )
        return _differences(*self._views[key], every=every)


def _compare_class(
    name: str, gradle: bytes, bazel: bytes, enabled: tuple[str, ...], sides: _SidesFactory
) -> Equivalent | Different:
    files = []
    for side, data in (("gradle", gradle), ("bazel", bazel)):
        try:
            files.append(parse_class(data))
        except ClassFileError as exc:
            reason = f"{side}'s class file is unreadable: {exc}"
            return Different(name, reason, (reason,))
    pair = _Pair(files[0], files[1], sides)
    found = pair.differences(enabled)
    every = pair.differences(enabled, every=True)
    used = tuple(n for n in enabled if pair.differences(set(enabled) - {n}, every=True) != every)
    if not found:
        return Equivalent(name, used)
    others = [n for n in normalisation_table() if n not in enabled]
    hints = tuple(n for n in others if not pair.differences({*enabled, n}))
    if not hints and len(others) > 1 and not pair.differences({*enabled, *others}):
        everything = {*enabled, *others}
        hints = tuple(n for n in others if pair.differences(everything - {n}))
    shown = "; ".join(found[:_REASON_DIFFERENCES])
    if len(found) > _REASON_DIFFERENCES:
        shown += f"; and {len(found) - _REASON_DIFFERENCES} more"
    if hints:
        shown = f"only {' + '.join(hints)} differs (normalisation not enabled): {shown}"
    return Different(name, shown, tuple(found[:_MAX_DIFFERENCES]), used, hints)


_SidesFactory = Callable[[], tuple[_Side, _Side]]


def _sanitise(module: str) -> str:
    """kotlinc's NameUtils.sanitizeAsJavaIdentifier, used for internal-member suffixes."""
    return re.sub(r"[^\w$]", "_", module)


def _side(entries: Mapping[str, bytes]) -> _Side:
    modules = {
        name.rsplit("/", 1)[-1][: -len(".kotlin_module")]
        for name in entries
        if _is_kotlin_module(name)
    }
    for name, data in entries.items():
        if name.endswith(".class") and KOTLIN_METADATA.encode() in data:
            try:
                module = kotlin_module_name(parse_class(data))
            except ClassFileError:
                continue
            if module:
                modules.add(module)
    suffixes = sorted({"$" + _sanitise(m) for m in modules if m}, key=len, reverse=True)
    return _Side(tuple(suffixes))


def _kotlin_module_files(
    gradle: Mapping[str, bytes],
    bazel: Mapping[str, bytes],
    only_gradle: list[str],
    only_bazel: list[str],
    renames_ok: str | None,
) -> list[Equivalent | Different]:
    """Pair kotlin_module files that only differ in name (the module name) across the sides."""
    out: list[Equivalent | Different] = []
    g_files = [n for n in only_gradle if _is_kotlin_module(n)]
    b_files = [n for n in only_bazel if _is_kotlin_module(n)]
    pairs = []
    for g in g_files:
        match = next((b for b in b_files if bazel[b] == gradle[g]), None)
        if match:
            b_files.remove(match)
            pairs.append((g, match))
    unmatched_g = [g for g in g_files if g not in {p[0] for p in pairs}]
    if len(unmatched_g) == 1 and len(b_files) == 1:
        g, b = unmatched_g[0], b_files[0]
        reason = f"Kotlin module files {g} and {b} differ in name and content (package parts)"
        out.append(Different(g, reason, (reason,), bazel_name=b))
        only_gradle.remove(g)
        only_bazel.remove(b)
    for g, b in pairs:
        only_gradle.remove(g)
        only_bazel.remove(b)
        if renames_ok:
            out.append(Equivalent(g, (renames_ok,), bazel_name=b))
        else:
            reason = f"Kotlin module file named {b} in bazel (same content): module names differ"
            hint = _kotlin_module_rules()
            out.append(Different(g, reason, (reason,), would_match_with=hint, bazel_name=b))
    return out


def _kotlin_module_rules() -> tuple[str, ...]:
    return tuple(
        n.name for n in normalisation_table().values() if n.transform == "kotlin-module-name"
    )


def compare_class_sets(
    gradle: Mapping[str, bytes],
    bazel: Mapping[str, bytes],
    normalisations: list[str] | None = None,
) -> ClassComparison:
    """Compare two builds' class entries (name → bytes, e.g. from :func:`classes_in_jar`).

    ``normalisations``: names from rules/parity.yaml; None means its ``default`` list, ``[]``
    means none (strict). Entries out of scope (:func:`in_scope`) are ignored."""
    enabled = _resolve(normalisations)
    g = {k: v for k, v in gradle.items() if in_scope(k)}
    b = {k: v for k, v in bazel.items() if in_scope(k)}
    only_gradle = sorted(set(g) - set(b))
    only_bazel = sorted(set(b) - set(g))
    sides_cache: list[tuple[_Side, _Side]] = []

    def sides() -> tuple[_Side, _Side]:
        if not sides_cache:
            sides_cache.append((_side(g), _side(b)))
        return sides_cache[0]

    identical: list[str] = []
    results: list[Equivalent | Different] = []
    for name in sorted(set(g) & set(b)):
        if g[name] == b[name]:
            identical.append(name)
        elif _is_kotlin_module(name):
            reason = "Kotlin module file content differs (package parts)"
            results.append(Different(name, reason, (reason,)))
        else:
            results.append(_compare_class(name, g[name], b[name], enabled, sides))
    module_rule = next((n for n in _kotlin_module_rules() if n in enabled), None)
    results += _kotlin_module_files(g, b, only_gradle, only_bazel, module_rule)
    results.sort(key=lambda r: r.name)

    normalised: dict[str, int] = {}
    for result in results:
        for used in result.normalisations:
            normalised[used] = normalised.get(used, 0) + 1
    return ClassComparison(
        normalisations=enabled,
        identical=tuple(identical),
        equivalent=tuple(r for r in results if isinstance(r, Equivalent)),
        different=tuple(r for r in results if isinstance(r, Different)),
        only_gradle=tuple(only_gradle),
        only_bazel=tuple(only_bazel),
        normalised={n: normalised[n] for n in enabled if n in normalised},
    )
