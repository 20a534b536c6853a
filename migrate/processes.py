"""Ending every process a command started, daemons included, and nothing else.

Gradle's daemon, the Kotlin compile daemon it forks and Bazel's server (with its persistent
workers) detach themselves (``setsid``, re-parented to init), so neither the child's process
group nor its descendants find them. What they keep is the environment they were started with:
every tool migrate runs gets :data:`OWNER_ENV` set to a token unique to one command
(:func:`new_owner`), and :func:`reap` ends the processes that carry it, plus the members of any
session such a process leads (Bazel's workers get a clean environment but stay in the server's
session). Processes started by anything else never carry the token, so they are never touched.

Linux only (``/proc``); elsewhere :func:`owned_processes` finds nothing.
"""

from __future__ import annotations

import contextlib
import os
import signal
import time
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

OWNER_ENV = "MIGRATE_PROCESS_OWNER"
_PROC = Path("/proc")


@dataclass(frozen=True)
class _Process:
    pid: int
    ppid: int
    session: int
    state: str
    start: int  # clock ticks after boot: tells a pid from its reuse by a later process


def new_owner() -> str:
    """A token no other command's processes carry (pid for readability, uuid for uniqueness)."""
    return f"migrate-{os.getpid()}-{uuid.uuid4().hex}"


def owner_env(owner: str, base: Mapping[str, str] | None = None) -> dict[str, str]:
    """The environment for a child process of ``owner`` (``base``: default os.environ)."""
    return {**(os.environ if base is None else base), OWNER_ENV: owner}


def _stat(pid: int) -> _Process | None:
    try:
        text = (_PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    # "pid (comm) state ppid pgrp session ..."; comm may hold spaces and parentheses
    fields = text[text.rindex(")") + 2 :].split()
    return _Process(pid, int(fields[1]), int(fields[3]), fields[0], int(fields[19]))


def _all_processes() -> list[_Process]:
    if not _PROC.is_dir():
        return []
    found = []
    for entry in _PROC.iterdir():
        if entry.name.isdigit():
            process = _stat(int(entry.name))
            if process is not None:
                found.append(process)
    return found


def _carries(pid: int, owner: str) -> bool:
    """Whether the process was started with the owner's token (environment or command line)."""
    marker = f"{OWNER_ENV}={owner}".encode()
    try:
        environ = (_PROC / str(pid) / "environ").read_bytes()
        if marker in environ.split(b"\0"):
            return True
        return owner.encode() in (_PROC / str(pid) / "cmdline").read_bytes()
    except OSError:  # gone, or another user's process (never ours)
        return False


def _protected() -> set[int]:
    """This process and its ancestors: never ours to end, even if they carry the token."""
    pids = set()
    pid = os.getpid()
    while pid > 1 and pid not in pids:
        pids.add(pid)
        process = _stat(pid)
        if process is None:
            break
        pid = process.ppid
    return pids


def owned_processes(owner: str) -> list[_Process]:
    """The live processes ``owner`` started: those carrying its token, and every member of a
    session one of them leads (a daemon's workers and helpers)."""
    if not owner:  # an empty token would match every process
        raise ValueError("an owner token is needed")
    processes = [p for p in _all_processes() if p.state not in ("Z", "X")]
    protected = _protected()
    own_session = os.getsid(0)
    marked = [p for p in processes if p.pid not in protected and _carries(p.pid, owner)]
    sessions = {p.session for p in marked if p.session == p.pid and p.session != own_session}
    chosen = {p.pid: p for p in marked}
    for process in processes:
        if process.session in sessions and process.pid not in protected:
            chosen.setdefault(process.pid, process)
    return sorted(chosen.values(), key=lambda p: p.pid)


def _alive(process: _Process) -> bool:
    now = _stat(process.pid)
    return now is not None and now.start == process.start and now.state not in ("Z", "X")


def _signal(process: _Process, signum: int) -> None:
    if _alive(process):  # the same process, not a later one that got its pid
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(process.pid, signum)


def reap(owner: str, grace: float = 10.0) -> list[int]:
    """End what ``owner`` started: SIGTERM (daemons clean up their registries and locks), then
    SIGKILL whatever is still there after ``grace`` seconds. Returns the pids it signalled."""
    targets = owned_processes(owner)
    for process in targets:
        _signal(process, signal.SIGTERM)
    deadline = time.monotonic() + grace
    while time.monotonic() < deadline and any(_alive(p) for p in targets):
        time.sleep(0.1)
    for process in targets:
        _signal(process, signal.SIGKILL)
    deadline = time.monotonic() + 5.0
    while time.monotonic() < deadline and any(_alive(p) for p in targets):
        time.sleep(0.05)
    # a daemon may have forked a helper while going down: end those too
    late = [p for p in owned_processes(owner) if p.pid not in {t.pid for t in targets}]
    for process in late:
        _signal(process, signal.SIGKILL)
    return [p.pid for p in targets + late]
