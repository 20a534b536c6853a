"""The real Bazel 4.2.3 here builds and tests the example monorepo offline.

BUILD files in the shape migrate generates (module granularity: one library per project
directory, one test target per test class, rules_java / rules_kotlin / rules_scala loads,
``@maven//:`` labels as rules_jvm_external names them) are written into a copy of
examples/monorepo, with the offline WORKSPACE of :func:`render_offline_workspace` (local Maven
mirror, migrate's rules_kotlin/rules_scala stand-ins) and the .bazelrc lines of
:func:`bazelrc_lines`. Then ``bazel build //...`` and ``bazel test //...`` must succeed and
leave a test.xml per test target. The Bazel server always gets ``bazel shutdown``.
"""

from __future__ import annotations

import contextlib
import shutil
import subprocess
import xml.etree.ElementTree as ElementTree
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from example_tree import copy_example

from migrate.bazel.offline import bazelrc_lines, render_offline_workspace
from migrate.bazel.spec import MavenRepository, WorkspaceSpec
from migrate.maven.mirror import resolve_mirror

from .bazel_process import Bazel

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
RULES_DIR = REPO / "rules" / "bazel"
MIRROR = "/usr/share/maven-repo"
OFFLINE_TOOLS = "/opt/bazel-offline"

ARTIFACTS = (
    "com.google.guava:guava:31.1-jre",
    "commons-io:commons-io:2.11.0",
    "junit:junit:4.13.2",
    "org.apache.commons:commons-lang3:3.12.0",
    "org.hamcrest:hamcrest:2.2",
    "org.jetbrains.kotlin:kotlin-stdlib:1.3.31",
    "org.scala-lang:scala-library:2.11.12",
)

JAVA_LOAD = 'load("@rules_java//java:defs.bzl", "java_binary", "java_library", "java_test")\n'
KOTLIN_LOAD = (
    'load("@rules_kotlin//kotlin:jvm.bzl", "kt_jvm_binary", "kt_jvm_library", "kt_jvm_test")\n'
)
SCALA_LOAD = (
    'load("@rules_scala//scala:scala.bzl", "scala_binary", "scala_junit_test", "scala_library")\n'
)


JUNIT = "@maven//:junit_junit"
GUAVA = "@maven//:com_google_guava_guava"
HAMCREST = "@maven//:org_hamcrest_hamcrest"

_TEST_SOURCES = {"java_test": "java/{}.java", "kt_jvm_test": "kotlin/{}.kt"}


def _tests(rule: str, library: str, deps: tuple[str, ...], *classes: str) -> str:
    """One ``rule`` target per test class, as migrate generates them: named after the class,
    its source under src/test/, depending on the project's ``library`` and on ``deps``."""
    targets = []
    for test_class in classes:
        path = test_class.replace(".", "/")
        if rule == "scala_junit_test":
            source, selects = f"scala/{path}.scala", 'suffixes = ["Test"]'
        else:
            source, selects = _TEST_SOURCES[rule].format(path), f'test_class = "{test_class}"'
        dep_lines = "".join(f'        "{dep}",\n' for dep in (f":{library}", *deps))
        targets.append(
            f"""
{rule}(
    name = "{test_class.rsplit(".", 1)[-1]}",
    size = "small",
    srcs = ["src/test/{source}"],
    {selects},
    deps = [
{dep_lines}    ],
)
"""
        )
    return "".join(targets)


