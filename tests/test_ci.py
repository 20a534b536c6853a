"""`migrate ci` without the build tools: the drift check (up to date → 0; a build script edit that
changes dependencies → 1 with a readable diff), and which projects a change touches."""

from __future__ import annotations

import json
from pathlib import Path

import git
import pytest
from click.testing import CliRunner
from git_testing import commit_everything, new_repo

from migrate.ci import CiError, changed_files, touched_projects
from migrate.cli import main
from migrate.gradle.reader import read_build


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.fixture
def generated(example_copy: Path) -> Path:
    """The example with its generated files, committed on main."""
    assert run("generate", str(example_copy)).exit_code == 0
    commit_everything(new_repo(example_copy), "generated BUILD files")
    return example_copy


def test_passes_when_up_to_date(generated: Path) -> None:
    result = run("ci", str(generated))
    assert result.exit_code == 0, result.output
    assert "generated files are up to date" in result.output
    assert "parity not checked: no project with Bazel targets is touched" in result.output
    report = (generated / "migration/reports/ci/ci.md").read_text()
    assert report.startswith("## migrate ci: passed")
    junit = (generated / "migration/reports/ci/ci.xml").read_text()
    assert 'tests="1" failures="0"' in junit


def test_a_dependency_edit_fails_with_a_readable_drift_diff(generated: Path) -> None:
    build = generated / "libs/util/build.gradle"
    build.write_text(
        build.read_text().replace(
            "dependencies {", "dependencies {\n    implementation project(':libs:text')", 1
        )
    )
    result = run("ci", str(generated))
    assert result.exit_code == 1
    assert "--- a/libs/util/BUILD.bazel\n+++ b/libs/util/BUILD.bazel\n" in result.output
    assert '+        "//libs/text",' in result.output
    assert "DRIFT: 1 generated file(s) out of date (libs/util/BUILD.bazel)" in result.output
    assert "parity not checked: generated files are stale; regenerate first" in result.output
    markdown = (generated / "migration/reports/ci/ci.md").read_text()
    assert "**1 generated file(s) out of date**" in markdown
    assert "```diff\n--- a/libs/util/BUILD.bazel" in markdown
    junit = (generated / "migration/reports/ci/ci.xml").read_text()
    assert 'failures="1"' in junit and "1 generated file(s) out of date" in junit
    data = json.loads(run("ci", str(generated), "--format", "json").output)
    assert data["ok"] is False and data["drift"][0]["path"] == "libs/util/BUILD.bazel"
    assert run("generate", str(generated)).exit_code == 0
    assert run("ci", str(generated), "--no-parity").exit_code == 0


def test_changed_files_and_touched_projects(generated: Path) -> None:
    repo = git.Repo(generated)
    (generated / "libs/text/src/main/java/com/example/text/New.java").write_text("class New {}\n")
    (generated / "libs/core/README").write_text("notes\n")
    repo.git.add("libs/core/README")
    repo.index.commit("notes")
    (generated / "migration").mkdir(exist_ok=True)
    (generated / "migration/state.yaml").write_text("version: 1\n")
    files = changed_files(generated, "HEAD~1")
    assert files == ["libs/core/README", "libs/text/src/main/java/com/example/text/New.java"]
    model = read_build(generated)
    assert touched_projects(model, files) == {":libs:core", ":libs:text"}
    assert len(touched_projects(model, ["settings.gradle"])) == len(model.projects)
    with pytest.raises(CiError, match="git could not list the changes"):
        changed_files(generated, "no-such-ref")


def test_outside_git_asks_for_wave_or_module(example_copy: Path) -> None:
    assert run("generate", str(example_copy)).exit_code == 0
    result = run("ci", str(example_copy))
    assert result.exit_code == 2
    assert "is not in a git repository: use --wave or --module" in result.output
    assert run("ci", str(example_copy), "--wave", "1", "--base", "x").exit_code == 2


def test_without_git_installed_ci_says_so(
    example_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert run("generate", str(example_copy)).exit_code == 0
    monkeypatch.setenv("PATH", str(tmp_path / "no-tools"))  # importing migrate still works
    monkeypatch.delenv("GIT_PYTHON_GIT_EXECUTABLE", raising=False)
    result = run("ci", str(example_copy))
    assert result.exit_code == 2
    assert "git is not installed: `migrate ci` finding the files a change touches needs it" in (
        result.output
    )
    assert "Traceback" not in result.output
