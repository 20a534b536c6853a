"""Compile classpaths: what Bazel gives a JVM target's compiler, against what Gradle resolved.

Bazel side (:func:`bazel_compile_classpath`): one ``bazel build`` with migrate's
``classpath_aspect`` (``rules/bazel/migrate_rules/classpath.bzl``), injected from the command
line, so the workspace declares nothing::

    bazel build --override_repository=migrate_rules=<migrate>/rules/bazel/migrate_rules \\
        --aspects=@migrate_rules//:classpath.bzl%classpath_aspect \\
        --output_groups=migrate_classpath -- //libs/core ...

``--override_repository`` also works for a repository the WORKSPACE never mentions (checked on
Debian's Bazel 4.2.3). Only the ``migrate_classpath`` output group is requested, so nothing is
compiled: the aspect writes one JSON file per target at analysis/write time (a few seconds).
The jar paths it lists are where a normal build puts them (``build_jars=True`` builds them).

What is compared (:func:`compare_classpaths`) — the goal is real missing/extra dependencies:

* Bazel's compiler classpath (``JavaInfo.transitive_compile_time_jars``) holds the interface jars
  of *every* transitive dependency: this offline toolchain has no strict deps (and Kotlin/Scala
  stand-ins pass everything too). Gradle's ``compileClasspath`` does not: a project dependency
  contributes only its ``api`` closure, not its ``implementation`` dependencies, while an
  external module contributes its POM ``compile``-scope closure. Comparing Gradle with the
  transitive set would flag every ``implementation`` dependency of every dependency as "extra".
* So the aspect also computes Bazel's *declared* classpath with Gradle's rules: the target's
  ``deps`` and ``exports`` plus, through each of them, what it re-exports — a first-party target
  its ``exports`` (Gradle ``api``), an imported jar (``java_import`` / a target of an external
  repository such as ``@maven``) its ``deps`` and ``exports`` (the offline ``@maven`` and
  rules_jvm_external both map POM compile scope to ``deps``). This is also exactly what a
  compiler with strict deps would accept.
* :class:`ClasspathDiff` reports, per kind (externals by rules_jvm_external label name, e.g.
  ``com_google_guava_guava``; first-party by canonical label ``//libs/core:core``): *missing*
  (on Gradle's classpath, not declared in Bazel) and *extra* (declared in Bazel, not on
  Gradle's). ``only_transitive`` marks the missing ones Bazel still compiles with here, through
  the transitive classpath: they break as soon as strict deps are on (real rules_java), so they
  are findings too, but explain why the Bazel build passes.
* Labels of other external repositories (toolchain jars such as the Kotlin/Scala compilers'
  stdlib that the rules add implicitly) are kept apart (``Labels.other``) and not compared;
  neither is the target itself (Gradle lists the project as a component of its own classpath).

Versions are not compared here (a label stands for every version of an artifact); the Maven
plan (:mod:`migrate.maven.pins`) decides which repository pins which version.
"""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from migrate.bazel.label import Label, LabelError
from migrate.errors import ToolError
from migrate.maven.labels import maven_label_name
from migrate.resources import data_dir

ASPECT = "@migrate_rules//:classpath.bzl%classpath_aspect"
OUTPUT_GROUP = "migrate_classpath"
REPOSITORY = "migrate_rules"
JSON_SUFFIX = ".migrate_classpath.json"
DEFAULT_TIMEOUT = 1800.0
MAVEN_REPOSITORIES = ("maven",)


class ClasspathError(ToolError):
    """Bazel failed, or a requested target produced no classpath (no JavaInfo)."""


def rules_dir() -> Path:
    """migrate's Starlark repository holding the aspect (works from a checkout and a wheel)."""
    checkout = Path(__file__).resolve().parents[2] / "rules" / "bazel" / "migrate_rules"
    if (checkout / "classpath.bzl").is_file():
        return checkout
    return data_dir("rules") / "bazel" / "migrate_rules"


# ------------------------------------------------------------------------------------ labels


