"""The ``migrate`` command group and what its commands share: error exits, and turning options
plus migration.yaml into the engine's option values.

A :class:`~migrate.errors.MigrateError` ending any command is reported in one place, the group:
``error: <message>`` on stderr and the error's exit code (2), no traceback."""

from __future__ import annotations

import os
import shlex
import sys
from collections.abc import Callable
from typing import Any, NoReturn

import click

from migrate import __version__
from migrate.bazel.version import DEFAULT_BAZEL_VERSION, detect_bazel_version, version_tuple
from migrate.config import MigrationConfig, load_config
from migrate.errors import EXIT_ERROR, MigrateError
from migrate.gradle.live import read_live_model
from migrate.gradle.reader import read_build
from migrate.gradle.runner import DEFAULT_TIMEOUT, GradleProfile
from migrate.model import BuildModel
from migrate.targets.generate import GRANULARITIES, GenerateOptions


class _Commands(click.Group):
    """The command group: the one handler of the errors migrate reports (click reports its own
    usage errors, also with exit 2)."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except MigrateError as error:
            fail(str(error), error.exit_code)


@click.group(cls=_Commands, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="migrate")
def main() -> None:
    """Move a Gradle JVM monorepo (Java, Kotlin, Scala) to Bazel, one safe wave at a time.

    \b
    The whole migration in one command (every pending wave, in order):
      migrate run             plan, then each wave as below; dashboard + summary

    \b
    A migration, step by step:
      migrate scan            what the tool understands of your build
      migrate plan            breadth-first rollout waves -> migration/plan.yaml
      migrate wave 1          generate, verify against Gradle, record; then wave 2, ...
      migrate status          where it stands and what to do next
      migrate report          Markdown / HTML dashboard / JSON / JUnit of all that

    \b
    In automation:
      migrate ci              drift and parity check for a change (exit 1 on failure)
      migrate pr --wave N     the wave's branch, pull request and report comment

    `generate` and `verify` run the steps by hand for any set of projects.
    """


def generation_flags(command: Callable) -> Callable:
    """--granularity, --offline-mirror and --bazel-version, for commands that (re)generate the
    files they check: they must be given as to `migrate generate` (or live in migration.yaml)."""
    for option in reversed(
        [
            click.option(
                "--granularity",
                type=click.Choice(GRANULARITIES),
                help="module or package, as for `migrate generate` "
                "[default: bazel.granularity in migration.yaml, else module].",
            ),
            click.option(
                "--offline-mirror",
                metavar="URL",
                help="The local Maven mirror, as for `migrate generate`; Gradle runs offline "
                "against it [default: gradle.offline_mirror in migration.yaml].",
            ),
            click.option("--bazel-version", metavar="X.Y.Z", help="As for `migrate generate`."),
        ]
    ):
        command = option(command)
    return command


def tool_flags(command: Callable) -> Callable:
    """--remote, --bazel-output-root and --gradle-user-home, for commands that run the tools."""
    for option in reversed(
        [
            click.option(
                "--remote",
                is_flag=False,
                flag_value="remote",
                default=None,
                type=click.Choice(["remote", "cache"]),
                help="Run Bazel with the generated .bazelrc's remote profile: --remote (remote "
                "execution) or --remote=cache (remote cache only); records cache hits.",
            ),
            click.option(
                "--bazel-output-root",
                metavar="DIR",
                help="Bazel --output_user_root (e.g. a scratch dir in CI).",
            ),
            click.option(
                "--gradle-user-home",
                metavar="DIR",
                help="A private Gradle user home; its daemon is stopped afterwards.",
            ),
        ]
    ):
        command = option(command)
    return command


def config_for(path: str) -> MigrationConfig:
    """migration.yaml at the build root, or the defaults (PATH may not exist: the reader says)."""
    return load_config(path) if os.path.isdir(path) else MigrationConfig()


def fail(message: str, code: int = EXIT_ERROR) -> NoReturn:
    """End the command with ``error: MESSAGE`` on stderr and exit ``code``."""
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def model_for(path: str, use_gradle: bool, profile: GradleProfile) -> BuildModel:
    return read_live_model(path, profile) if use_gradle else read_build(path)


def mirror_dir(url: str | None) -> str | None:
    if url is None:
        return None
    directory = url.removeprefix("file://")
    if "://" in directory or not os.path.isdir(directory):
        fail(f"--offline-mirror must be a local directory or file:// URL that exists: {url}")
    return directory


def generation_options(
    path: str,
    config: MigrationConfig,
    modules: tuple[str, ...],
    granularity: str | None,
    offline_mirror: str | None,
    bazel_version: str | None,
) -> GenerateOptions:
    version = bazel_version or config.bazel.version or detect_bazel_version()
    options = GenerateOptions(
        granularity=granularity or config.bazel.granularity or "module",
        modules=modules,
        bazel_version=version or DEFAULT_BAZEL_VERSION,
        offline_mirror=mirror_dir(offline_mirror or config.gradle.offline_mirror),
        remote=config.bazel.remote,
        rule_overrides=config.rules,
    )
    version_tuple(options.bazel_version)
    return options


def gradle_profile(
    config: MigrationConfig,
    gradle_cmd: str | None = None,
    offline_mirror: str | None = None,
    timeout: float | None = None,
    **extra: Any,
) -> GradleProfile:
    """The Gradle run settings: options first, then migration.yaml, then defaults."""
    return GradleProfile(
        command=tuple(shlex.split(gradle_cmd)) if gradle_cmd else config.gradle.command,
        offline_mirror=offline_mirror or config.gradle.offline_mirror,
        timeout=timeout or config.gradle.timeout or DEFAULT_TIMEOUT,
        **extra,
    )