BUILD_FILES: dict[str, str] = {
    "libs/core/BUILD.bazel": """\
load("@rules_java//java:defs.bzl", "java_library", "java_test")

java_library(
    name = "core",
    srcs = glob(["src/main/java/**/*.java"]),
    visibility = ["//visibility:public"],
    exports = ["@maven//:com_google_guava_guava"],
    deps = ["@maven//:com_google_guava_guava", "@maven//:org_apache_commons_commons_lang3"],
)
"""
    + _tests(
        "java_test",
        "core",
        (GUAVA, JUNIT),
        "com.example.core.model.ItemTest",
        "com.example.core.model.MoneyTest",
        "com.example.core.text.NamesTest",
    ),
    "libs/text/BUILD.bazel": """\
load("@rules_java//java:defs.bzl", "java_library", "java_test")

java_library(
    name = "text",
    srcs = glob(["src/main/java/**/*.java"]),
    visibility = ["//visibility:public"],
)
"""
    + _tests(
        "java_test",
        "text",
        (JUNIT,),
        "com.example.text.table.TextTableTest",
        "com.example.text.wrap.WordWrapperTest",
    ),
    "libs/testing/BUILD.bazel": """\
load("@rules_java//java:defs.bzl", "java_library", "java_test")

java_library(
    name = "testing",
    srcs = glob(["src/main/java/**/*.java"]),
    visibility = ["//visibility:public"],
    exports = ["//libs/core", "@maven//:junit_junit", "@maven//:org_hamcrest_hamcrest"],
    deps = ["//libs/core", "@maven//:junit_junit", "@maven//:org_hamcrest_hamcrest"],
)
"""
    + _tests(
        "java_test",
        "testing",
        ("//libs/core", JUNIT, HAMCREST),
        "com.example.testing.matchers.MoneyMatchersTest",
    ),
    "libs/util/BUILD.bazel": """\
load("@rules_java//java:defs.bzl", "java_library", "java_test")

java_library(
    name = "util",
    srcs = glob(["src/main/java/**/*.java"]),
    visibility = ["//visibility:public"],
    exports = ["//libs/core"],
    deps = [
        "//libs/core",
        "@maven//:commons_io_commons_io",
        "@maven//:org_apache_commons_commons_lang3",
    ],
)
"""
    + _tests(
        "java_test",
        "util",
        ("//libs/core", "//libs/testing", JUNIT, HAMCREST),
        "com.example.util.csv.CsvParserTest",
        "com.example.util.csv.ItemCsvTest",
        "com.example.util.io.TextFilesTest",
    ),
    "libs/collections/BUILD.bazel": """\
load("@rules_java//java:defs.bzl", "java_library", "java_test")

java_library(
    name = "collections",
    srcs = glob(["src/main/java/**/*.java"]),
    visibility = ["//visibility:public"],
    exports = ["//libs/core", "@maven//:com_google_guava_guava"],
    deps = ["//libs/core", "@maven//:com_google_guava_guava"],
)
"""
    + _tests(
        "java_test",
        "collections",
        ("//libs/core", JUNIT, HAMCREST),
        "com.example.collections.index.CategoryIndexTest",
        "com.example.collections.rank.TopNTest",
    ),
    "libs/pricing/BUILD.bazel": """\
load("@rules_java//java:defs.bzl", "java_library", "java_test")

java_library(
    name = "pricing",
    srcs = glob(["src/main/java/**/*.java"]),
    visibility = ["//visibility:public"],
    exports = ["//libs/core"],
    deps = ["//libs/core", "//libs/collections", "@maven//:org_apache_commons_commons_lang3"],
)
"""
    + _tests(
        "java_test",
        "pricing",
        ("//libs/core", "//libs/testing", JUNIT, HAMCREST),
        "com.example.pricing.engine.PricingEngineTest",
        "com.example.pricing.rules.RulesTest",
    ),
    "services/api/BUILD.bazel": """\
load("@rules_java//java:defs.bzl", "java_library", "java_test")

java_library(
    name = "api",
    srcs = glob(["src/main/java/**/*.java"]),
    visibility = ["//visibility:public"],
    exports = ["//libs/core"],
    deps = ["//libs/core", "@maven//:org_apache_commons_commons_lang3"],
)
"""
    + _tests("java_test", "api", ("//libs/core", JUNIT), "com.example.api.dto.StockLevelTest"),
    "services/inventory/BUILD.bazel": """\
load("@rules_java//java:defs.bzl", "java_binary", "java_library", "java_test")

java_library(
    name = "inventory",
    srcs = glob(["src/main/java/**/*.java"]),
    resource_strip_prefix = "services/inventory/src/main/resources",
    resources = glob(["src/main/resources/**"]),
    visibility = ["//visibility:public"],
    deps = [
        "//services/api",
        "//libs/util",
        "//libs/collections",
        "//libs/pricing",
        "//libs/text",
        "//reporting/summary",
        "@maven//:com_google_guava_guava",
    ],
)
"""
    + _tests(
        "java_test",
        "inventory",
        ("//services/api", "//libs/util", "//libs/testing", JUNIT),
        "com.example.inventory.report.StockReportTest",
        "com.example.inventory.service.InMemoryInventoryServiceTest",
    )
    + """
java_binary(
    name = "inventory_bin",
    main_class = "com.example.inventory.InventoryMain",
    runtime_deps = [":inventory"],
)
""",
    "services/importer/BUILD.bazel": """\
load("@rules_java//java:defs.bzl", "java_binary", "java_library", "java_test")

java_library(
    name = "importer",
    srcs = glob(["src/main/java/**/*.java"]),
    visibility = ["//visibility:public"],
    deps = [
        "//libs/util",
        "//libs/collections",
        "//analytics/stats",
        "@maven//:org_scala_lang_scala_library",
        "@maven//:commons_io_commons_io",
    ],
)
"""
    + _tests(
        "java_test",
        "importer",
        ("//libs/core", JUNIT),
        "com.example.importer.ImportMainTest",
        "com.example.importer.check.ImportCheckerTest",
    )
    + """
java_binary(
    name = "importer_bin",
    main_class = "com.example.importer.ImportMain",
    runtime_deps = [":importer"],
)
""",
    "reporting/summary/BUILD.bazel": """\
load("@rules_kotlin//kotlin:jvm.bzl", "kt_jvm_library", "kt_jvm_test")

kt_jvm_library(
    name = "summary",
    srcs = glob(["src/main/kotlin/**/*.kt", "src/main/java/**/*.java"]),
    visibility = ["//visibility:public"],
    deps = ["//libs/core", "@maven//:org_jetbrains_kotlin_kotlin_stdlib"],
)
"""
    + _tests(
        "kt_jvm_test",
        "summary",
        ("//libs/core", JUNIT),
        "com.example.reporting.SummaryBuilderTest",
    ),
    "analytics/stats/BUILD.bazel": """\
load("@rules_scala//scala:scala.bzl", "scala_junit_test", "scala_library")

scala_library(
    name = "stats",
    srcs = glob(["src/main/scala/**/*.scala", "src/main/java/**/*.java"]),
    visibility = ["//visibility:public"],
    deps = ["//libs/core", "@maven//:org_scala_lang_scala_library"],
)
"""
    + _tests(
        "scala_junit_test",
        "stats",
        ("//libs/core", JUNIT),
        "com.example.analytics.StatsTest",
        "com.example.analytics.stock.StockAnalysisTest",
    ),
}

