"""A small, dependency-free reader for JVM class files (every constant kind up to Java 17).

Why our own: class-level parity must say *why* two classes differ (which member, which
instruction) and must compare meaning, not bytes. So every constant-pool index is resolved to
the value it names wherever it appears (instructions, annotations, stack maps, ...); the parsed
values hold no index, and two classes whose constant pools are ordered differently parse to the
same values. Attributes keep their raw bytes too; unknown ones are compared by those bytes.

Anything truncated or inconsistent raises :class:`ClassFileError` saying where.
"""

from __future__ import annotations

import json
import struct
from collections.abc import Callable
from dataclasses import dataclass, field

from migrate.errors import ToolError

MAGIC = 0xCAFEBABE


class ClassFileError(ToolError):
    """The bytes are not a well-formed class file (truncated, corrupt, inconsistent)."""


# --------------------------------------------------------------------------- reading bytes


class _Reader:
    """Big-endian cursor over a byte string; running past the end is a ClassFileError."""

    def __init__(self, data: bytes, what: str = "class file") -> None:
        self.data = data
        self.pos = 0
        self.what = what

    def _take(self, size: int) -> bytes:
        end = self.pos + size
        if size < 0 or end > len(self.data):
            raise ClassFileError(
                f"truncated {self.what}: needs {size} byte(s) at offset {self.pos}, "
                f"only {len(self.data) - self.pos} left"
            )
        chunk = self.data[self.pos : end]
        self.pos = end
        return chunk

    def u1(self) -> int:
        return self._take(1)[0]

    def s1(self) -> int:
        return struct.unpack(">b", self._take(1))[0]

    def u2(self) -> int:
        return struct.unpack(">H", self._take(2))[0]

    def s2(self) -> int:
        return struct.unpack(">h", self._take(2))[0]

    def u4(self) -> int:
        return struct.unpack(">I", self._take(4))[0]

    def s4(self) -> int:
        return struct.unpack(">i", self._take(4))[0]

    def raw(self, size: int) -> bytes:
        return self._take(size)

    @property
    def remaining(self) -> int:
        return len(self.data) - self.pos


def decode_modified_utf8(data: bytes) -> str:
    """The JVM's "modified UTF-8": NUL as C0 80, supplementary characters as surrogate pairs."""
    try:
        text = data.replace(b"\xc0\x80", b"\x00").decode("utf-8", "surrogatepass")
    except UnicodeDecodeError as exc:
        raise ClassFileError(f"invalid modified UTF-8 in constant pool: {exc}") from exc
    try:  # join surrogate pairs into real characters; lone surrogates stay as they are
        return text.encode("utf-16-be", "surrogatepass").decode("utf-16-be")
    except UnicodeDecodeError:
        return text


# --------------------------------------------------------------------------- constants

_TAGS = {
    1: "Utf8",
    3: "Integer",
    4: "Float",
    5: "Long",
    6: "Double",
    7: "Class",
    8: "String",
    9: "Fieldref",
    10: "Methodref",
    11: "InterfaceMethodref",
    12: "NameAndType",
    15: "MethodHandle",
    16: "MethodType",
    17: "Dynamic",
    18: "InvokeDynamic",
    19: "Module",
    20: "Package",
}
_REF_KINDS = (
    "",
    "REF_getField",
    "REF_getStatic",
    "REF_putField",
    "REF_putStatic",
    "REF_invokeVirtual",
    "REF_invokeStatic",
    "REF_invokeSpecial",
    "REF_newInvokeSpecial",
    "REF_invokeInterface",
)


@dataclass(frozen=True)
class MemberRef:
    """A field or method reference, resolved: ``owner.name:descriptor``."""

    owner: str
    name: str
    descriptor: str

    def __str__(self) -> str:
        return f"{self.owner}.{self.name}:{self.descriptor}"


@dataclass(frozen=True)
class Bootstrap:
    """A bootstrap method (of an invokedynamic or a dynamic constant) with its arguments."""

    handle: Constant
    arguments: tuple[Constant, ...]

    def __str__(self) -> str:
        return f"{self.handle}({', '.join(str(a) for a in self.arguments)})"


@dataclass(frozen=True)
class Constant:
    """A resolved constant-pool entry. ``value`` by kind: Utf8/String/Class/MethodType/Module/
    Package → str; Integer/Long → int; Float/Double → the raw IEEE bits (so NaN equals NaN);
    *ref → MemberRef; NameAndType → (name, descriptor); MethodHandle → (ref kind, Constant);
    Dynamic/InvokeDynamic → (Bootstrap, name, descriptor)."""

    kind: str
    value: object

    def __str__(self) -> str:
        kind, value = self.kind, self.value
        if kind in ("String", "Utf8"):
            return json.dumps(value, ensure_ascii=False)
        if kind == "Long":
            return f"{value}L"
        if kind == "Float":
            return f"{struct.unpack('>f', struct.pack('>I', value))[0]!r}f"
        if kind == "Double":
            return f"{struct.unpack('>d', struct.pack('>Q', value))[0]!r}d"
        if kind == "NameAndType":
            return f"{value[0]}:{value[1]}"
        if kind == "MethodHandle":
            return f"{value[0]} {value[1]}"
        if kind in ("Dynamic", "InvokeDynamic"):
            bootstrap, name, descriptor = value
            return f"{name}:{descriptor} bootstrap {bootstrap}"
        if kind in ("Module", "Package"):
            return f"{kind.lower()} {value}"
        return str(value)  # Integer, Class, MethodType, member references


