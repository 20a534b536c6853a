"""Every first-party label a generated BUILD file uses names a target that generation made.

Bazel stops at the first "no such target"; a dependency on a project must never point at a
library that project does not get.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from migrate.gradle.reader import read_build
from migrate.targets.generate import GenerateOptions, generate

GOLDEN_CASES = Path(__file__).parent / "fixtures" / "generate"
LABEL_ATTRS = ("deps", "exports", "runtime_deps", "associates", "plugins")


def _dangling(root: Path, granularity: str) -> list[str]:
    result = generate(read_build(str(root)), GenerateOptions(granularity=granularity))
    defined = {f"//{f.package}:{rule.name}" for f in result.build_files for rule in f.rules}
    dangling = []
    for build_file in result.build_files:
        for rule in build_file.rules:
            for attr in LABEL_ATTRS:
                for label in rule.attr(attr) or ():
                    if label.startswith("@"):
                        continue
                    if label.startswith(":"):
                        label = f"//{build_file.package}{label}"
                    elif ":" not in label:
                        label = f"{label}:{label.rsplit('/', 1)[-1]}"
                    if label not in defined:
                        dangling.append(f"//{build_file.package}:{rule.name} {attr} {label}")
    return dangling


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


@pytest.mark.parametrize("granularity", ["module", "package"])
def test_a_project_with_only_runtime_dependencies_still_gets_its_library(
    tmp_path: Path, granularity: str
) -> None:
    root = _write(
        tmp_path,
        {
            "settings.gradle": "include 'rules', 'rules-style', 'cli'\n",
            "rules/build.gradle": (
                "plugins { id 'java-library' }\n"
                "dependencies {\n  runtimeOnly project(':rules-style')\n"
                "  runtimeOnly 'com.google.guava:guava:31.1-jre'\n}\n"
            ),
            "rules-style/build.gradle": "plugins { id 'java-library' }\n",
            "rules-style/src/main/java/style/Rule.java": "package style;\npublic class Rule {}\n",
            "cli/build.gradle": (
                "plugins { id 'java-library' }\ndependencies { implementation project(':rules') }\n"
            ),
            "cli/src/main/java/cli/Main.java": "package cli;\npublic class Main {}\n",
        },
    )
    assert _dangling(root, granularity) == []


@pytest.mark.parametrize("case", sorted(p.name for p in GOLDEN_CASES.iterdir()))
@pytest.mark.parametrize("granularity", ["module", "package"])
def test_golden_builds_use_no_dangling_labels(tmp_path: Path, case: str, granularity: str) -> None:
    root = tmp_path / case
    shutil.copytree(GOLDEN_CASES / case / "in", root)
    assert _dangling(root, granularity) == []