def split_label(label: str) -> tuple[str, str, str]:
    """(repository, package, name) of an absolute label; repository "" for the main one.

    Accepts every spelling Bazel prints: ``//a/b``, ``//a/b:c``, ``@//a:b``, ``@@//a:b``,
    ``@maven//:x``, ``@@maven//:x`` and bzlmod canonical names
    (``@@rules_jvm_external~~maven~maven`` → ``maven``, also with ``+`` separators)."""
    parsed = Label.parse(label).apparent()
    if parsed.relative:
        raise LabelError(f"not an absolute label: {label!r}")
    return parsed.repo, parsed.package, parsed.name


def canonical_label(label: str) -> str:
    """``//libs/core`` → ``//libs/core:core``; ``@@//a:b`` → ``//a:b``; ``@@maven//:x`` →
    ``@maven//:x``."""
    return str(Label(*split_label(label)))


def _is_pattern(target: str) -> bool:
    return target.startswith("-") or "..." in target or target.endswith((":all", ":*"))


# ---------------------------------------------------------------------------------- results


@dataclass(frozen=True)
class Labels:
    """Labels on a classpath, by kind."""

    first_party: frozenset[str] = frozenset()  # canonical: //libs/core:core
    maven: frozenset[str] = frozenset()  # rules_jvm_external names: com_google_guava_guava
    other: frozenset[str] = frozenset()  # other repositories: @com_github_jetbrains_kotlin//:x


@dataclass(frozen=True)
class Jar:
    path: Path  # absolute (under Bazel's execution root); exists once built
    owner: str | None  # canonical label of the target that produced / imported it


@dataclass(frozen=True)
class Classpath:
    target: str  # canonical label
    kind: str  # rule kind: java_library, kt_jvm_library, scala_library, java_import, ...
    declared: Labels  # Gradle-comparable: deps + exports + what they re-export (module doc)
    compiler: Labels  # owners of transitive_compile_time_jars (the target itself left out)
    deps: tuple[str, ...] = ()
    exports: tuple[str, ...] = ()
    runtime_deps: tuple[str, ...] = ()
    compile_jars: tuple[Jar, ...] = ()  # JavaInfo.compile_jars (own interface jar + exports')
    direct_compile_jars: tuple[Jar, ...] = ()  # compile_jars of deps + exports
    transitive_compile_jars: tuple[Jar, ...] = ()  # what the compiler is given
    runtime_jars: tuple[Jar, ...] = ()  # transitive_runtime_jars
    maven_coordinates: dict[str, str] = field(default_factory=dict)  # label → g:a:v (tags)

    @property
    def first_party(self) -> frozenset[str]:
        """First-party labels the compiler sees (transitive)."""
        return self.compiler.first_party

    @property
    def maven(self) -> frozenset[str]:
        """Maven label names the compiler sees (transitive)."""
        return self.compiler.maven


@dataclass(frozen=True)
class ClasspathDiff:
    target: str
    missing_maven: tuple[str, ...] = ()  # on Gradle's compileClasspath, not declared in Bazel
    extra_maven: tuple[str, ...] = ()  # declared in Bazel, not on Gradle's compileClasspath
    missing_projects: tuple[str, ...] = ()  # canonical labels
    extra_projects: tuple[str, ...] = ()
    # the missing ones Bazel compiles with anyway (transitive classpath, no strict deps)
    only_transitive: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        return not (
            self.missing_maven or self.extra_maven or self.missing_projects or self.extra_projects
        )

    def describe(self) -> list[str]:
        lines = []
        transitive = set(self.only_transitive)
        for what, items in (
            ("missing in Bazel", self.missing_projects + self.missing_maven),
            ("extra in Bazel", self.extra_projects + self.extra_maven),
        ):
            for item in items:
                note = " (on the transitive classpath only)" if item in transitive else ""
                lines.append(f"{self.target}: {what}: {item}{note}")
        return lines


# ------------------------------------------------------------------------------ comparison


