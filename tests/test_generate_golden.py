"""Golden tests for generation: fixtures/generate/<case>/in is a Gradle build, out/ holds the
BUILD files (and chosen workspace files) it must produce. Regenerate the goldens after a
deliberate change with MIGRATE_UPDATE_GOLDEN=1, then review the diff like any code change."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from migrate.bazel.files import apply_changes
from migrate.bazel.spec import RemoteSettings
from migrate.gradle.reader import read_build
from migrate.pipeline import run_generation
from migrate.targets.generate import GenerateOptions

CASES_DIR = Path(__file__).parent / "fixtures" / "generate"
CASES = sorted(p.name for p in CASES_DIR.iterdir() if (p / "in").is_dir())
UPDATE = os.environ.get("MIGRATE_UPDATE_GOLDEN") == "1"


def _options(case: str) -> tuple[GenerateOptions, list[str]]:
    path = CASES_DIR / case / "options.json"
    data = json.loads(path.read_text()) if path.is_file() else {}
    remote = RemoteSettings(executor="grpc://127.0.0.1:8980", instance_name="main")
    options = GenerateOptions(
        granularity=data.get("granularity", "module"),
        bazel_version=data.get("bazel_version", "4.2.3"),
        offline_mirror=data.get("offline_mirror"),
        remote=remote,
    )
    return options, data.get("workspace_files", ["MODULE.bazel", "WORKSPACE"])


def _generate(case: str, tmp_path: Path) -> tuple[Path, list[str]]:
    root = tmp_path / case
    shutil.copytree(CASES_DIR / case / "in", root)
    options, workspace_files = _options(case)
    model = read_build(str(root))
    result = run_generation(root, model, options)
    _check_merge_warnings(case, [w for c in result.changes for w in c.warnings])
    apply_changes(root, result.changes)
    return root, workspace_files


def _check_merge_warnings(case: str, said: list[str]) -> None:
    """A case whose in/ holds BUILD files from an earlier run lists in warnings.txt what merging
    must say (the hand edits it drops); every other case merges without a word."""
    path = CASES_DIR / case / "warnings.txt"
    if UPDATE and said:
        path.write_text("".join(f"{w}\n" for w in said))
    elif UPDATE:
        path.unlink(missing_ok=True)
    expected = path.read_text().splitlines() if path.is_file() else []
    assert said == expected


def _outputs(root: Path, workspace_files: list[str]) -> dict[str, str]:
    found = {}
    for path in sorted(root.rglob("BUILD.bazel")):
        rel = path.relative_to(root).as_posix()
        if not rel.startswith("third_party/"):
            found[rel] = path.read_text()
    for name in workspace_files:
        if (root / name).is_file():
            found[name] = (root / name).read_text()
    return found


@pytest.mark.parametrize("case", CASES)
def test_generated_files_match_golden(case: str, tmp_path: Path) -> None:
    root, workspace_files = _generate(case, tmp_path)
    outputs = _outputs(root, workspace_files)
    golden = CASES_DIR / case / "out"
    if UPDATE:
        shutil.rmtree(golden, ignore_errors=True)
        for rel, text in outputs.items():
            (golden / rel).parent.mkdir(parents=True, exist_ok=True)
            (golden / rel).write_text(text)
    expected = {
        p.relative_to(golden).as_posix(): p.read_text()
        for p in sorted(golden.rglob("*"))
        if p.is_file()
    }
    assert sorted(outputs) == sorted(expected)
    for rel, text in expected.items():
        assert outputs[rel] == text, f"{case}: {rel} differs from the golden file"


@pytest.mark.parametrize("case", CASES)
def test_regeneration_is_a_no_op(case: str, tmp_path: Path) -> None:
    root, _ = _generate(case, tmp_path)
    options, _ = _options(case)
    again = run_generation(root, read_build(str(root)), options)
    assert [c.path for c in again.changes if c.changed] == []


@pytest.mark.parametrize("case", CASES)
def test_generated_files_pass_buildifier(case: str, tmp_path: Path) -> None:
    buildifier = shutil.which("buildifier")
    if buildifier is None:
        pytest.fail("buildifier is not installed: run tools/setup-debian.sh")
    root, _ = _generate(case, tmp_path)
    files = [p for p in root.rglob("*") if p.name in ("BUILD.bazel", "MODULE.bazel", "WORKSPACE")]
    assert files
    result = subprocess.run(
        [buildifier, "--mode=check", "--lint=warn", *map(str, files)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0, result.stdout + result.stderr
