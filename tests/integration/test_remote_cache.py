"""Bazel 4.2.3 against a real BuildGrid on 127.0.0.1: the generated workspace's ``--config=cache``
profile fills the remote cache, and after ``bazel clean`` the same build and tests come back
from it; remote execution of a genrule + sh_test workspace through a host worker. Bazel's
own summary lines are read with migrate.verify.bazel_summary and checked against the raw
line."""

from __future__ import annotations

import re
import shutil
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner

from migrate.cli import main
from migrate.verify.bazel_summary import BazelSummary, parse_summary

from .buildgrid import buildgrid_cache, buildgrid_remote  # noqa: F401 (fixtures)

pytestmark = pytest.mark.integration

MIRROR = "file:///usr/share/maven-repo"
REPO = Path(__file__).resolve().parents[2]
BAZEL_TIMEOUT = 900  # seconds for one Bazel command; --remote_timeout bounds each RPC
REMOTE_TIMEOUT = 60


class Bazel:
    """Bazel with a private output root in tmp; records each command's wall time."""

    def __init__(self, path: str, root: Path) -> None:
        self.path, self.root = path, root
        self.workspaces: set[Path] = set()
        self.seconds: dict[str, float] = {}

    def __call__(self, workspace: Path, *args: str, name: str | None = None):
        self.workspaces.add(workspace)
        start = time.monotonic()
        result = subprocess.run(
            [self.path, f"--output_user_root={self.root}", "--nohome_rc", *args],
            cwd=workspace,
            capture_output=True,
            text=True,
            timeout=BAZEL_TIMEOUT,
        )
        self.seconds[name or args[0]] = round(time.monotonic() - start, 1)
        return result

    def shutdown(self) -> None:
        for workspace in self.workspaces:
            subprocess.run(
                [self.path, f"--output_user_root={self.root}", "--nohome_rc", "shutdown"],
                cwd=workspace,
                capture_output=True,
                timeout=120,
            )


@pytest.fixture
def bazel(tmp_path: Path, record_property) -> Iterator[Bazel]:
    path = shutil.which("bazel")
    if path is None:
        pytest.fail("bazel is not installed: run tools/setup-debian.sh")
    runner = Bazel(path, tmp_path / "bazel-root")
    try:
        yield runner
    finally:
        runner.shutdown()
        for name, seconds in runner.seconds.items():
            record_property(f"bazel_{name}_seconds", seconds)
        print("bazel wall times (s):", runner.seconds)


def printed_process_line(stderr: str) -> tuple[int, dict[str, int]]:
    """Bazel's own "INFO: N processes: ..." line, read without the parser."""
    found = re.findall(r"^INFO: (\d+) process(?:es)?(?:: (.*))?\.$", stderr, re.MULTILINE)
    assert found, stderr[-3000:]
    total, kinds = found[-1]
    return int(total), {kind: int(n) for n, kind in re.findall(r"(\d+) ([^,]+)", kinds)}


def assert_matches_printed_line(summary: BazelSummary, stderr: str) -> None:
    total, kinds = printed_process_line(stderr)
    assert summary.processes == total
    assert {k: n for k, n in summary.by_kind.items() if n or k in kinds} == kinds
    assert sum(kinds.values()) == total == summary.kinds_sum
    assert summary.consistent


