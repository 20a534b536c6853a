"""`migrate verify` on the example with the real Gradle 4.4.1 and Bazel 4.2.3 (offline):
parity holds for Java, Kotlin and Scala; a planted difference fails with exit 1 and is named;
through a real BuildGrid cache, the report's counts are Bazel's."""

from __future__ import annotations

import json
import re
from pathlib import Path

from click.testing import CliRunner

from migrate.cli import main

from .buildgrid import buildgrid_cache  # noqa: F401  (pytest fixture)

MIRROR = "file:///usr/share/maven-repo"


def _generate(root: Path) -> None:
    result = CliRunner().invoke(main, ["generate", str(root), "--offline-mirror", MIRROR])
    assert result.exit_code == 0, result.output


def _verify(root: Path, tmp_path: Path, *args: str):
    return CliRunner().invoke(
        main,
        [
            "verify",
            str(root),
            "--offline-mirror",
            MIRROR,
            "--format",
            "json",
            "--bazel-output-root",
            str(tmp_path / "bazel-root"),
            "--gradle-user-home",
            str(tmp_path / "gradle-home"),
            *args,
        ],
    )


def test_example_has_parity_for_java_kotlin_and_scala(example_copy: Path, tmp_path: Path) -> None:
    _generate(example_copy)
    result = _verify(example_copy, tmp_path, "--out", str(tmp_path / "reports"))
    assert result.exit_code == 0, result.output[-3000:]
    report = json.loads(result.output)
    projects = {p["project"]: p for p in report["projects"]}
    assert report["ok"] and len(projects) == 11
    for path in (":libs:core", ":reporting:summary", ":analytics:stats"):
        classes = projects[path]["classes"]
        assert classes["identical"] + classes["equivalent"] > 0
        assert projects[path]["tests"]["same"] > 0
        assert projects[path]["classpath"] == {"missing_in_bazel": [], "extra_in_bazel": []}
    assert projects[":reporting:summary"]["classes"]["equivalent"] == 0  # Kotlin: byte-identical
    assert report["normalisations"] == ["method-parameters"]
    assert report["timings"]["gradle_build"] > 0 and report["timings"]["bazel_build"] > 0
    junit = (tmp_path / "reports" / "parity.xml").read_text()
    assert 'tests="11"' in junit and 'failures="0"' in junit


def test_planted_difference_fails_and_is_named(example_copy: Path, tmp_path: Path) -> None:
    _generate(example_copy)
    build = example_copy / "libs" / "text" / "BUILD.bazel"
    text = build.read_text()
    start = text.index('java_test(\n    name = "WordWrapperTest"')
    build.write_text(text[:start].rstrip() + "\n\n# migrate:ignore WordWrapperTest\n")
    (example_copy / "libs/text/src/main/java/com/example/text/Extra.java").write_text(
        "package com.example.text;\n\npublic class Extra {}\n"
    )
    build.write_text(
        build.read_text().replace(
            'srcs = glob(["src/main/java/**/*.java"]),',
            'srcs = glob(\n        ["src/main/java/**/*.java"],\n'
            '        exclude = ["src/main/java/com/example/text/Extra.java"],\n    ),  # keep',
        )
    )
    _generate(example_copy)  # the hand edits survive regeneration
    assert "Extra.java" in build.read_text()
    result = _verify(example_copy, tmp_path, "--module", ":libs:text", "--format", "text")
    assert result.exit_code == 1, result.output[-3000:]
    assert "com/example/text/Extra.class only in Gradle's jar" in result.output
    assert "WordWrapperTest" in result.output and "ran in Gradle only" in result.output
    assert "PARITY FAILED: 1 project(s) differ" in result.output


def test_remote_cache_hits_are_counted_from_bazels_summary(
    example_copy: Path,
    tmp_path: Path,
    buildgrid_cache: str,  # noqa: F811
) -> None:
    (example_copy / "migration.yaml").write_text(
        f"bazel:\n  remote:\n    cache: {buildgrid_cache}\n    instance_name: ''\n"
    )
    _generate(example_copy)
    args = ("--module", ":libs:core", "--module", ":libs:text", "--remote=cache")
    first = _verify(example_copy, tmp_path, *args)
    assert first.exit_code == 0, first.output[-3000:]
    second = _verify(example_copy, tmp_path, *args)
    assert second.exit_code == 0, second.output[-3000:]
    remote = json.loads(second.output)["remote"]
    assert remote["config"] == "cache"
    assert remote["remote_cache_hits"] > remote["local"]
    line = remote["summary_line"]
    assert line and int(re.search(r"(\d+) process", line).group(1)) == remote["processes"]
    assert int(re.search(r"(\d+) remote cache hit", line).group(1)) == remote["remote_cache_hits"]
    assert (
        remote["remote_cache_hits"] + remote["local"] + remote["by_kind"]["internal"]
        == remote["processes"]
    )
