"""The ``migrate`` command line: a thin shell over the engine's stages."""

from __future__ import annotations

import json
import sys

import click

from migrate import __version__
from migrate.gradle.reader import NotAGradleBuild, read_build
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
@click.option(
    "--strict", is_flag=True, help="Exit 1 when the reader reported diagnostics (for CI)."
)
def scan(path: str, output_format: str, strict: bool) -> None:
    """Read the Gradle build at PATH (default: here) without running Gradle.

    Prints the projects, their plugins, languages and dependencies, project dependency
    cycles, and a diagnostic (file:line) for every piece of build script the reader could not
    evaluate. Exit codes: 0 scanned; 1 with --strict when there were diagnostics; 2 when PATH
    is not a Gradle build.

    \b
    Examples:
      migrate scan examples/monorepo
      migrate scan . --format json > model.json
    """
    try:
        model = read_build(path)
    except NotAGradleBuild as exc:
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_USAGE)
    graph = ProjectGraph.from_model(model)
    if output_format == "json":
        data = model.to_json()
        data["cycles"] = [list(c.projects) for c in graph.cycles()]
        click.echo(json.dumps(data, indent=2))
    else:
        click.echo(scan_summary(model, graph))
    if strict and model.diagnostics:
        sys.exit(EXIT_FINDINGS)
