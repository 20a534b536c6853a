"""The rollout plan file, ``migration/plan.yaml``: written by ``migrate plan`` for people to review
in a pull request, read back (with its hand edits) by ``migrate plan``, ``wave``, ``status`` and
``verify --wave``. Errors point at the file and line."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from migrate.atomic import write_atomically
from migrate.errors import InputError
from migrate.plan import RolloutPlan
from migrate.records import RECORDS_DIR
from migrate.templates import render

PLAN_FILE = RECORDS_DIR / "plan.yaml"


class PlanFileError(InputError):
    """No plan, a plan without the asked wave, or a plan file that cannot be read."""


# The old name, kept for the commands that catch it.
PlanError = PlanFileError


@dataclass(frozen=True)
class PlanOnDisk:
    path: Path
    waves: dict[int, tuple[str, ...]]  # wave number → projects, as the file lists them
    skipped: dict[str, str]  # project → why it is in no wave
    risks: dict[int, str] = field(default_factory=dict)  # wave number → its risk note

    def wave_of(self) -> dict[str, int]:
        return {p: number for number, projects in self.waves.items() for p in projects}


def read_plan(root: str | Path) -> PlanOnDisk | None:
    """The plan on disk, or None when there is none yet."""
    path = Path(root) / PLAN_FILE
    if not path.is_file():
        return None
    text = path.read_text(encoding="utf-8")
    try:
        node = yaml.compose(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise PlanFileError(f"{where}: invalid YAML: {getattr(exc, 'problem', exc)}") from exc
    if node is None:
        return PlanOnDisk(path, {}, {})
    top = _mapping(node, path, "the plan")
    waves: dict[int, tuple[str, ...]] = {}
    risks: dict[int, str] = {}
    seen: dict[str, tuple[int, int]] = {}  # project → (wave, line)
    for item in _sequence(top.get("waves"), path, "waves"):
        entry = _mapping(item, path, "a wave")
        number_node = entry.get("wave")
        try:
            number = int(number_node.value) if number_node is not None else None
        except (TypeError, ValueError):
            number = None
        if number is None or number < 1:
            raise PlanFileError(f"{_at(path, item)}: each wave needs `wave: N` (N ≥ 1)")
        if number in waves:
            raise PlanFileError(f"{_at(path, item)}: wave {number} is listed twice")
        projects = []
        for project_node in _sequence(entry.get("projects"), path, f"wave {number}'s projects"):
            project = project_node.value
            if not isinstance(project, str) or not project.startswith(":"):
                raise PlanFileError(
                    f"{_at(path, project_node)}: {project!r} is not a Gradle project path"
                )
            if project in seen:
                other, line = seen[project]
                raise PlanFileError(
                    f"{_at(path, project_node)}: {project} is already in wave {other} "
                    f"(line {line}); a project belongs to one wave"
                )
            seen[project] = (number, project_node.start_mark.line + 1)
            projects.append(project)
        waves[number] = tuple(projects)
        if isinstance(entry.get("risk"), yaml.ScalarNode):
            risks[number] = str(entry["risk"].value)
    skipped = {}
    for item in _sequence(top.get("skipped"), path, "skipped"):
        entry = _mapping(item, path, "a skipped project")
        if "project" in entry:
            skipped[str(entry["project"].value)] = str(getattr(entry.get("reason"), "value", ""))
    return PlanOnDisk(path, dict(sorted(waves.items())), skipped, risks)


def wave_projects(root: Path, wave: int) -> tuple[str, ...]:
    plan = read_plan(root)
    if plan is None:
        raise PlanFileError(
            f"no rollout plan at {Path(root) / PLAN_FILE}: run `migrate plan` first "
            "(or use --module)"
        )
    if wave not in plan.waves:
        raise PlanFileError(f"{plan.path} has no wave {wave} (it has {_numbers(plan)})")
    return plan.waves[wave]


def render_plan(plan: RolloutPlan, build_name: str) -> str:
    return render("generators/migration/plan.yaml.j2", plan=plan, build_name=build_name)


def write_plan(root: str | Path, text: str) -> bool:
    path = Path(root) / PLAN_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    return write_atomically(path, text)


def _numbers(plan: PlanOnDisk) -> str:
    return ", ".join(str(n) for n in plan.waves) or "no waves"


def _at(path: Path, node: yaml.Node) -> str:
    return f"{path}:{node.start_mark.line + 1}"


def _mapping(node: yaml.Node, path: Path, what: str) -> dict[str, yaml.Node]:
    if not isinstance(node, yaml.MappingNode):
        raise PlanFileError(f"{_at(path, node)}: expected {what} as a mapping")
    return {str(key.value): value for key, value in node.value}


def _sequence(node: yaml.Node | None, path: Path, what: str) -> list[yaml.Node]:
    if node is None or (isinstance(node, yaml.ScalarNode) and node.value in ("", "null", "~")):
        return []
    if not isinstance(node, yaml.SequenceNode):
        raise PlanFileError(f"{_at(path, node)}: expected {what} as a list")
    return list(node.value)
