"""The CI check, in one call: are the generated files up to date (drift), and do Gradle and Bazel
still agree on the projects a change touches (parity)?

Which projects a change touches: the files changed since ``base`` (its merge base with HEAD)
plus uncommitted ones, each owned by the project whose directory holds it, plus every project
that depends on those (their build inputs changed too). A change to the root build script,
settings or gradle.properties can change any project, so it selects them all. Only projects with
generated Bazel targets can be checked; drift stops the parity check (stale BUILD files prove
nothing).
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from dataclasses import dataclass, replace
from pathlib import Path, PurePosixPath
from typing import Any

import networkx as nx

from migrate.bazel.files import FileChange
from migrate.errors import InputError
from migrate.gitlib import git, require_git
from migrate.graph import ProjectGraph
from migrate.model import BuildModel
from migrate.pipeline import run_generation
from migrate.plan_file import wave_projects
from migrate.records import RECORDS_DIR, generated_projects, generation_scope
from migrate.state import load_state
from migrate.targets.generate import GenerateOptions
from migrate.templates import render
from migrate.verify.report import ParityReport, add_parity_cases
from migrate.verify.verify import VerifyOptions, verify

#: Files whose change can affect every project.
BUILD_WIDE_FILES = (
    "build.gradle",
    "build.gradle.kts",
    "settings.gradle",
    "settings.gradle.kts",
    "gradle.properties",
    "gradle/libs.versions.toml",
)
IGNORED_DIRS = (f"{RECORDS_DIR.as_posix()}/", ".gradle/", "bazel-")


class CiError(InputError):
    """The check cannot run (not a git repository, unknown ref, unknown wave)."""


@dataclass(frozen=True)
class CiRequest:
    generate: GenerateOptions
    verify: VerifyOptions
    base: str | None = None  # git ref: also take the changes committed since it
    wave: int | None = None  # check this wave instead of the changed projects
    modules: tuple[str, ...] = ()  # or these projects
    parity: bool = True


@dataclass(frozen=True)
class CiOutcome:
    drift: tuple[FileChange, ...]
    projects: tuple[str, ...]  # checked for parity
    why: str  # how they were chosen
    parity: ParityReport | None
    parity_skipped: str = ""  # why parity did not run

    @property
    def ok(self) -> bool:
        return not self.drift and (self.parity is None or self.parity.ok)

    def to_json(self) -> dict[str, Any]:
        return {
            "ok": self.ok,
            "drift": [{"path": c.path, "diff": c.diff()} for c in self.drift],
            "projects": list(self.projects),
            "why": self.why,
            "parity": self.parity.to_json() if self.parity else None,
            "parity_skipped": self.parity_skipped,
        }


def run_ci(model: BuildModel, request: CiRequest) -> CiOutcome:
    root = Path(model.root)
    graph = ProjectGraph.from_model(model).graph
    state = load_state(root)
    generated = [p for p in generated_projects(state) if p in graph]
    scope = generation_scope(graph, state, generated) if generated else ()
    result = run_generation(root, model, replace(request.generate, modules=scope))
    drift = tuple(c for c in result.changes if c.changed)
    if not request.parity:
        return CiOutcome(drift, (), "", None, "not asked for (--no-parity)")
    existing = result.existing_targets()
    checkable = {
        p
        for p in result.generation.projects
        if any(t in existing for t in result.generation.main_targets.get(p, ()))
        or any(t in existing for t in result.generation.test_targets.get(p, ()))
    }
    projects, why = _select(model, graph, request, checkable)
    if drift:
        return CiOutcome(drift, projects, why, None, "generated files are stale; regenerate first")
    if not projects:
        return CiOutcome(drift, projects, why, None, "no project with Bazel targets is touched")
    report = verify(model, result.generation, replace(request.verify, modules=projects), existing)
    return CiOutcome(drift, projects, why, report)


def _select(
    model: BuildModel, graph: nx.DiGraph, request: CiRequest, checkable: set[str]
) -> tuple[tuple[str, ...], str]:
    if request.wave is not None:
        chosen = wave_projects(Path(model.root), request.wave)
        return tuple(p for p in chosen if p in checkable), f"wave {request.wave}"
    if request.modules:
        unknown = [m for m in request.modules if m not in graph]
        if unknown:
            raise CiError(f"no such Gradle project: {', '.join(unknown)}")
        return tuple(p for p in request.modules if p in checkable), "--module"
    files = changed_files(Path(model.root), request.base)
    touched = touched_projects(model, files)
    affected = set(touched)
    for project in touched:
        affected |= nx.ancestors(graph, project)
    since = f"since {request.base} and uncommitted" if request.base else "uncommitted"
    why = (
        f"{len(files)} changed file(s) ({since}) touch {len(touched)} project(s); "
        f"with their dependants, {len(affected & checkable)} have Bazel targets"
    )
    return tuple(sorted(affected & checkable)), why


def changed_files(root: Path, base: str | None) -> list[str]:
    """Changed paths relative to the build root: committed since ``base``'s merge base with
    HEAD, staged, unstaged and untracked."""
    require_git("`migrate ci` finding the files a change touches")
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
        raise CiError(
            f"{root} is not in a git repository: use --wave or --module to choose projects"
        ) from exc
    top = Path(repo.working_tree_dir).resolve()
    names: set[str] = set()
    try:
        if base:
            names |= set(repo.git.diff("--name-only", f"{base}...HEAD").splitlines())
        if repo.head.is_valid():
            names |= set(repo.git.diff("--name-only", "HEAD").splitlines())
        names |= set(repo.untracked_files)
    except git.GitCommandError as exc:
        detail = (exc.stderr or "").strip().splitlines()
        raise CiError(f"git could not list the changes: {detail[-1] if detail else exc}") from exc
    out = []
    for name in sorted(names):
        try:
            rel = (top / name).resolve().relative_to(root.resolve())
        except ValueError:
            continue  # outside the build
        text = rel.as_posix()
        if not any(text.startswith(d) or f"/{d}" in text for d in IGNORED_DIRS):
            out.append(text)
    return out


def touched_projects(model: BuildModel, files: list[str]) -> set[str]:
    """The project owning each file (deepest project directory holding it)."""
    if any(f in BUILD_WIDE_FILES for f in files):
        return {p.path for p in model.projects}
    dirs = sorted(
        ((p.dir, p.path) for p in model.projects if p.dir != "."),
        key=lambda item: -len(item[0]),
    )
    touched = set()
    for name in files:
        path = PurePosixPath(name)
        for directory, project in dirs:
            if path.is_relative_to(directory):
                touched.add(project)
                break
    return touched


def render_ci_markdown(outcome: CiOutcome, templates: str | Path | None = None) -> str:
    return render("reports/ci.md.j2", templates, outcome=outcome)


def render_ci_junit(outcome: CiOutcome) -> str:
    """One test case for drift, one per project parity check."""
    parity = outcome.parity.projects if outcome.parity else ()
    suite = ET.Element(
        "testsuite",
        name="migrate.ci",
        tests=str(1 + len(parity)),
        failures=str(bool(outcome.drift) + sum(not p.ok for p in parity)),
        errors="0",
        skipped="0",
    )
    case = ET.SubElement(
        suite, "testcase", classname="migrate.ci", name="generated files are up to date"
    )
    if outcome.drift:
        failure = ET.SubElement(
            case, "failure", message=f"{len(outcome.drift)} generated file(s) out of date"
        )
        failure.text = "".join(c.diff() for c in outcome.drift)
    if outcome.parity:
        add_parity_cases(suite, outcome.parity)
    ET.indent(suite)
    return ET.tostring(suite, encoding="unicode", xml_declaration=True) + "\n"


def write_ci_reports(
    outcome: CiOutcome, out_dir: str | Path, templates: str | Path | None = None
) -> list[Path]:
    out = Path(out_dir)
    out.mkdir(parents=True, exist_ok=True)
    files = {
        "ci.md": render_ci_markdown(outcome, templates),
        "ci.xml": render_ci_junit(outcome),
        "ci.json": json.dumps(outcome.to_json(), indent=2) + "\n",
    }
    for name, text in files.items():
        (out / name).write_text(text, encoding="utf-8")
    return [out / name for name in files]
