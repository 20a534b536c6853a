"""Commands whose output is for review: report (people), ci (a CI job), pr (a pull request)."""

from __future__ import annotations

import dataclasses
import json
import os
import sys
from pathlib import Path

import click

from migrate.bot.pr import PrRequest, comment_marker, run_pr
from migrate.ci import CiRequest, run_ci, write_ci_reports
from migrate.cli.app import (
    GenerationFlags,
    ToolFlags,
    config_for,
    fail,
    format_option,
    generation_flags,
    gradle_profile,
    main,
    modules_option,
    path_argument,
    tool_flags,
)
from migrate.config import ConfigError, MigrationConfig
from migrate.errors import EXIT_FINDINGS, EXIT_OK, MigrateError
from migrate.gradle.reader import read_build
from migrate.planning import facts_for
from migrate.records import REPORTS_DIR
from migrate.report import FILE_NAMES, FORMATS, render, render_markdown, write_reports
from migrate.report_data import MigrationReport, report_of
from migrate.verify.report import render_text


def _report(path: str, config: MigrationConfig, waves: tuple[int, ...] | None) -> MigrationReport:
    model = read_build(path)
    return report_of(model, facts_for(model, config), waves)


@main.command()
@path_argument
@format_option(
    FORMATS,
    default="markdown",
    help="What to print: markdown (a PR comment), html (the dashboard), json, junit.",
)
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=str),
    help=f"Also write all four ({', '.join(FILE_NAMES.values())}) into this directory.",
)
@click.option("--wave", "waves", type=int, multiple=True, metavar="N", help="Only wave N.")
@click.option(
    "--templates",
    type=click.Path(file_okay=False, exists=True, path_type=str),
    help="A folder with your own report.md.j2 / dashboard.html.j2 [default: reports.templates "
    "in migration.yaml, else the built-in ones].",
)
def report(
    path: str,
    output_format: str,
    out_dir: str | None,
    waves: tuple[int, ...],
    templates: str | None,
) -> None:
    """Report the migration: status, waves, parity and timings.

    From migration/plan.yaml, migration/state.yaml and the waves' parity reports. Markdown fits a
    pull-request comment (summary first, details collapsed); html is a self-contained dashboard
    (no network) with the project graph coloured by wave and state, wave progress, the parity
    table and Gradle vs Bazel timings; junit has one test case per project parity check.

    \b
    Examples:
      migrate report examples/monorepo --out migration/reports/latest
      migrate report --format html > dashboard.html
      migrate report --format junit --wave 2
    """
    config = config_for(path)
    templates = templates or config.report_templates
    data = _report(path, config, waves or None)
    text = render(data, output_format, templates)
    written = write_reports(data, out_dir, templates) if out_dir else []
    click.echo(text, nl=False)
    for file in written:
        click.echo(f"wrote {file}", err=True)


@main.command()
@path_argument
@click.option(
    "--base",
    metavar="REF",
    help="Check the projects changed since REF (its merge base with HEAD), e.g. origin/main; "
    "uncommitted changes always count.",
)
@click.option("--wave", type=int, metavar="N", help="Check wave N's projects instead.")
@modules_option("Or these projects.")
@click.option("--no-parity", is_flag=True, help="Only the drift check (no Gradle, no Bazel).")
@click.option(
    "--out",
    "out_dir",
    default=str(REPORTS_DIR / "ci"),
    show_default=True,
    help="Where ci.md, ci.xml (JUnit) and ci.json go (relative to PATH).",
)
@format_option(show_default=None)
@generation_flags
@tool_flags
def ci(
    path: str,
    base: str | None,
    wave: int | None,
    modules: tuple[str, ...],
    no_parity: bool,
    out_dir: str,
    output_format: str,
    generation: GenerationFlags,
    tools: ToolFlags,
) -> None:
    """The CI check: generated files up to date, and Gradle/Bazel parity where a change lands.

    First the drift check: the BUILD and workspace files on disk must be exactly what
    `migrate generate` would write now (a build script edit that changes dependencies shows up
    here, as a diff). Then parity (as `migrate verify`) for the projects the change touches and
    everything depending on them — or for --wave N / --module. Writes ci.md (for a PR comment
    or job summary) and ci.xml (JUnit) to --out.

    Exit codes: 0 up to date with parity; 1 drift or a parity mismatch; 2 an error.

    \b
    Examples:
      migrate ci --base origin/main --offline-mirror file:///usr/share/maven-repo
      migrate ci --wave 2
      migrate ci --no-parity          # drift only: fast, no build tools needed
    """
    if sum(bool(x) for x in (base, wave is not None, modules)) > 1:
        fail("use only one of --base, --wave and --module")
    config = config_for(path)
    model = read_build(path)
    options = generation.options(path, config)
    request = CiRequest(
        options,
        tools.verify_options(
            gradle_profile(config, None, generation.offline_mirror), options.granularity
        ),
        base,
        wave,
        modules,
        not no_parity,
    )
    outcome = run_ci(model, request)
    written = write_ci_reports(outcome, Path(model.root) / out_dir, config.report_templates)
    if output_format == "json":
        click.echo(json.dumps(outcome.to_json(), indent=2))
    else:
        for change in outcome.drift:
            click.echo(change.diff(), nl=False)
        if outcome.drift:
            click.echo(
                f"\nDRIFT: {len(outcome.drift)} generated file(s) out of date "
                f"({', '.join(c.path for c in outcome.drift)}); run `migrate generate` "
                "(or `migrate wave N`) and commit the result"
            )
        else:
            click.echo("generated files are up to date")
        if outcome.parity:
            click.echo(render_text(outcome.parity))
        else:
            click.echo(f"parity not checked: {outcome.parity_skipped} ({outcome.why})")
        click.echo(f"reports: {', '.join(str(p) for p in written)}", err=True)
    sys.exit(EXIT_OK if outcome.ok else EXIT_FINDINGS)