def compare_classpaths(
    gradle_coordinates: Iterable[str],
    gradle_projects: Iterable[str],
    bazel: Classpath,
    project_label_of: Callable[[str], str],
) -> ClasspathDiff:
    """Gradle's resolved ``compileClasspath`` of one project against Bazel's declared classpath.

    ``gradle_coordinates``: resolved module coordinates (``com.google.guava:guava:31.1-jre``);
    ``gradle_projects``: project paths on that classpath (``:libs:core``; the project itself may
    be listed, it is ignored); ``project_label_of``: project path → its Bazel label."""
    gradle_maven = {maven_label_name(c) for c in gradle_coordinates}
    gradle_projects_ = {canonical_label(project_label_of(p)) for p in gradle_projects}
    gradle_projects_.discard(bazel.target)
    declared = bazel.declared
    missing_maven = gradle_maven - declared.maven
    missing_projects = gradle_projects_ - declared.first_party
    only_transitive = (missing_maven & bazel.compiler.maven) | (
        missing_projects & bazel.compiler.first_party
    )
    return ClasspathDiff(
        target=bazel.target,
        missing_maven=tuple(sorted(missing_maven)),
        extra_maven=tuple(sorted(declared.maven - gradle_maven)),
        missing_projects=tuple(sorted(missing_projects)),
        extra_projects=tuple(sorted(declared.first_party - gradle_projects_)),
        only_transitive=tuple(sorted(only_transitive)),
    )


# ------------------------------------------------------------------------- reading the JSON


def _classify(
    labels: Iterable[str], coordinates: dict[str, str], maven_repositories: Sequence[str]
) -> Labels:
    first, maven, other = set(), set(), set()
    for label in labels:
        repo, _, name = split_label(label)
        if not repo:
            first.add(canonical_label(label))
        elif label in coordinates or repo in maven_repositories:
            maven.add(name)
        else:
            other.add(label)
    return Labels(frozenset(first), frozenset(maven), frozenset(other))


def parse_classpath_json(
    data: dict,
    execution_root: Path,
    maven_repositories: Sequence[str] = MAVEN_REPOSITORIES,
) -> Classpath:
    """One ``<name>.migrate_classpath.json`` (already loaded) → :class:`Classpath`."""
    if data.get("version") != 1:
        raise ClasspathError(f"unknown classpath JSON version {data.get('version')!r}")
    target = canonical_label(data["label"])
    producers = {path: canonical_label(label) for path, label in data.get("producers", [])}
    coordinates = {canonical_label(lbl): coord for lbl, coord in data.get("maven_coordinates", [])}

    def jars(key: str) -> tuple[Jar, ...]:
        out = []
        for entry in data.get(key, []):
            owner = producers.get(entry["path"]) or entry.get("owner")
            owner = canonical_label(owner) if owner else None
            out.append(Jar(execution_root / entry["path"], owner))
        return tuple(out)

    transitive = jars("transitive_compile_time_jars")
    compiler_labels = {j.owner for j in transitive if j.owner and j.owner != target}
    return Classpath(
        target=target,
        kind=data.get("kind", ""),
        declared=_classify(
            (canonical_label(x) for x in data.get("declared", [])), coordinates, maven_repositories
        ),
        compiler=_classify(compiler_labels, coordinates, maven_repositories),
        deps=tuple(canonical_label(x) for x in data.get("deps", [])),
        exports=tuple(canonical_label(x) for x in data.get("exports", [])),
        runtime_deps=tuple(canonical_label(x) for x in data.get("runtime_deps", [])),
        compile_jars=jars("compile_jars"),
        direct_compile_jars=jars("direct_dep_compile_jars"),
        transitive_compile_jars=transitive,
        runtime_jars=jars("transitive_runtime_jars"),
        maven_coordinates=coordinates,
    )


def read_classpath_file(
    path: Path, maven_repositories: Sequence[str] = MAVEN_REPOSITORIES
) -> Classpath:
    """Read one JSON output; the execution root is derived from the file's own exec path."""
    data = json.loads(path.read_text(encoding="utf-8"))
    real = str(path.resolve())
    own = data.get("file", "")
    if own and real.endswith("/" + own):
        root = Path(real[: -len(own) - 1])
    else:  # bazel-out/<config>/bin/... : the execution root is above bazel-out
        parts = Path(real).parts
        root = Path(*parts[: parts.index("bazel-out")]) if "bazel-out" in parts else path.parent
    return parse_classpath_json(data, root, maven_repositories)