# A package exercising what the example does not: mixed Kotlin+Java and Scala+Java sources in
# both directions, resources with resource_strip_prefix, exports (a library without sources),
# runtime_deps, neverlink, kt_jvm_test with associates (`internal`) and a derived test_class,
# scala_junit_test skipping an abstract *Test class, binaries with sources, and java_* rules
# on top of Kotlin and Scala libraries.
CHECK_FILES: dict[str, str] = {
    "offline_check/BUILD.bazel": JAVA_LOAD
    + KOTLIN_LOAD
    + SCALA_LOAD
    + f"""
java_library(
    name = "runtime_only",
    srcs = ["src/main/java/check/rt/RuntimeOnly.java"],
)

kt_jvm_library(
    name = "kt_lib",
    srcs = [
        "src/main/kotlin/check/kt/Greeter.kt",
        "src/main/kotlin/check/kt/JavaPart.java",
    ],
    resource_strip_prefix = "offline_check/src/main/resources",
    resources = ["src/main/resources/check/greeting.txt"],
    runtime_deps = [":runtime_only"],
)

kt_jvm_library(
    name = "kt_api",
    exports = [":kt_lib"],
)

kt_jvm_library(
    name = "kt_compile_only",
    srcs = ["src/main/kotlin/check/ko/CompileOnly.kt"],
    neverlink = True,
)

kt_jvm_test(
    name = "GreeterTest",
    size = "small",
    srcs = ["src/test/kotlin/check/kt/GreeterTest.kt"],
    associates = [":kt_lib"],
    deps = [":kt_lib", "{JUNIT}"],
)

kt_jvm_binary(
    name = "kt_bin",
    srcs = ["src/bin/kotlin/check/kt/Main.kt"],
    main_class = "check.kt.MainKt",
    deps = [":kt_lib"],
)

scala_library(
    name = "scala_lib",
    srcs = [
        "src/main/scala/check/sc/Adder.scala",
        "src/main/scala/check/sc/JavaAdder.java",
    ],
)

scala_junit_test(
    name = "AdderTest",
    size = "small",
    srcs = ["src/test/scala/check/sc/AdderTest.scala"],
    suffixes = ["Test"],
    deps = [":scala_lib", "{JUNIT}"],
)

scala_binary(
    name = "scala_bin",
    srcs = ["src/bin/scala/check/sc/Main.scala"],
    main_class = "check.sc.Main",
    deps = [":scala_lib"],
)

java_library(
    name = "java_user",
    srcs = ["src/main/java/check/user/JavaUser.java"],
    deps = [":kt_api", ":kt_compile_only", ":scala_lib"],
)

java_test(
    name = "JavaUserTest",
    size = "small",
    srcs = ["src/test/java/check/user/JavaUserTest.java"],
    test_class = "check.user.JavaUserTest",
    deps = [":java_user", "{JUNIT}"],
)
""",
    "offline_check/src/main/java/check/rt/RuntimeOnly.java": """package check.rt;

public final class RuntimeOnly {}
""",
    "offline_check/src/main/kotlin/check/kt/Greeter.kt": """package check.kt

class Greeter(private val name: String) {
    fun greet(): String = JavaPart.prefix() + name

    internal fun secret(): Int = 42
}

// Inline: its body is part of the ABI (callers in other targets copy it).
inline fun decorate(text: String): String = text
""",
    "offline_check/src/main/kotlin/check/kt/JavaPart.java": """package check.kt;

public final class JavaPart {
    public static String prefix() {
        return "Hello, ";
    }

    public static String greetAll(String... names) {
        StringBuilder out = new StringBuilder();
        for (String name : names) {
            out.append(new Greeter(name).greet()).append('\\n');
        }
        return out.toString();
    }
}
""",
    "offline_check/src/main/resources/check/greeting.txt": "World\n",
    "offline_check/src/main/kotlin/check/ko/CompileOnly.kt": """package check.ko

class CompileOnly
""",
    "offline_check/src/test/kotlin/check/kt/GreeterTest.kt": """package check.kt

import org.junit.Assert.assertEquals
import org.junit.Test

class GreeterTest {
    @Test
    fun greets() = assertEquals("Hello, Bob", Greeter("Bob").greet())

    @Test
    fun seesInternalDeclarations() = assertEquals(42, Greeter("x").secret())
}
""",
    "offline_check/src/bin/kotlin/check/kt/Main.kt": """package check.kt

fun main(args: Array<String>) {
    val text = Greeter::class.java.getResourceAsStream("/check/greeting.txt")
        .bufferedReader().readText().trim()
    print(decorate(JavaPart.greetAll(text, *args)))
}
""",
    "offline_check/src/main/scala/check/sc/Adder.scala": """package check.sc

object Adder {
  def add(a: Int, b: Int): Int = JavaAdder.twice(a) / 2 + b
}
""",
    "offline_check/src/main/scala/check/sc/JavaAdder.java": """package check.sc;

public final class JavaAdder {
    public static int twice(int x) {
        return 2 * x;
    }

    public static int viaScala(int a, int b) {
        return Adder.add(a, b);
    }
}
""",
    "offline_check/src/test/scala/check/sc/AdderTest.scala": """package check.sc

import org.junit.Assert.assertEquals
import org.junit.Test

abstract class AbstractBaseTest {
  def expected: Int

  @Test def adds(): Unit = assertEquals(expected, Adder.add(2, 3))
}

class AdderTest extends AbstractBaseTest {
  def expected: Int = 5
}
""",
    "offline_check/src/bin/scala/check/sc/Main.scala": """package check.sc

object Main {
  def main(args: Array[String]): Unit = println("sum=" + JavaAdder.viaScala(2, 3))
}
""",
    "offline_check/src/main/java/check/user/JavaUser.java": """package check.user;

import check.kt.Greeter;
import check.ko.CompileOnly;
import check.sc.Adder;

public final class JavaUser {
    public static String describe() {
        return new Greeter("Java").greet() + " " + Adder.add(1, 2);
    }

    static String neverCalled(CompileOnly only) {
        return only.toString();
    }
}
""",
    "offline_check/src/test/java/check/user/JavaUserTest.java": """package check.user;

import static org.junit.Assert.assertEquals;

import org.junit.Test;

public class JavaUserTest {
    @Test
    public void javaUsesKotlinAndScala() {
        assertEquals("Hello, Java 3", JavaUser.describe());
    }

    @Test
    public void runtimeDepsAreOnTheClasspath() throws Exception {
        Class.forName("check.rt.RuntimeOnly");
    }

    @Test(expected = ClassNotFoundException.class)
    public void neverlinkIsNot() throws Exception {
        Class.forName("check.ko.CompileOnly");
    }
}
""",
}
# The Kotlin and the Scala library source of offline_check, which tests edit (and put back).
GREETER = "offline_check/src/main/kotlin/check/kt/Greeter.kt"
ADDER = "offline_check/src/main/scala/check/sc/Adder.scala"
CHECK_TESTS = {
    "offline_check/GreeterTest": "check.kt.GreeterTest",
    "offline_check/AdderTest": "check.sc.AdderTest",
    "offline_check/JavaUserTest": "check.user.JavaUserTest",
}

