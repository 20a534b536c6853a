"""The live model from the real Gradle 4.4.1 here, the offline profile, and its errors."""

from __future__ import annotations

import json
import subprocess
import time
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate.cli import main
from migrate.gradle.runner import GradleError, GradleProfile, run_gradle

MIRROR = "file:///usr/share/maven-repo"


def test_scan_gradle_returns_every_project_with_resolved_versions(gradle: str, example_copy: Path):
    static = CliRunner().invoke(main, ["scan", str(example_copy), "--format", "json"])
    result = CliRunner().invoke(
        main,
        ["scan", "--gradle", "--offline-mirror", MIRROR, "--format", "json", str(example_copy)],
    )
    assert result.exit_code == 0, result.output
    live = json.loads(result.output)
    assert {p["path"] for p in live["projects"]} == {
        p["path"] for p in json.loads(static.output)["projects"]
    }
    projects = {p["path"]: p for p in live["projects"]}
    assert all(p["source"] == "gradle" for p in projects.values())
    core = projects[":libs:core"]
    assert "com.google.guava:guava:31.1-jre" in core["resolved"]["compileClasspath"]
    kotlin = projects[":reporting:summary"]
    assert "org.jetbrains.kotlin:kotlin-stdlib:1.3.31" in kotlin["resolved"]["runtimeClasspath"]
    scala = projects[":analytics:stats"]
    assert "org.scala-lang:scala-library:2.11.12" in scala["resolved"]["compileClasspath"]
    assert projects[":services:inventory"]["main_class"] == "com.example.inventory.InventoryMain"


def test_compare_finds_no_disagreement_on_the_example(gradle: str, example_copy: Path) -> None:
    result = CliRunner().invoke(
        main,
        [
            "scan",
            "--compare",
            "--strict",
            "--offline-mirror",
            MIRROR,
            "--format",
            "json",
            str(example_copy),
        ],
    )
    assert result.exit_code == 0, result.output
    report = json.loads(result.output)
    assert report["agree"] and report["projects_compared"] >= 15


def test_compare_reports_a_dependency_the_static_reader_cannot_see(gradle: str, example_copy: Path):
    build = example_copy / "libs" / "text" / "build.gradle"
    build.write_text(
        "def extra = System.getenv('PATH') ? 'org.apache.commons:commons-lang3:3.12.0' : 'x:y:1'\n"
        "dependencies { implementation extra }\n"
    )
    result = CliRunner().invoke(
        main, ["scan", "--compare", "--strict", "--offline-mirror", MIRROR, str(example_copy)]
    )
    assert result.exit_code == 1
    assert ":libs:text" in result.output
    assert "only Gradle has implementation org.apache.commons:commons-lang3:3.12.0" in result.output


def test_broken_build_script_gives_a_clear_error(gradle: str, tmp_path: Path) -> None:
    (tmp_path / "settings.gradle").write_text("include 'a'\n")
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "build.gradle").write_text(
        "apply plugin: 'java'\ndependencies {\n  implementation nosuchThing()\n}\n"
    )
    result = CliRunner().invoke(main, ["scan", "--gradle", str(tmp_path)])
    assert result.exit_code == 2
    assert "Gradle failed" in result.output and "line: 3" in result.output
    assert "nosuchThing" in result.output
    assert "openjdk version" not in result.output.lower()  # the JVM's chatter is filtered


def test_gradle_timeout_kills_the_build(gradle: str, tmp_path: Path) -> None:
    (tmp_path / "settings.gradle").write_text("rootProject.name = 'slow'\n")
    (tmp_path / "build.gradle").write_text("Thread.sleep(120000)\n")
    started = time.monotonic()
    with pytest.raises(GradleError, match="timed out after 8 s"):
        run_gradle(
            tmp_path,
            ["help"],
            GradleProfile(timeout=8),
            properties={"migrate.probe": str(tmp_path)},
        )
    assert time.monotonic() - started < 40
    left = subprocess.run(["pgrep", "-f", f"-Dmigrate.probe={tmp_path}"], capture_output=True)
    assert left.stdout == b""


def test_missing_gradle_command_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "settings.gradle").write_text("")
    result = CliRunner().invoke(
        main, ["scan", "--gradle", "--gradle-cmd", "/no/such/gradle", str(tmp_path)]
    )
    assert result.exit_code == 2 and "cannot run /no/such/gradle" in result.output


def _test_cases(root: Path, project_dir: str) -> list[tuple[str, str]]:
    results = sorted((root / project_dir / "build" / "test-results" / "test").glob("TEST-*.xml"))
    cases = []
    for path in results:
        for case in ET.parse(path).getroot().iter("testcase"):
            failed = case.find("failure") is not None or case.find("error") is not None
            cases.append((case.get("name"), "failed" if failed else "passed"))
    return cases


def test_offline_profile_builds_the_example_with_real_gradle(gradle: str, example_copy: Path):
    run = run_gradle(example_copy, ["build"], GradleProfile(offline_mirror=MIRROR, timeout=600))
    assert run.returncode == 0
    for project_dir in ("libs/core", "reporting/summary", "analytics/stats", "services/inventory"):
        cases = _test_cases(example_copy, project_dir)
        assert cases, f"no test results for {project_dir}"
        assert all(status == "passed" for _, status in cases), cases
    assert list((example_copy / "analytics/stats/build/libs").glob("stats*.jar"))
    assert list((example_copy / "reporting/summary/build/classes/kotlin/main").rglob("*.class"))
