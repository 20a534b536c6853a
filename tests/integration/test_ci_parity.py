"""`migrate ci` with real Gradle and Bazel: a source change in a library is checked for parity
in that library and in everything that depends on it, and the JUnit report has a case for the
drift check and one per project."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path

import git
from click.testing import CliRunner

from migrate.cli import main

from .conftest import MIRROR
from .migrate_runs import tool_args


def test_a_change_is_checked_where_it_lands(example_copy: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    generated = runner.invoke(main, ["generate", str(example_copy), "--offline-mirror", MIRROR])
    assert generated.exit_code == 0, generated.output
    repo = git.Repo.init(example_copy, initial_branch="main")
    repo.git.add("-A")
    repo.index.commit("generated", author=git.Actor("Dev", "dev@example.com"))
    source = example_copy / "libs/text/src/main/java/com/example/text/wrap/WordWrapper.java"
    text = source.read_text()
    cut = text.rindex("}")
    source.write_text(
        text[:cut] + "\n    public static int width() {\n        return 80;\n    }\n}\n"
    )
    result = runner.invoke(
        main,
        ["ci", str(example_copy), *tool_args(tmp_path)],
    )
    assert result.exit_code == 0, result.output[-3000:]
    assert "generated files are up to date" in result.output
    assert "PARITY: every project matches" in result.output
    suite = ET.fromstring(
        (example_copy / "migration/reports/ci/ci.xml").read_text().split("\n", 1)[1]
    )
    names = [case.get("name") for case in suite]
    assert names == ["generated files are up to date", ":libs:text", ":services:inventory"]
    assert suite.get("failures") == "0"
    markdown = (example_copy / "migration/reports/ci/ci.md").read_text()
    assert "Gradle/Bazel parity for 2 project(s)" in markdown
