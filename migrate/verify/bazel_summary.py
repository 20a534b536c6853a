"""Read the facts a parity report records from Bazel's console output.

Bazel ends every build with a few ``INFO:`` lines on stderr and, for ``bazel test``, one
summary line per test on stdout. Pass stderr, stdout or both concatenated (order does not
matter) to :func:`parse_summary`. Shapes, as printed by Bazel 4.2.3 (checked against captured
runs in ``tests/fixtures/bazel-output/``) and by newer releases::

    INFO: Elapsed time: 35.915s, Critical Path: 21.99s
    INFO: Elapsed time: 0.110s                              (nothing was executed)
    INFO: 140 processes: 70 internal, 36 linux-sandbox, 34 worker.
    INFO: 117 processes: 70 remote cache hit, 47 internal.
    INFO: 1 process: 1 internal.
    INFO: 0 processes.
    INFO: 42 processes: 1 disk cache hit, 2 internal, 39 local.          (Bazel >= 5)
    INFO: 1773 processes: 59 action cache hit, 1772 remote cache hit, 1 internal.   (>= 6)
    INFO: Build completed successfully, 140 total actions
    INFO: Build completed, 1 test FAILED, 2 total actions
    FAILED: Build did NOT complete successfully
    //libs/core:ItemTest                               PASSED in 0.5s
    //libs/core:ItemTest                      (cached) PASSED in 0.5s
    //t:flaky                     FLAKY, failed in 1 out of 2 in 0.2s
    //t:fail                      FAILED in 2 out of 2 in 0.0s
    //t:slow                      TIMEOUT in 3.0s
    //t:broken                    FAILED TO BUILD
    //t:pass                      NO STATUS
    Executed 4 out of 5 tests: 2 tests pass, 1 fails to build and 2 fail locally.

The kinds in the process line do not always add up to the total: Bazel 4.2.3 counts every
attempt of a retried test (``INFO: 2 processes: 4 local.`` with ``--flaky_test_attempts=2``)
and newer Bazel lists ``action cache hit`` (the local action cache) without counting it in the
total. :attr:`BazelSummary.kinds_sum` and :attr:`BazelSummary.consistent` expose that.

Times may use a decimal comma (``35,391s``) under a locale that does; ANSI colours, the
``(12:34:56)`` prefix of ``--show_timestamps`` and carriage-return progress redraws are ignored.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

# Kinds always present in BazelSummary.by_kind (0 when Bazel did not print them).
STANDARD_KINDS = (
    "remote cache hit",
    "disk cache hit",
    "remote",
    "internal",
    "local",
    "linux-sandbox",
    "worker",
)
CACHE_HIT_KINDS = ("remote cache hit", "disk cache hit")
# Kinds that are no spawn this build ran: not work done locally, not always in the total.
NOT_EXECUTED_KINDS = (*CACHE_HIT_KINDS, "action cache hit", "internal")
UNCOUNTED_KINDS = ("action cache hit",)  # listed by Bazel >= 6 but left out of the total

TEST_STATUSES = (
    "PASSED",
    "FLAKY",
    "FAILED TO BUILD",
    "FAILED",
    "TIMEOUT",
    "INCOMPLETE",
    "REMOTE FAILURE",
    "NO STATUS",
    "BLAZE HALTED BEFORE TESTING",
    "BUILD HALTED BEFORE TESTING",
    "SKIPPED",
)
PASSING = frozenset({"PASSED", "FLAKY"})

_ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")
_TIMESTAMP = re.compile(r"^\(\d\d:\d\d:\d\d(?:\.\d+)?\)\s+")
_NUMBER = r"\d[\d,]*"
_SECONDS = r"(\d+(?:[.,]\d+)?)s"
_ELAPSED = re.compile(rf"^INFO: Elapsed time: {_SECONDS}(?:, Critical Path: {_SECONDS})?")
_PROCESSES = re.compile(rf"^INFO: ({_NUMBER}) process(?:es)?(?:: (.*?))?\.?\s*$")
_KIND = re.compile(rf"^({_NUMBER}) (\S.*)$")
_COMPLETED = re.compile(
    rf"^INFO: Build completed(?P<ok> successfully)?(?:, (?P<failed>{_NUMBER}) tests? FAILED)?"
    rf", (?P<actions>{_NUMBER}) total actions?"
)
_NOT_COMPLETED = re.compile(r"^(?:FAILED|ERROR): Build did NOT complete successfully")
_INTERRUPTED = re.compile(r"^(?:ERROR|FAILED): Build (?:was )?interrupted")
_TEST = re.compile(
    r"^(?P<label>(?:@@?[\w.~+-]*)?//\S*)\s+(?P<cached>\(cached\) )?"
    rf"(?P<status>{'|'.join(re.escape(s) for s in TEST_STATUSES)})"
    rf"(?:,? (?:failed )?in (?:(?P<failed_runs>\d+) out of (?P<runs>\d+) in )?{_SECONDS})?\s*$"
)
_EXECUTED = re.compile(rf"^Executed ({_NUMBER}) out of ({_NUMBER}) tests?")


@dataclass(frozen=True)
class BazelSummary:
    """What one Bazel command's closing lines said. Counts are 0 and times None when the
    line was not printed (``summary_line`` is None when there was no process line)."""

    processes: int = 0  # the total in "INFO: N processes: ..."
    by_kind: dict[str, int] = field(default_factory=dict)  # STANDARD_KINDS plus any other seen
    elapsed_seconds: float | None = None
    critical_path_seconds: float | None = None
    total_actions: int | None = None  # "... N total actions"
    succeeded: bool | None = None  # True: "completed successfully"; None: no verdict printed
    build_completed: bool | None = None  # also True for "Build completed, 1 test FAILED"
    failed_tests_count: int | None = None  # from "Build completed, N tests FAILED"
    tests: dict[str, str] = field(default_factory=dict)  # label -> status, e.g. "PASSED"
    cached_tests: frozenset[str] = frozenset()  # labels printed "(cached) STATUS"
    tests_executed: int | None = None  # "Executed 4 out of 5 tests"
    tests_total: int | None = None
    summary_line: str | None = None  # the process line as printed, without "INFO: "

    @property
    def remote_cache_hits(self) -> int:
        return self.by_kind.get("remote cache hit", 0)

    @property
    def disk_cache_hits(self) -> int:
        return self.by_kind.get("disk cache hit", 0)

    @property
    def action_cache_hits(self) -> int:
        return self.by_kind.get("action cache hit", 0)

    @property
    def remote_executions(self) -> int:
        return self.by_kind.get("remote", 0)

    @property
    def internal(self) -> int:
        return self.by_kind.get("internal", 0)

    @property
    def local_actions(self) -> int:
        """Spawns run on this machine: every kind but cache hits, ``remote`` and ``internal``
        (linux-sandbox, worker, local, processwrapper-sandbox, darwin-sandbox, ...)."""
        return sum(
            count
            for kind, count in self.by_kind.items()
            if kind not in NOT_EXECUTED_KINDS and kind != "remote"
        )

    @property
    def kinds_sum(self) -> int:
        """The kinds Bazel counts in its total, added up (``action cache hit`` left out)."""
        return sum(count for kind, count in self.by_kind.items() if kind not in UNCOUNTED_KINDS)

    @property
    def consistent(self) -> bool:
        """Whether the kinds add up to the printed total (see the module doc for when not)."""
        return self.kinds_sum == self.processes

    @property
    def cache_hit_ratio(self) -> float:
        """Remote and disk cache hits over the processes that were not internal (0.0 if none)."""
        work = self.processes - self.internal
        return (self.remote_cache_hits + self.disk_cache_hits) / work if work > 0 else 0.0

    @property
    def failed_tests(self) -> dict[str, str]:
        return {label: s for label, s in self.tests.items() if s not in PASSING}


def parse_summary(text: str) -> BazelSummary:
    """Parse Bazel's console output (stderr and/or stdout). When a fact is printed more than
    once (Bazel repeats its last line; logs may hold several commands), the last one wins."""
    values: dict[str, object] = {}
    by_kind: dict[str, int] = dict.fromkeys(STANDARD_KINDS, 0)
    tests: dict[str, str] = {}
    cached: set[str] = set()
    for line in _lines(text):
        if match := _ELAPSED.match(line):
            values["elapsed_seconds"] = _seconds(match.group(1))
            values["critical_path_seconds"] = _seconds(match.group(2))
        elif match := _PROCESSES.match(line):
            by_kind = dict.fromkeys(STANDARD_KINDS, 0)
            by_kind.update(_kinds(match.group(2) or ""))
            values["processes"] = _int(match.group(1))
            values["summary_line"] = line.removeprefix("INFO: ")
        elif match := _COMPLETED.match(line):
            values["build_completed"] = True
            values["succeeded"] = bool(match.group("ok")) and not match.group("failed")
            values["total_actions"] = _int(match.group("actions"))
            failed = match.group("failed")
            values["failed_tests_count"] = _int(failed) if failed else 0
        elif _NOT_COMPLETED.match(line) or _INTERRUPTED.match(line):
            values["build_completed"] = False
            values["succeeded"] = False
        elif match := _TEST.match(line):
            label = match.group("label")
            tests[label] = match.group("status")
            if match.group("cached"):
                cached.add(label)
            else:
                cached.discard(label)
        elif match := _EXECUTED.match(line):
            values["tests_executed"] = _int(match.group(1))
            values["tests_total"] = _int(match.group(2))
    return BazelSummary(
        by_kind=by_kind,
        tests=tests,
        cached_tests=frozenset(cached),
        **values,  # type: ignore[arg-type]
    )


def _lines(text: str) -> list[str]:
    """Logical lines: ANSI codes gone, a carriage-return redraw keeps only what was drawn
    last, ``--show_timestamps`` prefixes dropped."""
    lines = []
    for raw in _ANSI.sub("", text).split("\n"):
        line = raw.rstrip("\r").rsplit("\r", 1)[-1]
        lines.append(_TIMESTAMP.sub("", line).rstrip())
    return lines


def _kinds(text: str) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for part in text.split(", "):
        match = _KIND.match(part.strip())
        if match:
            kind = match.group(2).strip()
            kinds[kind] = kinds.get(kind, 0) + _int(match.group(1))
    return kinds


def _int(text: str) -> int:
    return int(text.replace(",", ""))


def _seconds(text: str | None) -> float | None:
    return None if text is None else float(text.replace(",", "."))
