"""Commands that read the build and produce Bazel files: scan, generate, verify."""

from __future__ import annotations

import json
import os
import sys
from dataclasses import replace
from pathlib import Path

import click

from migrate.bazel.files import apply_changes
from migrate.cli.app import (
    GenerationFlags,
    ToolFlags,
    config_for,
    fail,
    format_option,
    generation_flags,
    generation_options,
    gradle_profile,
    main,
    model_for,
    modules_option,
    path_argument,
    tool_flags,
)
from migrate.errors import EXIT_FINDINGS, EXIT_OK
from migrate.fingerprint import LastGeneration, cached_static_model, static_model_and_stamp
from migrate.gradle.compare import compare_models, render_comparison
from migrate.gradle.live import read_live_model
from migrate.gradle.reader import read_build
from migrate.gradle.runner import DEFAULT_TIMEOUT
from migrate.graph import ProjectGraph
from migrate.maven.coordinates import Coordinate
from migrate.maven.mirror import MirrorError
from migrate.model import BuildModel
from migrate.pipeline import run_generation
from migrate.plan_file import wave_projects
from migrate.records import generated_projects, generation_scope
from migrate.state import load_state
from migrate.summary import scan_summary
from migrate.targets.generate import GRANULARITIES, GenerateOptions
from migrate.verify.report import rendered_reports, write_reports
from migrate.verify.verify import verify as run_verify


@main.command()
@path_argument
@format_option(help="text for people; json (the BuildModel) for tools.")
@click.option(
    "--strict",
    is_flag=True,
    help="Exit 1 when the reader reported diagnostics, or with --compare when the "
    "readers disagree (for CI).",
)
@click.option(
    "--gradle",
    "use_gradle",
    is_flag=True,
    help="Ask Gradle itself (runs the build's ./gradlew or gradle with an init script): "
    "exact plugins and resolved dependency versions.",
)
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
@click.option(
    "--offline-mirror",
    metavar="URL",
    help="Point every repository at this Maven mirror and run Gradle --offline "
    "(e.g. file:///usr/share/maven-repo).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Read every build script again even if no file changed since the last scan.",
)
@click.option(
    "--gradle-timeout",
    type=float,
    metavar="SECONDS",
    help=f"Give up on Gradle after this long [default: {DEFAULT_TIMEOUT:.0f}].",
)
def scan(
    path: str,
    output_format: str,
    strict: bool,
    use_gradle: bool,
    compare: bool,
    gradle_cmd: str | None,
    offline_mirror: str | None,
    no_cache: bool,
    gradle_timeout: float | None,
) -> None:
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
    config = config_for(path)
    static = None
    if compare or not use_gradle:
        cached = not no_cache and not compare and os.path.isdir(path)
        static = cached_static_model(path) if cached else read_build(path)
    live = None
    if use_gradle or compare:
        profile = gradle_profile(config, gradle_cmd, offline_mirror, gradle_timeout)
        live = read_live_model(path, profile)
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


