"""The migration config file, ``migration.yaml`` at the build root (optional).

Command-line options override it. Unknown keys are an error (a typo should not silently do
nothing).

    gradle:
      command: ./gradlew            # default: ./gradlew if present, else gradle on PATH
      offline_mirror: file:///usr/share/maven-repo
      timeout: 900                  # seconds
    bazel:
      version: 7.4.1                # the Bazel the generated workspace targets
      granularity: module           # or package
      remote:                       # the build:remote / build:cache profiles in .bazelrc
        executor: grpc://rbe.example.com:8980
        cache: grpc://rbe.example.com:8980
        instance_name: main
        timeout_seconds: 3600
        jobs: 50
        download_outputs: minimal
        exec_properties: {OSFamily: Linux}
    plan:                           # rollout waves (`migrate plan`)
      max_wave_size: 20             # projects per wave (default: no limit)
      max_owners_per_wave: 2        # CODEOWNERS teams per wave (default: no limit)
      pilots: [":services:api"]     # go first, with the projects they need
      exclude: [":legacy"]          # stay on Gradle (and so does what depends on them)
      hold: [":experimental"]       # not now (nor what depends on them)
      codeowners: .github/CODEOWNERS  # default: CODEOWNERS, .github/ or docs/, as GitHub does
    pr:                             # the pull-request bot (`migrate pr`)
      remote: origin
      base: main
      repo: acme/monorepo           # default: from the remote's URL
      api_url: https://api.github.com   # GitHub Enterprise: https://HOST/api/v3
      token_env: GITHUB_TOKEN       # the environment variable holding the token
      author: "migrate bot <migrate-bot@users.noreply.github.com>"
    reports:
      templates: ci/report-templates  # your own report.md.j2 / dashboard.html.j2 / ci.md.j2
    rules:                          # overrides merged into rules/*.yaml (same keys)
      jvm: {languages: {java: {load: null}}}
      configurations:
        configurations: {integrationTestImplementation: {target: test, attrs: [deps]}}
"""

from __future__ import annotations

import shlex
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from migrate.bazel.spec import RemoteSettings
from migrate.bot.settings import PrSettings
from migrate.errors import InputError
from migrate.plan import PlanConstraints

CONFIG_FILE = "migration.yaml"
_GRADLE_KEYS = {"command", "offline_mirror", "timeout"}
_BAZEL_KEYS = {"version", "granularity", "remote"}
_PLAN_KEYS = {"max_wave_size", "max_owners_per_wave", "pilots", "exclude", "hold", "codeowners"}
_REMOTE_KEYS = {
    "executor",
    "cache",
    "instance_name",
    "timeout_seconds",
    "jobs",
    "download_outputs",
    "exec_properties",
}


class ConfigError(InputError):
    pass


@dataclass(frozen=True)
class GradleSettings:
    command: tuple[str, ...] | None = None
    offline_mirror: str | None = None
    timeout: float | None = None


@dataclass(frozen=True)
class BazelSettings:
    version: str | None = None
    granularity: str | None = None
    remote: RemoteSettings = field(default_factory=RemoteSettings)


@dataclass(frozen=True)
class PlanSettings:
    constraints: PlanConstraints = PlanConstraints()
    codeowners: str | None = None  # path relative to the build root


@dataclass(frozen=True)
class MigrationConfig:
    gradle: GradleSettings = GradleSettings()
    bazel: BazelSettings = field(default_factory=BazelSettings)
    plan: PlanSettings = PlanSettings()
    pr: PrSettings = PrSettings()
    report_templates: str | None = None  # a folder overriding reports/ templates
    rules: dict[str, Any] = field(default_factory=dict)
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
    unknown = set(data) - {"gradle", "bazel", "plan", "pr", "reports", "rules"}
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
    rules = data.get("rules") or {}
    if not isinstance(rules, dict) or set(rules) - {"jvm", "configurations"}:
        raise ConfigError(f"{path}: rules takes the keys jvm and configurations")
    return MigrationConfig(
        GradleSettings(
            command=tuple(shlex.split(command)) if isinstance(command, str) else None,
            offline_mirror=gradle.get("offline_mirror"),
            timeout=float(timeout) if timeout is not None else None,
        ),
        _bazel_settings(path, data.get("bazel") or {}),
        _plan_settings(path, data.get("plan") or {}),
        _pr_settings(path, data.get("pr") or {}),
        _report_templates(path, data.get("reports") or {}),
        rules,
        str(path),
    )


def _bazel_settings(path: Path, bazel: dict[str, Any]) -> BazelSettings:
    if not isinstance(bazel, dict) or set(bazel) - _BAZEL_KEYS:
        raise ConfigError(f"{path}: bazel takes the keys {', '.join(sorted(_BAZEL_KEYS))}")
    remote = bazel.get("remote") or {}
    if not isinstance(remote, dict) or set(remote) - _REMOTE_KEYS:
        raise ConfigError(f"{path}: bazel.remote takes the keys {', '.join(sorted(_REMOTE_KEYS))}")
    try:
        settings = RemoteSettings(
            **{k: v for k, v in remote.items() if k != "exec_properties"},
            exec_properties={
                str(k): str(v) for k, v in (remote.get("exec_properties") or {}).items()
            },
        )
    except TypeError as exc:
        raise ConfigError(f"{path}: bazel.remote: {exc}") from exc
    version = bazel.get("version")
    return BazelSettings(
        str(version) if version is not None else None, bazel.get("granularity"), settings
    )


def _plan_settings(path: Path, plan: dict[str, Any]) -> PlanSettings:
    if not isinstance(plan, dict) or set(plan) - _PLAN_KEYS:
        raise ConfigError(f"{path}: plan takes the keys {', '.join(sorted(_PLAN_KEYS))}")
    limits = {}
    for key in ("max_wave_size", "max_owners_per_wave"):
        value = plan.get(key)
        if value is not None and (not isinstance(value, int) or isinstance(value, bool)):
            raise ConfigError(f"{path}: plan.{key} must be a whole number")
        limits[key] = value
    lists = {}
    for key in ("pilots", "exclude", "hold"):
        value = plan.get(key) or []
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
            raise ConfigError(f"{path}: plan.{key} must be a list of Gradle project paths")
        bad = [v for v in value if not v.startswith(":")]
        if bad:
            raise ConfigError(
                f"{path}: plan.{key}: {', '.join(bad)} is not a Gradle project path (':a:b')"
            )
        lists[key] = tuple(value)
    codeowners = plan.get("codeowners")
    if codeowners is not None and not isinstance(codeowners, str):
        raise ConfigError(f"{path}: plan.codeowners must be a path")
    return PlanSettings(PlanConstraints(**limits, **lists), codeowners)


def _pr_settings(path: Path, pr: dict[str, Any]) -> PrSettings:
    keys = set(PrSettings.__dataclass_fields__)
    if not isinstance(pr, dict) or set(pr) - keys:
        raise ConfigError(f"{path}: pr takes the keys {', '.join(sorted(keys))}")
    bad = [k for k, v in pr.items() if not isinstance(v, str)]
    if bad:
        raise ConfigError(f"{path}: pr.{bad[0]} must be a string")
    return PrSettings(**pr)


def _report_templates(path: Path, reports: dict[str, Any]) -> str | None:
    if not isinstance(reports, dict) or set(reports) - {"templates"}:
        raise ConfigError(f"{path}: reports takes the key templates")
    templates = reports.get("templates")
    if templates is None:
        return None
    folder = path.parent / str(templates)
    if not folder.is_dir():
        raise ConfigError(f"{path}: reports.templates: no such folder {folder}")
    return str(folder)
