"""Stage values go to JSON and come back equal: Generation (targets, labels, findings) and
ParityReport are what later stages read, not rendered text or raw dicts."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

import pytest

from migrate.bazel.rule import Glob, Rule
from migrate.gradle.reader import read_build
from migrate.targets.generate import GenerateOptions, Generation, generate
from migrate.values import ShapeError, from_json, to_json
from migrate.verify.report import (
    ClasspathSummary,
    ClassSummary,
    ParityReport,
    ProjectParity,
    RemoteStats,
    Timings,
)
from migrate.verify.testresults import TestComparison

EXAMPLE = Path(__file__).parent.parent / "examples" / "monorepo"


@pytest.mark.parametrize("granularity", ["module", "package"])
def test_generation_round_trips_through_json(granularity: str) -> None:
    generation = generate(read_build(str(EXAMPLE)), GenerateOptions(granularity, cache=False))
    text = json.dumps(generation.to_json(), sort_keys=True)
    back = Generation.from_json(json.loads(text))
    assert back == generation
    assert back.build_files and back.main_targets and back.test_targets
    assert isinstance(back.workspace.languages, frozenset)


def test_rule_attribute_values_keep_their_kind() -> None:
    rule = Rule(
        "java_library",
        "core",
        (
            ("srcs", Glob(("src/**/*.java",), ("src/gen/**",), True)),
            ("deps", ("//a", "//b")),
            ("testonly", True),
            ("shard_count", 2),
            ("resource_strip_prefix", "src/main/resources"),
        ),
        "@rules_java//java:defs.bzl",
    )
    back = from_json(Rule, json.loads(json.dumps(to_json(rule))))
    assert back == rule
    assert back.attr("testonly") is True and back.attr("shard_count") == 2


def test_parity_report_reads_back_what_it_wrote() -> None:
    report = ParityReport(
        (
            ProjectParity(
                ":libs:core",
                ("//libs/core",),
                ClassSummary(3, 1, (("a/B.class", "code differs"),), (), ("a/C.class",), {"x": 1}),
                TestComparison(4, (("a.BTest.run", "passed", "failed"),), ("a.D.x",)),
                ClasspathSummary(("g:a",), ()),
                ("note",),
            ),
        ),
        Timings(5.8, 1.3, 3.5, 15.5, 0.5, 5.3),
        ("method-parameters",),
        "module",
        RemoteStats("cache", 12, 8, 0, 4, {"Javac": 3}, "12 processes"),
    )
    data = json.loads(json.dumps(report.to_json()))
    assert data["ok"] is False  # derived fields are written for readers of the JSON ...
    assert ParityReport.from_json(data) == report  # ... and recomputed on the way back


@dataclass(frozen=True)
class _Sample:
    name: str
    count: int = 0


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ([], "_Sample: expected an object, got list"),
        ({"name": 3}, "_Sample.name: expected str, got 3"),
        ({"name": "a", "count": True}, "_Sample.count: expected int, got True"),
        ({"count": 1}, "_Sample: "),
    ],
)
def test_data_of_the_wrong_shape_is_a_clear_error(data: object, message: str) -> None:
    with pytest.raises(ShapeError, match="^" + message.replace("(", r"\(")):
        from_json(_Sample, data)
