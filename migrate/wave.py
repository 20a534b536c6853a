"""One rollout wave, end to end: generate its BUILD files → verify it against Gradle → record the
result in the state file → write the parity reports.

The state is written after each step, so an interruption leaves it at the last finished step
(generated but not verified, say), and running the wave again simply redoes the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import networkx as nx

from migrate.bazel.files import apply_changes
from migrate.errors import InputError
from migrate.graph import ProjectGraph
from migrate.model import BuildModel
from migrate.pipeline import run_generation
from migrate.plan_file import PlanOnDisk
from migrate.records import generation_scope, wave_report, wave_reports
from migrate.state import Generated, MigrationState, StateStore, Verified, hash_files, now
from migrate.targets.generate import GenerateOptions
from migrate.verify.report import ParityReport, write_reports
from migrate.verify.verify import VerifyOptions, verify

DONE_STAGES = ("verified", "migrated")


class WaveError(InputError):
    """The wave cannot run: not in the plan, an earlier wave unfinished, a stale plan."""


@dataclass(frozen=True)
class WaveRequest:
    number: int
    generate: GenerateOptions
    verify: VerifyOptions
    force: bool = False  # run even when an earlier wave is not verified


@dataclass(frozen=True)
class WaveResult:
    number: int
    projects: tuple[str, ...]
    written: tuple[str, ...]  # files the generation changed
    report: ParityReport
    failed: tuple[str, ...]
    migrated: tuple[str, ...]  # projects that became migrated in this run
    report_dir: str

    @property
    def ok(self) -> bool:
        return self.report.ok

    def to_json(self) -> dict[str, Any]:
        return {
            "wave": self.number,
            "projects": list(self.projects),
            "written": list(self.written),
            "ok": self.ok,
            "failed": list(self.failed),
            "migrated": list(self.migrated),
            "report_dir": self.report_dir,
            "parity": self.report.to_json(),
        }


def unfinished_before(
    plan: PlanOnDisk, state: MigrationState, number: int
) -> list[tuple[int, str, str]]:
    """(wave, project, stage) of every project in an earlier wave that is not verified."""
    return [
        (wave, project, state.get(project).stage)
        for wave, projects in plan.waves.items()
        if wave < number
        for project in projects
        if state.get(project).stage not in DONE_STAGES
    ]


def run_wave(
    model: BuildModel,
    plan: PlanOnDisk,
    store: StateStore,
    request: WaveRequest,
    progress: Callable[[str], None] = lambda message: None,
) -> WaveResult:
    root = Path(model.root)
    number = request.number
    projects = _wave_projects(model, plan, number)
    unfinished = unfinished_before(plan, store.state, number)
    if unfinished and not request.force:
        shown = ", ".join(f"{p} (wave {w}, {stage})" for w, p, stage in unfinished[:8])
        more = f" and {len(unfinished) - 8} more" if len(unfinished) > 8 else ""
        first = unfinished[0][0]
        raise WaveError(
            f"earlier waves are not verified yet: {shown}{more}. Run `migrate wave {first}` "
            f"first, or pass --force to run wave {number} anyway"
        )
    graph = ProjectGraph.from_model(model).graph
    scope = generation_scope(graph, store.state, projects)
    progress(f"wave {number}: generating BUILD files ({len(scope)} projects in scope)")
    result = run_generation(root, model, replace(request.generate, modules=scope))
    written = tuple(apply_changes(root, result.changes))
    files = result.project_files()
    wave_of = plan.wave_of()
    store.update_many(
        {
            project: {
                "wave": wave_of.get(project),
                "generated": Generated(now(), hash_files(root, paths), paths),
            }
            for project, paths in files.items()
            if _changed(store.state, project, root, paths)
        }
    )
    verifiable = tuple(p for p in projects if p in result.generation.projects)
    progress(f"wave {number}: verifying {len(verifiable)} projects with Gradle and Bazel")
    report = verify(
        model,
        result.generation,
        replace(request.verify, modules=verifiable),
        result.existing_targets(),
    )
    report_dir = _write_reports(root, number, report)
    store.update_many(
        {
            parity.project: {
                "verified": Verified(
                    now(),
                    parity.ok,
                    parity.summary(),
                    hash_files(root, files[parity.project]),
                    str(wave_report(number)),
                )
            }
            for parity in report.projects
        }
    )
    migrated = promote(store, graph, plan)
    return WaveResult(
        number,
        projects,
        written,
        report,
        tuple(p.project for p in report.projects if not p.ok),
        migrated,
        str(report_dir),
    )


def promote(store: StateStore, graph: nx.DiGraph, plan: PlanOnDisk) -> tuple[str, ...]:
    """Mark migrated every verified project whose planned dependencies are all migrated (from
    then on Bazel builds it on proven ground), provided its BUILD files are still the ones that
    were verified. A dependency cycle is promoted as one unit. Returns the projects newly marked.
    """
    planned = plan.wave_of()
    state = store.state
    migrated = {p for p, s in state.projects.items() if s.migrated}
    newly: list[str] = []
    condensed = nx.condensation(graph)
    for component in reversed(list(nx.topological_sort(condensed))):  # dependencies first
        members = sorted(condensed.nodes[component]["members"])
        if all(m in migrated for m in members):
            continue
        if not all(_verified_as_on_disk(store.root, state, m) for m in members):
            continue
        deps = {d for m in members for d in graph.successors(m) if d in planned}
        if all(d in migrated for d in deps - set(members)):
            migrated |= set(members)
            newly += [m for m in members if not state.get(m).migrated]
    if newly:
        stamp = now()
        store.update_many({p: {"migrated": stamp} for p in newly})
    return tuple(sorted(newly))


def _verified_as_on_disk(root: Path, state: MigrationState, project: str) -> bool:
    entry = state.get(project)
    if entry.stage != "verified" or entry.generated is None or entry.verified is None:
        return False
    return hash_files(root, entry.generated.files) == entry.verified.hash


def _wave_projects(model: BuildModel, plan: PlanOnDisk, number: int) -> tuple[str, ...]:
    if number not in plan.waves:
        have = ", ".join(str(n) for n in plan.waves) or "none"
        raise WaveError(f"{plan.path} has no wave {number} (waves: {have})")
    known = {p.path for p in model.projects}
    gone = [p for p in plan.waves[number] if p not in known]
    if gone:
        raise WaveError(
            f"{plan.path}: wave {number} lists {', '.join(gone)}, which the build no longer has; "
            "run `migrate plan` to update the plan"
        )
    return plan.waves[number]


def _changed(state: MigrationState, project: str, root: Path, paths: tuple[str, ...]) -> bool:
    generated = state.get(project).generated
    return generated is None or generated.hash != hash_files(root, paths)


def _write_reports(root: Path, number: int, report: ParityReport) -> Path:
    directory = wave_reports(number)
    write_reports(report, root / directory)
    return directory
