"""parse_summary on console output captured from real Bazel 4.2.3 runs (tests/fixtures/
bazel-output/: NAME.stderr and, where Bazel printed any, NAME.stdout), plus the shapes newer
Bazel prints. The fixtures: the example monorepo generated offline (local-*, noop-build),
built and tested against a cache-only BuildGrid 0.4.4 before and after `bazel clean`
(cache-*); a genrule + sh_test workspace run on BuildGrid 0.2.53 with a host worker (re-*);
sh_tests that pass, fail, time out, are flaky or cannot build (mixed-test, nokeepgoing-test,
test-failed); a dependency on a missing package (analysis-error-build)."""

from __future__ import annotations

import dataclasses
import re
from pathlib import Path

import pytest

from migrate.verify.bazel_summary import STANDARD_KINDS, BazelSummary, parse_summary

OUTPUT = Path(__file__).parent / "fixtures" / "bazel-output"


def captured(name: str) -> str:
    """stderr then stdout of one captured run."""
    stdout = OUTPUT / f"{name}.stdout"
    text = (OUTPUT / f"{name}.stderr").read_text()
    return text + (stdout.read_text() if stdout.is_file() else "")


def process_line(text: str) -> tuple[int, dict[str, int]]:
    """The last process line, read independently of the parser."""
    lines = re.findall(r"^INFO: (\d+) process(?:es)?(?:: (.*))?\.$", text, re.MULTILINE)
    total, kinds = lines[-1]
    return int(total), {k: int(n) for n, k in re.findall(r"(\d+) ([^,]+)", kinds)}


def test_local_build_sandbox_and_workers() -> None:
    s = parse_summary(captured("local-build"))
    assert s.processes == 140
    assert s.by_kind == {
        **dict.fromkeys(STANDARD_KINDS, 0),
        "internal": 70,
        "linux-sandbox": 36,
        "worker": 34,
    }
    assert (s.remote_cache_hits, s.remote_executions, s.local_actions) == (0, 0, 70)
    assert s.internal == 70
    assert s.elapsed_seconds == pytest.approx(35.915)
    assert s.critical_path_seconds == pytest.approx(21.99)
    assert s.total_actions == 140
    assert s.succeeded is True and s.build_completed is True
    assert s.failed_tests_count == 0
    assert s.consistent and s.kinds_sum == 140
    assert s.summary_line == "140 processes: 70 internal, 36 linux-sandbox, 34 worker."
    assert s.tests == {}
    assert s.cache_hit_ratio == 0.0


def test_remote_cache_cold_then_warm_after_clean() -> None:
    cold = parse_summary(captured("cache-cold-build"))
    warm = parse_summary(captured("cache-warm-build"))
    assert (cold.processes, cold.remote_cache_hits, cold.local_actions) == (117, 0, 70)
    assert warm.processes == 117
    assert warm.by_kind["remote cache hit"] == warm.remote_cache_hits == 70
    assert warm.by_kind["internal"] == 47
    assert warm.local_actions == 0 and warm.remote_executions == 0
    assert warm.cache_hit_ratio == 1.0
    assert warm.consistent
    assert warm.elapsed_seconds == pytest.approx(3.066)
    assert warm.critical_path_seconds == pytest.approx(0.37)
    # what the cold build ran locally is exactly what the warm one took from the cache
    assert warm.remote_cache_hits == cold.local_actions


def test_remote_cache_warm_test_run_is_all_cached() -> None:
    s = parse_summary(captured("cache-warm-test"))
    assert (s.processes, s.remote_cache_hits, s.internal) == (138, 91, 47)
    assert len(s.tests) == 21 and set(s.tests.values()) == {"PASSED"}
    assert s.cached_tests == frozenset(s.tests)
    assert (s.tests_executed, s.tests_total) == (0, 21)
    assert s.failed_tests == {}


def test_local_test_run() -> None:
    s = parse_summary(captured("local-test"))
    assert s.tests["//libs/core:ItemTest"] == "PASSED"
    assert s.tests["//analytics/stats:StatsTest"] == "PASSED"
    assert len(s.tests) == 21 and not s.cached_tests
    assert (s.processes, s.by_kind["linux-sandbox"], s.internal) == (22, 21, 1)
    assert (s.tests_executed, s.tests_total) == (21, 21)
    assert s.succeeded is True


