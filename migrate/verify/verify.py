"""Verification end to end: run Gradle and Bazel on the same projects and compare.

Gradle side: ``clean``, then ``jar testClasses`` (timed: clean build), the same again (no-op
rebuild), then ``test`` with ``--continue``. Bazel side: ``clean``, ``build`` of the projects'
targets (clean build), again (no-op), then ``test``. A failing test is a result to compare, not
an error; a compile failure on either side is an error (there is nothing to compare).
"""

from __future__ import annotations

import contextlib
import tempfile
from dataclasses import dataclass, field, replace
from pathlib import Path

from migrate.bazel.label import Label
from migrate.errors import InputError
from migrate.gradle.live import read_live_model
from migrate.gradle.runner import GradleProfile, gradle_session, run_gradle
from migrate.model import BuildModel
from migrate.targets.generate import Generation
from migrate.verify.bazel_runner import Bazel, BazelRun
from migrate.verify.bazel_summary import parse_summary
from migrate.verify.classes import classes_in_jar, compare_class_sets, default_normalisations
from migrate.verify.classpath import bazel_compile_classpath, compare_classpaths
from migrate.verify.report import (
    ClasspathSummary,
    ClassSummary,
    ParityReport,
    ProjectParity,
    RemoteStats,
    Timings,
)
from migrate.verify.testresults import bazel_results, compare_tests, gradle_results

_JAR_SUFFIXES_SKIPPED = (
    "-sources.jar",
    "-javadoc.jar",
    "-tests.jar",
    "-src.jar",
    "-hjar.jar",
    "-ijar.jar",
    "_deploy.jar",
    "-test-fixtures.jar",
)


class VerifyError(InputError):
    """Verification could not run (nothing to verify, a build that does not compile)."""


@dataclass(frozen=True)
class VerifyOptions:
    modules: tuple[str, ...] = ()  # Gradle paths; empty = every generated project
    remote: str | None = None  # "remote" or "cache": a .bazelrc profile
    normalisations: tuple[str, ...] | None = None  # None: rules/parity.yaml's defaults
    gradle: GradleProfile = field(default_factory=GradleProfile)
    bazel_output_root: str | None = None
    bazel_args: tuple[str, ...] = ()
    granularity: str = "module"
    compare_classpath: bool = True  # module granularity: needs Gradle's resolved classpath


def full_label(label: str) -> str:
    """``//a/b`` → ``//a/b:b`` (how the build event protocol names targets)."""
    return str(Label.parse(label))


def _gradle_task(project: str, task: str) -> str:
    return f":{task}" if project == ":" else f"{project}:{task}"


def _gradle_jar(project_dir: Path) -> Path | None:
    jars = [
        p
        for p in sorted((project_dir / "build" / "libs").glob("*.jar"))
        if not p.name.endswith(_JAR_SUFFIXES_SKIPPED)
    ]
    return jars[0] if jars else None


def _bazel_jars(run: BazelRun, labels: tuple[str, ...]) -> list[Path]:
    jars = []
    for label in labels:
        for output in run.outputs.get(full_label(label), ()):
            if output.endswith(".jar") and not output.endswith(_JAR_SUFFIXES_SKIPPED):
                jars.append(Path(output))
    return jars


def _summarise(comparison) -> ClassSummary:
    data = comparison.to_json()
    return ClassSummary(
        identical=len(data["identical"]),
        equivalent=len(data["equivalent"]),
        different=tuple((d["name"], d["reason"]) for d in data["different"]),
        only_gradle=tuple(data["only_gradle"]),
        only_bazel=tuple(data["only_bazel"]),
        normalised=dict(data.get("normalised", {})),
    )


def verify(
    model: BuildModel,
    generation: Generation,
    options: VerifyOptions,
    existing: set[str] | None = None,
) -> ParityReport:
    """``existing``: labels present in the BUILD files on disk (targets the user removed with
    ``# migrate:ignore`` are generated but not built, so not verified either)."""
    root = Path(model.root)
    if existing is not None:
        generation = replace(
            generation,
            main_targets={
                p: tuple(t for t in ts if t in existing)
                for p, ts in generation.main_targets.items()
            },
            test_targets={
                p: tuple(t for t in ts if t in existing)
                for p, ts in generation.test_targets.items()
            },
        )
    selected = list(options.modules) or sorted(generation.projects)
    unknown = [p for p in selected if p not in generation.projects]
    if unknown:
        raise VerifyError(
            f"not generated, so nothing to verify: {', '.join(unknown)} "
            "(run `migrate generate` for them first)"
        )
    projects = [
        p for p in selected if generation.main_targets.get(p) or generation.test_targets.get(p)
    ]
    if not projects:
        raise VerifyError("the selected projects have no Bazel targets to verify")
    normalisations = options.normalisations
    if normalisations is None:
        normalisations = default_normalisations()
    dirs = {p.path: root / p.dir for p in model.projects}
    main = tuple(t for p in projects for t in generation.main_targets.get(p, ()))
    tests = tuple(t for p in projects for t in generation.test_targets.get(p, ()))
    log_dir = Path(tempfile.mkdtemp(prefix="migrate-verify-"))
    bazel_args = options.bazel_args
    if options.remote:  # the profiles build without the bytes; the comparison needs the jars
        bazel_args = (*bazel_args, "--remote_download_outputs=all")
    bazel = Bazel(root, options.bazel_output_root, options.remote, bazel_args, log_dir=log_dir)
    # Both tools' daemons end with the block, even on errors and Ctrl-C, and each cleanup runs
    # even if the other fails: nothing the verification started is left running.
    with contextlib.ExitStack() as cleanup:
        cleanup.callback(bazel.close)
        profile = cleanup.enter_context(gradle_session(root, options.gradle))
        options = replace(options, gradle=profile)
        build_tasks = [_gradle_task(p, t) for p in projects for t in ("jar", "testClasses")]
        run_gradle(root, [_gradle_task(p, "clean") for p in projects], profile, log_dir=log_dir)
        gradle_build = run_gradle(root, build_tasks, profile, log_dir=log_dir)
        gradle_noop = run_gradle(root, build_tasks, profile, log_dir=log_dir)
        gradle_test = run_gradle(
            root,
            ["--continue", *[_gradle_task(p, "test") for p in projects]],
            profile,
            log_dir=log_dir,
            check=False,
        )
        bazel.run("clean", [])
        bazel_build = bazel.run("build", [*main, *tests])
        bazel_noop = bazel.run("build", [*main, *tests])
        bazel_test = bazel.run("test", list(tests), check=False) if tests else None
        testlogs = Path(bazel.info("bazel-testlogs"))
        classpaths = (
            _classpaths(model, generation, projects, options, bazel, root)
            if options.granularity == "module" and options.compare_classpath
            else {}
        )
    parities = []
    for project in projects:
        parity = _project_parity(
            project, dirs[project], generation, bazel_build, testlogs, normalisations
        )
        if project in classpaths:
            parity = replace(parity, classpath=classpaths[project])
        parities.append(parity)
    remote = None
    if options.remote:
        summary = parse_summary(bazel_build.output)
        remote = RemoteStats(
            options.remote,
            summary.processes,
            summary.remote_cache_hits,
            summary.remote_executions,
            summary.local_actions,
            dict(summary.by_kind),
            summary.summary_line,
        )
    timings = Timings(
        gradle_build.seconds,
        gradle_noop.seconds,
        gradle_test.seconds,
        bazel_build.seconds,
        bazel_noop.seconds,
        bazel_test.seconds if bazel_test else 0.0,
    )
    return ParityReport(
        tuple(parities), timings, tuple(normalisations), options.granularity, remote
    )


