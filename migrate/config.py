"""The migration config file, ``migration.yaml`` at the build root (optional).

Command-line options override it. Unknown keys are an error (a typo should not silently do
nothing).

    gradle:
      command: ./gradlew            # default: ./gradlew if present, else gradle on PATH
      offline_mirror: file:///usr/share/maven-repo
      timeout: 900                  # seconds
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

CONFIG_FILE = "migration.yaml"
_GRADLE_KEYS = {"command", "offline_mirror", "timeout"}


class ConfigError(ValueError):
    pass


@dataclass(frozen=True)
class GradleSettings:
    command: tuple[str, ...] | None = None
    offline_mirror: str | None = None
    timeout: float | None = None


@dataclass(frozen=True)
class MigrationConfig:
    gradle: GradleSettings = GradleSettings()
    file: str | None = None


def load_config(root: str | Path) -> MigrationConfig:
    path = Path(root) / CONFIG_FILE
    if not path.is_file():
        return MigrationConfig()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{path}:{mark.line + 1}" if mark else str(path)
        raise ConfigError(f"{where}: invalid YAML: {getattr(exc, 'problem', exc)}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"{path}: expected a mapping at the top level")
    unknown = set(data) - {"gradle"}
    if unknown:
        raise ConfigError(f"{path}: unknown key(s): {', '.join(sorted(unknown))}")
    gradle: dict[str, Any] = data.get("gradle") or {}
    if set(gradle) - _GRADLE_KEYS:
        bad = ", ".join(sorted(set(gradle) - _GRADLE_KEYS))
        raise ConfigError(f"{path}: unknown key(s) under gradle: {bad}")
    command = gradle.get("command")
    timeout = gradle.get("timeout")
    if timeout is not None and not isinstance(timeout, (int, float)):
        raise ConfigError(f"{path}: gradle.timeout must be a number of seconds")
    return MigrationConfig(
        GradleSettings(
            command=tuple(shlex.split(command)) if isinstance(command, str) else None,
            offline_mirror=gradle.get("offline_mirror"),
            timeout=float(timeout) if timeout is not None else None,
        ),
        str(path),
    )
