"""Generated BUILD files build and test with the real Bazel 4.2.3, offline (Java, Kotlin, Scala),
in module and in package granularity."""

from __future__ import annotations

import shutil
import subprocess
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate.cli import main

MIRROR = "file:///usr/share/maven-repo"


@pytest.fixture
def bazel(tmp_path: Path):
    """Run Bazel with a private output root; always shut the server down afterwards."""
    path = shutil.which("bazel")
    if path is None:
        pytest.fail("bazel is not installed: run tools/setup-debian.sh")
    root = tmp_path / "bazel-root"
    used: list[Path] = []

    def run(workspace: Path, *args: str) -> subprocess.CompletedProcess[str]:
        used.append(workspace)
        return subprocess.run(
            [path, f"--output_user_root={root}", *args],
            cwd=workspace,
            capture_output=True,
            text=True,
            timeout=1200,
        )

    yield run
    for workspace in set(used):
        subprocess.run(
            [path, f"--output_user_root={root}", "shutdown"],
            cwd=workspace,
            capture_output=True,
            timeout=120,
        )


@pytest.mark.parametrize("granularity", ["module", "package"])
def test_generated_example_builds_and_tests_with_bazel(
    bazel, example_copy: Path, granularity: str
) -> None:
    result = CliRunner().invoke(
        main,
        ["generate", str(example_copy), "--offline-mirror", MIRROR, "--granularity", granularity],
    )
    assert result.exit_code == 0, result.output
    build = bazel(example_copy, "build", "//...")
    assert build.returncode == 0, build.stderr[-4000:]
    test = bazel(example_copy, "test", "//...")
    assert test.returncode == 0, test.stderr[-4000:]
    logs = example_copy / "bazel-testlogs"
    for test_dir in (
        "libs/core/ItemTest",
        "reporting/summary/SummaryBuilderTest",
        "analytics/stats/StatsTest",
        "services/inventory/StockReportTest",
    ):
        assert (logs / test_dir / "test.xml").is_file(), test_dir
    jars = {p.name for p in (example_copy / "bazel-bin").rglob("*.jar")}
    assert "libsummary.jar" in jars or "summary.jar" in jars  # Kotlin was compiled
    if granularity == "package":
        units = list(example_copy.glob("libs/core/src/main/java/com/example/core/*/BUILD.bazel"))
        assert len(units) >= 2