@dataclass(frozen=True)
class ConstantPool:
    """The resolved pool, indexed like the class file (slot 0 and the slot after a Long or
    Double are None). Only for inspection: parsed values never refer to it."""

    entries: tuple[Constant | None, ...]

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, index: int, *kinds: str, what: str = "constant") -> Constant:
        entry = self.entries[index] if 0 < index < len(self.entries) else None
        if entry is None:
            raise ClassFileError(f"{what}: #{index} is not a constant-pool entry")
        if kinds and entry.kind not in kinds:
            raise ClassFileError(f"{what}: #{index} is a {entry.kind}, expected {'/'.join(kinds)}")
        return entry

    def utf8(self, index: int, what: str = "name") -> str:
        return str(self.get(index, "Utf8", what=what).value)

    def class_name(self, index: int, what: str = "class") -> str:
        return str(self.get(index, "Class", what=what).value)

    def optional_class(self, index: int, what: str = "class") -> str | None:
        return None if index == 0 else self.class_name(index, what)

    def optional_utf8(self, index: int, what: str = "name") -> str | None:
        return None if index == 0 else self.utf8(index, what)


def _read_raw_pool(r: _Reader) -> list[tuple[int, object] | None]:
    count = r.u2()
    if count == 0:
        raise ClassFileError("constant_pool_count is 0 (must be at least 1)")
    raw: list[tuple[int, object] | None] = [None] * count
    index = 1
    while index < count:
        at = r.pos
        tag = r.u1()
        if tag == 1:
            payload: object = decode_modified_utf8(r.raw(r.u2()))
        elif tag in (3, 4):
            payload = r.u4()
        elif tag in (5, 6):
            payload = (r.u4() << 32) | r.u4()
        elif tag in (7, 8, 16, 19, 20):
            payload = r.u2()
        elif tag in (9, 10, 11, 12, 17, 18):
            payload = (r.u2(), r.u2())
        elif tag == 15:
            payload = (r.u1(), r.u2())
        else:
            raise ClassFileError(f"constant #{index} at offset {at}: unknown tag {tag}")
        raw[index] = (tag, payload)
        index += 2 if tag in (5, 6) else 1
    if index != count:
        raise ClassFileError("constant pool: a Long or Double takes the pool's last slot")
    return raw


class _Resolver:
    """Turns raw entries (with indices) into Constants (without), detecting cycles."""

    def __init__(self, raw: list, bootstraps: list[tuple[int, tuple[int, ...]]] | None) -> None:
        self.raw = raw
        self.bootstraps = bootstraps
        self.done: dict[int, Constant] = {}
        self.active: set[int] = set()

    def resolve(self, index: int, *kinds: str) -> Constant:
        if index in self.done:
            constant = self.done[index]
        else:
            if not 0 < index < len(self.raw) or self.raw[index] is None:
                raise ClassFileError(f"constant-pool reference #{index} points at no entry")
            if index in self.active:
                raise ClassFileError(f"constant #{index} refers to itself (a cycle)")
            self.active.add(index)
            constant = self._build(*self.raw[index])
            self.active.discard(index)
            self.done[index] = constant
        if kinds and constant.kind not in kinds:
            raise ClassFileError(
                f"constant #{index} is a {constant.kind}, expected {'/'.join(kinds)}"
            )
        return constant

    def _text(self, index: int) -> str:
        return str(self.resolve(index, "Utf8").value)

    def _build(self, tag: int, payload) -> Constant:
        kind = _TAGS[tag]
        if tag == 1:
            return Constant(kind, payload)
        if tag == 3:
            return Constant(kind, payload - (1 << 32) if payload >= 1 << 31 else payload)
        if tag == 5:
            return Constant(kind, payload - (1 << 64) if payload >= 1 << 63 else payload)
        if tag in (4, 6):
            return Constant(kind, payload)
        if tag in (7, 8, 16, 19, 20):
            return Constant(kind, self._text(payload))
        if tag in (9, 10, 11):
            owner = str(self.resolve(payload[0], "Class").value)
            name, descriptor = self.resolve(payload[1], "NameAndType").value
            return Constant(kind, MemberRef(owner, name, descriptor))
        if tag == 12:
            return Constant(kind, (self._text(payload[0]), self._text(payload[1])))
        if tag == 15:
            ref_kind, ref = payload
            if not 1 <= ref_kind <= 9:
                raise ClassFileError(f"MethodHandle with unknown reference kind {ref_kind}")
            target = self.resolve(ref, "Fieldref", "Methodref", "InterfaceMethodref")
            return Constant(kind, (_REF_KINDS[ref_kind], target))
        # 17 Dynamic, 18 InvokeDynamic: inline the bootstrap method, whose table index is layout
        bootstrap_index, nat = payload
        if self.bootstraps is None or bootstrap_index >= len(self.bootstraps):
            raise ClassFileError(
                f"{kind} refers to bootstrap method {bootstrap_index}, "
                f"but the class has {len(self.bootstraps or ())}"
            )
        handle, arguments = self.bootstraps[bootstrap_index]
        bootstrap = Bootstrap(
            self.resolve(handle, "MethodHandle"), tuple(self.resolve(a) for a in arguments)
        )
        name, descriptor = self.resolve(nat, "NameAndType").value
        return Constant(kind, (bootstrap, name, descriptor))


