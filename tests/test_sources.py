"""The source scanner (package, imports, types, tests, mains)."""

from __future__ import annotations

import shutil
import subprocess
import textwrap
import time
from pathlib import Path

import pytest

from migrate.sources.scanner import SourceError, SourceFile, kotlin_facade, scan_source, scan_tree


def scan(path: str, source: str) -> SourceFile:
    return scan_source(path, textwrap.dedent(source))


# ---- Java -----------------------------------------------------------------------------------


def test_java_package_and_imports_ignore_comments_and_strings() -> None:
    f = scan(
        "src/Foo.java",
        """\
        /* Licence. import com.bad.InComment; package com.bad; */
        package com.example . app;  // package com.bad.line;

        import java.util.List;
        import java.util.*;
        import static org.junit.Assert.assertEquals;
        import static org.junit.Assert.*;
        import static com.example.Outer.Inner.CONSTANT;
        // import com.bad.LineComment;
        import com.example
            .spaced . Name;
        import java.util.List;

        class Foo {
          String s = "import com.bad.InString;";
          String t = \"\"\"
              import com.bad.InTextBlock;
              \"\"\";
        }
        """,
    )
    assert f.language == "java"
    assert f.package == "com.example.app"
    assert f.imports == (
        "com.example.Outer.Inner",
        "com.example.spaced.Name",
        "java.util.*",
        "java.util.List",
        "org.junit.Assert",
    )


def test_java_top_level_types_of_every_kind_and_nothing_nested_or_quoted() -> None:
    f = scan(
        "src/Shapes.java",
        """\
        package p;

        public sealed interface Shape permits Circle {}
        final class Circle implements Shape {
          class Nested {}
          enum Inner { A }
          Object o = new Object() { class Local {} };
          Class<?> c = Circle.class;
          String s = "class InString {";
          char open = '{';
          char quote = '"';
          // class InComment {
          /* class InBlock { */
        }
        enum Colour { RED; class InEnum {} }
        @interface Marker {}
        public record Point(int x, int y) {}
        """,
    )
    assert f.types == ("Circle", "Colour", "Marker", "Point", "Shape")


def test_java_junit4_and_5_tests_but_not_abstract_bases_or_interfaces() -> None:
    f = scan(
        "src/CalcTest.java",
        """\
        package com.calc;

        import org.junit.Test;

        abstract class BaseTest {
          @Test public void inherited() {}
        }
        interface Contract {
          @Test default void contract() {}
        }
        public class CalcTest extends BaseTest {
          @Test public void adds() {}
        }
        class Jupiter {
          @org.junit.jupiter.api.Test void works() {}
        }
        class Fq4 {
          @org.junit.Test(expected = IllegalStateException.class) public void fails() {}
        }
        class Helper {
          void notATest() { String s = "@Test"; } // @Test
        }
        class Parameterized {
          @ParameterizedTest @ValueSource(ints = {1}) void each(int x) {}
        }
        """,
    )
    assert f.is_test
    assert f.test_classes == (
        "com.calc.CalcTest",
        "com.calc.Fq4",
        "com.calc.Jupiter",
        "com.calc.Parameterized",
    )


def test_java_junit3_test_case_is_a_test_without_annotations() -> None:
    f = scan(
        "t/LegacyTest.java",
        """\
        package legacy;
        import junit.framework.TestCase;
        public class LegacyTest extends TestCase {
          public void testIt() { assertTrue(true); }
        }
        abstract class AbstractLegacy extends junit.framework.TestCase {}
        """,
    )
    assert f.test_classes == ("legacy.LegacyTest",)


def test_java_files_without_test_methods_are_not_tests() -> None:
    f = scan(
        "t/Support.java",
        """\
        package t;
        @TestInstance(Lifecycle.PER_CLASS)
        public class Support {
          /** Call from a @Test method. */
          void helper() {}
        }
        """,
    )
    assert not f.is_test
    assert f.test_classes == ()


def test_java_main_methods() -> None:
    f = scan(
        "m/Mains.java",
        """\
        package m;
        public class App { public static void main(String[] args) {} }
        class Varargs { static public void main(final String... argv) {} }
        class CStyle { public static final void main(String args[]) {} }
        interface Tool { static void main(String[] args) {} }
        class NotStatic { public void main(String[] args) {} }
        class WrongArgs { public static void main(int x) {} }
        class Outer { static class Inner { public static void main(String[] a) {} } }
        """,
    )
    assert f.main_classes == ("m.App", "m.CStyle", "m.Tool", "m.Varargs")


