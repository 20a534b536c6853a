"""`migrate scan`: the JSON contract, the text summary and the exit codes."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from migrate.cli import main
from migrate.gradle.reader import read_build
from migrate.model import Dependency

REPO = Path(__file__).resolve().parent.parent
EXAMPLE = REPO / "examples" / "monorepo"


def _validate_shape(data: dict) -> None:
    """The JSON shape promised to tools (extra keys allowed)."""
    assert data["schema_version"] == 1 and isinstance(data["root"], str)
    for project in data["projects"]:
        assert isinstance(project["path"], str) and project["path"].startswith(":")
        assert isinstance(project["dir"], str)
        assert project["build_file"] is None or isinstance(project["build_file"], str)
        assert all(isinstance(p, str) for p in project["plugins"])
        for source_set, langs in project["languages"].items():
            assert isinstance(source_set, str) and langs == sorted(langs)
            assert set(langs) <= {"java", "kotlin", "scala", "groovy"}
        for dep in project["dependencies"]:
            assert isinstance(dep["configuration"], str)
            assert sum(k in dep for k in ("project", "coordinate", "other")) == 1
    for diag in data["diagnostics"]:
        assert diag["severity"] in ("error", "warning", "info")
        assert isinstance(diag["message"], str)
        assert diag["file"] is None or isinstance(diag["file"], str)
        assert diag["line"] is None or isinstance(diag["line"], int)


def test_scan_example_json_has_the_promised_shape() -> None:
    result = CliRunner().invoke(main, ["scan", str(EXAMPLE), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    _validate_shape(data)
    projects = {p["path"]: p for p in data["projects"]}
    assert len(projects) >= 10 and projects[":"]["dir"] == "."
    languages = {lang for p in projects.values() for ls in p["languages"].values() for lang in ls}
    assert {"java", "kotlin", "scala"} <= languages
    assert data["diagnostics"] == []
    assert ":tools:scratch" not in projects and ":scratch" not in projects


def test_scan_text_summary_lists_projects_and_totals() -> None:
    result = CliRunner().invoke(main, ["scan", str(EXAMPLE)])
    assert result.exit_code == 0
    assert ":libs:core" in result.output and "projects; languages:" in result.output


def test_not_a_gradle_build_is_a_one_line_error_exit_2(tmp_path: Path) -> None:
    result = CliRunner().invoke(main, ["scan", str(tmp_path)])
    assert result.exit_code == 2
    assert result.output.strip().count("\n") == 0 and "not a Gradle build" in result.output


def test_malformed_scripts_scan_with_diagnostics_and_strict_fails(tmp_path: Path) -> None:
    (tmp_path / "settings.gradle").write_text("include 'a'\n")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "build.gradle").write_text(
        "apply plugin: 'java'\ndependencies {\n  implementation computeDeps()\n  api 'g:a:1'\n"
    )
    runner = CliRunner()
    result = runner.invoke(main, ["scan", str(tmp_path), "--format", "json"])
    assert result.exit_code == 0
    data = json.loads(result.output)
    deps = data["projects"][1]["dependencies"]
    assert [d.get("coordinate") or d.get("other") for d in deps] == ["computeDeps()", "g:a:1"]
    locations = {(d["file"], d["line"]) for d in data["diagnostics"]}
    assert ("a/build.gradle", 3) in locations  # the dependency it could not evaluate
    assert ("a/build.gradle", 2) in locations  # the block that was never closed
    assert runner.invoke(main, ["scan", str(tmp_path), "--strict"]).exit_code == 1


def test_python_dash_m_entry_point() -> None:
    out = subprocess.run(
        [sys.executable, "-m", "migrate", "--help"], capture_output=True, text=True
    )
    assert out.returncode == 0 and "scan" in out.stdout


def test_modern_example_is_fully_understood() -> None:
    """Kotlin DSL, catalog, build-logic conventions, KMP, test fixtures: no diagnostics."""
    model = read_build(str(REPO / "examples" / "modern"))
    assert model.diagnostics == ()
    kmp = model.project(":platform:domain-model")
    assert Dependency("jvmMainImplementation", project=":platform:core") in [
        Dependency(d.configuration, project=d.project) for d in kmp.dependencies
    ]
    assert any(d.coordinate and "kotlinx-datetime" in d.coordinate for d in kmp.dependencies)
    assert set(kmp.languages) == {"commonMain", "commonTest", "jvmMain"}
    core = model.project(":platform:core")
    assert core.languages["testFixtures"] == ["java"]
    cli = model.project(":apps:cli")
    assert {"myorg.java-conventions", "org.jetbrains.kotlin.jvm", "application"} <= set(cli.plugins)
