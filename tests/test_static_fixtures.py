"""Golden tests for the static reader: each folder in fixtures/static is a small Gradle build
with an expected.json of what the reader must make of it (see fixtures/static/README.md)."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

import pytest

from migrate.gradle.reader import read_build
from migrate.graph import ProjectGraph
from migrate.model import BuildModel

CASES_DIR = Path(__file__).parent / "fixtures" / "static"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "expected.json").is_file())
DEP_KEYS = (
    "configuration",
    "project",
    "coordinate",
    "other",
    "platform",
    "test_fixtures",
    "target_configuration",
)


def _dep_key(dep: dict, wildcard_other: bool) -> tuple:
    items = []
    for key in DEP_KEYS:
        value = dep.get(key)
        if key == "other" and value is not None and wildcard_other:
            value = "*"
        if value not in (None, False):
            items.append((key, value))
    return tuple(items)


def _matches(diagnostic: dict, want: dict) -> bool:
    return (
        diagnostic["file"] == want["file"]
        and diagnostic["line"] == want["line"]
        and want.get("contains", "").lower() in diagnostic["message"].lower()
    )


def _scan(case: str) -> tuple[BuildModel, dict]:
    expected = json.loads((CASES_DIR / case / "expected.json").read_text())
    root = CASES_DIR / case / "build" / expected.get("root", "")
    return read_build(str(root)), expected


@pytest.mark.parametrize("case", CASES)
def test_static_reader_case(case: str) -> None:
    model, expected = _scan(case)
    data = model.to_json()
    projects = {p["path"]: p for p in data["projects"]}
    diagnostics = data["diagnostics"]
    shown = "\n".join(f"  {d['file']}:{d['line']}: {d['message']}" for d in diagnostics)

    if "project_paths" in expected:
        assert sorted(projects) == sorted(expected["project_paths"])
    for path in expected.get("absent_projects", []):
        assert path not in projects
    for path, want in expected.get("projects", {}).items():
        assert path in projects, f"missing project {path}; have {sorted(projects)}"
        got = projects[path]
        for key in ("dir", "build_file", "languages"):
            if key in want:
                assert got[key] == want[key], f"{path} {key}"
        if "plugins" in want:
            assert set(got["plugins"]) == set(want["plugins"]), f"{path} plugins"
        if "dependencies" in want:
            wildcard = any(d.get("other") == "*" for d in want["dependencies"])
            got_deps = Counter(_dep_key(d, wildcard) for d in got["dependencies"])
            want_deps = Counter(_dep_key(d, wildcard) for d in want["dependencies"])
            assert got_deps == want_deps, f"{path} dependencies\ndiagnostics:\n{shown}"
    for want in expected.get("diagnostics", []):
        matches = [d for d in diagnostics if _matches(d, want)]
        assert matches, f"no diagnostic like {want}; got:\n{shown}"
    if expected.get("only_diagnostics"):
        extra = [d for d in diagnostics if not any(_matches(d, w) for w in expected["diagnostics"])]
        assert not extra, f"unexpected diagnostics: {extra}"
    if expected.get("no_diagnostics"):
        assert diagnostics == [], f"unexpected diagnostics:\n{shown}"
    if "cycles" in expected:
        cycles = [list(c.projects) for c in ProjectGraph.from_model(model).cycles()]
        assert cycles == sorted(sorted(c) for c in expected["cycles"])


@pytest.mark.parametrize("case", CASES)
def test_model_json_round_trip(case: str) -> None:
    model, _ = _scan(case)
    assert BuildModel.loads(model.dumps()) == model
