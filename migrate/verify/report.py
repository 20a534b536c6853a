"""The ParityReport: per project, do Gradle and Bazel produce the same classes, run the same
tests with the same results, and compile against the same dependencies — and how long each
took. Plain values, serialisable to JSON, rendered as text or JUnit XML for CI."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from migrate.records import PARITY_FILES
from migrate.text_table import render_table
from migrate.values import from_json
from migrate.verify.testresults import TestComparison


@dataclass(frozen=True)
class ClassSummary:
    identical: int
    equivalent: int  # equal after the declared normalisations
    different: tuple[tuple[str, str], ...]  # (class entry, reason)
    only_gradle: tuple[str, ...]
    only_bazel: tuple[str, ...]
    normalised: dict[str, int] = field(default_factory=dict)  # normalisation → classes

    @property
    def ok(self) -> bool:
        return not (self.different or self.only_gradle or self.only_bazel)


@dataclass(frozen=True)
class ClasspathSummary:
    missing_in_bazel: tuple[str, ...]
    extra_in_bazel: tuple[str, ...]

    @property
    def ok(self) -> bool:
        return not (self.missing_in_bazel or self.extra_in_bazel)


@dataclass(frozen=True)
class ProjectParity:
    project: str
    targets: tuple[str, ...]
    classes: ClassSummary
    tests: TestComparison
    classpath: ClasspathSummary | None = None
    notes: tuple[str, ...] = ()  # why something could not be compared

    @property
    def ok(self) -> bool:
        return self.classes.ok and self.tests.ok and (self.classpath is None or self.classpath.ok)

    def summary(self) -> str:
        """One line for the state file and tables: what matched, and the first problem."""
        c, t = self.classes, self.tests
        text = (
            f"{c.identical + c.equivalent} classes same ({c.equivalent} after normalisation), "
            f"{t.same} tests same"
        )
        issues = _issues(self, limit=1)
        return text if self.ok else f"{text}; {issues[0] if issues else 'mismatch'}"


@dataclass(frozen=True)
class Timings:
    """Wall-clock seconds for the same work on both sides."""

    gradle_build: float  # clean compile + jar
    gradle_noop: float  # the same again, nothing changed
    gradle_test: float
    bazel_build: float
    bazel_noop: float
    bazel_test: float


@dataclass(frozen=True)
class RemoteStats:
    """What Bazel's process summary said about remote work (``--remote``)."""

    config: str
    processes: int
    remote_cache_hits: int
    remote_executions: int
    local: int
    by_kind: dict[str, int]
    summary_line: str | None = (
        None  # Bazel's own words, e.g. "12 processes: 8 remote cache hit, ..."
    )


@dataclass(frozen=True)
class ParityReport:
    projects: tuple[ProjectParity, ...]
    timings: Timings
    normalisations: tuple[str, ...]
    granularity: str
    remote: RemoteStats | None = None

    @property
    def ok(self) -> bool:
        return all(p.ok for p in self.projects)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["ok"] = self.ok
        for project, parity in zip(data["projects"], self.projects, strict=True):
            project["ok"] = parity.ok
        return data

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> ParityReport:
        """The report ``to_json`` wrote (its derived ``ok`` fields are recomputed, not read)."""
        return from_json(cls, data)


def _issues(parity: ProjectParity, limit: int = 5) -> list[str]:
    out = []
    classes = parity.classes
    out += [f"class {name} differs: {reason}" for name, reason in classes.different[:limit]]
    out += [f"class {name} only in Gradle's jar" for name in classes.only_gradle[:limit]]
    out += [f"class {name} only in Bazel's jar" for name in classes.only_bazel[:limit]]
    tests = parity.tests
    out += [f"test {t}: Gradle {g}, Bazel {b}" for t, g, b in tests.different[:limit]]
    out += [f"test {t} ran in Gradle only" for t in tests.only_gradle[:limit]]
    out += [f"test {t} ran in Bazel only" for t in tests.only_bazel[:limit]]
    out += [f"test {t} fails in both" for t in tests.gradle_failed[:limit]]
    if parity.classpath:
        out += [
            f"compile classpath: {d} missing in Bazel"
            for d in parity.classpath.missing_in_bazel[:limit]
        ]
        out += [
            f"compile classpath: {d} extra in Bazel"
            for d in parity.classpath.extra_in_bazel[:limit]
        ]
    return out