# --------------------------------------------------------------------------- bytecode

_MNEMONIC_TEXT = """
nop aconst_null iconst_m1 iconst_0 iconst_1 iconst_2 iconst_3 iconst_4 iconst_5 lconst_0
lconst_1 fconst_0 fconst_1 fconst_2 dconst_0 dconst_1 bipush sipush ldc ldc_w ldc2_w iload lload
fload dload aload iload_0 iload_1 iload_2 iload_3 lload_0 lload_1 lload_2 lload_3 fload_0 fload_1
fload_2 fload_3 dload_0 dload_1 dload_2 dload_3 aload_0 aload_1 aload_2 aload_3 iaload laload
faload daload aaload baload caload saload istore lstore fstore dstore astore istore_0 istore_1
istore_2 istore_3 lstore_0 lstore_1 lstore_2 lstore_3 fstore_0 fstore_1 fstore_2 fstore_3
dstore_0 dstore_1 dstore_2 dstore_3 astore_0 astore_1 astore_2 astore_3 iastore lastore fastore
dastore aastore bastore castore sastore pop pop2 dup dup_x1 dup_x2 dup2 dup2_x1 dup2_x2 swap
iadd ladd fadd dadd isub lsub fsub dsub imul lmul fmul dmul idiv ldiv fdiv ddiv irem lrem frem
drem ineg lneg fneg dneg ishl lshl ishr lshr iushr lushr iand land ior lor ixor lxor iinc i2l
i2f i2d l2i l2f l2d f2i f2l f2d d2i d2l d2f i2b i2c i2s lcmp fcmpl fcmpg dcmpl dcmpg ifeq ifne
iflt ifge ifgt ifle if_icmpeq if_icmpne if_icmplt if_icmpge if_icmpgt if_icmple if_acmpeq
if_acmpne goto jsr ret tableswitch lookupswitch ireturn lreturn freturn dreturn areturn return
getstatic putstatic getfield putfield invokevirtual invokespecial invokestatic invokeinterface
invokedynamic new newarray anewarray arraylength athrow checkcast instanceof monitorenter
monitorexit wide multianewarray ifnull ifnonnull goto_w jsr_w
"""
_MNEMONICS = tuple(_MNEMONIC_TEXT.split())
assert len(_MNEMONICS) == 202

# Operand layout per opcode (absent: none). b/s: signed byte/short; c1/c2: constant index;
# l: local index; j2/j4: branch offset; see _decode for the rest.
_FORMATS: dict[int, str] = {0x10: "b", 0x11: "s", 0x12: "c1", 0x13: "c2", 0x14: "c2", 0x84: "ii"}
_FORMATS.update({op: "l" for op in (*range(0x15, 0x1A), *range(0x36, 0x3B), 0xA9)})
_FORMATS.update({op: "j2" for op in (*range(0x99, 0xA9), 0xC6, 0xC7)})
_FORMATS.update({op: "c2" for op in (*range(0xB2, 0xB9), 0xBB, 0xBD, 0xC0, 0xC1)})
_FORMATS.update({0xAA: "table", 0xAB: "lookup", 0xB9: "iface", 0xBA: "indy", 0xBC: "atype"})
_FORMATS.update({0xC4: "wide", 0xC5: "multi", 0xC8: "j4", 0xC9: "j4"})
_ARRAY_TYPES = {4: "boolean", 5: "char", 6: "float", 7: "double", 8: "byte", 9: "short"}
_ARRAY_TYPES.update({10: "int", 11: "long"})
_WIDENABLE = {*range(0x15, 0x1A), *range(0x36, 0x3B), 0xA9, 0x84}


