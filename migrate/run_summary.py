"""What `migrate run` leaves for people: the dashboard and the reports in migration/reports/ (as
`migrate report --out` writes them), and a summary of a few lines — projects migrated, parity per
wave, where the outputs are, the next thing to do (text from reports/run-summary.txt.j2, or
JSON)."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

from migrate.config import MigrationConfig
from migrate.model import BuildModel
from migrate.plan import ProjectFacts
from migrate.plan_file import PLAN_FILE
from migrate.records import REPORTS_DIR, wave_report
from migrate.report import FILE_NAMES, write_reports
from migrate.report_data import MigrationReport, report_of
from migrate.run import RunLog
from migrate.templates import render, shown

DONE_NEXT = (
    "open the dashboard, then commit the BUILD files and migration/ (or one pull request per "
    "wave: `migrate pr --wave N`) and check every change with `migrate ci` (docs/ci.md)"
)


@dataclass(frozen=True)
class WaveLine:
    number: int
    projects: int
    with_parity: int
    migrated: int
    mismatches: tuple[str, ...]  # projects whose last parity check failed
    verified: bool  # every project has a parity result
    ran: bool  # in this run
    seconds: float | None  # this run's wall time of the wave
    report: str  # the wave's parity.txt


@dataclass(frozen=True)
class RunSummary:
    root: str
    plan_file: str
    plan_written: bool  # this run wrote the plan
    waves: tuple[WaveLine, ...]
    migrated: int
    planned: int
    migrated_files: int
    planned_files: int
    skipped: int  # projects in no wave
    dashboard: str
    reports_dir: str
    stopped_at: int | None  # the wave with a parity mismatch this run stopped at
    complete: bool
    next_action: str

    @property
    def nothing_to_do(self) -> bool:
        """Every wave was verified before this run, so it only refreshed the reports."""
        return self.complete and not any(w.ran for w in self.waves)

    def to_json(self) -> dict[str, Any]:
        return {**asdict(self), "nothing_to_do": self.nothing_to_do}


def write_run_reports(
    model: BuildModel, config: MigrationConfig, facts: dict[str, ProjectFacts]
) -> tuple[MigrationReport, list[Path]]:
    """The migration report of the build as it stands, written in every format into
    migration/reports/ (the dashboard is dashboard.html)."""
    report = report_of(model, facts)
    return report, write_reports(report, Path(model.root) / REPORTS_DIR, config.report_templates)


def summarise(report: MigrationReport, log: RunLog, plan_written: bool) -> RunSummary:
    root = Path(report.status.root)
    status = report.status
    ran = {r.result.number for r in log.runs}
    stopped = log.stopped_at.result.number if log.stopped_at else None
    waves = []
    for wave in report.waves:
        rows = [p for p in report.projects if p.wave == wave.number]
        waves.append(
            WaveLine(
                wave.number,
                len(rows),
                sum(1 for p in rows if p.parity == "ok"),
                sum(1 for p in rows if p.stage == "migrated"),
                tuple(p.path for p in rows if p.parity == "mismatch"),
                all(p.parity for p in rows),
                wave.number in ran,
                log.seconds_of(wave.number),
                str(root / wave_report(wave.number)),
            )
        )
    totals = status.totals
    planned = [p for p in status.projects if p.wave is not None]
    if stopped is not None:
        failed = next(w for w in waves if w.number == stopped)
        next_action = (
            f"fix the parity differences of wave {stopped} ({', '.join(failed.mismatches[:5])}; "
            f"see {shown(failed.report)}), then run `migrate run` again"
        )
    else:
        next_action = DONE_NEXT if status.complete else status.next_action
    return RunSummary(
        str(root),
        str(root / PLAN_FILE),
        plan_written,
        tuple(waves),
        totals.get("migrated", {}).get("projects", 0),
        len(planned),
        totals.get("migrated", {}).get("source_files", 0),
        sum(p.source_files for p in planned),
        totals.get("skipped", {}).get("projects", 0),
        str(root / REPORTS_DIR / FILE_NAMES["html"]),
        str(root / REPORTS_DIR),
        stopped,
        status.complete,
        next_action,
    )


def render_summary(summary: RunSummary, templates: str | Path | None = None) -> str:
    return render("reports/run-summary.txt.j2", templates, summary=summary).rstrip("\n")