def test_locally_cached_test_run_singular_process() -> None:
    s = parse_summary(captured("local-test-cached"))
    assert s.summary_line == "1 process: 1 internal."
    assert (s.processes, s.internal, s.total_actions) == (1, 1, 1)
    assert s.cached_tests == frozenset(s.tests) and len(s.tests) == 21
    assert s.elapsed_seconds == pytest.approx(0.213)


def test_noop_build() -> None:
    s = parse_summary(captured("noop-build"))
    assert (s.processes, s.total_actions, s.succeeded) == (1, 1, True)


def test_remote_execution_and_its_cache() -> None:
    build = parse_summary(captured("re-build"))
    assert build.summary_line == "6 processes: 4 internal, 2 remote."
    assert (build.remote_executions, build.internal, build.local_actions) == (2, 4, 0)
    test = parse_summary(captured("re-test"))
    assert test.by_kind["remote"] == test.processes == 2
    assert test.tests == {"//g:t": "PASSED"} and not test.cached_tests
    warm = parse_summary(captured("re-test-warm"))
    assert (warm.processes, warm.remote_cache_hits, warm.internal) == (7, 4, 3)
    assert warm.cached_tests == {"//g:t"}
    assert warm.remote_executions == 0


def test_every_test_status_with_keep_going() -> None:
    s = parse_summary(captured("mixed-test"))
    assert s.tests == {
        "//t:broken": "FAILED TO BUILD",
        "//t:pass": "PASSED",
        "//t:slow": "TIMEOUT",
        "//t:fail": "FAILED",
        "//t:flaky": "FLAKY",
    }
    assert s.failed_tests == {
        "//t:broken": "FAILED TO BUILD",
        "//t:slow": "TIMEOUT",
        "//t:fail": "FAILED",
    }
    assert s.succeeded is False and s.build_completed is False
    assert s.total_actions is None  # a failed build prints no action count
    assert (s.processes, s.internal, s.by_kind["local"], s.local_actions) == (24, 12, 12, 12)
    assert (s.tests_executed, s.tests_total) == (4, 5)


def test_no_status_when_the_build_stops_first() -> None:
    s = parse_summary(captured("nokeepgoing-test"))
    assert set(s.tests.values()) == {"NO STATUS"} and len(s.tests) == 5
    assert s.succeeded is False
    assert (s.tests_executed, s.tests_total) == (0, 5)


def test_failed_test_with_retries_counts_every_attempt() -> None:
    text = captured("test-failed")
    s = parse_summary(text)
    assert s.tests == {"//t:pass": "PASSED", "//t:fail": "FAILED"}
    assert s.cached_tests == {"//t:pass"}
    assert s.build_completed is True and s.succeeded is False
    assert (s.failed_tests_count, s.total_actions) == (1, 2)
    # Bazel 4.2.3 prints "2 processes: 4 local.": both attempts of //t:fail are counted
    assert (s.processes, s.by_kind["local"]) == (2, 4)
    assert s.kinds_sum == 4 and not s.consistent
    assert process_line(text) == (2, {"local": 4})


def test_analysis_failure_has_no_critical_path() -> None:
    s = parse_summary(captured("analysis-error-build"))
    assert s.summary_line == "0 processes."
    assert s.processes == 0 and s.kinds_sum == 0 and s.consistent
    assert s.elapsed_seconds == pytest.approx(0.110)
    assert s.critical_path_seconds is None
    assert s.succeeded is False and s.build_completed is False


@pytest.mark.parametrize("name", sorted(p.stem for p in OUTPUT.glob("*.stderr")))
def test_parsed_kinds_equal_the_printed_line(name: str) -> None:
    text = captured(name)
    total, kinds = process_line(text)
    s = parse_summary(text)
    assert s.processes == total
    assert {k: n for k, n in s.by_kind.items() if n or k in kinds} == kinds


def test_nothing_printed() -> None:
    s = parse_summary("")
    assert s == BazelSummary(by_kind=dict.fromkeys(STANDARD_KINDS, 0))
    assert s.summary_line is None and s.succeeded is None and s.elapsed_seconds is None
    assert s.local_actions == 0 and s.consistent


