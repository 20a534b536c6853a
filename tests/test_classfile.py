"""Class-level parity with real compilers: the class-file reader against javap, and Gradle-vs-Bazel
style differences (javac flags, JDK API, Kotlin module names) through compare_class_sets."""

from __future__ import annotations

import contextlib
import json
import random
import re
import shutil
import struct
import subprocess
import zipfile
from pathlib import Path

import pytest

from migrate.verify.classes import (
    classes_in_dir,
    classes_in_jar,
    compare_class_sets,
    default_normalisations,
    kotlin_module_name,
    normalisation_table,
)
from migrate.verify.classfile import ClassFileError, parse_class

JAVAC = shutil.which("javac")
needs_javac = pytest.mark.skipif(JAVAC is None, reason="needs a JDK (javac)")


def javac(tmp_path: Path, label: str, sources: dict[str, str], *flags: str) -> dict[str, bytes]:
    """Compile ``sources`` (path → text) with ``flags``; the class entries, by name."""
    src, out = tmp_path / label / "src", tmp_path / label / "classes"
    for name, text in sources.items():
        (src / name).parent.mkdir(parents=True, exist_ok=True)
        (src / name).write_text(text, encoding="utf-8")
    out.mkdir(parents=True)
    files = [str(src / name) for name in sources]
    subprocess.run(
        [JAVAC, "-nowarn", *flags, "-d", str(out), *files], check=True, capture_output=True
    )
    return classes_in_dir(out)


CALC = {
    "com/x/Calc.java": """
package com.x;
public class Calc {
    public static final int LIMIT = 10;
    private int total;
    public int add(int amount, String why) {
        int next = total + amount;
        if (next > LIMIT) { throw new IllegalStateException(why); }
        total = next;
        return 41;
    }
    public static String name() { return "calc"; }
}
"""
}


# --------------------------------------------------------------------------- the reader


