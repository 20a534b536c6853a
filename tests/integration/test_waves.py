"""The rollout end to end on the example with real Gradle 4.4.1 and Bazel 4.2.3 (offline):
`migrate plan`, then `migrate wave 1`, `2`, ... until `migrate status` reports every project
migrated and verified; and a real Ctrl-C (SIGINT) in the middle of a wave leaves a consistent
state and no Bazel server or Gradle daemon behind."""

from __future__ import annotations

import json
import struct
import subprocess
from pathlib import Path

from click.testing import CliRunner

from migrate.cli import main
from migrate.state import load_state

from .conftest import REPO
from .migrate_runs import interrupt_while_verifying, leftover_processes, tool_args


def test_waves_until_everything_is_migrated(example_copy: Path, tmp_path: Path) -> None:
    runner = CliRunner()
    planned = runner.invoke(main, ["plan", str(example_copy)])
    assert planned.exit_code == 0, planned.output
    for number in range(1, 10):
        status = json.loads(
            runner.invoke(main, ["status", str(example_copy), "--format", "json"]).output
        )
        if status["complete"]:
            break
        assert status["next_action"].startswith(f"run `migrate wave {number}`")
        result = runner.invoke(
            main,
            ["wave", str(number), str(example_copy), "--format", "json", *tool_args(tmp_path)],
        )
        assert result.exit_code == 0, result.output[-3000:]
        outcome = json.loads(result.output)
        assert outcome["ok"] and outcome["failed"] == []
        assert sorted(outcome["migrated"]) == sorted(outcome["projects"])
        report = example_copy / "migration/reports" / f"wave-{number}" / "parity.xml"
        assert f'tests="{len(outcome["projects"])}"' in report.read_text()
    assert number == 5, "the example plans into four waves"
    assert status["totals"]["migrated"] == {"projects": 11, "source_files": 62}
    assert status["next_action"] == (
        "nothing left: all 11 planned projects are migrated and verified"
    )
    state = load_state(example_copy)
    verified = state.get(":reporting:summary").verified
    assert verified.ok and verified.summary.endswith("tests same")
    assert leftover_processes(str(tmp_path)) == []
    _dashboard_screenshot(example_copy, tmp_path)


def _dashboard_screenshot(root: Path, tmp_path: Path) -> None:
    """The dashboard of the finished migration, opened in headless Chromium."""
    out = tmp_path / "report"
    result = CliRunner().invoke(main, ["report", str(root), "--out", str(out)])
    assert result.exit_code == 0, result.output
    html = (out / "dashboard.html").read_text()
    assert html.count("<circle") == 16 and "wave 4" in html
    png = tmp_path / "dashboard.png"
    subprocess.run(
        [str(REPO / "tools/screenshot-dashboard.sh"), str(out / "dashboard.html"), str(png)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    header = png.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", header[16:24]) == (1400, 1700)
    assert png.stat().st_size > 50_000, "a picture with content, not a blank page"


def test_ctrl_c_mid_wave_leaves_a_consistent_state(example_copy: Path, tmp_path: Path) -> None:
    assert CliRunner().invoke(main, ["plan", str(example_copy)]).exit_code == 0
    returncode, err = interrupt_while_verifying(
        "wave", "1", str(example_copy), *tool_args(tmp_path)
    )
    assert returncode == 130, err
    assert "interrupted: migration/state.yaml holds the last finished step" in err
    state = load_state(example_copy)
    assert {state.get(p).stage for p in (":libs:core", ":libs:text")} == {"generated"}
    assert leftover_processes(str(tmp_path)) == []
