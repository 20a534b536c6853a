"""Reading the rollout plan file (``migration/plan.yaml``), for commands that take ``--wave``."""

from __future__ import annotations

from pathlib import Path

import yaml

PLAN_FILE = Path("migration") / "plan.yaml"


class PlanError(ValueError):
    """No plan, or a plan without the asked wave."""


def wave_projects(root: Path, wave: int) -> tuple[str, ...]:
    path = root / PLAN_FILE
    if not path.is_file():
        raise PlanError(f"no rollout plan at {path}: run `migrate plan` first (or use --module)")
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise PlanError(f"{path}: invalid YAML: {exc}") from exc
    for entry in data.get("waves", []):
        if entry.get("wave") == wave:
            return tuple(entry.get("projects", []))
    raise PlanError(f"{path} has no wave {wave}")