@needs_javac
def test_reader_decodes_every_instruction_like_javap(tmp_path: Path) -> None:
    source = """
package r;
import java.util.*;
import java.util.function.*;
@Deprecated
public class Rich<T extends Comparable<T>> implements Runnable {
    static final long BIG = 1L << 40;
    static final float NAN = Float.NaN;
    static final String TEXT = "h\\u00e9llo\\u0000\\uD834\\uDD1E";
    sealed interface Shape permits Sq, Ci {}
    record Sq(int side) implements Shape {}
    record Ci(double r) implements Shape {}
    enum Color { RED, GREEN }
    private int[][] grid = new int[3][4];
    public void run() {
        Runnable r = () -> System.out.println("x" + grid.length);
        Supplier<String> s = String::new;
        int sum = 0;
        for (int i = 0; i < 1000; i++) { sum += i; if (sum > 70000) break; }
        switch (sum) { case 1: sum++; break; case 2: sum--; break; case 3: sum *= 2; break;
                       default: sum = 0; }
        switch (sum) { case 10: sum++; break; case 1000: sum--; break; default: sum = 1; }
        try { Object o = s.get(); synchronized (o) { sum += o.hashCode(); } }
        catch (RuntimeException | Error e) { throw e; } finally { sum = -1; }
        long l = BIG * sum; double d = l / 2.5; char c = (char) d; byte b = (byte) c;
        Object[] arr = new String[2]; boolean[] bs = new boolean[1];
        if (arr instanceof String[] && bs.length > 0) System.out.println(b);
        String str = switch (Color.RED) { case RED -> "r"; case GREEN -> "g"; };
        int a0 = 0, a1 = 1, a2 = 2, a3 = 3, a4 = 4, a5 = 5; a5 += 300; r.run();
    }
}
"""
    classes = javac(tmp_path, "rich", {"r/Rich.java": source}, "-g", "-parameters")
    assert {"r/Rich.class", "r/Rich$Sq.class", "r/Rich$Shape.class"} <= set(classes)
    for name, data in classes.items():
        cf = parse_class(data)
        path = tmp_path / "rich" / "classes" / name
        javap = subprocess.run(
            ["javap", "-c", "-p", str(path)], check=True, capture_output=True, text=True
        ).stdout
        expected = [(int(m[1]), m[2]) for m in re.finditer(r"^\s+(\d+): ([a-z_]\w*)", javap, re.M)]
        ours = [
            (i.offset, i.mnemonic + ("_w" if i.wide else ""))
            for m in cf.methods
            if m.code
            for i in m.code.instructions
        ]
        assert ours == expected, name

    rich = parse_class(classes["r/Rich.class"])
    assert (rich.name, rich.super_name, rich.interfaces) == (
        "r/Rich",
        "java/lang/Object",
        ("java/lang/Runnable",),
    )
    assert rich.attribute("Signature").value.startswith("<T::Ljava/lang/Comparable<TT;>;>")
    assert rich.attribute("SourceFile").value == "Rich.java"
    assert [a.type for a in rich.annotations()] == ["Ljava/lang/Deprecated;"]
    assert "r/Rich$Sq" in rich.attribute("NestMembers").value
    inner = {c.inner: c.name for c in rich.attribute("InnerClasses").value}
    assert inner["r/Rich$Color"] == "Color"
    text = next(f for f in rich.fields if f.name == "TEXT")
    assert text.attribute("ConstantValue").value.value == "h\u00e9llo\x00\U0001d11e"
    run = next(m for m in rich.methods if m.name == "run")
    rendered = [str(i) for i in run.code.instructions]
    assert any(
        r.startswith(
            "invokedynamic run:(Lr/Rich;)Ljava/lang/Runnable; bootstrap REF_invokeStatic "
            "java/lang/invoke/LambdaMetafactory.metafactory:"
        )
        for r in rendered
    )
    assert "ldc2_w 1099511627776L" in rendered
    assert "ldc2_w 2.5d" in rendered
    assert "invokeinterface java/lang/Runnable.run:()V 1" in rendered
    nan = next(f for f in rich.fields if f.name == "NAN").attribute("ConstantValue").value
    assert (nan.kind, str(nan)) == ("Float", "nanf")
    assert "getstatic java/lang/System.out:Ljava/io/PrintStream;" in rendered
    assert any(r.startswith("tableswitch 1..3 default:") for r in rendered)
    assert "wide iinc 18 300" in rendered  # a5 += 300 needs the wide form
    assert "tableswitch 1..3 default:91 [72, 78, 84]" in rendered
    assert "lookupswitch default:132 {10:120, 1000:126}" in rendered
    code = run.code
    catches = [h.catch_type for h in code.exception_table]
    assert {"java/lang/RuntimeException", "java/lang/Error", None} == set(catches)
    assert {a.name for a in code.attributes} == {
        "LineNumberTable",
        "LocalVariableTable",
        "LocalVariableTypeTable",
        "StackMapTable",
    }
    frames = code.attribute("StackMapTable").value
    offsets = {i.offset for i in code.instructions}
    assert frames and all(f.offset in offsets for f in frames)  # absolute, on instructions
    sq = parse_class(classes["r/Rich$Sq.class"])
    assert [c.name for c in sq.attribute("Record").value] == ["side"]
    init = next(m for m in sq.methods if m.name == "<init>")
    assert [p.name for p in init.attribute("MethodParameters").value] == ["side"]
    shape = parse_class(classes["r/Rich$Shape.class"])
    assert shape.attribute("PermittedSubclasses").value == ("r/Rich$Sq", "r/Rich$Ci")


@needs_javac
def test_reader_resolves_module_and_package_constants(tmp_path: Path) -> None:
    classes = javac(
        tmp_path,
        "mod",
        {
            "module-info.java": "module demo.mod { requires java.logging; exports p; }",
            "p/Api.java": "package p; public class Api {}",
        },
    )
    module = parse_class(classes["module-info.class"]).attribute("Module").value
    assert module.name == "demo.mod"
    assert [r[0] for r in module.requires] == ["java.base", "java.logging"]
    assert module.exports == (("p", 0, ()),)
    kinds = {c.kind for c in parse_class(classes["module-info.class"]).constant_pool.entries if c}
    assert {"Module", "Package"} <= kinds