def test_generated_workspace_hits_the_remote_cache_after_clean(
    bazel: Bazel,
    example_copy: Path,
    buildgrid_cache: str,  # noqa: F811
    record_property,
) -> None:
    config = example_copy / "migration.yaml"
    settings = yaml.safe_load(config.read_text()) if config.is_file() else {}
    settings = settings or {}
    settings.setdefault("bazel", {})["remote"] = {
        "cache": buildgrid_cache,
        "timeout_seconds": REMOTE_TIMEOUT,
    }
    config.write_text(yaml.safe_dump(settings))
    result = CliRunner().invoke(main, ["generate", str(example_copy), "--offline-mirror", MIRROR])
    assert result.exit_code == 0, result.output
    bazelrc = (example_copy / ".bazelrc").read_text()
    assert f"build:cache --remote_cache={buildgrid_cache}\n" in bazelrc
    assert f"build:cache --remote_timeout={REMOTE_TIMEOUT}\n" in bazelrc

    cold = bazel(example_copy, "test", "--config=cache", "//...", name="cold_test")
    assert cold.returncode == 0, cold.stderr[-4000:]
    first = parse_summary(cold.stderr + cold.stdout)
    assert_matches_printed_line(first, cold.stderr)
    assert first.remote_cache_hits == 0  # a new, empty BuildGrid
    assert first.local_actions > 20
    assert len(first.tests) >= 20 and set(first.tests.values()) == {"PASSED"}
    assert not first.cached_tests

    clean = bazel(example_copy, "clean", name="clean")
    assert clean.returncode == 0, clean.stderr[-2000:]

    warm = bazel(example_copy, "test", "--config=cache", "//...", name="warm_test")
    assert warm.returncode == 0, warm.stderr[-4000:]
    second = parse_summary(warm.stderr + warm.stdout)
    assert_matches_printed_line(second, warm.stderr)
    assert second.succeeded is True and second.total_actions == second.processes
    # most actions came from the cache: every one the cold run executed, nothing ran locally
    assert second.remote_cache_hits > second.processes / 2
    assert second.remote_cache_hits == first.local_actions
    assert second.local_actions == 0 and second.remote_executions == 0
    # and the test results too: same tests, all "(cached) PASSED"
    assert second.tests == first.tests
    assert second.cached_tests == frozenset(first.tests)
    assert second.elapsed_seconds is not None and first.elapsed_seconds is not None
    assert second.elapsed_seconds < first.elapsed_seconds
    record_property("cold_summary", first.summary_line)
    record_property("warm_summary", second.summary_line)
    print(f"cold: {first.summary_line} in {first.elapsed_seconds}s")
    print(f"warm: {second.summary_line} in {second.elapsed_seconds}s")


GENRULE_BUILD = """\
genrule(name = "a", outs = ["a.txt"], cmd = "echo a > $@")
genrule(name = "b", srcs = [":a"], outs = ["b.txt"], cmd = "cat $< > $@; echo b >> $@")
sh_test(name = "t", srcs = ["t.sh"], data = [":b"])
"""


def offline_bazelrc() -> str:
    """The offline Java set-up lines (sh_test needs @rules_cc, which Bazel would download)."""
    lines = (REPO / "tools" / "offline.bazelrc.example").read_text().splitlines()
    return "\n".join(line for line in lines if line and not line.startswith("#")) + "\n"


def test_remote_execution_on_a_host_worker(
    bazel: Bazel,
    tmp_path: Path,
    buildgrid_remote: str,  # noqa: F811
) -> None:
    workspace = tmp_path / "re"
    (workspace / "g").mkdir(parents=True)
    (workspace / "WORKSPACE").write_text("")
    (workspace / ".bazelrc").write_text(offline_bazelrc())
    (workspace / "g" / "BUILD").write_text(GENRULE_BUILD)
    script = workspace / "g" / "t.sh"
    script.write_text("#!/bin/sh\ngrep -qx b g/b.txt\n")
    script.chmod(0o755)
    remote = [f"--remote_executor={buildgrid_remote}", f"--remote_timeout={REMOTE_TIMEOUT}"]

    run = bazel(workspace, "test", *remote, "//g:all", name="remote_test")
    assert run.returncode == 0, run.stderr[-4000:]
    executed = parse_summary(run.stderr + run.stdout)
    assert_matches_printed_line(executed, run.stderr)
    # two genrules, the test and its test.xml ran on the worker; nothing on this machine
    assert executed.remote_executions >= 3 and executed.local_actions == 0
    assert executed.tests == {"//g:t": "PASSED"} and not executed.cached_tests

    assert bazel(workspace, "clean", name="clean").returncode == 0
    again = bazel(workspace, "test", *remote, "//g:all", name="remote_test_again")
    assert again.returncode == 0, again.stderr[-4000:]
    cached = parse_summary(again.stderr + again.stdout)
    assert_matches_printed_line(cached, again.stderr)
    assert cached.remote_executions == 0
    assert cached.remote_cache_hits == executed.remote_executions
    assert cached.cached_tests == {"//g:t"}