@dataclass(frozen=True)
class Instruction:
    """One instruction; constant operands resolved, branch targets as absolute offsets.

    tableswitch: operands (low, high); lookupswitch: operands = match keys; both: targets =
    (default, *jumps). ``wide`` marks the wide-prefixed form of a local-variable instruction."""

    offset: int
    mnemonic: str
    operands: tuple[object, ...] = ()
    targets: tuple[int, ...] = ()
    wide: bool = False

    def __str__(self) -> str:
        head = f"wide {self.mnemonic}" if self.wide else self.mnemonic
        if self.mnemonic == "tableswitch":
            low, high = self.operands
            jumps = ", ".join(map(str, self.targets[1:]))
            return f"{head} {low}..{high} default:{self.targets[0]} [{jumps}]"
        if self.mnemonic == "lookupswitch":
            pairs = ", ".join(
                f"{k}:{t}" for k, t in zip(self.operands, self.targets[1:], strict=True)
            )
            return f"{head} default:{self.targets[0]} {{{pairs}}}"
        parts = [head, *(str(o) for o in self.operands), *(str(t) for t in self.targets)]
        return " ".join(parts)


def decode_instructions(code: bytes, pool: ConstantPool) -> tuple[Instruction, ...]:
    """Decode a Code attribute's bytecode; an unknown opcode or cut instruction is an error."""
    r = _Reader(code, "bytecode")
    out = []
    while r.remaining:
        offset = r.pos
        opcode = r.u1()
        if opcode >= len(_MNEMONICS):
            raise ClassFileError(f"unknown opcode 0x{opcode:02x} at bytecode offset {offset}")
        try:
            out.append(_decode(r, offset, opcode, pool))
        except ClassFileError as exc:
            raise ClassFileError(f"bytecode offset {offset} ({_MNEMONICS[opcode]}): {exc}") from exc
    return tuple(out)


def _decode(r: _Reader, offset: int, opcode: int, pool: ConstantPool) -> Instruction:
    fmt, name = _FORMATS.get(opcode, ""), _MNEMONICS[opcode]
    if fmt == "":
        return Instruction(offset, name)
    if fmt in ("b", "s"):
        return Instruction(offset, name, (r.s1() if fmt == "b" else r.s2(),))
    if fmt in ("c1", "c2"):
        return Instruction(offset, name, (pool.get(r.u1() if fmt == "c1" else r.u2()),))
    if fmt == "l":
        return Instruction(offset, name, (r.u1(),))
    if fmt == "ii":
        return Instruction(offset, name, (r.u1(), r.s1()))
    if fmt in ("j2", "j4"):
        return Instruction(offset, name, targets=(offset + (r.s2() if fmt == "j2" else r.s4()),))
    if fmt in ("table", "lookup"):
        r.raw(-(offset + 1) % 4)  # padding to a 4-byte boundary of the code array
        default = offset + r.s4()
        if fmt == "table":
            low, high = r.s4(), r.s4()
            if high < low:
                raise ClassFileError(f"tableswitch high {high} < low {low}")
            jumps = tuple(offset + r.s4() for _ in range(high - low + 1))
            return Instruction(offset, name, (low, high), (default, *jumps))
        pairs = [(r.s4(), offset + r.s4()) for _ in range(r.s4())]
        keys = tuple(k for k, _ in pairs)
        return Instruction(offset, name, keys, (default, *(t for _, t in pairs)))
    if fmt == "iface":
        ref, count, zero = pool.get(r.u2(), "InterfaceMethodref"), r.u1(), r.u1()
        if zero:
            raise ClassFileError(f"invokeinterface: fourth operand byte is {zero}, must be 0")
        return Instruction(offset, name, (ref, count))
    if fmt == "indy":
        ref, zero = pool.get(r.u2(), "InvokeDynamic"), r.u2()
        if zero:
            raise ClassFileError(f"invokedynamic: operand bytes 3-4 are {zero}, must be 0")
        return Instruction(offset, name, (ref,))
    if fmt == "atype":
        atype = r.u1()
        if atype not in _ARRAY_TYPES:
            raise ClassFileError(f"newarray with unknown element type {atype}")
        return Instruction(offset, name, (_ARRAY_TYPES[atype],))
    if fmt == "multi":
        return Instruction(offset, name, (pool.get(r.u2(), "Class"), r.u1()))
    # wide
    inner = r.u1()
    if inner not in _WIDENABLE:
        raise ClassFileError(f"wide prefix before opcode 0x{inner:02x}")
    operands = (r.u2(), r.s2()) if inner == 0x84 else (r.u2(),)
    return Instruction(offset, _MNEMONICS[inner], operands, wide=True)


# --------------------------------------------------------------------------- attribute values


@dataclass(frozen=True)
class ExceptionHandler:
    start: int
    end: int
    handler: int
    catch_type: str | None  # None: any (finally)


@dataclass(frozen=True)
class VerificationType:
    """A stack-map slot: top/int/float/double/long/null/uninitializedThis, ``object`` (value:
    class name) or ``uninitialized`` (value: offset of the ``new``)."""

    kind: str
    value: str | int | None = None

    def __str__(self) -> str:
        return self.kind if self.value is None else f"{self.kind}({self.value})"


@dataclass(frozen=True)
class StackMapFrame:
    """A frame at an absolute ``offset``; ``kind`` is same / same_locals_1_stack_item / chop /
    append / full (the *_extended encodings fold into their short kinds)."""

    offset: int
    kind: str
    locals: tuple[VerificationType, ...] = ()
    stack: tuple[VerificationType, ...] = ()
    chopped: int = 0


