"""Copying the bundled example for a test: its sources and build scripts only, never what a run
in the checkout (README's Quick start, `migrate run examples/monorepo`) left there — BUILD and
workspace files, Gradle and Bazel outputs (bazel-* links to an output base), migration/."""

from __future__ import annotations

import shutil
from pathlib import Path

EXAMPLES = Path(__file__).resolve().parent.parent / "examples"
EXAMPLE = EXAMPLES / "monorepo"

GENERATED = shutil.ignore_patterns(
    ".gradle",
    "build",
    "bazel-*",
    "migration",
    "BUILD.bazel",
    "WORKSPACE",
    "MODULE.bazel*",
    ".bazelrc",
    ".bazelignore",
    "third_party",
)


def copy_example(target: Path, example: str = "monorepo") -> Path:
    """A copy of ``examples/<example>`` (monorepo, or frameworks: the test-framework build)."""
    shutil.copytree(EXAMPLES / example, target, ignore=GENERATED)
    return target
