"""examples/frameworks with the real Gradle 4.4.1 and Bazel 4.2.3, offline: JUnit 5 (nested,
parameterized, inherited, tagged), TestNG, a JUnit 4 + 5 mix, Kotlin on JUnit 5 and tests that
need the test task's system properties, JVM flags and environment run on both sides with the
same test cases and results, and a failing JUnit 5 and a failing TestNG test fail on both."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner
from example_tree import copy_example

from migrate.cli import main

MIRROR = "file:///usr/share/maven-repo"

FAILING_JUNIT5 = """package com.example.shop.money;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class PlantedFailureTest {
    @Test
    void failsOnBothSides() {
        assertEquals(1, 2, "planted");
    }

    @Test
    void passesOnBothSides() {}
}
"""

FAILING_TESTNG = """package com.example.shop.catalog;

import static org.testng.Assert.assertEquals;

import org.testng.annotations.Test;

public class PlantedTestNgFailureTest {
    @Test
    public void failsOnBothSides() {
        assertEquals(1, 2, "planted");
    }

    @Test
    public void passesOnBothSides() {}
}
"""


def _run(*args: str):
    return CliRunner().invoke(main, list(args))


def _verify(root: Path, tmp_path: Path):
    result = _run("generate", str(root), "--offline-mirror", MIRROR)
    assert result.exit_code == 0, result.output
    return _run(
        "verify",
        str(root),
        "--all",
        "--offline-mirror",
        MIRROR,
        "--format",
        "json",
        "--bazel-output-root",
        str(tmp_path / "bazel-root"),
        "--gradle-user-home",
        str(tmp_path / "gradle-home"),
    )


def test_every_framework_runs_the_same_test_cases_on_both_sides(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "frameworks", "frameworks")
    result = _verify(root, tmp_path)
    assert result.exit_code == 0, result.output[-4000:]
    report = json.loads(result.output)
    projects = {p["project"]: p for p in report["projects"]}
    assert report["ok"], result.output[-4000:]
    for path in (
        ":libs:money",
        ":libs:catalog",
        ":libs:legacy",
        ":services:checkout",
        ":services:config",
    ):
        tests = projects[path]["tests"]
        assert tests["same"] > 0, (path, tests)
        assert not (tests["only_gradle"] or tests["only_bazel"] or tests["different"]), tests
    build = (root / "libs" / "money" / "BUILD.bazel").read_text()
    assert "java_junit5_test(" in build
    config = (root / "services" / "config" / "BUILD.bazel").read_text()
    assert '"-Dshop.currency=EUR"' in config and '"SHOP_MODE": "test"' in config


def test_planted_junit5_and_testng_failures_fail_on_both_sides(tmp_path: Path) -> None:
    root = copy_example(tmp_path / "frameworks", "frameworks")
    money = root / "libs/money/src/test/java/com/example/shop/money/PlantedFailureTest.java"
    money.write_text(FAILING_JUNIT5)
    catalog = root / "libs/catalog/src/test/java/com/example/shop/catalog"
    (catalog / "PlantedTestNgFailureTest.java").write_text(FAILING_TESTNG)
    result = _verify(root, tmp_path)
    assert result.exit_code == 1, result.output[-4000:]
    report = json.loads(result.output)
    projects = {p["project"]: p for p in report["projects"]}
    money_tests = projects[":libs:money"]["tests"]
    catalog_tests = projects[":libs:catalog"]["tests"]
    assert money_tests["gradle_failed"] == [
        "com.example.shop.money.PlantedFailureTest.failsOnBothSides"
    ], money_tests
    assert catalog_tests["gradle_failed"] == [
        "com.example.shop.catalog.PlantedTestNgFailureTest.failsOnBothSides"
    ], catalog_tests
    for tests in (money_tests, catalog_tests):  # the same cases, the same results otherwise
        assert not (tests["only_gradle"] or tests["only_bazel"] or tests["different"]), tests
