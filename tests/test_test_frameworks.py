"""Test frameworks per class (scanner + rules/test-frameworks.yaml), tests inherited from base
classes, the test task's settings read from build scripts, and which runner runs what."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.gradle.reader import read_build
from migrate.model import Project, TestSettings
from migrate.sources.scanner import scan_source
from migrate.sources.test_frameworks import with_inherited_tests
from migrate.targets.tables import RuleTables
from migrate.targets.test_runners import (
    excluded_by_patterns,
    jvm_flags,
    platform_version,
    resolved_framework,
    run_of,
    runtime_artifacts,
)
from migrate.verify.testresults import parse_junit_xml


@pytest.mark.parametrize(
    ("name", "text", "framework", "tests"),
    [
        (
            "A.java",
            "package a; import org.junit.jupiter.api.*;\n"
            "class ATest { @Nested class In { @Test void y() {} } }",
            "junit5",
            ("a.ATest",),
        ),
        (
            "B.java",
            "package a; import org.testng.annotations.Test;\n"
            "@Test public class BTest { public void x() {} }",
            "testng",
            ("a.BTest",),
        ),
        (
            "C.java",
            "package a; import org.junit.runner.RunWith; import org.junit.runners.Suite;\n"
            "@RunWith(Suite.class) @Suite.SuiteClasses({X.class, Y.class}) class AllTests {}",
            "junit4",
            ("a.AllTests",),
        ),
        (
            "D.java",
            "package a; import org.junit.platform.suite.api.*;\n"
            '@Suite @SelectPackages("a") class AllSuite {}',
            "junit5",
            ("a.AllSuite",),
        ),
        (
            "E.java",
            "package a; import org.junit.Test;\npublic class ETest { @Test public void t() {} }",
            "junit4",
            ("a.ETest",),
        ),
        (
            "F.kt",
            "package a\nimport io.kotest.core.spec.style.StringSpec\nclass FSpec : StringSpec({ })",
            "kotest",
            ("a.FSpec",),
        ),
        (
            "G.scala",
            "package a\nimport org.scalatest.funsuite.AnyFunSuite\n"
            'class GSuite extends AnyFunSuite { test("x") {} }',
            "scalatest",
            ("a.GSuite",),
        ),
        (
            "H.kt",
            "package a\nimport kotlin.test.Test\nclass HTest { @Test fun x() {} }",
            "kotlin-test",
            ("a.HTest",),
        ),
        (
            "I.java",
            "package a; import org.junit.jupiter.params.*;\n"
            "class ITest { @ParameterizedTest void x(int a) {} }",
            "junit5",
            ("a.ITest",),
        ),
        (
            "J.java",
            "package a; import com.acme.testing.Test;\nclass JTest { @Test void x() {} }",
            "unknown",
            ("a.JTest",),
        ),
        (
            "K.java",
            "package a; public class Helper { void x() {} }",
            "",
            (),
        ),
    ],
)
def test_framework_of_each_test_class(name: str, text: str, framework: str, tests: tuple) -> None:
    scanned = scan_source(name, text)
    assert scanned.test_framework == framework
    assert scanned.test_classes == tests


def test_abstract_classes_with_tests_are_bases_not_tests() -> None:
    base = scan_source(
        "Base.java",
        "package a; import org.junit.jupiter.api.Test;\n"
        "abstract class Base<T extends Object> { @Test void t() {} }",
    )
    assert (base.test_classes, base.test_bases, base.test_framework) == ((), ("a.Base",), "junit5")


def test_tests_inherited_through_a_chain_of_base_classes() -> None:
    files = [
        scan_source(
            "Base.java",
            "package a; import org.testng.annotations.Test;\n"
            "abstract class Base { @Test public void t() {} }",
        ),
        scan_source("Middle.java", "package a; abstract class Middle extends Base {}"),
        scan_source("LeafTest.java", "package a; class LeafTest extends Middle {}"),
        scan_source("Other.java", "package a; import b.Thing; class Other extends Thing {}"),
        scan_source(
            "Loop.java", "package a; class Loop extends Loop2 {} class Loop2 extends Loop {}"
        ),
    ]
    resolved = {f.path: f for f in with_inherited_tests(files)}
    assert resolved["LeafTest.java"].test_classes == ("a.LeafTest",)
    assert resolved["LeafTest.java"].test_framework == "testng"
    assert resolved["LeafTest.java"].is_test
    assert not resolved["Middle.java"].is_test  # abstract: never run
    assert not resolved["Other.java"].is_test
    assert not resolved["Loop.java"].is_test  # a cycle ends the chain, not the program


def test_a_fixture_base_class_makes_its_subclasses_tests() -> None:
    fixture = scan_source(
        "Contract.java",
        "package a; import org.junit.jupiter.api.Test;\n"
        "public abstract class Contract { @Test void t() {} }",
    )
    leaf = scan_source("ImplTest.java", "package a; class ImplTest extends Contract {}")
    (resolved,) = with_inherited_tests([leaf], context=[fixture])
    assert (resolved.test_classes, resolved.test_framework) == (("a.ImplTest",), "junit5")


def _build(tmp_path: Path, script: str, name: str = "build.gradle") -> Project:
    (tmp_path / "settings.gradle").write_text("rootProject.name = 'x'\n")
    (tmp_path / name).write_text(script)
    return read_build(str(tmp_path)).project(":")


def test_test_task_settings_are_read_with_their_location(tmp_path: Path) -> None:
    project = _build(
        tmp_path,
        "apply plugin: 'java'\n"
        "test {\n"
        "    useJUnitPlatform {\n"
        "        includeTags 'fast'\n"
        "        excludeTags 'slow', 'flaky'\n"
        "    }\n"
        "    jvmArgs '-Dx=1', '-XX:+UseG1GC'\n"
        "    systemProperty 'shop.currency', 'EUR'\n"
        "    systemProperties region: 'eu'\n"
        "    environment 'SHOP_MODE', 'test'\n"
        "    maxHeapSize = '1g'\n"
        "    exclude '**/*IT.class'\n"
        "    testLogging { events 'failed' }\n"
        "}\n",
    )
    assert project.tests == TestSettings(
        framework="junit-platform",
        include_tags=("fast",),
        exclude_tags=("slow", "flaky"),
        jvm_args=("-Dx=1", "-XX:+UseG1GC"),
        system_properties=(("region", "eu"), ("shop.currency", "EUR")),
        environment=(("SHOP_MODE", "test"),),
        max_heap_size="1g",
        excludes=("**/*IT.class",),
        file="build.gradle",
        line=3,  # the first setting: useJUnitPlatform
    )


def test_test_task_configured_through_tasks(tmp_path: Path) -> None:
    project = _build(
        tmp_path,
        "apply plugin: 'java'\n"
        "tasks.withType(Test) { maxHeapSize = '2g' }\n"
        "tasks.named('test') { useTestNG { excludeGroups 'broken' } }\n",
    )
    assert project.tests.framework == "testng"
    assert project.tests.exclude_tags == ("broken",)
    assert project.tests.max_heap_size == "2g"


def test_kotlin_dsl_test_task(tmp_path: Path) -> None:
    project = _build(
        tmp_path,
        'plugins { java }\ntasks.test {\n    useJUnitPlatform()\n    systemProperty("a", "b")\n}\n',
        "build.gradle.kts",
    )
    assert project.tests.framework == "junit-platform"
    assert project.tests.system_properties == (("a", "b"),)


def test_unevaluated_test_setting_is_reported(tmp_path: Path) -> None:
    (tmp_path / "settings.gradle").write_text("rootProject.name = 'x'\n")
    (tmp_path / "build.gradle").write_text(
        "apply plugin: 'java'\ntest {\n    systemProperty 'home', someUnknownValue()\n}\n"
    )
    model = read_build(str(tmp_path))
    messages = [(d.file, d.line, d.message) for d in model.diagnostics]
    assert any(
        line == 3 and "systemProperty" in m and "not carried over" in m for _, line, m in messages
    ), messages


def test_the_build_decides_what_the_source_leaves_open() -> None:
    junit5 = Project(":p", "p", None, tests=TestSettings(framework="junit-platform"))
    plain = Project(":p", "p", None)
    assert resolved_framework("kotlin-test", junit5) == "junit5"
    assert resolved_framework("kotlin-test", plain) == "junit4"
    assert resolved_framework("unknown", junit5) == "junit5"
    assert resolved_framework("unknown", plain) == "junit4"
    assert resolved_framework("testng", plain) == "testng"


def test_each_framework_gets_a_runner_that_runs_it() -> None:
    runners = RuleTables.load({}).test_runners
    plain = Project(":p", "p", None)
    kinds = {
        (framework, language): getattr(
            run_of(framework, plain, language, runners).rule, "get", lambda _: None
        )("kind")
        for framework in ("junit4", "junit5", "testng", "kotest", "scalatest")
        for language in ("java", "kotlin", "scala")
    }
    assert kinds[("junit4", "java")] == "java_test"
    assert kinds[("junit5", "java")] == "java_junit5_test"
    assert kinds[("testng", "java")] == "java_junit5_test"
    assert kinds[("junit5", "kotlin")] == "kt_jvm_test"
    assert kinds[("kotest", "kotlin")] == "kt_jvm_test"
    assert kinds[("scalatest", "scala")] == "scala_test"
    assert kinds[("junit5", "scala")] == "java_junit5_test"  # compiled apart by scala_library
    assert kinds[("scalatest", "java")] is None  # reported, not run on the wrong runner


def test_platform_runtime_follows_the_builds_junit_version() -> None:
    runners = RuleTables.load({}).test_runners
    project = Project(
        ":p",
        "p",
        None,
        resolved={"testRuntimeClasspath": ("org.junit.jupiter:junit-jupiter-engine:5.10.1",)},
    )
    runs = [
        run_of("junit5", project, "java", runners),
        run_of("testng", project, "java", runners),
    ]
    online = runtime_artifacts(runs, project, offline=False)
    assert online["org.junit.platform:junit-platform-launcher"] == "1.10.1"
    assert online["org.junit.jupiter:junit-jupiter-engine"] == "5.10.1"
    assert "org.junit.support:testng-engine" in online
    offline = runtime_artifacts(runs, project, offline=True)
    assert "org.junit.support:testng-engine" not in offline  # no such engine in the mirror
    assert platform_version("6.0.1") == "6.0.1"
    assert runtime_artifacts([run_of("junit4", project, "java", runners)], project, False) == {}


def test_jvm_flags_and_patterns() -> None:
    settings = TestSettings(
        jvm_args=("-ea",),
        system_properties=(("a", "b"),),
        max_heap_size="1g",
        min_heap_size="64m",
        includes=("**/*Test.class",),
        excludes=("**/Slow*",),
    )
    assert jvm_flags(settings) == ("-ea", "-Da=b", "-Xms64m", "-Xmx1g")
    assert excluded_by_patterns("a.b.FooTest", settings) is None
    assert excluded_by_patterns("a.b.FooIT", settings) == "include **/*Test.class"
    assert excluded_by_patterns("a.b.SlowTest", settings) == "exclude **/Slow*"


def test_platform_and_junit4_reports_name_tests_alike(tmp_path: Path) -> None:
    platform = tmp_path / "TEST-junit-jupiter.xml"
    platform.write_text(
        '<testsuite name="JUnit Jupiter"><testcase name="adds()" classname="a.MoneyTest"/>'
        '<testcase name="anyAmount(long)[1]" classname="a.MoneyTest"><failure/></testcase>'
        "</testsuite>"
    )
    assert parse_junit_xml(platform) == {
        ("a.MoneyTest", "adds"): "passed",
        ("a.MoneyTest", "anyAmount(long)[1]"): "failed",
    }


def test_settings_naming_the_checkout_are_made_relative(tmp_path: Path) -> None:
    """A BUILD file never holds one checkout's absolute path (rootDir in an environment
    variable); it is said, with where the setting is."""
    from migrate.targets.generate import GenerateOptions, generate

    (tmp_path / "settings.gradle").write_text("rootProject.name = 'x'\n")
    (tmp_path / "build.gradle").write_text(
        "apply plugin: 'java'\n"
        "dependencies { testImplementation 'junit:junit:4.13.2' }\n"
        "test {\n"
        "    environment 'ROOT', rootDir\n"
        "    systemProperty 'data', \"$rootDir/src/test/data\"\n"
        "}\n"
    )
    tests = tmp_path / "src/test/java/a"
    tests.mkdir(parents=True)
    (tests / "ATest.java").write_text(
        "package a;\nimport org.junit.Test;\npublic class ATest { @Test public void t() {} }\n"
    )
    result = generate(read_build(str(tmp_path)), GenerateOptions(cache=False))
    (rule,) = [r for f in result.build_files for r in f.rules if r.name == "ATest"]
    assert rule.attr("jvm_flags") == ("-Ddata=src/test/data",)
    assert rule.attr("env").items == (("ROOT", "."),)
    assert not any(str(tmp_path) in str(a) for _, a in rule.attrs)
    assert any(
        "build.gradle:4" in f.message and "paths in the build" in f.message for f in result.findings
    )