def test_summary_is_frozen() -> None:
    s = parse_summary(captured("local-build"))
    with pytest.raises(dataclasses.FrozenInstanceError):
        s.processes = 1  # type: ignore[misc]


# Shapes newer Bazel prints (from public build logs): disk cache, action cache, locales.
NEWER = {
    "disk": (
        "INFO: Elapsed time: 9.350s, Critical Path: 0.84s\n"
        "INFO: 42 processes: 1 disk cache hit, 2 internal, 39 local.\n"
        "INFO: Build completed successfully, 42 total actions\n"
    ),
    "action-cache": (
        "INFO: Elapsed time: 80.042s, Critical Path: 2.88s\n"
        "INFO: 1773 processes: 59 action cache hit, 1772 remote cache hit, 1 internal.\n"
        "INFO: Build completed successfully, 1773 total actions\n"
    ),
    "comma-locale": (
        "INFO: Elapsed time: 35,391s, Critical Path: 17,41s\n"
        "INFO: 2 processes: 1 disk cache hit, 1 internal.\n"
        "INFO: Build Event Protocol files produced successfully.\n"
        "INFO: Build completed successfully, 2 total actions\n"
    ),
    "test-failed-7": (
        "INFO: 3 processes: 2 action cache hit, 3 darwin-sandbox.\n"
        "INFO: Build completed, 1 test FAILED, 3 total actions\n"
        "//:test                                                                  FAILED in 13.7s\n"
    ),
}


def test_disk_cache_hits() -> None:
    s = parse_summary(NEWER["disk"])
    assert (s.disk_cache_hits, s.internal, s.local_actions) == (1, 2, 39)
    assert s.consistent and s.cache_hit_ratio == pytest.approx(1 / 40)


def test_action_cache_hits_are_not_in_the_total() -> None:
    s = parse_summary(NEWER["action-cache"])
    assert (s.action_cache_hits, s.remote_cache_hits, s.processes) == (59, 1772, 1773)
    assert s.kinds_sum == 1773 and s.consistent
    assert s.local_actions == 0


def test_decimal_comma() -> None:
    s = parse_summary(NEWER["comma-locale"])
    assert s.elapsed_seconds == pytest.approx(35.391)
    assert s.critical_path_seconds == pytest.approx(17.41)
    assert s.succeeded is True


def test_newer_failed_test_line() -> None:
    s = parse_summary(NEWER["test-failed-7"])
    assert s.tests == {"//:test": "FAILED"}
    assert s.by_kind["darwin-sandbox"] == 3 and s.local_actions == 3 and s.consistent
    assert (s.build_completed, s.succeeded, s.failed_tests_count) == (True, False, 1)


def test_colours_timestamps_and_redraws_are_ignored() -> None:
    text = (
        "\x1b[32mINFO: \x1b[0mElapsed time: 1.500s, Critical Path: 0.50s\n"
        "(12:34:56) INFO: 3 processes: 2 remote cache hit, 1 internal.\n"
        "[1 / 3] building\r\x1b[1A\x1b[K\x1b[32mINFO: \x1b[0mBuild completed successfully, "
        "3 total actions\r\n"
        "@@rules_x~//pkg:some_test                                (cached) PASSED in 0.1s\n"
        "//a:t    SKIPPED\n"
    )
    s = parse_summary(text)
    assert (s.elapsed_seconds, s.critical_path_seconds) == (1.5, 0.5)
    assert (s.processes, s.remote_cache_hits, s.total_actions) == (3, 2, 3)
    assert s.succeeded is True
    assert s.tests == {"@@rules_x~//pkg:some_test": "PASSED", "//a:t": "SKIPPED"}


def test_last_command_wins_and_progress_lines_do_not_count() -> None:
    text = captured("cache-cold-build") + captured("cache-warm-build")
    s = parse_summary(text)
    assert s.remote_cache_hits == 70 and s.local_actions == 0
    progress = parse_summary("[80 / 84] 3 processes: 3 remote cache hit\nINFO: From x:\n")
    assert progress.summary_line is None and progress.remote_cache_hits == 0
