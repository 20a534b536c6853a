"""What the printer and merge tests share: the ``generated.json`` loader of their golden cases,
the check by the real ``buildifier`` (the judge of formatting and lint) and a rule shorthand."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from migrate.bazel.rule import BuildFile, Glob, Rule, Value

UPDATE = os.environ.get("MIGRATE_UPDATE_GOLDEN") == "1"
JAVA = "@rules_java//java:defs.bzl"
KOTLIN = "@rules_kotlin//kotlin:jvm.bzl"
BUILDIFIER = shutil.which("buildifier")
needs_buildifier = pytest.mark.skipif(
    BUILDIFIER is None, reason="buildifier is not on PATH (tools/setup-debian.sh installs it)"
)


def _value(raw: object) -> Value | dict[str, str]:
    """A JSON attribute value: lists → tuples, {"glob": ...} → Glob, {"dict": ...} → dict."""
    if isinstance(raw, list):
        return tuple(raw)
    if isinstance(raw, dict) and "dict" in raw:
        return dict(raw["dict"])
    if isinstance(raw, dict):
        return Glob(tuple(raw["glob"]), tuple(raw.get("exclude", ())), raw.get("allow_empty"))
    assert isinstance(raw, (str, bool, int))
    return raw


def load_generated(path: Path) -> BuildFile:
    """A BuildFile from a golden case's ``generated.json`` (format: fixtures/merge/README.md)."""
    data = json.loads(path.read_text())
    rules = tuple(
        Rule(
            kind=r["kind"],
            name=r["name"],
            attrs=tuple((k, _value(v)) for k, v in r.get("attrs", {}).items()),
            load=r.get("load"),
            comment=r.get("comment"),
        )
        for r in data["rules"]
    )
    return BuildFile(data.get("package", ""), rules, tuple(data.get("header", ())))


def buildifier_problems(text: str, tmp_path: Path) -> str:
    """Everything buildifier would change or warn about; empty when the text is clean."""
    assert BUILDIFIER is not None
    build = tmp_path / "BUILD.bazel"
    build.write_text(text)
    check = subprocess.run(
        [BUILDIFIER, "--mode=check", "--lint=warn", str(build)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    formatted = subprocess.run(
        [BUILDIFIER, "--type=build"], input=text, capture_output=True, text=True, timeout=60
    )
    problems = check.stdout + check.stderr
    if check.returncode != 0 and not problems:
        problems = f"buildifier exited with {check.returncode}"
    if formatted.stdout != text:
        problems += "\nbuildifier would reformat it to:\n" + formatted.stdout
    return problems.strip()


def make_rule(kind: str, name: str, load: str | None = JAVA, **attrs: Value) -> Rule:
    return Rule(kind, name, tuple(attrs.items()), load)