@main.command()
@path_argument
@modules_option("Generate only this Gradle project (repeatable).")
@click.option(
    "--all",
    "all_modules",
    is_flag=True,
    help="Generate every project (the default when no --module is given).",
)
@click.option(
    "--granularity",
    type=click.Choice(GRANULARITIES),
    help="module: one library per Gradle project; package: one target per source "
    "package, deps from imports (more parallelism and incrementality). "
    "[default: module, or bazel.granularity in migration.yaml]",
)
@click.option(
    "--offline-mirror",
    metavar="URL",
    help="Generate an offline workspace: @maven over this local Maven mirror and the "
    "offline Kotlin/Scala rules in rules/bazel. BUILD files stay identical.",
)
@click.option(
    "--bazel-version",
    metavar="X.Y.Z",
    help="The Bazel the workspace is for; only flags it accepts are written "
    "[default: bazel.version in migration.yaml, else the installed Bazel].",
)
@click.option(
    "--gradle",
    "use_gradle",
    is_flag=True,
    help="Read the model from Gradle itself: pins the exact resolved versions.",
)
@click.option("--gradle-cmd", metavar="CMD", help="Command that runs Gradle (with --gradle).")
@click.option(
    "--dry-run", is_flag=True, help="Print a unified diff of what would change; write nothing."
)
@click.option(
    "--check",
    is_flag=True,
    help="Exit 1 (printing the diff) when generated files are stale; write nothing (CI).",
)
@click.option(
    "--no-cache",
    is_flag=True,
    help="Read and generate everything even if nothing changed since the last run, and keep "
    "no source scans on disk ($MIGRATE_CACHE_DIR, default ~/.cache/migrate).",
)
def generate(
    path: str,
    modules: tuple[str, ...],
    all_modules: bool,
    granularity: str | None,
    offline_mirror: str | None,
    bazel_version: str | None,
    use_gradle: bool,
    gradle_cmd: str | None,
    dry_run: bool,
    check: bool,
    no_cache: bool,
) -> None:
    """Generate Bazel BUILD files and workspace files for the Gradle build at PATH.

    Each Gradle project gets a BUILD.bazel in its directory: a library (java_library,
    kt_jvm_library or scala_library), one test target per test class, a binary for
    application projects. Hand edits survive regeneration: targets you add, attributes you add,
    values marked `# keep`, and targets you delete with `# migrate:ignore NAME`. Running it
    twice with no input change changes nothing — and when no file in the tree changed since the
    last run, it says so after a quick look at file sizes and times (--no-cache to redo all).

    Exit codes: 0 done (or up to date with --check); 1 with --check when files are stale;
    2 on errors (not a Gradle build, unknown module, Gradle failed, an artifact the build
    declares is not in the --offline-mirror); on an error nothing is written.

    \b
    Examples:
      migrate generate examples/monorepo --offline-mirror file:///usr/share/maven-repo
      migrate generate --module :libs:core --dry-run
      migrate generate --all --check          # in CI: are BUILD files up to date?
    """
    if modules and all_modules:
        fail("--module and --all exclude each other")
    if dry_run and check:
        fail("--dry-run and --check exclude each other")
    model: BuildModel | None = None
    try:
        config = config_for(path)
        profile = gradle_profile(config, gradle_cmd, offline_mirror)
        options = generation_options(
            path, config, modules, granularity, offline_mirror, bazel_version
        )
        options = replace(options, cache=not no_cache)
        last = (
            None
            if use_gradle or no_cache or not os.path.isdir(path)
            else (LastGeneration(path, _options_key(options)))
        )
        if last is not None and last.unchanged():
            click.echo("generated files are up to date (nothing changed since the last run)")
            return
        stamp = listing = None
        if last is not None:
            model, stamp, listing = static_model_and_stamp(path)
        else:
            model = model_for(path, use_gradle, profile)
        result = run_generation(Path(model.root), model, options, listing)
    except MirrorError as exc:  # say who in the build asks for the missing artifacts
        fail(_mirror_error(exc, model))
    for finding in result.findings:
        if finding.severity != "info":
            click.echo(finding.render(), err=True)
    stale = [c for c in result.changes if c.changed]
    for change in result.changes:
        if change.note:
            click.echo(f"note: {change.note}", err=True)
    if dry_run or check:
        for change in stale:
            click.echo(change.diff(), nl=False)
        if check:
            if stale:
                click.echo(
                    f"{len(stale)} generated file(s) out of date; run `migrate generate`", err=True
                )
                sys.exit(EXIT_FINDINGS)
            click.echo("generated files are up to date")
            if last is not None and stamp is not None:
                last.record(stamp, {})
        return
    written = apply_changes(Path(model.root), result.changes)
    if last is not None and stamp is not None:
        by_path = {c.path: c for c in result.changes}
        last.record(stamp, {path: by_path[path].new.encode("utf-8") for path in written})
    click.echo(
        f"{len(result.generation.build_files)} BUILD file(s) for "
        f"{len(result.generation.projects)} project(s); {len(written)} file(s) written"
        + (f": {', '.join(written)}" if written and len(written) <= 10 else "")
    )