def test_java_default_package_gives_unqualified_names() -> None:
    f = scan(
        "Hello.java",
        """\
        public class Hello {
          public static void main(String[] args) {}
          @Test public void t() {}
        }
        """,
    )
    assert f.package == ""
    assert f.main_classes == ("Hello",)
    assert f.test_classes == ("Hello",)


def test_crlf_bom_and_old_mac_line_endings() -> None:
    source = "\ufeffpackage a.b;\r\nimport c.D; // x\r\n// import e.F;\r\nclass G {}\r\n"
    f = scan_source("G.java", source)
    assert (f.package, f.imports, f.types) == ("a.b", ("c.D",), ("G",))
    mac = scan_source("H.kt", "package a.b\r// import e.F\rimport c.D\rclass H\r")
    assert (mac.package, mac.imports, mac.types) == ("a.b", ("c.D",), ("H",))


def test_unterminated_literals_stop_at_their_line_or_file() -> None:
    f = scan(
        "Broken.java",
        """\
        package b;
        class Broken {
          String s = "never closed;
        }
        class After {}
        /* and an unterminated comment: class Hidden {}
        """,
    )
    assert f.types == ("After", "Broken")


# ---- reading files --------------------------------------------------------------------------


def test_reads_utf8_with_bom_and_latin1_from_disk(tmp_path: Path) -> None:
    (tmp_path / "A.java").write_bytes(
        b'\xef\xbb\xbfpackage a;\nclass A { String s = "\xc3\xa9"; }\n'
    )
    (tmp_path / "B.java").write_bytes(b"package b; // caf\xe9 in Latin-1\nclass B {}\n")
    assert scan_source(tmp_path / "A.java").package == "a"
    b = scan_source(tmp_path / "B.java")
    assert (b.package, b.types, b.path) == ("b", ("B",), str(tmp_path / "B.java"))


def test_unreadable_file_raises_source_error_naming_it(tmp_path: Path) -> None:
    missing = tmp_path / "Missing.java"
    with pytest.raises(SourceError, match="Missing.java"):
        scan_source(missing)
    directory = tmp_path / "Dir.java"
    directory.mkdir()
    with pytest.raises(ValueError, match="Dir.java"):
        scan_source(directory)


def test_unknown_extension_is_rejected() -> None:
    with pytest.raises(ValueError, match="build.gradle"):
        scan_source("build.gradle", "apply plugin: 'java'")


# ---- Kotlin ---------------------------------------------------------------------------------


def test_kotlin_package_imports_without_semicolons_and_backticks() -> None:
    f = scan(
        "src/Thing.kt",
        """\
        @file:Suppress("UNUSED") // package bad.comment
        package com.`in`.app

        import a.b.C as Alias
        import a.b.*; import d.E
        import `x`.y.`fun`
        /* nested /* import bad.Nested */ import bad.StillComment */
        val s = "import bad.InString"

        class Thing
        """,
    )
    assert f.package == "com.in.app"
    assert f.imports == ("a.b.*", "a.b.C", "d.E", "x.y.fun")


def test_kotlin_declarations_and_what_is_not_one() -> None:
    f = scan(
        "src/Model.kt",
        """\
        package m

        data class Point(val x: Int, val y: Int)
        sealed class Result
        enum class Colour { RED, GREEN }
        annotation class Marker
        interface Repo
        object Registry { val k = Point::class }
        typealias Points = List<Point>
        open class Base {
          companion object Factory
          class Nested
        }
        private val anonymous = object : Repo {}
        val pair = Point::class to "class"
        val banner = "${"class Bogus {"}"
        """,
    )
    assert f.types == (
        "Base",
        "Colour",
        "Marker",
        "ModelKt",
        "Point",
        "Points",
        "Registry",
        "Repo",
        "Result",
    )
    fun_interface = scan("src/Action.kt", "package m\nfun interface Action { fun run() }\n")
    assert fun_interface.types == ("Action",)  # no facade: "fun interface" is no function


def test_kotlin_facade_only_for_top_level_functions_and_properties() -> None:
    only_classes = scan("a/Holder.kt", "package a\nclass Holder(val x: Int) { fun f() = x }\n")
    assert only_classes.types == ("Holder",)
    function = scan("a/string-utils.kt", "package a\nfun String.shout() = uppercase()\n")
    assert function.types == ("String_utilsKt",)
    prop = scan("a/config.kt", "package a\nconst val LIMIT = 3\n")
    assert prop.types == ("ConfigKt",)
    renamed = scan(
        "a/utils.kt",
        """\
        @file:JvmName("Strings") // @file:JvmName("NotThis")
        package a
        fun helper() = 1
        """,
    )
    assert renamed.types == ("Strings",)


