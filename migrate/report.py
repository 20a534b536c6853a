"""Rendering a MigrationReport: Markdown (a pull-request comment), a self-contained HTML dashboard,
JSON, and JUnit XML (one test case per project parity check, for CI systems).

Markdown and HTML come from the Jinja2 templates in ``reports/``; a repository can override any
of them by putting a file of the same name in its own templates folder (``--templates DIR``).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path

import yaml

from migrate.report_data import TIMING_KINDS, MigrationReport
from migrate.resources import data_dir
from migrate.templates import render as render_template

FORMATS = ("markdown", "html", "json", "junit")
FILE_NAMES = {
    "markdown": "report.md",
    "html": "dashboard.html",
    "json": "report.json",
    "junit": "report.xml",
}


def _colours() -> dict:
    return yaml.safe_load((data_dir("reports") / "colours.yaml").read_text(encoding="utf-8"))


def render_markdown(
    report: MigrationReport, templates: str | Path | None = None, marker: str = ""
) -> str:
    return render_template("reports/report.md.j2", templates, report=report, marker=marker)


def render_html(report: MigrationReport, templates: str | Path | None = None) -> str:
    colours = _colours()
    timings = [v for w in report.waves if w.parity for v in w.parity.timings.values()]
    return render_template(
        "reports/dashboard.html.j2",
        templates,
        report=report,
        colours=colours["stages"],
        wave_colours=colours["waves"],
        timing_kinds=TIMING_KINDS,
        chart_max=max([1.0, *timings]),
    )


def render_json(report: MigrationReport) -> str:
    return json.dumps(report.to_json(), indent=2) + "\n"


def render_junit(report: MigrationReport) -> str:
    """One test case per planned project: passed (parity), failed (mismatch, with the first
    difference), skipped (not verified yet)."""
    planned = report.planned
    failures = [p for p in planned if p.parity == "mismatch"]
    skipped = [p for p in planned if not p.parity]
    suite = ET.Element(
        "testsuite",
        name="migrate.parity",
        tests=str(len(planned)),
        failures=str(len(failures)),
        errors="0",
        skipped=str(len(skipped)),
        timestamp=report.generated_at,
    )
    for row in planned:
        case = ET.SubElement(
            suite, "testcase", classname=f"migrate.parity.wave{row.wave}", name=row.path
        )
        if row.parity == "mismatch":
            ET.SubElement(
                case, "failure", message=row.summary
            ).text = f"{row.path}: Gradle and Bazel disagree: {row.summary}"
        elif not row.parity:
            ET.SubElement(case, "skipped", message=f"not verified yet ({row.stage})")
        if row.note and row.parity:
            ET.SubElement(case, "system-out").text = row.note
    ET.indent(suite)
    return (
        '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suite, encoding="unicode") + "\n"
    )


def render(report: MigrationReport, fmt: str, templates: str | Path | None = None) -> str:
    if fmt == "markdown":
        return render_markdown(report, templates)
    if fmt == "html":
        return render_html(report, templates)
    if fmt == "json":
        return render_json(report)
    if fmt == "junit":
        return render_junit(report)
    raise ValueError(f"unknown report format {fmt!r} (choose {', '.join(FORMATS)})")


def write_reports(
    report: MigrationReport, out_dir: str | Path, templates: str | Path | None = None
) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    written = []
    for fmt in FORMATS:
        path = out / FILE_NAMES[fmt]
        path.write_text(render(report, fmt, templates), encoding="utf-8")
        written.append(path)
    return written