@dataclass(frozen=True)
class LineNumber:
    start_pc: int
    line: int


@dataclass(frozen=True)
class LocalVariable:
    start_pc: int
    length: int
    name: str
    descriptor: str  # the signature in LocalVariableTypeTable
    index: int


@dataclass(frozen=True)
class ElementValue:
    """An annotation element value. tag: a const tag (B C D F I J S Z s) with a Constant, 'e'
    (type, name), 'c' (descriptor), '@' (Annotation) or '[' (tuple of ElementValue)."""

    tag: str
    value: object

    def __str__(self) -> str:
        if self.tag == "e":
            return f"{self.value[0]}.{self.value[1]}"
        if self.tag == "c":
            return f"{self.value}.class"
        if self.tag == "[":
            return "[" + ", ".join(str(v) for v in self.value) + "]"
        return str(self.value)


@dataclass(frozen=True)
class Annotation:
    type: str  # a field descriptor, e.g. Lkotlin/Metadata;
    elements: tuple[tuple[str, ElementValue], ...] = ()

    def element(self, name: str) -> ElementValue | None:
        return next((value for key, value in self.elements if key == name), None)

    def __str__(self) -> str:
        args = ", ".join(f"{k}={v}" for k, v in self.elements)
        return f"@{self.type}({args})"


@dataclass(frozen=True)
class TypeAnnotation:
    target_type: int
    target_info: tuple[int, ...]  # code offsets inside stay offsets
    type_path: tuple[tuple[int, int], ...]
    annotation: Annotation


@dataclass(frozen=True)
class InnerClass:
    inner: str
    outer: str | None
    name: str | None
    access: int


@dataclass(frozen=True)
class MethodParameter:
    name: str | None
    access: int


@dataclass(frozen=True)
class ModuleDescriptor:
    """The Module attribute of module-info.class, resolved."""

    name: str
    flags: int
    version: str | None
    requires: tuple[tuple[str, int, str | None], ...]
    exports: tuple[tuple[str, int, tuple[str, ...]], ...]
    opens: tuple[tuple[str, int, tuple[str, ...]], ...]
    uses: tuple[str, ...]
    provides: tuple[tuple[str, tuple[str, ...]], ...]


@dataclass(frozen=True)
class RecordComponent:
    name: str
    descriptor: str
    attributes: tuple[Attribute, ...]


@dataclass(frozen=True)
class ScalaInlineInfo:
    """scalac's ScalaInlineInfo (optimiser hints); methods sorted as scalac writes them."""

    version: int
    flags: int
    self_type: str | None
    sam: tuple[str, str] | None
    methods: tuple[tuple[str, str, int], ...]


@dataclass(frozen=True)
class Code:
    max_stack: int
    max_locals: int
    bytecode: bytes
    instructions: tuple[Instruction, ...]
    exception_table: tuple[ExceptionHandler, ...]
    attributes: tuple[Attribute, ...]

    def attribute(self, name: str) -> Attribute | None:
        return _find(self.attributes, name)


@dataclass(frozen=True, eq=False)
class Attribute:
    """Name and raw bytes; ``value`` is the parsed, index-free form of a known attribute (None
    for unknown ones). Equality uses the value when there is one, else the raw bytes."""

    name: str
    data: bytes
    value: object = None

    def _key(self) -> tuple[str, object]:
        return (self.name, self.data if self.value is None else self.value)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Attribute) and self._key() == other._key()

    def __hash__(self) -> int:
        return hash(self._key())


def _find(attributes: tuple[Attribute, ...], name: str) -> Attribute | None:
    return next((a for a in attributes if a.name == name), None)


@dataclass(frozen=True)
class Member:
    """A field or a method."""

    access: int
    name: str
    descriptor: str
    attributes: tuple[Attribute, ...]

    def attribute(self, name: str) -> Attribute | None:
        return _find(self.attributes, name)

    @property
    def code(self) -> Code | None:
        found = self.attribute("Code")
        return found.value if found else None  # type: ignore[return-value]


@dataclass(frozen=True)
class ClassFile:
    minor: int
    major: int
    access: int
    name: str
    super_name: str | None  # None only for java/lang/Object and module-info
    interfaces: tuple[str, ...]
    fields: tuple[Member, ...]
    methods: tuple[Member, ...]
    attributes: tuple[Attribute, ...]
    constant_pool: ConstantPool = field(compare=False, repr=False)

    def attribute(self, name: str) -> Attribute | None:
        return _find(self.attributes, name)

    def annotations(self) -> tuple[Annotation, ...]:
        """Runtime-visible and -invisible class annotations."""
        found: list[Annotation] = []
        for name in ("RuntimeVisibleAnnotations", "RuntimeInvisibleAnnotations"):
            attribute = self.attribute(name)
            if attribute is not None:
                found.extend(attribute.value)  # type: ignore[arg-type]
        return tuple(found)