@main.command()
@path_argument
@modules_option("Verify this Gradle project (repeatable).")
@click.option("--wave", type=int, metavar="N", help="Verify the projects of rollout wave N.")
@click.option(
    "--all", "all_modules", is_flag=True, help="Verify every generated project (the default)."
)
@format_option(("text", "json", "junit"))
@click.option(
    "--out",
    "out_dir",
    type=click.Path(file_okay=False, path_type=str),
    help="Also write parity.txt, parity.json and parity.xml (JUnit) into this directory.",
)
@click.option(
    "--normalise",
    "normalisations",
    multiple=True,
    metavar="NAME",
    help="Declared-harmless class differences to normalise (repeatable; default: "
    "rules/parity.yaml's list). Every normalisation used is reported.",
)
@generation_flags
@tool_flags
def verify(
    path: str,
    modules: tuple[str, ...],
    wave: int | None,
    all_modules: bool,
    output_format: str,
    out_dir: str | None,
    normalisations: tuple[str, ...],
    generation: GenerationFlags,
    tools: ToolFlags,
) -> None:
    """Build the same projects with Gradle and with Bazel and prove they agree.

    For each project: the classes in Gradle's jar and in Bazel's (byte-equal, or equal after a
    declared normalisation, else the structural reason), the test cases and their results, and
    the clean-build / no-op / test timings of both tools. The BUILD files on disk must be those
    `migrate generate` writes (run it first; pass the same --granularity/--offline-mirror).

    Exit codes: 0 parity; 1 a parity mismatch; 2 an error (tool failure, stale BUILD files,
    an artifact missing from the offline mirror).

    \b
    Examples:
      migrate verify examples/monorepo --offline-mirror file:///usr/share/maven-repo
      migrate verify --module :libs:core --format junit --out reports/
      migrate verify --remote=cache          # Bazel side through the remote cache
    """
    chosen = sum(bool(x) for x in (modules, wave is not None, all_modules))
    if chosen > 1:
        fail("use only one of --module, --wave and --all")
    model: BuildModel | None = None
    try:
        config = config_for(path)
        if wave is not None:
            modules = wave_projects(Path(path), wave)
        model = read_build(path)
        state = load_state(model.root)
        scope: tuple[str, ...] = ()  # all projects, unless waves generated only some so far
        generated = generated_projects(state)
        if generated:
            graph = ProjectGraph.from_model(model).graph
            chosen = modules or generated
            unknown = [m for m in chosen if m not in graph]
            if unknown:
                fail(f"no such Gradle project: {', '.join(unknown)}")
            scope = generation_scope(graph, state, chosen)
            modules = modules or chosen
        options = generation.options(path, config, scope)
        result = run_generation(Path(model.root), model, options)
        stale = [c.path for c in result.changes if c.changed]
        if stale:
            fail(
                f"{len(stale)} generated file(s) are missing or stale ({', '.join(stale[:5])}); "
                "run `migrate generate` first, with the same --granularity/--offline-mirror"
            )
        verify_options = tools.verify_options(
            gradle_profile(config, None, generation.offline_mirror),
            options.granularity,
            modules=modules,
            normalisations=normalisations or None,
        )
        report = run_verify(model, result.generation, verify_options, result.existing_targets())
    except MirrorError as exc:  # say who in the build asks for the missing artifacts
        fail(_mirror_error(exc, model))
    click.echo(rendered_reports(report)[output_format], nl=False)
    if out_dir:
        write_reports(report, Path(out_dir))
    sys.exit(EXIT_OK if report.ok else EXIT_FINDINGS)


def _requesters(model: BuildModel | None, coordinate: str) -> list[str]:
    """Where the build asks for a pinned coordinate: ``:project (file:line, configuration)``;
    declarations of that exact version first, else of any version (the pin may be resolved)."""
    if model is None:
        return []
    try:
        wanted = Coordinate.parse(coordinate)
    except ValueError:
        return []
    exact: list[str] = []
    other: list[str] = []
    for project in model.projects:
        for dep in project.dependencies:
            if dep.coordinate is None:
                continue
            try:
                declared = Coordinate.parse(dep.coordinate)
            except ValueError:
                continue
            if declared.key != wanted.key:
                continue
            where = dep.file or project.build_file
            if where and dep.line:
                where = f"{where}:{dep.line}"
            text = f"{project.path} ({', '.join(x for x in (where, dep.configuration) if x)})"
            (exact if declared.version == wanted.version else other).append(text)
    return exact or other


def _mirror_error(error: MirrorError, model: BuildModel | None) -> str:
    """The mirror lacks pinned artifacts: name each, and who in the build asks for it."""
    if not error.missing:
        return str(error)
    mirror = getattr(error, "mirror", None)
    lines = [
        f"{len(error.missing)} artifact(s) the build declares are not in the Maven mirror"
        + (f" {mirror}" if mirror else "")
        + "; nothing was written:"
    ]
    for coordinate, tried in error.missing:
        asked = _requesters(model, coordinate)
        lines.append(
            f"  {coordinate}, declared by "
            + ("; ".join(asked) if asked else "(no project declares it directly)")
        )
        lines.append(f"    ({tried})")
    lines.append("Add them to the mirror, or change or remove those dependencies.")
    return "\n".join(lines)


def _options_key(options: GenerateOptions) -> str:
    """What, besides the tree, decides the generated files (the mirror by its modification)."""
    mirror = options.offline_mirror
    stamp = os.stat(mirror).st_mtime_ns if mirror and os.path.isdir(mirror) else None
    return repr((options, stamp))