def test_kotlin_facade_names_follow_kotlinc() -> None:
    # Names kotlinc produced for these files (see the integration test below).
    assert kotlin_facade("x/my-utils.kt") == "My_utilsKt"
    assert kotlin_facade("x/1abc.kt") == "_1abcKt"
    assert kotlin_facade("x/x_y$z.kt") == "X_y_zKt"
    assert kotlin_facade("x/Ünï.kt") == "ÜnïKt"


def test_kotlin_main_functions() -> None:
    top = scan("app/Main.kt", 'package app\n\nfun main() {\n  println("fun main(")\n}\n')
    assert top.main_classes == ("app.MainKt",)
    with_args = scan(
        "app/cli.kt",
        """\
        @file:JvmName("Cli")
        package app
        fun main(args: Array<String>) = Unit
        """,
    )
    assert with_args.main_classes == ("app.Cli",)
    static = scan(
        "app/Server.kt",
        """\
        package app
        class Server {
          companion object {
            @JvmStatic
            fun main(args: Array<String>) {}
          }
        }
        object Tool { @JvmStatic fun main(args: Array<String>) {} }
        object NotStatic { fun main(args: Array<String>) {} }
        """,
    )
    assert static.main_classes == ("app.Server", "app.Tool")
    wrong = scan("app/Other.kt", "package app\nfun main(x: Int) {}\n")
    assert wrong.main_classes == ()


def test_kotlin_tests_with_backticked_names_and_templates() -> None:
    f = scan(
        "src/ParserTest.kt",
        """\
        package p

        import org.junit.Test

        abstract class Base { @Test fun shared() {} }
        sealed class Sealed { @Test fun s() {} }
        class ParserTest : Base() {
          @Test
          fun `class Foo is parsed, it's "quoted" {`() {
            val s = "${"class Bogus {"} ${'}'} ${ mapOf(1 to "}") }"
            val raw = \"\"\"
              class AlsoBogus {
            \"\"\"
          }
        }
        class Legacy : junit.framework.TestCase() { fun testX() {} }
        interface Spec { @Test fun contract() {} }
        object Single { @Test fun t() {} }
        """,
    )
    assert f.types == ("Base", "Legacy", "ParserTest", "Sealed", "Single", "Spec")
    assert f.test_classes == ("p.Legacy", "p.ParserTest")


# ---- Scala ----------------------------------------------------------------------------------


def test_scala_chained_packages_and_import_forms() -> None:
    f = scan(
        "src/Svc.scala",
        """\
        package com.example
        package service

        import scala.collection.mutable
        import java.util.{List, Map => JMap, Set => _, _}
        import a.b._, c.d.E
        import _root_.x.y.Z
        import scala3.style.*
        import scala3.style.{Given as G, given}
        // import bad.Comment
        class Svc {
          import local.Helper
          val s = "import bad.InString"
        }
        """,
    )
    assert f.package == "com.example.service"
    assert f.imports == (
        "a.b.*",
        "c.d.E",
        "java.util.*",
        "java.util.List",
        "java.util.Map",
        "local.Helper",
        "scala.collection.mutable",
        "scala3.style.*",
        "scala3.style.Given",
        "x.y.Z",
    )


def test_scala_declarations_and_companions() -> None:
    f = scan(
        "src/Model.scala",
        """\
        package m
        sealed trait Shape
        case class Circle(r: Double) extends Shape
        case object Empty extends Shape
        class Box { class Inner; object InnerObj }
        object Box { def apply(): Box = new Box }
        abstract class Base
        val n = classOf[Box]
        """,
    )
    assert f.types == ("Base", "Box", "Circle", "Empty", "Shape")


def test_scala_package_object_is_the_package_it_names() -> None:
    alone = scan("a/b/c/package.scala", "package a.b\n\npackage object c {\n  type T = Int\n}\n")
    assert (alone.package, alone.types) == ("a.b.c", ("package",))
    mixed = scan("a/b/Mixed.scala", "package a.b\npackage object c\nclass D\n")
    assert (mixed.package, mixed.types) == ("a.b", ("D", "c.package"))


