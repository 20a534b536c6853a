"""Commands that run the migration wave by wave: plan, wave, status; and run (every pending wave
in order, the main job)."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import NoReturn

import click

from migrate.cli.app import (
    GenerationFlags,
    ToolFlags,
    config_for,
    fail,
    format_option,
    generation_flags,
    gradle_profile,
    main,
    model_for,
    path_argument,
    tool_flags,
)
from migrate.config import MigrationConfig
from migrate.errors import EXIT_FINDINGS, EXIT_INTERRUPTED, EXIT_OK, MigrateError
from migrate.gradle.reader import read_build
from migrate.gradle.runner import GradleProfile
from migrate.model import BuildModel
from migrate.plan import ProjectFacts, RolloutPlan
from migrate.plan_file import PLAN_FILE, PlanOnDisk, read_plan
from migrate.planning import facts_for, plan_rollout
from migrate.run import RunLog, check_tools, pending_waves, run_pending
from migrate.run_summary import render_summary, summarise, write_run_reports
from migrate.state import STATE_FILE, StateStore, load_state
from migrate.status import compute_status, render_status
from migrate.text_table import render_table
from migrate.verify.report import render_text
from migrate.wave import WaveRequest, run_wave

_FORMAT = format_option(help="text for people; json for tools.")


@main.command()
@path_argument
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
    config = config_for(path)
    model = read_build(path)
    root = Path(model.root)
    outcome = plan_rollout(
        model,
        config,
        fresh=fresh,
        max_wave_size=max_wave_size,
        pilots=pilots,
        write=not dry_run,
    )
    rollout, written = outcome.rollout, outcome.written
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
@path_argument
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
    generation: GenerationFlags,
    use_gradle: bool,
    tools: ToolFlags,
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
    progress = _progress(output_format)
    try:
        config = config_for(path)
        profile = gradle_profile(config, None, generation.offline_mirror)
        model = model_for(path, use_gradle, profile)
        root = Path(model.root)
        plan_on_disk = read_plan(root)
        if plan_on_disk is None:
            fail(f"no rollout plan at {root / PLAN_FILE}: run `migrate plan` first")
        request = _wave_request(path, config, profile, number, force, generation, tools)
        store = StateStore(root)
        result = run_wave(model, plan_on_disk, store, request, progress)
        status = compute_status(root, facts_for(model, config), plan_on_disk, store.state)
    except KeyboardInterrupt:
        _interrupted("", f"migrate wave {number}")
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


def _wave_request(
    path: str,
    config: MigrationConfig,
    profile: GradleProfile,
    number: int,
    force: bool,
    generation: GenerationFlags,
    tools: ToolFlags,
) -> WaveRequest:
    """What `migrate wave` and `migrate run` make of their options: the same flags, the same
    defaults, so a wave runs the same whichever command runs it."""
    options = generation.options(path, config)
    return WaveRequest(number, options, tools.verify_options(profile, options.granularity), force)


def _progress(output_format: str) -> Callable[[str], None]:
    """Where `migrate wave` and `migrate run` say what they are doing: stderr, or nowhere for
    --format json (stdout is the JSON)."""
    return (lambda message: click.echo(message, err=True)) if output_format == "text" else _quiet


def _quiet(message: str) -> None:
    """Progress for --format json: none (stdout is the JSON)."""


def _interrupted(where: str, again: str) -> NoReturn:
    """Ctrl-C ended a wave: the state keeps the last finished step; say so, and exit 130."""
    click.echo(
        f"\ninterrupted{where}: {STATE_FILE} holds the last finished step; run `{again}` again "
        "to go on",
        err=True,
    )
    sys.exit(EXIT_INTERRUPTED)


@main.command()
@path_argument
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
    config = config_for(path)
    model = read_build(path)
    root = Path(model.root)
    report = compute_status(root, facts_for(model, config), read_plan(root), load_state(root))
    if output_format == "json":
        click.echo(json.dumps(report.to_json(), indent=2))
    else:
        click.echo(render_status(report))


@main.command()
@path_argument
@_FORMAT
@click.option(
    "--fresh",
    is_flag=True,
    help="Plan again from scratch first, as `migrate plan --fresh` (migrated projects keep "
    "their waves).",
)
@click.option(
    "--max-wave-size",
    type=click.IntRange(min=1),
    metavar="N",
    help="Plan again first with at most N projects per wave, as `migrate plan --max-wave-size`.",
)
@generation_flags
@tool_flags
def run(
    path: str,
    output_format: str,
    fresh: bool,
    max_wave_size: int | None,
    generation: GenerationFlags,
    tools: ToolFlags,
) -> None:
    """Migrate every pending wave in order: plan, generate, verify, record, report.

    Plans the rollout waves when there is no migration/plan.yaml yet (or the build has projects
    the plan does not know, or --fresh / --max-wave-size ask for it), as `migrate plan`. Then runs
    each wave that is not verified yet, in order, exactly as `migrate wave N`: its BUILD files
    generated, built and tested with Gradle and with Bazel, compared, recorded in
    migration/state.yaml. It stops at the first wave with a parity mismatch: later waves build
    on it. Finally it writes the HTML dashboard and the reports into migration/reports/ (as
    `migrate report --out`) and prints a short summary: projects migrated, parity per wave,
    where the outputs are, the next thing to do. Progress goes to stderr.

    Running it again goes on where the last run stopped; when every wave is verified it only
    refreshes the reports (no Gradle, no Bazel) and says so. Ctrl-C keeps the state of the last
    finished step, as in `migrate wave`.

    Exit codes: 0 every pending wave has parity (or none was left); 1 a parity mismatch (the
    wave is named, with its parity report); 2 an error: not a Gradle build, Gradle or Bazel not
    installed (said before any wave starts), or a tool failing in a wave (named); 130
    interrupted.

    \b
    Examples:
      migrate run examples/monorepo --offline-mirror file:///usr/share/maven-repo
      migrate run --remote=cache    # Bazel through bazel.remote's cache (migration.yaml)
      migrate run --format json | jq '.migrated, .planned'
    """
    progress = _progress(output_format)
    log = RunLog(())
    try:
        config = config_for(path)
        model = read_build(path)
        root = Path(model.root)
        facts = facts_for(model, config)
        plan_on_disk, planned = _plan_if_needed(model, config, facts, fresh, max_wave_size)
        store = StateStore(root)
        log = RunLog(pending_waves(compute_status(root, facts, plan_on_disk, store.state)))
        if log.pending:
            profile = gradle_profile(config, None, generation.offline_mirror)
            check_tools(root, profile)
            request = _wave_request(path, config, profile, log.pending[0], False, generation, tools)
            progress(
                f"migrating wave{'s' if len(log.pending) > 1 else ''} "
                f"{', '.join(map(str, log.pending))} of {root} with Gradle and Bazel "
                "(each: generate, build and test with both, compare)"
            )
            run_pending(model, plan_on_disk, store, request, log, progress)
        else:
            progress(f"every wave of {root} is verified already: refreshing the reports only")
        report, _ = write_run_reports(model, config, facts)
        summary = summarise(report, log, planned)
    except KeyboardInterrupt:
        _interrupted(f" in wave {log.current}" if log.current else "", "migrate run")
    except MigrateError as exc:
        if log.current is None:
            raise
        fail(
            f"wave {log.current}: {exc}\n(every finished step is kept in {STATE_FILE}; fix this "
            "and run `migrate run` again to go on)",
            exc.exit_code,
        )
    stopped = log.stopped_at
    if output_format == "json":
        click.echo(json.dumps(summary.to_json(), indent=2))
    else:
        if stopped:
            click.echo(render_text(stopped.result.report) + "\n")
        click.echo(render_summary(summary, config.report_templates))
    sys.exit(EXIT_FINDINGS if stopped else EXIT_OK)


def _plan_if_needed(
    model: BuildModel,
    config: MigrationConfig,
    facts: dict[str, ProjectFacts],
    fresh: bool,
    max_wave_size: int | None,
) -> tuple[PlanOnDisk, bool]:
    """The plan to run, planned (as `migrate plan`) when there is none, when the options ask
    for it, or when the build has projects the plan does not know; and whether it was written."""
    root = Path(model.root)
    on_disk = read_plan(root)
    asked = on_disk is None or fresh or max_wave_size is not None
    if not asked:
        status = compute_status(root, facts, on_disk, load_state(root))
        if not any(p.stage == "unplanned" for p in status.projects):
            return on_disk, False
    written = plan_rollout(model, config, fresh=fresh, max_wave_size=max_wave_size).written
    return read_plan(root), written