# --------------------------------------------------------------------------- attribute parsers


def _element_value(r: _Reader, pool: ConstantPool) -> ElementValue:
    tag = chr(r.u1())
    if tag in "BCIJSZDFs":
        kinds = {"D": "Double", "F": "Float", "J": "Long", "s": "Utf8"}.get(tag, "Integer")
        return ElementValue(tag, pool.get(r.u2(), kinds, what=f"element value '{tag}'"))
    if tag == "e":
        return ElementValue(tag, (pool.utf8(r.u2()), pool.utf8(r.u2())))
    if tag == "c":
        return ElementValue(tag, pool.utf8(r.u2()))
    if tag == "@":
        return ElementValue(tag, _annotation(r, pool))
    if tag == "[":
        return ElementValue(tag, tuple(_element_value(r, pool) for _ in range(r.u2())))
    raise ClassFileError(f"unknown annotation element tag {tag!r}")


def _annotation(r: _Reader, pool: ConstantPool) -> Annotation:
    type_name = pool.utf8(r.u2(), "annotation type")
    elements = tuple(
        (pool.utf8(r.u2(), "element name"), _element_value(r, pool)) for _ in range(r.u2())
    )
    return Annotation(type_name, elements)


def _annotations(r: _Reader, pool: ConstantPool) -> tuple[Annotation, ...]:
    return tuple(_annotation(r, pool) for _ in range(r.u2()))


def _parameter_annotations(r: _Reader, pool: ConstantPool) -> tuple[tuple[Annotation, ...], ...]:
    return tuple(_annotations(r, pool) for _ in range(r.u1()))


def _type_annotation(r: _Reader, pool: ConstantPool) -> TypeAnnotation:
    target = r.u1()
    if target in (0x00, 0x01, 0x16):
        info: tuple[int, ...] = (r.u1(),)
    elif target in (0x10, 0x17, 0x42):
        info = (r.u2(),)
    elif target in (0x11, 0x12):
        info = (r.u1(), r.u1())
    elif target in (0x13, 0x14, 0x15):
        info = ()
    elif target in (0x40, 0x41):
        info = tuple(v for _ in range(r.u2()) for v in (r.u2(), r.u2(), r.u2()))
    elif 0x43 <= target <= 0x46:
        info = (r.u2(),)
    elif 0x47 <= target <= 0x4B:
        info = (r.u2(), r.u1())
    else:
        raise ClassFileError(f"unknown type-annotation target 0x{target:02x}")
    path = tuple((r.u1(), r.u1()) for _ in range(r.u1()))
    return TypeAnnotation(target, info, path, _annotation(r, pool))


def _verification_type(r: _Reader, pool: ConstantPool) -> VerificationType:
    tag = r.u1()
    simple = ("top", "int", "float", "double", "long", "null", "uninitializedThis")
    if tag < len(simple):
        return VerificationType(simple[tag])
    if tag == 7:
        return VerificationType("object", pool.class_name(r.u2(), "stack-map object type"))
    if tag == 8:
        return VerificationType("uninitialized", r.u2())
    raise ClassFileError(f"unknown stack-map verification type {tag}")


def _stack_map(r: _Reader, pool: ConstantPool) -> tuple[StackMapFrame, ...]:
    frames = []
    offset = -1
    for _ in range(r.u2()):
        frame_type = r.u1()
        locals_: tuple[VerificationType, ...] = ()
        stack: tuple[VerificationType, ...] = ()
        chopped = 0
        if frame_type < 64:
            kind, delta = "same", frame_type
        elif frame_type < 128:
            kind, delta = "same_locals_1_stack_item", frame_type - 64
            stack = (_verification_type(r, pool),)
        elif frame_type < 247:
            raise ClassFileError(f"reserved stack-map frame type {frame_type}")
        elif frame_type == 247:
            kind, delta = "same_locals_1_stack_item", r.u2()
            stack = (_verification_type(r, pool),)
        elif frame_type < 251:
            kind, delta, chopped = "chop", r.u2(), 251 - frame_type
        elif frame_type == 251:
            kind, delta = "same", r.u2()
        elif frame_type < 255:
            kind, delta = "append", r.u2()
            locals_ = tuple(_verification_type(r, pool) for _ in range(frame_type - 251))
        else:
            kind, delta = "full", r.u2()
            locals_ = tuple(_verification_type(r, pool) for _ in range(r.u2()))
            stack = tuple(_verification_type(r, pool) for _ in range(r.u2()))
        offset += delta + 1
        frames.append(StackMapFrame(offset, kind, locals_, stack, chopped))
    return tuple(frames)


def _code(r: _Reader, pool: ConstantPool) -> Code:
    max_stack, max_locals = r.u2(), r.u2()
    bytecode = r.raw(r.u4())
    instructions = decode_instructions(bytecode, pool)
    handlers = tuple(
        ExceptionHandler(r.u2(), r.u2(), r.u2(), pool.optional_class(r.u2(), "catch type"))
        for _ in range(r.u2())
    )
    attributes = _attributes(r, pool)
    return Code(max_stack, max_locals, bytecode, instructions, handlers, attributes)


