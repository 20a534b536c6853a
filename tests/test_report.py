"""`migrate report`: Markdown for a PR comment (summary first, details collapsed), the
self-contained HTML dashboard, JSON, JUnit (one case per project parity check), and templates
a repository overrides."""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from dataclasses import asdict
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate.cli import main
from migrate.state import Generated, StateStore, Verified
from migrate.verify.report import (
    ClassSummary,
    ParityReport,
    ProjectParity,
    Timings,
)
from migrate.verify.testresults import TestComparison


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def _parity(project: str, ok: bool) -> ProjectParity:
    different = () if ok else (("com/example/X.class", "method run() code differs"),)
    return ProjectParity(project, (), ClassSummary(3, 1, different, (), ()), TestComparison(4))


@pytest.fixture
def migrating(example_copy: Path) -> Path:
    """The example planned, wave 1 verified (one project fails parity), timings on disk."""
    assert run("plan", str(example_copy)).exit_code == 0
    store = StateStore(example_copy)
    for project, ok in ((":libs:core", True), (":libs:text", False)):
        parity = _parity(project, ok)
        store.update(
            project,
            generated=Generated("t", "sha256:1", ()),
            verified=Verified("2026-11-30T10:00:00+00:00", ok, parity.summary(), "sha256:1"),
        )
    report = ParityReport(
        (_parity(":libs:core", True), _parity(":libs:text", False)),
        Timings(5.8, 1.3, 3.5, 15.5, 0.5, 5.3),
        ("method-parameters",),
        "module",
    )
    wave_dir = example_copy / "migration/reports/wave-1"
    wave_dir.mkdir(parents=True)
    (wave_dir / "parity.json").write_text(json.dumps({**asdict(report), "ok": report.ok}))
    return example_copy


def test_markdown_puts_the_summary_first_and_collapses_details(migrating: Path) -> None:
    result = run("report", str(migrating))
    assert result.exit_code == 0, result.output
    text = result.output
    assert text.startswith("## monorepo: 0 of 11 projects migrated to Bazel\n")
    assert ":x: **Parity fails** for `:libs:text`." in text
    assert "| 1 | 2 | 14 | 0 | 1 | **mismatch** | 5.8 s | 15.5 s | 1.3 s | 0.5 s |" in text
    assert text.index("<details>") > text.index("**Next:**")
    assert re.search(r"\| `:libs:text` \| 1 \| failed \| 5 \| \*\*mismatch\*\* \| .*differs", text)


def test_html_dashboard_is_self_contained(migrating: Path) -> None:
    html = run("report", str(migrating), "--format", "html").output
    assert html.startswith("<!DOCTYPE html>")
    assert "<svg" in html and html.count("<circle") == 16  # every project drawn
    assert 'aria-label="timings chart"' in html
    assert "wave 4" in html and "in no wave" in html
    external = re.findall(r'(?:src|href)=["\']?(?:https?:)?//', html) + re.findall(
        r"@import|<link|<script", html
    )
    assert external == [], "no network: everything is inline"
    assert "#dc2626" in html  # the failed project is drawn in the failure colour


def test_junit_has_one_case_per_project_parity_check(migrating: Path) -> None:
    xml = run("report", str(migrating), "--format", "junit").output
    suite = ET.fromstring(xml.split("\n", 1)[1])
    assert suite.get("tests") == "11"
    assert (suite.get("failures"), suite.get("skipped")) == ("1", "9")
    failed = [c for c in suite if c.find("failure") is not None]
    assert [c.get("name") for c in failed] == [":libs:text"]
    assert "method run() code differs" in failed[0].find("failure").get("message")


def test_json_and_out_folder(migrating: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    result = run("report", str(migrating), "--format", "json", "--out", str(out))
    data = json.loads(result.stdout)
    assert data["status"]["totals"]["failed"] == {"projects": 1, "source_files": 5}
    assert data["waves"][0]["parity"]["timings"]["bazel_build"] == 15.5
    assert sorted(p.name for p in out.iterdir()) == [
        "dashboard.html",
        "report.json",
        "report.md",
        "report.xml",
    ]


def test_a_wave_only_report(migrating: Path) -> None:
    text = run("report", str(migrating), "--wave", "1").output
    assert "<summary>Projects (2)</summary>" in text


def test_templates_can_be_overridden(migrating: Path, tmp_path: Path) -> None:
    custom = tmp_path / "templates"
    custom.mkdir()
    (custom / "report.md.j2").write_text(
        "Our migration: {{ report.planned | length }} projects; next: "
        "{{ report.status.next_action }}\n"
    )
    result = run("report", str(migrating), "--templates", str(custom))
    assert result.output.startswith("Our migration: 11 projects; next: fix the parity")
    (migrating / "migration.yaml").write_text(f"reports:\n  templates: {custom}\n")
    assert run("report", str(migrating)).output.startswith("Our migration")
    html = run("report", str(migrating), "--format", "html").output
    assert html.startswith("<!DOCTYPE html>")  # not overridden: the built-in one


def test_report_before_any_plan(example_copy: Path) -> None:
    result = run("report", str(example_copy))
    assert result.exit_code == 0
    assert "**Next:** run `migrate plan` to plan the rollout waves" in result.output
