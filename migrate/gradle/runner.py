"""Running the build's own Gradle: which command, which flags, and clear errors when it fails.

Every call is one-shot (``--no-daemon``: nothing is left running), time-boxed (the whole process
group is killed on timeout), and logged to a file, so a failure can quote Gradle's last lines.
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
from dataclasses import dataclass, field
from pathlib import Path

from migrate.resources import rule_table

INIT_DIR = Path(__file__).resolve().parent / "init"
DEFAULT_TIMEOUT = 900.0


class GradleError(RuntimeError):
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
    ``check`` is set (a test failure is a result, not an error, for verification)."""
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
    for key, value in {**profile.system_properties, **(properties or {})}.items():
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


def stop_daemons(root: Path, profile: GradleProfile) -> None:
    """Stop the daemons of a private Gradle user home (never touches the user's own)."""
    if not profile.user_home:
        return
    command = list(gradle_command(root, profile.command))
    subprocess.run(
        [*command, "--stop", "--gradle-user-home", profile.user_home],
        cwd=root,
        capture_output=True,
        timeout=120,
    )
