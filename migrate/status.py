"""Where the migration stands: projects and source files per stage, per wave, and the one next
action to take. Read from the plan, the state file and the BUILD files on disk (so a hand edit
made after verification shows up as needing a new verification)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import asdict, dataclass, field, replace
from pathlib import Path
from typing import Any

from migrate.plan import ProjectFacts
from migrate.plan_file import PlanOnDisk
from migrate.records import wave_report
from migrate.state import STAGES, MigrationState, hash_files
from migrate.text_table import render_table

#: Stages shown in status, in order; "skipped" is for projects the plan leaves out.
STATUS_STAGES = (*STAGES, "skipped")


@dataclass(frozen=True)
class ProjectStatus:
    path: str
    wave: int | None
    stage: str
    source_files: int
    note: str = ""  # what needs attention


@dataclass(frozen=True)
class WaveStatus:
    number: int
    projects: int
    source_files: int
    stages: dict[str, int] = field(default_factory=dict)

    @property
    def complete(self) -> bool:
        return self.stages.get("migrated", 0) == self.projects


@dataclass(frozen=True)
class StatusReport:
    root: str
    plan_file: str | None
    projects: tuple[ProjectStatus, ...]
    waves: tuple[WaveStatus, ...]
    totals: dict[str, dict[str, int]]  # stage → {"projects": n, "source_files": m}
    next_action: str

    @property
    def complete(self) -> bool:
        return bool(self.waves) and all(
            p.stage in ("migrated", "skipped") and not p.note for p in self.projects
        )

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["complete"] = self.complete
        for wave, item in zip(data["waves"], self.waves, strict=True):
            wave["complete"] = item.complete
        return data


def compute_status(
    root: str | Path,
    facts: Mapping[str, ProjectFacts],
    plan: PlanOnDisk | None,
    state: MigrationState,
) -> StatusReport:
    wave_of = plan.wave_of() if plan else {}
    skipped = plan.skipped if plan else {}
    projects = []
    for path in sorted(facts):
        files = facts[path].source_files or 0
        entry = state.get(path)
        if path in wave_of:
            stage = entry.stage if entry.stage != "unplanned" else "planned"
        elif path in skipped or files == 0:
            stage = "skipped"
        else:
            stage = "unplanned"
        projects.append(
            ProjectStatus(path, wave_of.get(path), stage, files, _note(root, state, path))
        )
    waves = []
    for number in sorted({p.wave for p in projects if p.wave is not None}):
        members = [p for p in projects if p.wave == number]
        waves.append(
            WaveStatus(
                number,
                len(members),
                sum(p.source_files for p in members),
                dict(Counter(p.stage for p in members)),
            )
        )
    totals = {
        stage: {
            "projects": sum(1 for p in projects if p.stage == stage),
            "source_files": sum(p.source_files for p in projects if p.stage == stage),
        }
        for stage in STATUS_STAGES
        if any(p.stage == stage for p in projects)
    }
    report = StatusReport(
        str(root),
        str(plan.path) if plan else None,
        tuple(projects),
        tuple(waves),
        totals,
        "",
    )
    return replace(report, next_action=_next_action(report, plan))


def _note(root: str | Path, state: MigrationState, path: str) -> str:
    entry = state.get(path)
    if entry.generated is None:
        return ""
    on_disk = hash_files(root, entry.generated.files)
    if entry.verified is not None and on_disk != entry.verified.hash:
        return "BUILD files changed since they were verified"
    if entry.verified is None and on_disk != entry.generated.hash:
        return "BUILD files edited since they were generated"
    if entry.verified is not None and not entry.verified.ok:
        return entry.verified.summary
    return ""


def _next_action(report: StatusReport, plan: PlanOnDisk | None) -> str:
    if plan is None:
        return "run `migrate plan` to plan the rollout waves"
    by_wave: dict[int, list[ProjectStatus]] = {}
    for project in report.projects:
        if project.wave is not None:
            by_wave.setdefault(project.wave, []).append(project)
    for number, members in sorted(by_wave.items()):
        if all(p.stage == "migrated" and not p.note for p in members):
            continue
        failed = [p.path for p in members if p.stage == "failed"]
        if failed:
            return (
                f"fix the parity differences in wave {number} ({', '.join(failed[:5])}; see "
                f"{wave_report(number)}), then run "
                f"`migrate wave {number}` again"
            )
        changed = [p.path for p in members if p.note]
        if changed:
            return (
                f"BUILD files of wave {number} changed since verification "
                f"({', '.join(changed[:5])}): run `migrate wave {number}` again"
            )
        files = sum(p.source_files for p in members)
        return f"run `migrate wave {number}` ({len(members)} projects, {files} source files)"
    unplanned = [p.path for p in report.projects if p.stage == "unplanned"]
    if unplanned:
        return (
            f"the build has projects the plan does not ({', '.join(unplanned[:5])}): run "
            "`migrate plan` to add them"
        )
    migrated = report.totals.get("migrated", {}).get("projects", 0)
    return f"nothing left: all {migrated} planned projects are migrated and verified"


def render_status(report: StatusReport) -> str:
    planned = [p for p in report.projects if p.wave is not None]
    migrated = [p for p in planned if p.stage == "migrated"]
    lines = [
        f"Migration of {report.root}: {len(migrated)} of {len(planned)} planned projects "
        f"migrated ({sum(p.source_files for p in migrated)} of "
        f"{sum(p.source_files for p in planned)} source files)"
    ]
    if report.waves:
        stages = [s for s in STAGES if s != "unplanned"]
        rows = [["WAVE", "PROJECTS", "SOURCE FILES", *(s.upper() for s in stages), "DONE"]]
        for wave in report.waves:
            rows.append(
                [
                    str(wave.number),
                    str(wave.projects),
                    str(wave.source_files),
                    *(str(wave.stages.get(s, 0)) for s in stages),
                    "yes" if wave.complete else "no",
                ]
            )
        lines += ["", *render_table(rows)]
    rows = [["STAGE", "PROJECTS", "SOURCE FILES"]]
    for stage, counts in report.totals.items():
        rows.append([stage, str(counts["projects"]), str(counts["source_files"])])
    lines += ["", *render_table(rows)]
    attention = [p for p in report.projects if p.note or p.stage == "unplanned"]
    if attention:
        lines += ["", "needs attention:"]
        lines += [
            f"  {p.path} (wave {p.wave if p.wave is not None else '-'}, {p.stage}): "
            f"{p.note or 'not in the plan'}"
            for p in attention
        ]
    lines += ["", f"next: {report.next_action}"]
    return "\n".join(lines)
