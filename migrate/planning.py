"""Planning the rollout of a build and recording it: the planner over the project graph, with the
constraints of migration.yaml and the hand edits of migration/plan.yaml, then the plan file and
the waves in migration/state.yaml. Shared by `migrate plan` and `migrate run`."""

from __future__ import annotations

from dataclasses import dataclass, replace
from pathlib import Path

from migrate.config import MigrationConfig
from migrate.graph import ProjectGraph
from migrate.model import BuildModel
from migrate.owners import load_codeowners
from migrate.plan import ProjectFacts, RolloutPlan, plan_waves
from migrate.plan_file import read_plan, render_plan, write_plan
from migrate.project_facts import project_facts
from migrate.state import StateStore


@dataclass(frozen=True)
class PlanOutcome:
    rollout: RolloutPlan
    written: bool  # the plan file changed


def facts_for(model: BuildModel, config: MigrationConfig) -> dict[str, ProjectFacts]:
    """Per project: size, languages and CODEOWNERS teams, what the planner weighs."""
    return project_facts(model, load_codeowners(model.root, config.plan.codeowners))


def plan_rollout(
    model: BuildModel,
    config: MigrationConfig,
    *,
    fresh: bool = False,
    max_wave_size: int | None = None,
    pilots: tuple[str, ...] = (),
    write: bool = True,
) -> PlanOutcome:
    """Plan the waves (options win over migration.yaml); with ``write``, write the plan file and
    record each project's wave in the state. ``fresh`` ignores the hand edits on disk."""
    root = Path(model.root)
    constraints = config.plan.constraints
    constraints = replace(
        constraints,
        max_wave_size=max_wave_size or constraints.max_wave_size,
        pilots=tuple(dict.fromkeys((*constraints.pilots, *pilots))),
    )
    on_disk = None if fresh else read_plan(root)
    store = StateStore(root)
    graph = ProjectGraph.from_model(model).graph
    rollout = plan_waves(
        graph,
        facts_for(model, config),
        constraints,
        migrated=store.state.migrated_waves(),
        previous=on_disk.wave_of() if on_disk else None,
    )
    if not write:
        return PlanOutcome(rollout, False)
    written = write_plan(root, render_plan(rollout, model.root_project_name or root.name))
    wave_of = rollout.wave_of()
    store.update_many(
        {p: {"wave": wave_of.get(p)} for p in graph if store.state.get(p).wave != wave_of.get(p)}
    )
    return PlanOutcome(rollout, written)