@main.command()
@path_argument
@click.option("--wave", type=int, required=True, metavar="N", help="The wave to propose.")
@click.option("--dry-run", is_flag=True, help="Say what would be done; push and post nothing.")
@click.option(
    "--force",
    is_flag=True,
    help="Run on a dirty working tree, and replace commits on the branch the bot did not make.",
)
@click.option(
    "--remote", metavar="NAME", help="Git remote to push to [default: pr.remote, origin]."
)
@click.option("--base", metavar="BRANCH", help="Branch the PR targets [default: pr.base, main].")
@click.option(
    "--repo",
    metavar="OWNER/NAME",
    help="Repository on the code host [default: pr.repo, else from the remote's URL].",
)
@click.option(
    "--api-url",
    metavar="URL",
    help="REST API base [default: pr.api_url, "
    "https://api.github.com; GitHub Enterprise: https://HOST/api/v3].",
)
@click.option(
    "--token-env",
    metavar="VAR",
    help="Environment variable with the token [default: pr.token_env, GITHUB_TOKEN].",
)
@generation_flags
def pr(
    path: str,
    wave: int,
    dry_run: bool,
    force: bool,
    remote: str | None,
    base: str | None,
    repo: str | None,
    api_url: str | None,
    token_env: str | None,
    generation: GenerationFlags,
) -> None:
    """Open or update the pull request of wave N: its branch, its generated files, its report.

    Generates wave N's BUILD and workspace files from the committed build at the base branch
    (in a temporary worktree: your checkout is not touched), commits exactly those files as the
    bot on branch migrate/wave-N and pushes it; then, through the code host's REST API (GitHub's
    v3 API), opens the pull request or updates the existing one, and posts the wave's Markdown
    report as one comment that later runs edit in place. The token is read from an environment
    variable and never printed. Refuses a dirty working tree, and a branch holding commits the
    bot did not make, unless --force.

    Exit codes: 0 done (or nothing to do); 2 an error or a refusal.

    \b
    Examples:
      GITHUB_TOKEN=... migrate pr --wave 1 --dry-run
      GITHUB_TOKEN=... migrate pr --wave 1 --base main --repo acme/monorepo
    """
    try:
        config = config_for(path)
        settings = config.pr
        overrides = {
            "remote": remote,
            "base": base,
            "repo": repo,
            "api_url": api_url,
            "token_env": token_env,
        }
        settings = dataclasses.replace(
            settings, **{k: v for k, v in overrides.items() if v is not None}
        )
        options = generation.options(path, config)
        marker = comment_marker(wave)
        comment = render_markdown(_report(path, config, (wave,)), config.report_templates, marker)
        outcome = run_pr(Path(path), PrRequest(wave, settings, options, dry_run, force), comment)
    except MigrateError as exc:  # git may echo a URL with the token in it
        fail(_redact(str(exc), config_token_env(token_env, path)), exc.exit_code)
    for action in outcome.actions:
        click.echo(action)
    sys.exit(EXIT_OK)


def config_token_env(token_env: str | None, path: str) -> str:
    if token_env:
        return token_env
    try:
        return config_for(path).pr.token_env
    except ConfigError:
        return "GITHUB_TOKEN"


def _redact(message: str, token_env: str) -> str:
    """No error ever shows the token (git may echo a URL with credentials in it)."""
    token = os.environ.get(token_env, "")
    return message.replace(token, "***") if token else message
