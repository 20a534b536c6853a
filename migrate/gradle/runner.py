"""Running the build's own Gradle: which command, which flags, and clear errors when it fails.

Every call is time-boxed (the whole process group is killed on timeout) and logged to a file, so
a failure can quote Gradle's last lines. Nothing is left running: a one-shot call
(``--no-daemon``) and a :func:`gradle_session` (several calls sharing one daemon, as verify
does) end every process they started when they finish. ``--no-daemon`` alone does not ensure
that: Gradle may still fork a single-use daemon, and the Kotlin Gradle plugin starts a Kotlin
compile daemon that outlives the build (for two hours when Gradle's daemon is its client). So
the Kotlin compiler runs inside Gradle (``kotlin.compiler.execution.strategy=in-process``, read
as a system property by the plugin up to 1.3 and as a Gradle property since), the session's
daemons register in a private registry (``org.gradle.daemon.registry.base``: no other build
uses them, and ``--stop`` stops only them), and every process carries the session's owner
token (:mod:`migrate.processes`), by which whatever is still running at the end is found.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

from migrate.errors import ToolError
from migrate.processes import new_owner, owner_env, reap
from migrate.resources import rule_table

INIT_DIR = Path(__file__).resolve().parent / "init"
DEFAULT_TIMEOUT = 900.0


class GradleError(ToolError):
    """Gradle could not be run, failed, or timed out; the message quotes its last lines."""


@dataclass(frozen=True)
class GradleProfile:
    """How to call Gradle for one build."""

    command: tuple[str, ...] | None = None  # None: ./gradlew if present, else gradle on PATH
    offline_mirror: str | None = None  # e.g. file:///usr/share/maven-repo
    timeout: float = DEFAULT_TIMEOUT
    extra_args: tuple[str, ...] = ()
    system_properties: dict[str, str] = field(default_factory=dict)
    daemon: bool = False  # one-shot by default: nothing is left running
    user_home: str | None = None  # a private Gradle user home (its daemons can be stopped)
    owner: str | None = None  # set by gradle_session: the token its processes carry
    daemon_registry: str | None = None  # set by gradle_session: where its daemons register


# Set to "in-process" in a session unless the profile says otherwise: the Kotlin compiler runs
# inside Gradle's JVM, so no Kotlin compile daemon outlives the session (nor is one shared with
# another build, and then ended under it).
KOTLIN_STRATEGY = "kotlin.compiler.execution.strategy"


@dataclass(frozen=True)
class GradleRun:
    command: tuple[str, ...]
    returncode: int
    seconds: float
    log: str  # path of the captured stdout+stderr


def gradle_command(root: Path, override: tuple[str, ...] | None) -> tuple[str, ...]:
    if override:
        return override
    wrapper = root / "gradlew"
    if wrapper.is_file():
        return (str(wrapper),) if os.access(wrapper, os.X_OK) else ("sh", str(wrapper))
    found = shutil.which("gradle")
    if found is None:
        raise GradleError(
            "Gradle not found: the build has no ./gradlew and there is no `gradle` on PATH "
            "(install Gradle >= 4.4, e.g. `tools/setup-debian.sh`, or pass --gradle-cmd)"
        )
    return (found,)


def _noise() -> re.Pattern[str]:
    patterns = rule_table("gradle-output.yaml")["noise"]
    return re.compile("|".join(f"(?:{p})" for p in patterns))


def last_lines(log: str, count: int = 25) -> str:
    """The end of Gradle's output without the JVM's version chatter, for error messages."""
    try:
        text = Path(log).read_text(encoding="utf-8", errors="replace")
    except OSError:
        return ""
    noise = _noise()
    lines = [ln for ln in text.splitlines() if ln.strip() and not noise.search(ln)]
    return "\n".join(lines[-count:])


def run_gradle(
    root: Path,
    tasks: list[str],
    profile: GradleProfile,
    init_scripts: list[Path] = (),
    properties: dict[str, str] | None = None,
    log_dir: Path | None = None,
    check: bool = True,
) -> GradleRun:
    """Run Gradle in ``root``; raise GradleError (with its last lines) if it fails and
    ``check`` is set (a test failure is a result, not an error, for verification).

    Outside a :func:`gradle_session`, a one-shot call (``daemon=False``) is its own session:
    whatever it started is ended before it returns. A daemon call outside a session keeps its
    daemon for the next call; the caller stops it (:func:`stop_daemons`)."""
    if profile.owner is None and not profile.daemon:
        with gradle_session(root, profile) as session:
            return run_gradle(root, tasks, session, init_scripts, properties, log_dir, check)
    command = list(gradle_command(root, profile.command))
    args = [
        "--daemon" if profile.daemon else "--no-daemon",
        "--console=plain",
        "-Dgradle-debian-helper.hook.enabled=false",
    ]
    if profile.user_home:
        args += ["--gradle-user-home", profile.user_home]
    scripts = list(init_scripts)
    if profile.offline_mirror:
        scripts.insert(0, INIT_DIR / "offline-mirror.gradle")
        args += ["--offline", f"-Dmigrate.offlineMirror={profile.offline_mirror}"]
    for script in scripts:
        args += ["-I", str(script)]
    system = {**profile.system_properties, **(properties or {})}
    if profile.owner is not None:
        if profile.daemon_registry:
            args.append(f"-Dorg.gradle.daemon.registry.base={profile.daemon_registry}")
        strategy = system.setdefault(KOTLIN_STRATEGY, "in-process")
        args.append(f"-P{KOTLIN_STRATEGY}={strategy}")  # Kotlin Gradle plugin >= 1.4
    for key, value in system.items():
        args.append(f"-D{key}={value}")
    full = (*command, *args, *profile.extra_args, *tasks)
    log_dir = log_dir or Path(tempfile.mkdtemp(prefix="migrate-gradle-"))
    log = log_dir / "gradle.log"
    started = time.monotonic()
    with log.open("wb") as out:
        try:
            proc = subprocess.Popen(
                full,
                cwd=root,
                stdout=out,
                stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL,
                start_new_session=True,
                env=owner_env(profile.owner) if profile.owner else None,
            )
        except OSError as exc:
            raise GradleError(f"cannot run {command[0]}: {exc}") from exc
        try:
            returncode = proc.wait(timeout=profile.timeout)
        except subprocess.TimeoutExpired:
            _kill_group(proc)
            raise GradleError(
                f"Gradle timed out after {profile.timeout:.0f} s ({' '.join(tasks)} in {root}); "
                f"raise it with --gradle-timeout. Last lines:\n{last_lines(str(log))}"
            ) from None
        except KeyboardInterrupt:
            _kill_group(proc)
            raise
    seconds = time.monotonic() - started
    if returncode != 0 and check:
        raise GradleError(
            f"Gradle failed (exit {returncode}) running {' '.join(tasks)} in {root}; "
            f"full log: {log}. Last lines:\n{last_lines(str(log))}"
        )
    return GradleRun(tuple(full), returncode, seconds, str(log))


def _kill_group(proc: subprocess.Popen[bytes]) -> None:
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=10)
    except (ProcessLookupError, subprocess.TimeoutExpired):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)
        proc.wait()


@contextlib.contextmanager
def gradle_session(
    root: Path, profile: GradleProfile, owner: str | None = None
) -> Iterator[GradleProfile]:
    """A profile for several Gradle calls that share a daemon (when ``profile.daemon``); when
    the block ends, every process they started has ended, and nothing else was touched.

    ``owner``: the token to mark processes with (e.g. shared with the Bazel side of a
    verification); a new one by default."""
    token = owner or new_owner()
    registry = tempfile.mkdtemp(prefix="migrate-gradle-daemons-")
    session = replace(profile, owner=token, daemon_registry=registry)
    try:
        yield session
    finally:
        try:
            if session.daemon:  # one-shot calls start no daemon to ask
                stop_daemons(root, session)
        finally:
            reap(token)
            shutil.rmtree(registry, ignore_errors=True)


def stop_daemons(root: Path, profile: GradleProfile) -> None:
    """Ask daemons to stop: in a session, those of its private registry (exactly the ones it
    started); outside one, those of a private Gradle user home. Never those of the user's own
    Gradle home. Best effort: in a session, what does not stop is ended by its reap."""
    if profile.daemon_registry:
        args = [f"-Dorg.gradle.daemon.registry.base={profile.daemon_registry}"]
    elif profile.user_home:
        args = ["--gradle-user-home", profile.user_home]
    else:
        return
    try:
        command = list(gradle_command(root, profile.command))
    except GradleError:
        return
    with contextlib.suppress(OSError, subprocess.TimeoutExpired):
        subprocess.run(
            [*command, "--stop", *args],
            cwd=root,
            capture_output=True,
            stdin=subprocess.DEVNULL,
            timeout=120,
            env=owner_env(profile.owner) if profile.owner else None,
        )