def test_scala_packaging_blocks() -> None:
    f = scan(
        "src/Blocks.scala",
        """\
        package outer {
          package inner {
            class First { @Test def t(): Unit = () }
          }
          class Second
        }
        """,
    )
    assert f.package == "outer.inner"
    assert f.types == ("First", "Second")
    assert f.test_classes == ("outer.inner.First",)


def test_scala_mains_tests_and_literals() -> None:
    f = scan(
        "src/Apps.scala",
        """\
        package apps
        object Main { def main(args: Array[String]): Unit = println(s"${"object Nope {"}") }
        object Script extends App { println('sym) }
        class NotMain { def main(args: Array[String]): Unit = () }
        object WrongArgs { def main(x: Int): Unit = () }
        class AppTest { @org.junit.Test def works(): Unit = assert('"' != '{') }
        abstract class BaseTest { @Test def shared(): Unit = () }
        trait Mixin { @Test def mixed(): Unit = () }
        object Holder { @Test def t(): Unit = () }
        val doc = \"\"\"class InTripleQuotes {\"\"\"
        """,
    )
    assert f.main_classes == ("apps.Main", "apps.Script")
    assert f.test_classes == ("apps.AppTest",)
    assert "Nope" not in f.types and "InTripleQuotes" not in f.types


def test_scala3_braceless_bodies_are_judged_by_indentation() -> None:
    f = scan(
        "src/Three.scala",
        """\
        package three

        object Main:
          def main(args: Array[String]): Unit =
            val helper = 1
          class NestedInMain

        class ThreeTest:
          @Test def works(): Unit = ()

        @main def hello(): Unit = ()

        enum Colour:
          case Red, Green
        """,
    )
    assert f.types == ("Colour", "Main", "ThreeTest")
    assert f.main_classes == ("three.Main", "three.hello")
    assert f.test_classes == ("three.ThreeTest",)


# ---- trees and speed --------------------------------------------------------------------------


def test_scan_tree_sorted_sources_only_and_missing_dirs_skipped(tmp_path: Path) -> None:
    root = tmp_path / "src" / "main"
    for rel, text in {
        "java/b/B.java": "package b;\nclass B {}\n",
        "java/a/A.java": "package a;\nclass A {}\n",
        "kotlin/c/C.kt": "package c\nclass C\n",
        "scala/d/D.scala": "package d\nclass D\n",
        "resources/e/E.txt": "class E",
        "java/a/Script.groovy": "class G {}",
    }.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    found = scan_tree([str(root), str(root / "java"), str(tmp_path / "missing")])
    assert [(f.language, f.package) for f in found] == [
        ("java", "a"),
        ("java", "b"),
        ("kotlin", "c"),
        ("scala", "d"),
    ]
    assert [f.path for f in found] == sorted(f.path for f in found)
    assert scan_tree([str(tmp_path / "missing")]) == []


