"""The synthetic monorepo generator of the benchmarks: deterministic, fully understood by the
static reader, with imports that carry the dependency graph (package mode finds them)."""

from __future__ import annotations

import hashlib
import sys
from pathlib import Path

from migrate.gradle.reader import read_build
from migrate.graph import ProjectGraph
from migrate.targets.generate import GenerateOptions, generate

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))

import synth  # noqa: E402


def _tree_digest(root: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(root.rglob("*")):
        if path.is_file():
            digest.update(str(path.relative_to(root)).encode() + path.read_bytes())
    return digest.hexdigest()


def test_synthetic_repo_is_deterministic_and_understood(tmp_path: Path) -> None:
    synth.generate(tmp_path / "a", 30, 12, seed=7)
    synth.generate(tmp_path / "b", 30, 12, seed=7)
    assert _tree_digest(tmp_path / "a") == _tree_digest(tmp_path / "b")
    model = read_build(tmp_path / "a")
    # the one shared script runs JUnit 5 on Gradle 4.4; its task code is beyond the reader
    assert {d.file for d in model.diagnostics} <= {"gradle/junit-platform.gradle"}
    leaves = [p for p in model.projects if p.path.count(":") == 2]
    assert len(leaves) == 30
    languages = {lang for p in leaves for langs in p.languages.values() for lang in langs}
    assert languages == {"java", "kotlin", "scala"}
    assert any("application" in p.plugins for p in leaves)
    for project in leaves:
        configurations = {d.configuration for d in project.dependencies}
        assert "testImplementation" in configurations, project.path
    frameworks = {p.tests.framework for p in leaves}
    assert "testng" in frameworks
    assert any(
        d.coordinate == "org.junit.jupiter:junit-jupiter-api:5.9.2"
        for p in leaves
        for d in p.dependencies
    )
    graph = ProjectGraph.from_model(model)
    assert graph.cycles() == [] and len(graph.layers()) >= 4


def test_package_mode_finds_the_imports_as_dependencies(tmp_path: Path) -> None:
    synth.generate(tmp_path, 20, 12, seed=1)
    model = read_build(tmp_path)
    result = generate(model, GenerateOptions(granularity="package", cache=False))
    targets = sum(len(f.rules) for f in result.build_files)
    assert targets > 3 * 20  # packages of 5 files, plus libraries and tests
    unexplained = [f for f in result.findings if "does not declare" in f.message]
    assert unexplained == []
