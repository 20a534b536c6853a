"""docs/DESIGN.md is the picture new engineers start from: every module, function and value it
names must exist, so the picture cannot drift from the code unnoticed."""

from __future__ import annotations

import importlib
import re
from pathlib import Path

import migrate

ROOT = Path(__file__).parent.parent
DESIGN = (ROOT / "docs" / "DESIGN.md").read_text(encoding="utf-8")
FLOW = DESIGN.split("## The flow of data", 1)[1].split("```")[1]
VALUES = [
    "BuildModel",
    "ProjectGraph",
    "GenerationInputs",
    "Generation",
    "BuildFile",
    "Rule",
    "WorkspaceSpec",
    "Finding",
    "GenerationResult",
    "FileChange",
    "ProjectFacts",
    "RolloutPlan",
    "ParityReport",
    "MigrationReport",
    "CiOutcome",
]


def _classes() -> set[str]:
    names = set()
    for path in Path(migrate.__file__).parent.rglob("*.py"):
        names |= set(re.findall(r"^class (\w+)", path.read_text(encoding="utf-8"), re.M))
    return names


def test_every_path_it_names_exists() -> None:
    named = set(re.findall(r"`((?:migrate|rules|generators|reports|tools|docs)/[\w./-]*)`", DESIGN))
    assert named, "DESIGN.md names no paths"
    missing = sorted(p for p in named if not (ROOT / p.rstrip("/")).exists())
    assert missing == []


def test_every_function_in_the_flow_exists() -> None:
    calls = set(re.findall(r"\b((?:[a-z_]+/)?[a-z_]+)\.([a-z_]+)\b", FLOW))
    calls = {
        (m, f)
        for m, f in calls
        if not f.endswith(("py", "yaml", "bazel", "j2", "md", "xml", "json"))
    }
    assert len(calls) >= 10
    missing = []
    for module, function in sorted(calls):
        try:
            found = importlib.import_module("migrate." + module.replace("/", "."))
        except ModuleNotFoundError:
            missing.append(f"{module} (module)")
            continue
        if not hasattr(found, function):
            missing.append(f"{module}.{function}")
    assert missing == []


def test_every_value_in_the_flow_is_a_class() -> None:
    shown = [name for name in VALUES if name in FLOW]
    assert shown == VALUES  # the flow still shows each stage value ...
    assert sorted(set(VALUES) - _classes()) == []  # ... and each is a real class