def test_pathological_inputs_stay_linear() -> None:
    """Unterminated literals, deep templates and long single lines must not go quadratic."""
    big = 200_000
    sources = {
        "A.java": "class A {\n" + '  String s = "open\n' * (big // 20) + "}\n",
        "B.java": "class B {}\n" + "/* /* " * (big // 6),
        "C.kt": "val s = " + '"${' * 2000 + "x" + '}"' * 2000 + "\nclass C\n",
        "D.scala": "object D { " + "val x = 1; " * (big // 11) + "}\n",
        "E.kt": "class E\n" + "fun f() = 1\n" * (big // 13),
        "F.java": "class F {" + "'{'" * (big // 3) + "}\n",
        "G.kt": "".join(f"data class G{i}(val a: Int)\n" for i in range(big // 25)),
        "H.scala": "'" * big + "\nclass H\n",
        "I.scala": "object I:\n" + " ".join(f"@Test def t{i}() = ()" for i in range(big // 20)),
    }
    start = time.perf_counter()
    results = {name: scan_source(name, text) for name, text in sources.items()}
    assert time.perf_counter() - start < 10
    assert results["A.java"].types == ("A",)
    assert results["B.java"].types == ("B",)
    assert results["C.kt"].types == ("C", "CKt")
    assert results["D.scala"].types == ("D",)
    assert results["E.kt"].types == ("E", "EKt")
    assert results["F.java"].types == ("F",)
    assert len(results["G.kt"].types) == big // 25
    assert results["H.scala"].types == ("H",)
    assert results["I.scala"].types == ("I",)


# ---- compilers agree (integration) ------------------------------------------------------------

_COMPILED = {
    "Tricky.java": """\
        package com.acme;
        /* class Fake1 {} */
        public class Tricky {
          String s = "class Fake2 {";
          String tb = \"\"\"
              class Fake3 { \\\"""
              \"\"\";
          char c = '{';
          class Nested {}
          Object o = new Object() { };
        }
        interface Api { Class<?> K = Tricky.class; }
        enum Mode { A, B { void x() {} } }
        @interface Note {}
        record Pair(int a, int b) {}
        """,
    "tricky-file.kt": """\
        package com.acme
        /* /* class Fake */ class Fake2 */
        data class Point(val x: Int)
        sealed class Res
        enum class Colour { RED }
        annotation class Mark
        interface Repo
        object Reg { val k = Point::class }
        class Holder { companion object Factory; class Inner }
        fun top(s: String) = "${s + "class Fake3 {"}"
        val anon = object : Repo {}
        """,
    "Named.kt": """\
        @file:JvmName("Renamed")
        package com.acme
        fun helper() = 1
        """,
    "Tricky.scala": """\
        package com.acme
        package deeper
        /* /* class Fake */ */
        sealed trait Shape
        case class Circle(r: Double) extends Shape { class Inner }
        case object Empty extends Shape
        object Circle
        abstract class Base
        object Main extends App { val s = s"${"class Fake2 {"}" }
        """,
    "package.scala": """\
        package com.acme
        package object pkgobj { type T = Int }
        """,
}


def _compiled_top_level(out: Path) -> dict[str, set[str]]:
    """Top-level class names per package, as the compilers wrote them."""
    found: dict[str, set[str]] = {}
    for path in out.rglob("*.class"):
        name = path.stem
        if "$" in name:
            continue
        package = ".".join(path.parent.relative_to(out).parts)
        found.setdefault(package, set()).add(name)
    return found


@pytest.mark.integration
@pytest.mark.parametrize(
    ("compiler", "suffix"), [("javac", ".java"), ("kotlinc", ".kt"), ("scalac", ".scala")]
)
def test_types_match_what_the_compiler_emits(tmp_path: Path, compiler: str, suffix: str) -> None:
    tool = shutil.which(compiler)
    if tool is None:
        pytest.skip(f"{compiler} is not installed (tools/setup-debian.sh installs it)")
    sources = []
    for name, text in _COMPILED.items():
        if name.endswith(suffix):
            path = tmp_path / "src" / name
            path.parent.mkdir(exist_ok=True)
            path.write_text(textwrap.dedent(text))
            sources.append(path)
    out = tmp_path / "out"
    out.mkdir()
    args = [tool, "-d", str(out), *map(str, sources)]
    result = subprocess.run(args, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    expected: dict[str, set[str]] = {}
    for path in sources:
        f = scan_source(path)
        for name in f.types:
            if name == "package" or name.endswith(".package"):
                package = f.package if name == "package" else f"{f.package}.{name[:-8]}"
                expected.setdefault(package, set()).add("package")
            else:
                expected.setdefault(f.package, set()).add(name)
    assert _compiled_top_level(out) == expected  # (no typealias here: it compiles to no class)


def test_one_listing_serves_language_detection_and_source_lists(tmp_path: Path) -> None:
    from migrate.gradle.reader import read_build
    from migrate.sources.layout import detect_languages
    from migrate.sources.listing import SourceListing
    from migrate.sources.scanner import list_source_files

    java = tmp_path / "src/main/java/a"
    java.mkdir(parents=True)
    (java / "A.java").write_text("package a;\nclass A {}\n")
    (java / "notes.txt").write_text("not a source\n")
    listing = SourceListing()
    tops = [str(tmp_path / "src/main/java"), str(tmp_path / "src/main/kotlin")]
    assert detect_languages(tops, listing) == ("java",)
    (java / "B.kt").write_text("package a\nclass B\n")  # after the walk: this listing is a snapshot
    assert list_source_files(tops, listing) == [str(java / "A.java")]
    assert list_source_files(tops) == [str(java / "A.java"), str(java / "B.kt")]
    (tmp_path / "build.gradle").write_text("apply plugin: 'java'\n")
    reader_listing = SourceListing()
    read_build(str(tmp_path), reader_listing)  # the reader fills the listing it is handed
    (java / "C.java").write_text("package a;\nclass C {}\n")
    assert list_source_files(tops, reader_listing) == [
        str(java / "A.java"),
        str(java / "B.kt"),
    ]