# Test targets and the classes their test.xml must report.
EXPECTED_TESTS = {
    f"{path.rsplit('/', 1)[0]}/{cls.rsplit('.', 1)[-1]}": cls
    for path, content in BUILD_FILES.items()
    for cls in [line.split('"')[1] for line in content.splitlines() if "test_class = " in line]
    + [
        # scala_junit_test targets name their class after the source file
        line.split('"')[1].rsplit("/", 1)[-1].split(".")[0]
        for line in content.splitlines()
        if 'srcs = ["src/test/scala/' in line
    ]
} | CHECK_TESTS


def write_offline_workspace(root: Path) -> None:
    """BUILD files in migrate's shape, the offline WORKSPACE and .bazelrc, into ``root``."""
    for rel, content in {**BUILD_FILES, **CHECK_FILES}.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(content, encoding="utf-8")
    spec = WorkspaceSpec(
        name="monorepo",
        bazel_version="4.2.3",
        languages=frozenset({"java", "kotlin", "scala"}),
        maven=(MavenRepository("maven", tuple(sorted(ARTIFACTS))),),
        offline_mirror=MIRROR,
        offline_tools=OFFLINE_TOOLS,
    )
    for rel, content in render_offline_workspace(spec, RULES_DIR).items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(content, encoding="utf-8")
    (root / ".bazelrc").write_text(
        "\n".join(
            [
                *bazelrc_lines(OFFLINE_TOOLS),
                # what migrate's generated .bazelrc also says: the stand-ins must work with it
                "build --incompatible_strict_action_env",
                "test --test_output=errors",
                "",
            ]
        ),
        encoding="utf-8",
    )