def _module(r: _Reader, pool: ConstantPool) -> ModuleDescriptor:
    def module(index: int) -> str:
        return str(pool.get(index, "Module").value)

    def package(index: int) -> str:
        return str(pool.get(index, "Package").value)

    name, flags, version = module(r.u2()), r.u2(), pool.optional_utf8(r.u2())
    requires = tuple((module(r.u2()), r.u2(), pool.optional_utf8(r.u2())) for _ in range(r.u2()))

    def exports() -> tuple[tuple[str, int, tuple[str, ...]], ...]:
        return tuple(
            (package(r.u2()), r.u2(), tuple(module(r.u2()) for _ in range(r.u2())))
            for _ in range(r.u2())
        )

    exported, opened = exports(), exports()
    uses = tuple(pool.class_name(r.u2()) for _ in range(r.u2()))
    provides = tuple(
        (pool.class_name(r.u2()), tuple(pool.class_name(r.u2()) for _ in range(r.u2())))
        for _ in range(r.u2())
    )
    return ModuleDescriptor(name, flags, version, requires, exported, opened, uses, provides)


def _scala_inline_info(r: _Reader, pool: ConstantPool) -> ScalaInlineInfo | None:
    """Best effort: an unexpected layout keeps the attribute as raw bytes (value None)."""
    try:
        version, flags = r.u1(), r.u1()
        self_type = pool.utf8(r.u2()) if flags & 2 else None
        sam = (pool.utf8(r.u2()), pool.utf8(r.u2())) if flags & 4 else None
        methods = tuple((pool.utf8(r.u2()), pool.utf8(r.u2()), r.u1()) for _ in range(r.u2()))
    except ClassFileError:
        return None
    if r.remaining:
        return None
    return ScalaInlineInfo(version, flags, self_type, sam, methods)


def _classes(r: _Reader, pool: ConstantPool) -> tuple[str, ...]:
    return tuple(pool.class_name(r.u2()) for _ in range(r.u2()))


def _local_variables(r: _Reader, pool: ConstantPool) -> tuple[LocalVariable, ...]:
    return tuple(
        LocalVariable(r.u2(), r.u2(), pool.utf8(r.u2()), pool.utf8(r.u2()), r.u2())
        for _ in range(r.u2())
    )


def _record(r: _Reader, pool: ConstantPool) -> tuple[RecordComponent, ...]:
    return tuple(
        RecordComponent(pool.utf8(r.u2()), pool.utf8(r.u2()), _attributes(r, pool))
        for _ in range(r.u2())
    )


def _bootstrap_methods(r: _Reader, pool: ConstantPool) -> tuple[Bootstrap, ...]:
    return tuple(
        Bootstrap(pool.get(r.u2(), "MethodHandle"), tuple(pool.get(r.u2()) for _ in range(r.u2())))
        for _ in range(r.u2())
    )


_Parser = Callable[[_Reader, ConstantPool], object]
_PARSERS: dict[str, _Parser] = {
    "Code": _code,
    "ConstantValue": lambda r, p: p.get(r.u2(), "Integer", "Long", "Float", "Double", "String"),
    "StackMapTable": _stack_map,
    "Exceptions": _classes,
    "InnerClasses": lambda r, p: tuple(
        InnerClass(p.class_name(r.u2()), p.optional_class(r.u2()), p.optional_utf8(r.u2()), r.u2())
        for _ in range(r.u2())
    ),
    "EnclosingMethod": lambda r, p: (
        p.class_name(r.u2()),
        None if (i := r.u2()) == 0 else p.get(i, "NameAndType").value,
    ),
    "Synthetic": lambda r, p: (),
    "Deprecated": lambda r, p: (),
    "Signature": lambda r, p: p.utf8(r.u2()),
    "SourceFile": lambda r, p: p.utf8(r.u2()),
    "LineNumberTable": lambda r, p: tuple(LineNumber(r.u2(), r.u2()) for _ in range(r.u2())),
    "LocalVariableTable": _local_variables,
    "LocalVariableTypeTable": _local_variables,
    "RuntimeVisibleAnnotations": _annotations,
    "RuntimeInvisibleAnnotations": _annotations,
    "RuntimeVisibleParameterAnnotations": _parameter_annotations,
    "RuntimeInvisibleParameterAnnotations": _parameter_annotations,
    "RuntimeVisibleTypeAnnotations": lambda r, p: tuple(
        _type_annotation(r, p) for _ in range(r.u2())
    ),
    "RuntimeInvisibleTypeAnnotations": lambda r, p: tuple(
        _type_annotation(r, p) for _ in range(r.u2())
    ),
    "AnnotationDefault": _element_value,
    "BootstrapMethods": _bootstrap_methods,
    "MethodParameters": lambda r, p: tuple(
        MethodParameter(p.optional_utf8(r.u2()), r.u2()) for _ in range(r.u1())
    ),
    "Module": _module,
    "ModulePackages": lambda r, p: tuple(
        str(p.get(r.u2(), "Package").value) for _ in range(r.u2())
    ),
    "ModuleMainClass": lambda r, p: p.class_name(r.u2()),
    "NestHost": lambda r, p: p.class_name(r.u2()),
    "NestMembers": _classes,
    "PermittedSubclasses": _classes,
    "Record": _record,
    "ScalaInlineInfo": _scala_inline_info,
}