@needs_javac
def test_truncated_or_corrupt_class_files_raise_class_file_error(tmp_path: Path) -> None:
    data = javac(tmp_path, "calc", CALC, "-g")["com/x/Calc.class"]
    for cut in range(len(data)):  # every strict prefix is missing something
        with pytest.raises(ClassFileError):
            parse_class(data[:cut])
    with pytest.raises(ClassFileError, match="truncated class file"):
        parse_class(data[: len(data) // 2])
    with pytest.raises(ClassFileError, match="magic 0x00000000"):
        parse_class(b"\0" * 64)
    with pytest.raises(ClassFileError, match="unexpected byte"):
        parse_class(data + b"\0")
    with pytest.raises(ClassFileError, match="unknown tag 99"):
        parse_class(data[:10] + bytes([99]) + data[11:])  # first constant's tag
    # Random damage: either still a class file, or a ClassFileError — never another exception.
    rng = random.Random(7)
    for _ in range(2000):
        damaged = bytearray(data)
        for _ in range(rng.randint(1, 3)):
            damaged[rng.randrange(len(damaged))] = rng.randrange(256)
        with contextlib.suppress(ClassFileError):
            parse_class(bytes(damaged))


# --------------------------------------------------------------------------- a tiny writer


def _u2(n: int) -> bytes:
    return struct.pack(">H", n)


def _u4(n: int) -> bytes:
    return struct.pack(">I", n)


def _deps(key: tuple) -> list[tuple]:
    kind = key[0]
    if kind in ("Class", "String"):
        return [("Utf8", key[1])]
    if kind == "NameAndType":
        return [("Utf8", key[1]), ("Utf8", key[2])]
    if kind in ("Fieldref", "Methodref"):
        return [("Class", key[1]), ("NameAndType", key[2], key[3])]
    if kind == "MethodHandle":
        return [key[2]]
    if kind == "Dynamic":
        return [("NameAndType", key[2], key[3])]
    return []


def write_class(hello: str, reverse: bool, filler: int = 0) -> bytes:
    """``class Gen { static final int K = 7; main: println(hello); println(<condy null>) }``

    The constant pool holds the same constants in ``reverse`` or forward order, after
    ``filler`` unused strings (more than 255 push the string past ldc's reach: ldc_w)."""
    out_ = ("Fieldref", "java/lang/System", "out", "Ljava/io/PrintStream;")
    println_s = ("Methodref", "java/io/PrintStream", "println", "(Ljava/lang/String;)V")
    println_o = ("Methodref", "java/io/PrintStream", "println", "(Ljava/lang/Object;)V")
    bootstrap = (
        "MethodHandle",
        6,  # REF_invokeStatic
        (
            "Methodref",
            "java/lang/invoke/ConstantBootstraps",
            "nullConstant",
            "(Ljava/lang/invoke/MethodHandles$Lookup;Ljava/lang/String;Ljava/lang/Class;)"
            "Ljava/lang/Object;",
        ),
    )
    condy = ("Dynamic", 0, "nothing", "Ljava/lang/Object;")
    roots = [
        ("Class", "Gen"),
        ("Class", "java/lang/Object"),
        ("Utf8", "K"),
        ("Utf8", "I"),
        ("Integer", 7),
        ("Utf8", "main"),
        ("Utf8", "([Ljava/lang/String;)V"),
        ("Utf8", "Code"),
        ("Utf8", "ConstantValue"),
        ("Utf8", "BootstrapMethods"),
        out_,
        ("String", hello),
        println_s,
        println_o,
        bootstrap,
        condy,
    ]
    order: list[tuple] = []

    def visit(key: tuple) -> None:
        for dep in _deps(key):
            visit(dep)
        if key not in order:
            order.append(key)

    for root in roots:
        visit(root)
    if reverse:
        order.reverse()  # references to later entries are fine in a class file
    order = [("Utf8", f"filler{i}") for i in range(filler)] + order
    index = {key: i + 1 for i, key in enumerate(order)}

    def entry(key: tuple) -> bytes:
        kind = key[0]
        if kind == "Utf8":
            return b"\x01" + _u2(len(key[1])) + key[1].encode()
        if kind == "Integer":
            return b"\x03" + _u4(key[1])
        if kind in ("Class", "String"):
            return (b"\x07" if kind == "Class" else b"\x08") + _u2(index[("Utf8", key[1])])
        if kind == "NameAndType":
            return b"\x0c" + _u2(index[("Utf8", key[1])]) + _u2(index[("Utf8", key[2])])
        if kind in ("Fieldref", "Methodref"):
            tag = b"\x09" if kind == "Fieldref" else b"\x0a"
            nat = ("NameAndType", key[2], key[3])
            return tag + _u2(index[("Class", key[1])]) + _u2(index[nat])
        if kind == "MethodHandle":
            return b"\x0f" + bytes([key[1]]) + _u2(index[key[2]])
        return b"\x11" + _u2(key[1]) + _u2(index[("NameAndType", key[2], key[3])])  # Dynamic

    def load(key: tuple) -> bytes:  # ldc or ldc_w, whichever reaches the constant
        i = index[key]
        return b"\x12" + bytes([i]) if i < 256 else b"\x13" + _u2(i)

    code = b"".join(
        [
            b"\xb2" + _u2(index[out_]),
            load(("String", hello)),
            b"\xb6" + _u2(index[println_s]),
            b"\xb2" + _u2(index[out_]),
            load(condy),
            b"\xb6" + _u2(index[println_o]),
            b"\xb1",
        ]
    )
    code_attr = _u2(2) + _u2(1) + _u4(len(code)) + code + _u2(0) + _u2(0)
    field = (
        _u2(0x18)
        + _u2(index[("Utf8", "K")])
        + _u2(index[("Utf8", "I")])
        + _u2(1)
        + _u2(index[("Utf8", "ConstantValue")])
        + _u4(2)
        + _u2(index[("Integer", 7)])
    )
    method = (
        _u2(0x09)
        + _u2(index[("Utf8", "main")])
        + _u2(index[("Utf8", "([Ljava/lang/String;)V")])
        + _u2(1)
        + _u2(index[("Utf8", "Code")])
        + _u4(len(code_attr))
        + code_attr
    )
    bootstraps = _u2(1) + _u2(index[bootstrap]) + _u2(0)
    return b"".join(
        [
            _u4(0xCAFEBABE),
            _u2(0),
            _u2(61),
            _u2(len(order) + 1),
            *(entry(key) for key in order),
            _u2(0x21),
            _u2(index[("Class", "Gen")]),
            _u2(index[("Class", "java/lang/Object")]),
            _u2(0),
            _u2(1) + field,
            _u2(1) + method,
            _u2(1),
            _u2(index[("Utf8", "BootstrapMethods")]) + _u4(len(bootstraps)) + bootstraps,
        ]
    )


def test_constant_pool_order_and_ldc_width_are_layout_not_differences(tmp_path: Path) -> None:
    forward = write_class("hello", reverse=False)
    backward = write_class("hello", reverse=True, filler=300)
    assert forward != backward
    ldc = [str(i) for i in parse_class(backward).methods[0].code.instructions]
    assert 'ldc_w "hello"' in ldc  # the string sits past index 255 there
    assert "ldc nothing:Ljava/lang/Object; bootstrap REF_invokeStatic " in "\n".join(
        str(i) for i in parse_class(forward).methods[0].code.instructions
    )
    if shutil.which("java"):  # both are real, loadable classes doing the same thing
        for label, data in (("forward", forward), ("backward", backward)):
            (tmp_path / label).mkdir()
            (tmp_path / label / "Gen.class").write_bytes(data)
            run = subprocess.run(
                ["java", "-cp", str(tmp_path / label), "Gen"], capture_output=True, text=True
            )
            assert run.stdout.split() == ["hello", "null"], run.stderr

    same = compare_class_sets({"Gen.class": forward}, {"Gen.class": backward}, [])
    assert same.identical == () and same.different == ()
    assert [(e.name, e.normalisations) for e in same.equivalent] == [("Gen.class", ())]
    assert same.normalised == {}
    assert same.to_json()["equivalent"][0]["reason"] == (
        "same content; only the class-file layout differs"
    )

    changed = compare_class_sets(
        {"Gen.class": forward}, {"Gen.class": write_class("hullo", reverse=True, filler=300)}, []
    )
    (different,) = changed.different
    assert different.reason == (
        'method main([Ljava/lang/String;)V: bytecode differs at offset 3: ldc "hello" vs '
        'ldc_w "hullo"'
    )


# --------------------------------------------------------------------------- javac flags


@needs_javac
def test_parameters_flag_is_equivalent_under_method_parameters(tmp_path: Path) -> None:
    gradle = javac(tmp_path, "gradle", CALC, "-g")
    bazel = javac(tmp_path, "bazel", CALC, "-g", "-parameters")
    assert gradle["com/x/Calc.class"] != bazel["com/x/Calc.class"]

    result = compare_class_sets(gradle, bazel)  # rules/parity.yaml's default
    assert default_normalisations() == ("method-parameters",)
    assert result.normalisations == ("method-parameters",)
    assert [(e.name, e.normalisations) for e in result.equivalent] == [
        ("com/x/Calc.class", ("method-parameters",))
    ]
    assert result.ok and result.normalised == {"method-parameters": 1}

    strict = compare_class_sets(gradle, bazel, [])
    (different,) = strict.different
    assert different.would_match_with == ("method-parameters",)
    assert different.reason == (
        "only method-parameters differs (normalisation not enabled): "
        "method add(ILjava/lang/String;)I: MethodParameters only in bazel"
    )
    assert not strict.ok


@needs_javac
def test_debug_info_differs_unless_normalised(tmp_path: Path) -> None:
    gradle = javac(tmp_path, "gradle", CALC, "-g")
    bazel = javac(tmp_path, "bazel", CALC, "-g:none")

    (different,) = compare_class_sets(gradle, bazel).different
    assert different.would_match_with == ("debug-info",)
    assert different.reason.startswith("only debug-info differs (normalisation not enabled): ")
    assert "class: SourceFile only in gradle" in different.differences
    assert "method add(ILjava/lang/String;)I: LineNumberTable only in gradle" in (
        different.differences
    )
    assert "method add(ILjava/lang/String;)I: LocalVariableTable only in gradle" in (
        different.differences
    )

    relaxed = compare_class_sets(gradle, bazel, ["method-parameters", "debug-info"])
    assert [(e.name, e.normalisations) for e in relaxed.equivalent] == [
        ("com/x/Calc.class", ("debug-info",))
    ]
    assert relaxed.normalised == {"debug-info": 1}


@needs_javac
def test_real_code_changes_are_different_and_named(tmp_path: Path) -> None:
    gradle = javac(tmp_path, "gradle", CALC, "-g")
    changed_return = {k: v.replace("return 41;", "return 42;") for k, v in CALC.items()}
    changed_limit = {k: v.replace("LIMIT = 10", "LIMIT = 11") for k, v in CALC.items()}
    changed_call = {
        k: v.replace("new IllegalStateException(why)", "new IllegalArgumentException(why)")
        for k, v in CALC.items()
    }
    everything = list(normalisation_table())

    bazel = javac(tmp_path, "return", changed_return, "-g", "-parameters")
    (different,) = compare_class_sets(gradle, bazel, everything).different
    assert different.reason == (
        "method add(ILjava/lang/String;)I: bytecode differs at offset 27: bipush 41 vs bipush 42"
    )
    assert different.normalisations == ("method-parameters",)  # also applied: never silent
    assert different.would_match_with == ()

    bazel = javac(tmp_path, "limit", changed_limit, "-g")
    (different,) = compare_class_sets(gradle, bazel).different
    assert "field LIMIT:I: ConstantValue differs: 10 vs 11" in different.differences
    assert any(
        d.startswith("method add(ILjava/lang/String;)I: bytecode differs at offset 8: bipush 10")
        for d in different.differences
    )

    bazel = javac(tmp_path, "call", changed_call, "-g")
    (different,) = compare_class_sets(gradle, bazel).different
    assert different.reason.startswith(
        "method add(ILjava/lang/String;)I: bytecode differs at offset 13: "
        "new java/lang/IllegalStateException vs new java/lang/IllegalArgumentException"
    )


FLIP = {
    "com/x/Buffers.java": """
package com.x;
import java.nio.ByteBuffer;
public class Buffers {
    public static ByteBuffer ready(ByteBuffer buffer) { buffer.flip(); return buffer; }
}
"""
}


@needs_javac
def test_jdk8_api_versus_jdk17_api_is_a_real_difference(tmp_path: Path) -> None:
    # Gradle 4.4 on JDK 17 with sourceCompatibility 1.8 compiles against JDK 17's classes;
    # Bazel's toolchain compiles against the JDK 8 API, like --release 8.
    gradle = javac(tmp_path, "gradle", FLIP, "-g", "-source", "8", "-target", "8")
    bazel = javac(tmp_path, "bazel", FLIP, "-g", "--release", "8")
    everything = list(normalisation_table())
    (different,) = compare_class_sets(gradle, bazel, everything).different
    assert different.reason == (
        "method ready(Ljava/nio/ByteBuffer;)Ljava/nio/ByteBuffer;: bytecode differs at offset 1: "
        "invokevirtual java/nio/ByteBuffer.flip:()Ljava/nio/ByteBuffer; vs "
        "invokevirtual java/nio/ByteBuffer.flip:()Ljava/nio/Buffer;"
    )
    assert different.would_match_with == ()


@needs_javac
def test_added_and_removed_classes_and_members(tmp_path: Path) -> None:
    extra = {"com/x/Extra.java": "package com.x; class Extra {}"}
    gradle = javac(tmp_path, "gradle", {**CALC, **extra}, "-g")
    bigger = {
        k: v.replace("private int total;", "private int total; int spare;") for k, v in CALC.items()
    }
    helper = {"com/x/Helper.java": "package com.x; class Helper {}"}
    bazel = javac(tmp_path, "bazel", {**bigger, **helper}, "-g")

    result = compare_class_sets(gradle, bazel)
    assert result.only_gradle == ("com/x/Extra.class",)
    assert result.only_bazel == ("com/x/Helper.class",)
    (different,) = result.different
    assert different.differences[0] == "field spare:I added (only in bazel)"
    assert not result.ok

    data = result.to_json()
    assert json.loads(json.dumps(data)) == data
    assert data["different"][0]["name"] == "com/x/Calc.class"
    assert data["different"][0]["reason"].startswith("field spare:I added (only in bazel)")
    assert data["only_gradle"] == ["com/x/Extra.class"] and data["ok"] is False


# --------------------------------------------------------------------------- helpers, table


@needs_javac
def test_classes_in_jar_and_dir_keep_classes_and_kotlin_module_files(tmp_path: Path) -> None:
    classes = javac(tmp_path, "calc", CALC, "-g")
    jar = tmp_path / "calc.jar"
    with zipfile.ZipFile(jar, "w") as out:
        out.writestr("META-INF/MANIFEST.MF", "Manifest-Version: 1.0\n")
        out.writestr("META-INF/lib.kotlin_module", b"\0\0\0\3")
        out.writestr("com/x/", b"")
        out.writestr("com/x/Calc.class", classes["com/x/Calc.class"])
        out.writestr("com/x/messages.properties", "a=b\n")
    assert set(classes_in_jar(jar)) == {"META-INF/lib.kotlin_module", "com/x/Calc.class"}
    assert list(classes) == ["com/x/Calc.class"]
    only_resources = compare_class_sets({"a.txt": b"1"}, {"a.txt": b"2"})
    assert only_resources.ok and only_resources.identical == ()


def test_normalisation_table_documents_every_entry() -> None:
    table = normalisation_table()
    assert {"method-parameters", "debug-info", "kotlin-module-name", "scala-signature"} <= set(
        table
    )
    for normalisation in table.values():
        assert normalisation.means and normalisation.why_harmless
        assert (
            normalisation.drop_attributes
            or normalisation.drop_annotations
            or (normalisation.transform)
        )
    assert table["method-parameters"].drop_attributes == {"MethodParameters"}
    with pytest.raises(ValueError, match="unknown normalisation.*no-such-thing"):
        compare_class_sets({}, {}, ["no-such-thing"])


# --------------------------------------------------------------------------- Kotlin

KOTLINC = shutil.which("kotlinc")

KOTLIN = """
package k
fun greet(name: String): String = "hi " + name
class Box(val x: Int) {
    internal fun hidden(y: Int) = x + y
    fun twice() = hidden(x)
}
"""


@pytest.fixture(scope="module")
def kotlin_builds(tmp_path_factory: pytest.TempPathFactory) -> tuple[dict, dict]:
    """The same file compiled as module "lib" (Gradle's naming) and "lib_kt" (a target's)."""
    root = tmp_path_factory.mktemp("kotlin")
    (root / "K.kt").write_text(KOTLIN, encoding="utf-8")
    processes = []
    for module in ("lib", "lib_kt"):
        processes.append(
            subprocess.Popen(
                [KOTLINC, str(root / "K.kt"), "-module-name", module, "-d", str(root / module)],
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    assert all(p.wait() == 0 for p in processes)
    return classes_in_dir(root / "lib"), classes_in_dir(root / "lib_kt")


@pytest.mark.integration
@pytest.mark.skipif(KOTLINC is None, reason="needs kotlinc")
def test_kotlin_module_name_shows_and_normalises(kotlin_builds: tuple[dict, dict]) -> None:
    gradle, bazel = kotlin_builds
    assert "META-INF/lib.kotlin_module" in gradle and "META-INF/lib_kt.kotlin_module" in bazel
    assert kotlin_module_name(parse_class(gradle["k/KKt.class"])) == "lib"
    assert kotlin_module_name(parse_class(bazel["k/KKt.class"])) == "lib_kt"

    plain = compare_class_sets(gradle, bazel)
    different = {d.name: d for d in plain.different}
    assert different["k/KKt.class"].reason == (
        "only kotlin-module-name differs (normalisation not enabled): "
        'class: RuntimeVisibleAnnotations @kotlin/Metadata.d2[3] differs: "lib" vs "lib_kt"'
    )
    module_file = different["META-INF/lib.kotlin_module"]
    assert module_file.bazel_name == "META-INF/lib_kt.kotlin_module"
    assert module_file.would_match_with == ("kotlin-module-name",)
    box = different["k/Box.class"].differences
    assert "method hidden$lib(I)I removed (only in gradle)" in box
    assert "method hidden$lib_kt(I)I added (only in bazel)" in box
    assert (
        "method twice()I: bytecode differs at offset 5: "
        "invokevirtual k/Box.hidden$lib:(I)I vs invokevirtual k/Box.hidden$lib_kt:(I)I"
    ) in box
    assert plain.only_gradle == () and plain.only_bazel == ()

    named = compare_class_sets(gradle, bazel, ["method-parameters", "kotlin-module-name"])
    equivalent = {e.name: e for e in named.equivalent}
    assert equivalent["k/KKt.class"].normalisations == ("kotlin-module-name",)
    assert equivalent["META-INF/lib.kotlin_module"].bazel_name == "META-INF/lib_kt.kotlin_module"
    (box_result,) = named.different  # internal names embed the module: an ABI difference
    assert box_result.name == "k/Box.class"
    assert box_result.would_match_with == ("kotlin-internal-names",)
    assert box_result.normalisations == ("kotlin-module-name",)

    both = compare_class_sets(gradle, bazel, ["kotlin-module-name", "kotlin-internal-names"])
    assert both.ok
    assert both.normalised == {"kotlin-module-name": 3, "kotlin-internal-names": 1}