def render_text(report: ParityReport) -> str:
    rows = [["PROJECT", "CLASSES =/~/≠/missing", "TESTS =/≠/missing", "CLASSPATH", "PARITY"]]
    for p in report.projects:
        c, t = p.classes, p.tests
        missing = len(c.only_gradle) + len(c.only_bazel)
        tests_missing = len(t.only_gradle) + len(t.only_bazel)
        cp = (
            "-"
            if p.classpath is None
            else (
                "same"
                if p.classpath.ok
                else f"{len(p.classpath.missing_in_bazel)} missing, "
                f"{len(p.classpath.extra_in_bazel)} extra"
            )
        )
        rows.append(
            [
                p.project,
                f"{c.identical}/{c.equivalent}/{len(c.different)}/{missing}",
                f"{t.same}/{len(t.different) + len(t.gradle_failed)}/{tests_missing}",
                cp,
                "ok" if p.ok else "MISMATCH",
            ]
        )
    lines = render_table(rows)
    tm = report.timings
    lines += [
        "",
        "timings (s)   clean build   no-op rebuild   tests",
        f"  Gradle      {tm.gradle_build:11.1f}   {tm.gradle_noop:13.1f}   {tm.gradle_test:5.1f}",
        f"  Bazel       {tm.bazel_build:11.1f}   {tm.bazel_noop:13.1f}   {tm.bazel_test:5.1f}",
    ]
    if report.normalisations:
        used = {}
        for p in report.projects:
            for name, count in p.classes.normalised.items():
                used[name] = used.get(name, 0) + count
        lines.append(
            "normalised (declared harmless): "
            + ", ".join(f"{name} ({used.get(name, 0)} classes)" for name in report.normalisations)
        )
    if report.remote:
        r = report.remote
        lines.append(
            f"remote ({r.config}): {r.processes} processes, {r.remote_cache_hits} remote "
            f"cache hits, {r.remote_executions} remote, {r.local} local"
        )
    problems = [(p.project, _issues(p)) for p in report.projects if not p.ok]
    notes = [(p.project, list(p.notes)) for p in report.projects if p.notes]
    if problems:
        lines += ["", "first differences:"]
        for project, issues in problems:
            lines += [f"  {project}: {issue}" for issue in issues]
    for project, project_notes in notes:
        lines += [f"  note {project}: {note}" for note in project_notes]
    lines += [
        "",
        "PARITY: every project matches"
        if report.ok
        else f"PARITY FAILED: {sum(not p.ok for p in report.projects)} project(s) differ",
    ]
    return "\n".join(lines)


def rendered_reports(report: ParityReport) -> dict[str, str]:
    """The report in each format migrate writes it in (text, json, junit), as file contents."""
    return {
        "text": render_text(report) + "\n",
        "json": json.dumps(report.to_json(), indent=2) + "\n",
        "junit": render_junit(report),
    }


def write_reports(report: ParityReport, directory: Path) -> None:
    """parity.txt, parity.json and parity.xml in ``directory`` (created if missing)."""
    directory.mkdir(parents=True, exist_ok=True)
    for kind, text in rendered_reports(report).items():
        (directory / PARITY_FILES[kind]).write_text(text, encoding="utf-8")


def render_junit(report: ParityReport) -> str:
    """One test case per project parity check, for CI systems."""
    failures = sum(not p.ok for p in report.projects)
    suite = ET.Element(
        "testsuite",
        name="migrate.parity",
        tests=str(len(report.projects)),
        failures=str(failures),
        errors="0",
        skipped="0",
    )
    add_parity_cases(suite, report)
    ET.indent(suite)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


def add_parity_cases(suite: ET.Element, report: ParityReport) -> None:
    """A JUnit test case per project, failing with its differences when parity does not hold."""
    for parity in report.projects:
        case = ET.SubElement(suite, "testcase", classname="migrate.parity", name=parity.project)
        if not parity.ok:
            issues = _issues(parity, limit=50)
            failure = ET.SubElement(case, "failure", message=issues[0] if issues else "mismatch")
            failure.text = "\n".join(issues)
