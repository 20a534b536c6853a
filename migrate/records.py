"""Where migrate keeps its records in a build, and which projects a generation covers.

The rollout stages hand work to each other through these records. `migrate wave` writes each
wave's parity reports, and `status`, `report` and `run` point to them or read them. The state
file says which projects earlier waves generated, and `wave`, `verify`, `ci` and `pr` must all
generate that same scope, or their BUILD files would disagree. So the paths and that rule are
written down here once, instead of again in each stage. What the files hold stays with the
modules that write them: state.py, plan_file.py, verify/report.py and report.py.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import networkx as nx

if TYPE_CHECKING:
    from migrate.state import MigrationState

#: migrate's own folder below the build root: plan.yaml, state.yaml, reports/. Builds and
#: change detection leave it out (it is not an input of the build).
RECORDS_DIR = Path("migration")
#: The reports: wave-N/ per wave, and the dashboard and reports `migrate run` writes.
REPORTS_DIR = RECORDS_DIR / "reports"
#: A parity report's files by format, as `migrate wave` and `migrate verify --out` write them.
PARITY_FILES = {"text": "parity.txt", "json": "parity.json", "junit": "parity.xml"}


def wave_reports(number: int) -> Path:
    """The folder of wave N's parity reports, relative to the build root."""
    return REPORTS_DIR / f"wave-{number}"


def wave_report(number: int, kind: str = "text") -> Path:
    """Wave N's parity report in one format (text, json or junit), relative to the build root."""
    return wave_reports(number) / PARITY_FILES[kind]


def generated_projects(state: MigrationState) -> tuple[str, ...]:
    """The projects some wave has generated BUILD files for, as the state file records them."""
    return tuple(p for p, s in state.projects.items() if s.generated)


def generation_scope(
    graph: nx.DiGraph, state: MigrationState, projects: tuple[str, ...] | list[str]
) -> tuple[str, ...]:
    """The projects to generate for ``projects``: them, everything they depend on (Bazel must
    build it), and whatever earlier waves generated (their BUILD files stay in sync)."""
    needed = set(projects)
    for project in projects:
        needed |= nx.descendants(graph, project)
    return tuple(sorted(needed | (set(generated_projects(state)) & set(graph))))
