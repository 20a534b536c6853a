"""Everything a migration report shows, gathered in one plain value: the status (projects per
stage and wave, next action), each wave's risk note and latest parity report, and the project
graph laid out for a picture. The renderers (report.py) only format it."""

from __future__ import annotations

import json
from dataclasses import asdict, dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import networkx as nx

from migrate.graph import ProjectGraph
from migrate.graph_picture import GraphPicture, layout
from migrate.model import BuildModel
from migrate.plan import ProjectFacts
from migrate.plan_file import PlanOnDisk, read_plan
from migrate.records import wave_report
from migrate.state import MigrationState, load_state
from migrate.status import StatusReport, compute_status
from migrate.verify.report import ParityReport

#: The timings a parity report holds, in the order the charts show them.
TIMING_KINDS = (("build", "clean build"), ("noop", "no-op"), ("test", "tests"))


@dataclass(frozen=True)
class ProjectRow:
    path: str
    wave: int | None
    stage: str
    source_files: int
    owners: tuple[str, ...]
    parity: str  # "ok", "mismatch" or "" (not verified)
    summary: str  # the last parity result, or why it is in no wave
    verified_at: str | None
    note: str


@dataclass(frozen=True)
class WaveParity:
    """The latest parity report of one wave (migration/reports/wave-N/parity.json)."""

    wave: int
    ok: bool
    timings: dict[str, float]
    normalisations: tuple[str, ...]
    remote: dict[str, Any] | None


@dataclass(frozen=True)
class WaveRow:
    number: int
    projects: tuple[str, ...]
    source_files: int
    stages: dict[str, int]
    complete: bool
    risk: str
    parity: WaveParity | None


@dataclass(frozen=True)
class MigrationReport:
    title: str
    generated_at: str
    status: StatusReport
    waves: tuple[WaveRow, ...]
    projects: tuple[ProjectRow, ...]
    picture: GraphPicture
    cycles: tuple[tuple[str, ...], ...]

    @property
    def planned(self) -> tuple[ProjectRow, ...]:
        return tuple(p for p in self.projects if p.wave is not None)

    def to_json(self) -> dict[str, Any]:
        data = asdict(self)
        data["status"] = self.status.to_json()
        del data["picture"]  # geometry is for the picture only
        return data


def build_report(
    title: str,
    root: str | Path,
    graph: nx.DiGraph,
    facts: dict[str, ProjectFacts],
    plan: PlanOnDisk | None,
    state: MigrationState,
    waves: tuple[int, ...] | None = None,
) -> MigrationReport:
    """``waves``: only these waves' projects (e.g. for one wave's pull request); None: all."""
    status = compute_status(root, facts, plan, state)
    skipped = plan.skipped if plan else {}
    rows = []
    for project in status.projects:
        if waves is not None and project.wave not in waves:
            continue
        verified = state.get(project.path).verified
        rows.append(
            ProjectRow(
                project.path,
                project.wave,
                project.stage,
                project.source_files,
                facts[project.path].owners,
                ("ok" if verified.ok else "mismatch") if verified else "",
                verified.summary if verified else skipped.get(project.path, ""),
                verified.at if verified else None,
                project.note,
            )
        )
    wave_rows = []
    for wave in status.waves:
        if waves is not None and wave.number not in waves:
            continue
        wave_rows.append(
            WaveRow(
                wave.number,
                tuple(p.path for p in status.projects if p.wave == wave.number),
                wave.source_files,
                wave.stages,
                wave.complete,
                plan.risks.get(wave.number, "") if plan else "",
                _wave_parity(Path(root), wave.number),
            )
        )
    wave_of = {p.path: p.wave for p in status.projects if p.wave is not None}
    stage_of = {p.path: p.stage for p in status.projects}
    shown = graph if waves is None else graph.subgraph([r.path for r in rows])
    cycles = tuple(tuple(sorted(c)) for c in nx.strongly_connected_components(shown) if len(c) > 1)
    return MigrationReport(
        title,
        datetime.now(UTC).replace(microsecond=0).isoformat(),
        status,
        tuple(wave_rows),
        tuple(rows),
        layout(shown, wave_of, stage_of),
        tuple(sorted(cycles)),
    )


def report_of(
    model: BuildModel, facts: dict[str, ProjectFacts], waves: tuple[int, ...] | None = None
) -> MigrationReport:
    """The report of the build ``model`` as it stands: its plan and state files, its waves'
    parity reports (``waves`` as for :func:`build_report`)."""
    root = Path(model.root)
    return build_report(
        model.root_project_name or root.name,
        root,
        ProjectGraph.from_model(model).graph,
        facts,
        read_plan(root),
        load_state(root),
        waves,
    )


def _wave_parity(root: Path, number: int) -> WaveParity | None:
    path = root / wave_report(number, "json")
    try:
        report = ParityReport.from_json(json.loads(path.read_text(encoding="utf-8")))
    except (FileNotFoundError, ValueError):  # not verified yet, or not a report migrate wrote
        return None
    timings = asdict(report.timings)
    return WaveParity(
        number,
        report.ok,
        {
            f"{tool}_{kind}": float(timings[f"{tool}_{kind}"])
            for tool in ("gradle", "bazel")
            for kind, _ in TIMING_KINDS
        },
        report.normalisations,
        asdict(report.remote) if report.remote else None,
    )