def _require_toolchain() -> None:
    missing = [tool for tool in ("bazel", "kotlinc", "scalac", "javac") if not shutil.which(tool)]
    if missing:
        pytest.fail(f"not installed: {', '.join(missing)}: run tools/setup-debian.sh")
    if not Path(OFFLINE_TOOLS, "remote_java_tools_linux").is_dir():
        pytest.fail(f"no offline Java tools in {OFFLINE_TOOLS}: run tools/setup-debian.sh")
    if not Path(MIRROR).is_dir():
        pytest.fail(f"no Maven mirror {MIRROR}: run tools/setup-debian.sh")


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Bazel]:
    """The example, built and tested once for every test below; the server is shut down."""
    _require_toolchain()
    base = tmp_path_factory.mktemp("offline_bazel")
    root = base / "monorepo"
    copy_example(root)
    write_offline_workspace(root)
    bazel = Bazel(root, base / "bazel-root")
    try:
        bazel("build", "//...")
        bazel("test", "//...")
        yield bazel
    finally:
        bazel.shutdown()
        print("bazel timings (s):", {k: round(v, 1) for k, v in bazel.timings.items()})


def _run(program: Path, *args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """A binary Bazel built, run as a user would (its output captured)."""
    return subprocess.run(
        [str(program), *args], capture_output=True, text=True, timeout=120, cwd=cwd
    )


@contextlib.contextmanager
def _restored(*paths: Path) -> Iterator[dict[Path, str]]:
    """The sources a test edits, each put back as it was (the tests share one workspace); yields
    their original texts."""
    originals = {path: path.read_text() for path in paths}
    try:
        yield originals
    finally:
        for path, text in originals.items():
            path.write_text(text)


def test_mirror_resolves_every_pinned_artifact_and_guava_dependencies() -> None:
    names = {a.name: a for a in resolve_mirror(MIRROR, ARTIFACTS)}
    assert {"com_google_guava_guava", "junit_junit", "org_hamcrest_hamcrest"} <= set(names)
    assert "org_hamcrest_hamcrest" in names["junit_junit"].deps


def test_build_and_test_succeed_with_a_test_xml_per_test_target(built: Bazel) -> None:
    testlogs = built.workspace / "bazel-testlogs"
    for target, test_class in sorted(EXPECTED_TESTS.items()):
        xml = testlogs / target / "test.xml"
        assert xml.is_file(), f"no {xml}"
        root = ElementTree.parse(xml).getroot()
        cases = list(root.iter("testcase"))
        assert cases, f"{xml} has no test cases"
        assert not list(root.iter("failure")) and not list(root.iter("error")), xml.read_text()
        classes = {c.get("classname", "") for c in cases}
        assert any(c.endswith(test_class) for c in classes), (target, classes)


def test_the_java_binary_runs_with_the_kotlin_library_on_its_classpath(built: Bazel) -> None:
    built("build", "//services/inventory:inventory_bin")
    launcher = built.workspace / "bazel-bin" / "services" / "inventory" / "inventory_bin"
    result = _run(launcher, cwd=built.workspace)
    assert result.returncode == 0, result.stderr
    assert "Total" in result.stdout  # printed by the Kotlin InventorySummary.render()


def test_mixed_sources_resources_and_binaries_of_the_stand_ins(built: Bazel) -> None:
    built("build", "//offline_check/...")  # (again: another test may have cleaned)
    bin_dir = built.workspace / "bazel-bin" / "offline_check"
    names = set(zipfile.ZipFile(bin_dir / "kt_lib.jar").namelist())
    assert {"check/kt/Greeter.class", "check/kt/JavaPart.class", "check/greeting.txt"} <= names
    names = set(zipfile.ZipFile(bin_dir / "scala_lib.jar").namelist())
    assert {"check/sc/Adder.class", "check/sc/Adder$.class", "check/sc/JavaAdder.class"} <= names
    suite = (bin_dir / "AdderTest_scala_suite").glob("*.java")
    assert "check.sc.AdderTest.class" in next(suite).read_text()  # AbstractBaseTest skipped
    kotlin = _run(bin_dir / "kt_bin", "Bazel", cwd=built.workspace)
    assert kotlin.returncode == 0, kotlin.stderr
    assert kotlin.stdout == "Hello, World\nHello, Bazel\n"
    scala = _run(bin_dir / "scala_bin", cwd=built.workspace)
    assert scala.returncode == 0, scala.stderr
    assert scala.stdout == "sum=5\n"


def test_dependents_recompile_only_when_an_abi_jar_changes(built: Bazel) -> None:
    """Kotlin (jvm-abi-gen) and Scala (ijar) targets hand dependents an ABI jar."""
    bin_dir = built.workspace / "bazel-bin" / "offline_check"
    greeter, adder = built.workspace / GREETER, built.workspace / ADDER
    dependents = [
        bin_dir / "kt_bin_kt_bin_lib.jar",  # Kotlin on Kotlin
        bin_dir / "scala_bin_scala_bin_lib.jar",  # Scala on Scala
        bin_dir / "libjava_user.jar",  # Java on both
    ]
    abi_jars = [bin_dir / "kt_lib-abi.jar", bin_dir / "scala_lib-ijar.jar"]

    def stamps() -> dict[Path, int]:
        return {jar: jar.stat().st_mtime_ns for jar in dependents}

    try:
        with _restored(greeter, adder) as originals:
            built("build", "//offline_check/...")
            before, abi_before = stamps(), [jar.read_bytes() for jar in abi_jars]
            full_before = (bin_dir / "kt_lib.jar").read_bytes()
            # Method bodies only: the libraries recompile, their ABI jars stay byte-identical...
            greeter.write_text(
                originals[greeter].replace("prefix() + name", "prefix() + name.trim()")
            )
            adder.write_text(originals[adder].replace("/ 2 + b", "/ 2 + b + 0 * a"))
            built("build", "//offline_check/...")
            assert (bin_dir / "kt_lib.jar").read_bytes() != full_before
            assert [jar.read_bytes() for jar in abi_jars] == abi_before
            assert stamps() == before, "a dependent recompiled after an ABI-preserving change"
            # ... but an inline function's body is ABI: its Kotlin callers recompile and see it.
            greeter.write_text(
                greeter.read_text().replace("String = text", "String = text.toUpperCase()")
            )
            built("build", "//offline_check/...")
            assert (bin_dir / "kt_lib-abi.jar").read_bytes() != abi_before[0]
            assert stamps()[dependents[0]] != before[dependents[0]]
            result = _run(bin_dir / "kt_bin", cwd=built.workspace / "offline_check")
            assert result.stdout == "HELLO, WORLD\n", result.stderr
    finally:
        built("build", "//offline_check/...")


def test_compile_errors_come_back_from_the_workers_which_keep_working(built: Bazel) -> None:
    """kotlinc and scalac run in persistent workers (the build fails when they cannot)."""
    greeter, adder = built.workspace / GREETER, built.workspace / ADDER
    in_workers = ["--strategy=KotlinCompile=worker", "--strategy=ScalaCompile=worker"]
    with _restored(greeter, adder) as originals:
        greeter.write_text(originals[greeter].replace("fun greet(): String", "fun greet(): Int"))
        adder.write_text(
            originals[adder].replace(
                "def add(a: Int, b: Int): Int", "def add(a: Int, b: Int): String"
            )
        )
        kotlin = built("build", *in_workers, "//offline_check:kt_lib", check=False)
        assert kotlin.returncode != 0
        assert "Greeter.kt:4:" in kotlin.stderr and "type mismatch" in kotlin.stderr
        assert "kotlinc failed for //offline_check:kt_lib" in kotlin.stderr
        scala = built("build", *in_workers, "//offline_check:scala_lib", check=False)
        assert scala.returncode != 0
        assert "Adder.scala:4:" in scala.stderr and "type mismatch" in scala.stderr
        assert "scalac failed for //offline_check:scala_lib" in scala.stderr
    built("build", *in_workers, "//offline_check/...")


# Last: it cleans the output tree (the tests above reuse the first build).
def test_kotlin_and_scala_jars_are_reproducible_after_a_clean(built: Bazel) -> None:
    bin_dir = built.workspace / "bazel-bin"
    summary = bin_dir / "reporting" / "summary" / "summary.jar"
    stats = bin_dir / "analytics" / "stats" / "stats.jar"
    first = {jar: jar.read_bytes() for jar in (summary, stats)}
    for jar in (summary, stats):
        with zipfile.ZipFile(jar) as archive:
            infos = archive.infolist()
        names = [i.filename for i in infos]
        assert names[0] == "META-INF/MANIFEST.MF"
        assert names[1:] == sorted(names[1:])
        assert {i.date_time for i in infos} == {(2010, 1, 1, 0, 0, 0)}
    assert any(n.startswith("com/example/reporting/") for n in zipfile.ZipFile(summary).namelist())
    # rebuild from scratch: same bytes (so remote/disk caches can share the outputs)
    built("clean")
    built("build", "//reporting/summary", "//analytics/stats")
    assert {jar: jar.read_bytes() for jar in (summary, stats)} == first