def _json_files_from_events(events: Path) -> list[Path]:
    """The migrate_classpath files Bazel reported (build event protocol, JSON lines)."""
    found = []
    if not events.is_file():
        return found
    for line in events.read_text(encoding="utf-8").splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue
        for entry in event.get("namedSetOfFiles", {}).get("files", []):
            uri = entry.get("uri", "")
            if uri.startswith("file://") and uri.endswith(JSON_SUFFIX):
                found.append(Path(unquote(urlparse(uri).path)))
    return found


def _fallback_file(workspace: Path, target: str) -> Path:
    repo, package, name = split_label(target)
    base = workspace / "bazel-bin" / ("external/" + repo if repo else "")
    return base / package / (name + JSON_SUFFIX)


# ---------------------------------------------------------------------------------- running


def aspect_args(rules: Path | None = None, build_jars: bool = False) -> list[str]:
    """The ``bazel build`` options that inject and run the aspect (no workspace change)."""
    return [
        f"--override_repository={REPOSITORY}={(rules or rules_dir()).resolve()}",
        f"--aspects={ASPECT}",
        f"--output_groups={'+' if build_jars else ''}{OUTPUT_GROUP}",
    ]


def bazel_compile_classpath(
    workspace: Path,
    targets: list[str],
    bazel_cmd: str | Sequence[str] = "bazel",
    startup_args: Sequence[str] = (),
    build_args: Sequence[str] = (),
    *,
    build_jars: bool = False,
    timeout: float = DEFAULT_TIMEOUT,
    maven_repositories: Sequence[str] = MAVEN_REPOSITORIES,
    rules: Path | None = None,
    env: Mapping[str, str] | None = None,
) -> dict[str, Classpath]:
    """The compile classpath of each target that has a JavaInfo.

    Keys: each target's canonical label (``//libs/core:core``) and, for targets requested by
    label, also the spelling used (``//libs/core``). Patterns (``//libs/...``) are allowed:
    their non-JVM targets are skipped; a requested *label* without JavaInfo raises.
    ``build_jars=True`` also builds the targets, so that the jar paths exist. ``env``: Bazel's
    environment (e.g. :attr:`Bazel.env`, so a server it starts is known as the runner's)."""
    if not targets:
        return {}
    command = [bazel_cmd] if isinstance(bazel_cmd, str) else list(bazel_cmd)
    command[0] = shutil.which(command[0]) or command[0]
    with tempfile.TemporaryDirectory(prefix="migrate-classpath-") as tmp:
        events = Path(tmp) / "events.json"
        args = [
            *command,
            *startup_args,
            "build",
            *aspect_args(rules, build_jars),
            f"--build_event_json_file={events}",
            *build_args,
            "--",
            *targets,
        ]
        started = time.monotonic()
        try:
            proc = subprocess.Popen(
                args,
                cwd=workspace,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                text=True,
                start_new_session=True,
                env=None if env is None else dict(env),
            )
        except OSError as exc:
            raise ClasspathError(f"cannot run {command[0]}: {exc}") from exc
        try:
            _, err = proc.communicate(timeout=timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise ClasspathError(
                f"bazel build (classpath aspect) timed out after {timeout:.0f} s"
            ) from None
        if proc.returncode != 0:
            tail = "\n".join(line for line in err.splitlines() if line.strip())[-3000:]
            raise ClasspathError(
                f"bazel build with the classpath aspect failed (exit {proc.returncode}) "
                f"after {time.monotonic() - started:.1f} s. Last lines:\n{tail}"
            )
        files = _json_files_from_events(events)

    result: dict[str, Classpath] = {}
    for path in dict.fromkeys(files):
        if path.is_file():
            classpath = read_classpath_file(path, maven_repositories)
            result[classpath.target] = classpath
    missing = []
    for target in targets:
        if _is_pattern(target):
            continue
        label = canonical_label(target)
        if label not in result:  # no build events (e.g. an old Bazel): the known place
            fallback = _fallback_file(workspace, label)
            if fallback.is_file():
                result[label] = read_classpath_file(fallback, maven_repositories)
        if label in result:
            result.setdefault(target, result[label])
        else:
            missing.append(target)
    if missing:
        raise ClasspathError(
            "no compile classpath for " + ", ".join(missing) + " (not a JVM target: no JavaInfo)"
        )
    return result