def _attributes(r: _Reader, pool: ConstantPool) -> tuple[Attribute, ...]:
    out = []
    for _ in range(r.u2()):
        name = pool.utf8(r.u2(), "attribute name")
        data = r.raw(r.u4())
        out.append(_parse_attribute(name, data, pool))
    return tuple(out)


def _parse_attribute(name: str, data: bytes, pool: ConstantPool) -> Attribute:
    parser = _PARSERS.get(name)
    if parser is None:
        return Attribute(name, data)
    r = _Reader(data, f"{name} attribute")
    try:
        value = parser(r, pool)
    except ClassFileError as exc:
        raise ClassFileError(f"attribute {name}: {exc}") from exc
    if value is not None and r.remaining:
        raise ClassFileError(f"attribute {name}: {r.remaining} unexpected byte(s) at its end")
    return Attribute(name, data, value)


# --------------------------------------------------------------------------- the class file


def _raw_bootstraps(
    raw_pool: list, class_attributes: list[tuple[int, bytes]]
) -> list[tuple[int, tuple[int, ...]]] | None:
    """BootstrapMethods as indices: needed before the pool can resolve (Invoke)Dynamic."""
    for name_index, data in class_attributes:
        entry = raw_pool[name_index] if 0 < name_index < len(raw_pool) else None
        if entry is not None and entry == (1, "BootstrapMethods"):
            r = _Reader(data, "BootstrapMethods attribute")
            table = []
            for _ in range(r.u2()):
                handle = r.u2()
                table.append((handle, tuple(r.u2() for _ in range(r.u2()))))
            return table
    return None


def _raw_member(r: _Reader) -> tuple[int, int, int, list[tuple[int, bytes]]]:
    access, name, descriptor = r.u2(), r.u2(), r.u2()
    return access, name, descriptor, _raw_attribute_list(r)


def _raw_attribute_list(r: _Reader) -> list[tuple[int, bytes]]:
    return [(r.u2(), r.raw(r.u4())) for _ in range(r.u2())]


def parse_class(data: bytes) -> ClassFile:
    """Parse a whole class file; raises ClassFileError on anything malformed."""
    r = _Reader(bytes(data))
    magic = r.u4()
    if magic != MAGIC:
        raise ClassFileError(f"not a class file: magic 0x{magic:08X}, expected 0xCAFEBABE")
    minor, major = r.u2(), r.u2()
    raw_pool = _read_raw_pool(r)
    access, this_index, super_index = r.u2(), r.u2(), r.u2()
    interface_indices = [r.u2() for _ in range(r.u2())]
    raw_fields = [_raw_member(r) for _ in range(r.u2())]
    raw_methods = [_raw_member(r) for _ in range(r.u2())]
    raw_attributes = _raw_attribute_list(r)
    if r.remaining:
        raise ClassFileError(f"{r.remaining} unexpected byte(s) after the class attributes")

    resolver = _Resolver(raw_pool, _raw_bootstraps(raw_pool, raw_attributes))
    entries = [None if raw is None else resolver.resolve(i) for i, raw in enumerate(raw_pool)]
    pool = ConstantPool(tuple(entries))

    def attributes(raw: list[tuple[int, bytes]], where: str) -> tuple[Attribute, ...]:
        out = []
        for name_index, blob in raw:
            name = pool.utf8(name_index, f"{where}: attribute name")
            try:
                out.append(_parse_attribute(name, blob, pool))
            except ClassFileError as exc:
                raise ClassFileError(f"{where}: {exc}") from exc
        return tuple(out)

    def members(raw: list, kind: str) -> tuple[Member, ...]:
        out = []
        for flags, name_index, descriptor_index, raw_attrs in raw:
            name = pool.utf8(name_index, f"{kind} name")
            descriptor = pool.utf8(descriptor_index, f"{kind} {name}: descriptor")
            where = f"{kind} {name}{'' if kind == 'method' else ':'}{descriptor}"
            out.append(Member(flags, name, descriptor, attributes(raw_attrs, where)))
        return tuple(out)

    return ClassFile(
        minor=minor,
        major=major,
        access=access,
        name=pool.class_name(this_index, "this_class"),
        super_name=pool.optional_class(super_index, "super_class"),
        interfaces=tuple(pool.class_name(i, "interface") for i in interface_indices),
        fields=members(raw_fields, "field"),
        methods=members(raw_methods, "method"),
        attributes=attributes(raw_attributes, "class"),
        constant_pool=pool,
    )
