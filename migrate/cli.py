"""The ``migrate`` command line: a thin shell over the engine's stages."""

from __future__ import annotations

import json
import os
import shlex
import sys
from typing import NoReturn

import click

from migrate import __version__
from migrate.config import ConfigError, load_config
from migrate.gradle.compare import compare_models, render_comparison
from migrate.gradle.live import read_live_model
from migrate.gradle.reader import NotAGradleBuild, read_build
from migrate.gradle.runner import DEFAULT_TIMEOUT, GradleError, GradleProfile
from migrate.graph import ProjectGraph
from migrate.summary import scan_summary

EXIT_OK, EXIT_FINDINGS, EXIT_USAGE = 0, 1, 2


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="migrate")
def main() -> None:
    """Move a Gradle JVM monorepo (Java, Kotlin, Scala) to Bazel, one safe wave at a time.

    Start with `migrate scan` to see what the tool understands of your build.
    """


@main.command()
@click.argument("path", default=".", type=click.Path(file_okay=False, path_type=str))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
    help="text for people; json (the BuildModel) for tools.",
)
@click.option("--strict", is_flag=True,
              help="Exit 1 when the reader reported diagnostics, or with --compare when the "
                   "readers disagree (for CI).")  # fmt: skip
@click.option("--gradle", "use_gradle", is_flag=True,
              help="Ask Gradle itself (runs the build's ./gradlew or gradle with an init script): "
                   "exact plugins and resolved dependency versions.")  # fmt: skip
@click.option(
    "--compare",
    is_flag=True,
    help="Run both the static reader and Gradle and print where they disagree.",
)
@click.option(
    "--gradle-cmd",
    metavar="CMD",
    help="Command that runs Gradle (default: ./gradlew if present, else gradle).",
)
@click.option("--offline-mirror", metavar="URL",
              help="Point every repository at this Maven mirror and run Gradle --offline "
                   "(e.g. file:///usr/share/maven-repo).")  # fmt: skip
@click.option(
    "--gradle-timeout",
    type=float,
    metavar="SECONDS",
    help=f"Give up on Gradle after this long [default: {DEFAULT_TIMEOUT:.0f}].",
)
def scan(path: str, output_format: str, strict: bool, use_gradle: bool, compare: bool,
         gradle_cmd: str | None, offline_mirror: str | None,
         gradle_timeout: float | None) -> None:  # fmt: skip
    """Read the Gradle build at PATH (default: here).

    By default the build scripts are read statically, without running Gradle: fast, and it
    works where the build cannot run. It prints the projects, their plugins, languages and
    dependencies, project dependency cycles, and a diagnostic (file:line) for every piece of
    build script it could not evaluate.

    --gradle asks the build's own Gradle instead; --compare runs both and shows where the
    static reader disagrees with Gradle, which is how you learn whether static mode can be
    trusted for your repository. Gradle settings may also come from migration.yaml at the
    build root (gradle: command, offline_mirror, timeout).

    Exit codes: 0 done; 1 with --strict when there were diagnostics or disagreements;
    2 when PATH is not a Gradle build, the config is invalid, or Gradle failed.

    \b
    Examples:
      migrate scan examples/monorepo
      migrate scan . --format json > model.json
      migrate scan --gradle --offline-mirror file:///usr/share/maven-repo examples/monorepo
      migrate scan --compare examples/monorepo
    """
    try:
        config = load_config(path) if os.path.isdir(path) else None
        static = None if use_gradle and not compare else read_build(path)
        live = None
        if use_gradle or compare:
            settings = config.gradle if config else None
            profile = GradleProfile(
                command=tuple(shlex.split(gradle_cmd)) if gradle_cmd else settings.command,
                offline_mirror=offline_mirror or settings.offline_mirror,
                timeout=gradle_timeout or settings.timeout or DEFAULT_TIMEOUT,
            )
            live = read_live_model(path, profile)
    except (NotAGradleBuild, ConfigError) as exc:
        fail(str(exc))
    except GradleError as exc:
        fail(f"{exc}")
    if compare:
        comparison = compare_models(static, live)
        if output_format == "json":
            click.echo(json.dumps(comparison.to_json(), indent=2))
        else:
            click.echo(render_comparison(comparison))
        sys.exit(EXIT_FINDINGS if strict and comparison.disagreements else EXIT_OK)
    model = live if live is not None else static
    graph = ProjectGraph.from_model(model)
    if output_format == "json":
        data = model.to_json()
        data["cycles"] = [list(c.projects) for c in graph.cycles()]
        click.echo(json.dumps(data, indent=2))
    else:
        click.echo(scan_summary(model, graph))
    if strict and model.diagnostics:
        sys.exit(EXIT_FINDINGS)


def fail(message: str) -> NoReturn:
    click.echo(f"error: {message}", err=True)
    sys.exit(EXIT_USAGE)
