"""Commands that run the migration wave by wave: plan, wave, status."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict, replace
from pathlib import Path

import click

from migrate.bazel.buildfile import BuildFileError
from migrate.cli.app import (
    EXIT_FINDINGS,
    EXIT_INTERRUPTED,
    EXIT_OK,
    config_for,
    fail,
    generation_flags,
    generation_options,
    gradle_profile,
    main,
    model_for,
    tool_flags,
)
from migrate.config import ConfigError, MigrationConfig
from migrate.gradle.reader import NotAGradleBuild, read_build
from migrate.gradle.runner import GradleError
from migrate.graph import ProjectGraph
from migrate.model import BuildModel
from migrate.owners import CodeownersError, load_codeowners
from migrate.plan import PlanError, RolloutPlan, plan_waves
from migrate.plan_file import PLAN_FILE, PlanFileError, read_plan, render_plan, write_plan
from migrate.project_facts import project_facts
from migrate.state import STATE_FILE, StateError, StateStore, load_state
from migrate.status import compute_status, render_status
from migrate.targets.generate import GenerationError
from migrate.text_table import render_table
from migrate.verify.bazel_runner import BazelError
from migrate.verify.report import render_text
from migrate.verify.verify import VerifyError, VerifyOptions
from migrate.wave import WaveError, WaveRequest, run_wave

_ERRORS = (
    NotAGradleBuild,
    ConfigError,
    CodeownersError,
    PlanError,
    PlanFileError,
    StateError,
    GenerationError,
    GradleError,
    BazelError,
    VerifyError,
    WaveError,
    BuildFileError,
)

_FORMAT = click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people; json for tools.",
)


def _facts(model: BuildModel, config: MigrationConfig):
    return project_facts(model, load_codeowners(model.root, config.plan.codeowners))


@main.command()
@click.argument("path", default=".", type=click.Path(file_okay=False, path_type=str))
@_FORMAT
@click.option(
    "--fresh",
    is_flag=True,
    help="Ignore where migration/plan.yaml puts projects (its hand edits); plan from scratch. "
    "Migrated projects keep their waves either way.",
)
@click.option("--dry-run", is_flag=True, help="Print the plan; write nothing.")
@click.option(
    "--max-wave-size",
    type=click.IntRange(min=1),
    metavar="N",
    help="At most N projects per wave [default: plan.max_wave_size in migration.yaml, else "
    "no limit].",
)
@click.option(
    "--pilot",
    "pilots",
    multiple=True,
    metavar=":a:b",
    help="A project to migrate first, with what it needs (repeatable; adds to plan.pilots).",
)
def plan(
    path: str,
    output_format: str,
    fresh: bool,
    dry_run: bool,
    max_wave_size: int | None,
    pilots: tuple[str, ...],
) -> None:
    """Plan breadth-first rollout waves and write them to migration/plan.yaml.

    A project goes into a wave only after every project it depends on is in an earlier wave
    (or migrated). Pilots go first with what they need; excluded and held-back projects, and
    everything depending on them, stay out; a maximum wave size and CODEOWNERS teams per wave
    shape the waves (migration.yaml, `plan:`). Dependency cycles are planned as one unit and
    reported. Each project says why it is in its wave; each wave gets a risk note.

    The plan file is for review in a pull request, and hand edits count: move a project to a
    later wave and re-planning keeps it there, unless that breaks dependency order (reported).
    Re-planning also records the waves in migration/state.yaml.

    Exit codes: 0 planned; 2 on errors (not a Gradle build, bad config or plan file).

    \b
    Examples:
      migrate plan examples/monorepo
      migrate plan --max-wave-size 20 --pilot :services:api --dry-run
      migrate plan --fresh --format json
    """
    try:
        config = config_for(path)
        model = read_build(path)
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
            _facts(model, config),
            constraints,
            migrated=store.state.migrated_waves(),
            previous=on_disk.wave_of() if on_disk else None,
        )
        written = False
        if not dry_run:
            written = write_plan(root, render_plan(rollout, model.root_project_name or root.name))
            wave_of = rollout.wave_of()
            store.update_many(
                {
                    p: {"wave": wave_of.get(p)}
                    for p in graph
                    if store.state.get(p).wave != wave_of.get(p)
                }
            )
    except _ERRORS as exc:
        fail(str(exc))
    if output_format == "json":
        data = asdict(rollout)
        data["plan_file"] = str(root / PLAN_FILE)
        data["written"] = written
        click.echo(json.dumps(data, indent=2))
        return
    click.echo(_render_plan(rollout))
    if dry_run:
        click.echo(f"\n(dry run: {PLAN_FILE} not written)")
    else:
        click.echo(f"\n{'wrote' if written else 'unchanged:'} {root / PLAN_FILE}")


def _render_plan(rollout: RolloutPlan) -> str:
    rows = [["WAVE", "PROJECT", "WHY"]]
    for wave in rollout.waves:
        for i, project in enumerate(wave.projects):
            rows.append([str(wave.number) if i == 0 else "", project.path, project.reason])
    lines = render_table(rows) if rollout.waves else ["no projects to migrate: nothing to plan"]
    if rollout.waves:
        lines += ["", "risk per wave:"]
        lines += [f"  wave {w.number}: {w.risk.describe()}" for w in rollout.waves]
    if rollout.skipped:
        lines += ["", "in no wave:"]
        lines += [f"  {s.path}: {s.reason}" for s in rollout.skipped]
    if rollout.cycles:
        lines += ["", "dependency cycles (each planned as one unit; break them in Gradle):"]
        lines += [f"  {c.describe()}" for c in rollout.cycles]
    if rollout.conflicts:
        lines += ["", "could not be honoured:"]
        lines += [f"  {c}" for c in rollout.conflicts]
    return "\n".join(lines)


@main.command()
@click.argument("number", type=click.IntRange(min=1), metavar="N")
@click.argument("path", default=".", type=click.Path(file_okay=False, path_type=str))
@_FORMAT
@click.option(
    "--force",
    is_flag=True,
    help="Run even though an earlier wave is not verified yet.",
)
@click.option(
    "--gradle",
    "use_gradle",
    is_flag=True,
    help="Read the model from Gradle itself (exact resolved versions).",
)
@generation_flags
@tool_flags
def wave(
    number: int,
    path: str,
    output_format: str,
    force: bool,
    granularity: str | None,
    offline_mirror: str | None,
    bazel_version: str | None,
    use_gradle: bool,
    remote: str | None,
    bazel_output_root: str | None,
    gradle_user_home: str | None,
) -> None:
    """Migrate rollout wave N: generate its BUILD files, verify them against Gradle, record.

    Generates BUILD files for the wave's projects (and anything they need that has none yet),
    builds and tests the wave with Gradle and with Bazel and compares classes, tests and
    classpaths (as `migrate verify`), writes the parity reports to migration/reports/wave-N/
    and records each step in migration/state.yaml. Projects with parity whose dependencies are
    all migrated become migrated. Runs only when every earlier wave is verified, unless --force.
    Interrupting it (Ctrl-C) keeps the state of the last finished step; run it again to go on.

    Exit codes: 0 the wave has parity; 1 a parity mismatch; 2 an error or a refusal;
    130 interrupted.

    \b
    Examples:
      migrate plan examples/monorepo
      migrate wave 1 examples/monorepo --offline-mirror file:///usr/share/maven-repo
      migrate status examples/monorepo
    """
    progress = (lambda message: click.echo(message, err=True)) if output_format == "text" else None
    try:
        config = config_for(path)
        profile = gradle_profile(config, None, offline_mirror)
        model = model_for(path, use_gradle, profile)
        root = Path(model.root)
        plan_on_disk = read_plan(root)
        if plan_on_disk is None:
            fail(f"no rollout plan at {root / PLAN_FILE}: run `migrate plan` first")
        options = generation_options(
            path,
            config,
            (),
            granularity,
            offline_mirror,
            bazel_version,
        )
        store = StateStore(root)
        request = WaveRequest(
            number,
            options,
            VerifyOptions(
                remote=remote,
                gradle=replace(profile, daemon=True, user_home=gradle_user_home),
                bazel_output_root=bazel_output_root,
                granularity=options.granularity,
            ),
            force,
        )
        result = run_wave(model, plan_on_disk, store, request, progress or (lambda _: None))
        status = compute_status(root, _facts(model, config), plan_on_disk, store.state)
    except KeyboardInterrupt:
        click.echo(
            f"\ninterrupted: {STATE_FILE} holds the last finished step; run "
            f"`migrate wave {number}` again to go on",
            err=True,
        )
        sys.exit(EXIT_INTERRUPTED)
    except _ERRORS as exc:
        fail(str(exc))
    if output_format == "json":
        data = result.to_json()
        data["next_action"] = status.next_action
        click.echo(json.dumps(data, indent=2))
    else:
        click.echo(render_text(result.report))
        click.echo(
            f"\nwave {number}: {len(result.projects) - len(result.failed)} of "
            f"{len(result.projects)} projects have parity; {len(result.migrated)} newly migrated; "
            f"reports in {root / result.report_dir}"
        )
        click.echo(f"next: {status.next_action}")
    sys.exit(EXIT_OK if result.ok else EXIT_FINDINGS)


@main.command()
@click.argument("path", default=".", type=click.Path(file_okay=False, path_type=str))
@_FORMAT
def status(path: str, output_format: str) -> None:
    """Where the migration stands, and the next action to take.

    Per wave and overall: projects and source files that are planned, generated, failed
    verification, verified and migrated (from migration/plan.yaml, migration/state.yaml and the
    BUILD files on disk: a BUILD file changed after its verification needs verifying again).

    Exit codes: 0 (whatever the progress); 2 on errors.

    \b
    Examples:
      migrate status examples/monorepo
      migrate status --format json | jq .next_action
    """
    try:
        config = config_for(path)
        model = read_build(path)
        root = Path(model.root)
        report = compute_status(root, _facts(model, config), read_plan(root), load_state(root))
    except _ERRORS as exc:
        fail(str(exc))
    if output_format == "json":
        click.echo(json.dumps(report.to_json(), indent=2))
    else:
        click.echo(render_status(report))
