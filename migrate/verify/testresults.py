"""Test results from both tools, as one shape: (class, test name) → status.

Both read the same for every framework: JUnit 4, JUnit Platform (Jupiter, vintage; the console
launcher's or Gradle's reports) and TestNG reports have the same ``<testcase classname name>``
shape, with ``name()`` for JUnit Platform methods (read as ``name``).

Gradle writes ``build/test-results/<task>/TEST-<class>.xml`` (one ``<testsuite>`` per class,
``<skipped/>``/``<failure>``/``<error>`` children). Bazel writes ``bazel-testlogs/<pkg>/<target>/
test.xml``: a ``<testsuites>`` wrapper around the JUnit runner's suites, with no ``skipped``
attribute but the same ``<testcase>`` children.
"""

from __future__ import annotations

import xml.etree.ElementTree as ET
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path

from migrate.errors import ToolError

PASSED, FAILED, SKIPPED, ERROR = "passed", "failed", "skipped", "error"


class TestResultError(ToolError):
    """A test report that is not readable JUnit XML."""

    __test__ = False  # not a pytest test class


def _status(case: ET.Element) -> str:
    if case.find("failure") is not None:
        return FAILED
    if case.find("error") is not None:
        return ERROR
    if case.find("skipped") is not None:
        return SKIPPED
    return PASSED


def parse_junit_xml(path: Path) -> dict[tuple[str, str], str]:
    """(class name, test name) → status for one JUnit XML report (either tool's shape)."""
    try:
        root = ET.parse(path).getroot()
    except (ET.ParseError, OSError) as exc:
        raise TestResultError(f"{path}: not a readable JUnit XML report: {exc}") from exc
    results: dict[tuple[str, str], str] = {}
    for case in root.iter("testcase"):
        suite_name = case.get("classname") or ""
        results[(suite_name, case_name(case.get("name") or ""))] = _status(case)
    return results


def case_name(name: str) -> str:
    """One spelling of a test's name: JUnit Platform reports write a method without parameters
    as ``adds()``, JUnit 4 and TestNG reports as ``adds``."""
    return name.removesuffix("()")


def collect(paths: Iterable[Path]) -> dict[tuple[str, str], str]:
    results: dict[tuple[str, str], str] = {}
    for path in sorted(paths):
        results.update(parse_junit_xml(path))
    return results


def gradle_results(project_dir: Path) -> dict[tuple[str, str], str]:
    return collect((project_dir / "build" / "test-results").glob("*/TEST-*.xml"))


def bazel_results(testlogs: Path, packages: Iterable[str], names: Iterable[str]) -> dict:
    paths = [testlogs / package / name / "test.xml" for package in packages for name in names]
    return collect(p for p in paths if p.is_file())


@dataclass(frozen=True)
class TestComparison:
    __test__ = False  # not a pytest test class

    same: int
    different: tuple[tuple[str, str, str], ...] = ()  # (test id, gradle status, bazel status)
    only_gradle: tuple[str, ...] = ()  # tests Bazel did not run
    only_bazel: tuple[str, ...] = ()
    gradle_failed: tuple[str, ...] = field(default=())  # failing on both sides still fails

    @property
    def ok(self) -> bool:
        return not (self.different or self.only_gradle or self.only_bazel or self.gradle_failed)

    def to_json(self) -> dict:
        return asdict(self)


def compare_tests(
    gradle: dict[tuple[str, str], str], bazel: dict[tuple[str, str], str]
) -> TestComparison:
    def ident(key: tuple[str, str]) -> str:
        return f"{key[0]}.{key[1]}"

    same = 0
    different = []
    for key in sorted(set(gradle) & set(bazel)):
        if gradle[key] == bazel[key]:
            same += 1
        else:
            different.append((ident(key), gradle[key], bazel[key]))
    failing = tuple(
        ident(k)
        for k in sorted(gradle)
        if gradle[k] in (FAILED, ERROR) and bazel.get(k) == gradle[k]
    )
    return TestComparison(
        same,
        tuple(different),
        tuple(ident(k) for k in sorted(set(gradle) - set(bazel))),
        tuple(ident(k) for k in sorted(set(bazel) - set(gradle))),
        failing,
    )
