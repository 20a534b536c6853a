"""Running Bazel for verification: build and test given targets, time-boxed and logged, with a
private output root when asked, and :meth:`Bazel.close` at the end: ``bazel shutdown`` when this
runner started the server (a server that was already running is the user's, and is left alone),
then whatever still carries the runner's owner token (:mod:`migrate.processes`: the server
and its persistent workers, should shutdown fail) is ended. No server is left."""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import time
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from migrate.errors import ToolError
from migrate.processes import new_owner, owned_processes, owner_env, reap

DEFAULT_TIMEOUT = 1800.0


class BazelError(ToolError):
    """Bazel could not be run or failed; the message quotes its last lines."""


@dataclass(frozen=True)
class BazelRun:
    command: tuple[str, ...]
    returncode: int
    seconds: float
    output: str  # Bazel's console output (stderr)
    outputs: dict[str, tuple[str, ...]] = field(default_factory=dict)  # label → default outputs


@dataclass
class Bazel:
    workspace: Path
    output_user_root: str | None = None
    config: str | None = None  # "remote" or "cache": the generated .bazelrc profiles
    extra_args: tuple[str, ...] = ()
    timeout: float = DEFAULT_TIMEOUT
    command: str = field(default_factory=lambda: shutil.which("bazel") or "bazel")
    log_dir: Path | None = None
    owner: str = field(default_factory=new_owner)  # the token its processes carry

    @property
    def env(self) -> dict[str, str]:
        """The environment of every Bazel call: a server it starts carries the owner token."""
        return owner_env(self.owner)

    def _startup(self) -> list[str]:
        return [f"--output_user_root={self.output_user_root}"] if self.output_user_root else []

    def run(self, verb: str, targets: list[str], check: bool = True) -> BazelRun:
        args = [self.command, *self._startup(), verb]
        if self.config and verb in ("build", "test"):
            args.append(f"--config={self.config}")
        events = None
        if verb in ("build", "test"):
            events = Path(self.log_dir or self.workspace) / f"bep-{verb}-{time.time_ns()}.json"
            args.append(f"--build_event_json_file={events}")
        args += [*self.extra_args, *(["--"] + targets if targets else [])]
        started = time.monotonic()
        try:
            proc = subprocess.Popen(
                args,
                cwd=self.workspace,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                stdin=subprocess.DEVNULL,
                text=True,
                start_new_session=True,
                env=self.env,
            )
        except OSError as exc:
            raise BazelError(f"cannot run {self.command}: {exc}") from exc
        try:
            _, err = proc.communicate(timeout=self.timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            self.close()
            raise BazelError(f"bazel {verb} timed out after {self.timeout:.0f} s") from None
        except KeyboardInterrupt:  # cancel the build the way Ctrl-C at a terminal would
            _interrupt(proc)
            raise
        seconds = time.monotonic() - started
        outputs = _read_outputs(events) if events else {}
        if any(not f.startswith("/") for files in outputs.values() for f in files):
            execroot = self.info("execution_root")
            outputs = {
                label: tuple(f if f.startswith("/") else os.path.join(execroot, f) for f in files)
                for label, files in outputs.items()
            }
        if events:
            events.unlink(missing_ok=True)
        run = BazelRun(tuple(args), proc.returncode, seconds, err, outputs)
        if check and proc.returncode != 0:
            tail = "\n".join(line for line in err.splitlines() if line.strip())[-3000:]
            raise BazelError(f"bazel {verb} failed (exit {proc.returncode}). Last lines:\n{tail}")
        return run

    def info(self, key: str) -> str:
        args = [self.command, *self._startup(), "info", key]
        out = subprocess.run(
            args, cwd=self.workspace, capture_output=True, text=True, timeout=300, env=self.env
        )
        if out.returncode != 0:
            raise BazelError(f"bazel info {key} failed: {out.stderr.strip()[-500:]}")
        return out.stdout.strip()

    def shutdown(self) -> None:
        """``bazel shutdown``, whoever started the server (see :meth:`close`)."""
        subprocess.run(
            [self.command, *self._startup(), "shutdown"],
            cwd=self.workspace,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=300,
            env=self.env,
        )

    def close(self) -> None:
        """End what this runner started and nothing else: once its commands are done, a live
        process carrying its token is a server it started (with workers), so that server is
        shut down (cleanly: its output base stays usable); whatever survives is killed."""
        if owned_processes(self.owner):
            with contextlib.suppress(OSError, subprocess.TimeoutExpired):
                self.shutdown()
        reap(self.owner)


def _interrupt(proc: subprocess.Popen[str]) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(proc.pid, signal.SIGINT)
    try:
        proc.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()


def _read_outputs(events: Path) -> dict[str, tuple[str, ...]]:
    """Default output files per target, from Bazel's build event protocol (JSON lines)."""
    if not events.is_file():
        return {}
    file_sets: dict[str, list[str]] = {}
    children: dict[str, list[str]] = defaultdict(list)
    targets: dict[str, list[str]] = {}
    for line in events.read_text(encoding="utf-8").splitlines():
        try:
            event = json.loads(line)
        except json.JSONDecodeError:
            continue
        ident = event.get("id", {})
        if "namedSet" in ident:
            named = event.get("namedSetOfFiles", {})
            key = ident["namedSet"]["id"]
            file_sets[key] = [_path(f) for f in named.get("files", []) if _path(f)]
            children[key] = [s["id"] for s in named.get("fileSets", [])]
        elif "targetCompleted" in ident and "completed" in event:
            label = ident["targetCompleted"]["label"]
            sets = [
                s["id"]
                for group in event["completed"].get("outputGroup", [])
                if group.get("name") == "default"
                for s in group.get("fileSets", [])
            ]
            targets[label] = sets

    def expand(key: str, seen: set[str]) -> list[str]:
        if key in seen:
            return []
        seen.add(key)
        files = list(file_sets.get(key, []))
        for child in children.get(key, []):
            files += expand(child, seen)
        return files

    return {
        label: tuple(sorted(set(f for s in sets for f in expand(s, set()))))
        for label, sets in targets.items()
    }


def _path(entry: dict) -> str | None:
    """A local path; relative to the execution root when Bazel reported the file by its
    remote-cache URI (bytestream://), as it does whenever a remote cache is configured."""
    uri = entry.get("uri", "")
    if uri.startswith("file://"):
        return unquote(urlparse(uri).path)
    if entry.get("name"):
        return "/".join([*entry.get("pathPrefix", []), entry["name"]])
    return None