def _project_parity(
    project: str,
    project_dir: Path,
    generation: Generation,
    bazel_build: BazelRun,
    testlogs: Path,
    normalisations: tuple[str, ...],
) -> ProjectParity:
    notes = []
    gradle_jar = _gradle_jar(project_dir)
    gradle_classes = classes_in_jar(gradle_jar) if gradle_jar else {}
    if gradle_jar is None and generation.main_targets.get(project):
        notes.append(f"Gradle wrote no jar in {project_dir / 'build' / 'libs'}")
    bazel_classes: dict[str, bytes] = {}
    main = generation.main_targets.get(project, ())
    jars = _bazel_jars(bazel_build, main)
    if main and not jars:
        notes.append("Bazel reported no jar for " + ", ".join(main))
    for jar in jars:
        bazel_classes.update(classes_in_jar(jar))
    comparison = compare_class_sets(gradle_classes, bazel_classes, list(normalisations))
    test_labels = generation.test_targets.get(project, ())
    packages = sorted({label[2:].split(":")[0] for label in test_labels})
    names = sorted({label.split(":")[-1] for label in test_labels})
    tests = compare_tests(gradle_results(project_dir), bazel_results(testlogs, packages, names))
    targets = tuple(sorted(set(main) | set(test_labels)))
    return ProjectParity(project, targets, _summarise(comparison), tests, None, tuple(notes))


def _compile_projects(model: BuildModel, path: str) -> set[str]:
    """Projects on a project's Gradle compile classpath: its main project deps, then what those
    export through ``api``/``compile``, transitively."""
    by_path = {p.path: p for p in model.projects}
    direct = {"api", "implementation", "compile", "compileOnly", "compileOnlyApi"}
    exported = {"api", "compile", "compileOnlyApi"}
    found: set[str] = set()
    pending = [
        d.project
        for d in by_path[path].dependencies
        if d.project and d.configuration in direct and not d.test_fixtures
    ]
    while pending:
        current = pending.pop()
        if current in found or current not in by_path:
            continue
        found.add(current)
        pending += [
            d.project
            for d in by_path[current].dependencies
            if d.project and d.configuration in exported
        ]
    return found


def _classpaths(
    model: BuildModel,
    generation: Generation,
    projects: list[str],
    options: VerifyOptions,
    bazel: Bazel,
    root: Path,
) -> dict[str, ClasspathSummary]:
    """Gradle's resolved compile classpath against Bazel's declared one, per module library."""
    libraries = {
        p: generation.main_targets[p][0]
        for p in projects
        if len(generation.main_targets.get(p, ())) == 1
    }
    if not libraries:
        return {}
    live = {p.path: p for p in read_live_model(str(root), options.gradle).projects}
    startup = [f"--output_user_root={bazel.output_user_root}"] if bazel.output_user_root else []
    bazel_side = bazel_compile_classpath(
        root, sorted(libraries.values()), bazel.command, startup, env=bazel.env
    )
    label_of = {
        p: libraries.get(p) or f"//{generation.projects.get(p, '')}" for p in generation.projects
    }
    out = {}
    for project, label in libraries.items():
        if project not in live or full_label(label) not in bazel_side:
            continue
        diff = compare_classpaths(
            live[project].resolved.get("compileClasspath", ()),
            _compile_projects(model, project),
            bazel_side[full_label(label)],
            lambda p: label_of.get(p, p),
        )
        transitive = set(diff.only_transitive)
        out[project] = ClasspathSummary(
            tuple(
                f"{d} (Bazel compiles through the transitive classpath)" if d in transitive else d
                for d in diff.missing_projects + diff.missing_maven
            ),
            diff.extra_projects + diff.extra_maven,
        )
    return out
