"""A build that declares an artifact the offline mirror lacks: every command that generates
says which coordinate and which project (with file:line) asks for it, exits 2 (an error, not
1 = "stale" of ``--check``), shows no traceback and writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from git_testing import commit_everything, new_repo

from migrate.cli import main

MISSING = "com.example.nope:missing:1.0"
ALSO_MISSING = "com.example.gone:absent:2.5"


def _publish(mirror: Path, group: str, artifact: str, version: str) -> None:
    """A jar and a dependency-free POM in Maven layout (the jar's bytes do not matter)."""
    vdir = mirror.joinpath(*group.split("."), artifact, version)
    vdir.mkdir(parents=True)
    (vdir / f"{artifact}-{version}.jar").write_bytes(b"PK\x05\x06" + b"\0" * 18)
    (vdir / f"{artifact}-{version}.pom").write_text(
        '<project xmlns="http://maven.apache.org/POM/4.0.0"><modelVersion>4.0.0</modelVersion>'
        f"<groupId>{group}</groupId><artifactId>{artifact}</artifactId>"
        f"<version>{version}</version></project>\n"
    )


@pytest.fixture
def mirror(tmp_path: Path) -> Path:
    root = tmp_path / "maven-repo"
    _publish(root, "com.example.here", "present", "1.0")
    return root


@pytest.fixture
def build(tmp_path: Path) -> Path:
    """Two Java projects; :app declares one artifact the mirror has and two it lacks."""
    root = tmp_path / "build"
    (root / "app/src/main/java/app").mkdir(parents=True)
    (root / "lib/src/main/java/lib").mkdir(parents=True)
    (root / "settings.gradle").write_text("include 'app', 'lib'\n")
    (root / "app/build.gradle").write_text(
        "apply plugin: 'java-library'\n"
        "repositories { mavenCentral() }\n"
        "dependencies {\n"
        "    implementation 'com.example.here:present:1.0'\n"
        f"    implementation '{MISSING}'\n"
        "    implementation project(':lib')\n"
        f"    testImplementation '{ALSO_MISSING}'\n"
        "}\n"
    )
    (root / "lib/build.gradle").write_text("apply plugin: 'java-library'\n")
    (root / "app/src/main/java/app/App.java").write_text("package app; public class App {}\n")
    (root / "lib/src/main/java/lib/Lib.java").write_text("package lib; public class Lib {}\n")
    return root


def _tree(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _assert_clear_error(result: Result) -> None:
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception  # no traceback
    assert "Traceback" not in result.output
    assert MISSING in result.output and "error:" in result.output


@pytest.mark.parametrize("mode", [[], ["--check"], ["--dry-run"], ["--no-cache"]])
def test_generate_names_coordinate_project_and_line_and_writes_nothing(
    build: Path, mirror: Path, mode: list[str]
) -> None:
    before = _tree(build)
    result = _run(
        "generate", str(build), "--offline-mirror", f"file://{mirror}", "--bazel-version",
        "4.2.3", *mode,
    )  # fmt: skip
    _assert_clear_error(result)
    assert f"{MISSING}, declared by :app (app/build.gradle:5, implementation)" in result.output
    assert f"{ALSO_MISSING}, declared by :app (app/build.gradle:7, testImplementation)" in (
        result.output
    )
    assert "com.example.here:present" not in result.output  # what the mirror has is fine
    assert _tree(build) == before  # nothing written, not even the root's BUILD files


def test_generate_help_documents_the_error_exit_code() -> None:
    result = _run("generate", "--help")
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    assert "2 on errors" in text and "not in the --offline-mirror" in text


def test_verify_reports_the_missing_artifact_as_an_error(build: Path, mirror: Path) -> None:
    result = _run(
        "verify", str(build), "--offline-mirror", f"file://{mirror}", "--bazel-version", "4.2.3"
    )
    _assert_clear_error(result)
    assert ":app (app/build.gradle:5, implementation)" in result.output


def test_wave_reports_the_missing_artifact_as_an_error(build: Path, mirror: Path) -> None:
    assert _run("plan", str(build)).exit_code == 0
    before = _tree(build)
    result = _run(
        "wave", "1", str(build), "--offline-mirror", f"file://{mirror}", "--bazel-version",
        "4.2.3",
    )  # fmt: skip
    _assert_clear_error(result)
    assert not any(path.endswith("BUILD.bazel") for path in set(_tree(build)) - set(before))


def test_ci_reports_the_missing_artifact_as_an_error(build: Path, mirror: Path) -> None:
    commit_everything(new_repo(build), "a build")
    result = _run(
        "ci", str(build), "--offline-mirror", f"file://{mirror}", "--bazel-version", "4.2.3",
        "--no-parity",
    )  # fmt: skip
    _assert_clear_error(result)
