"""The ``migrate`` command group and what its commands share: error exits, and turning options
plus migration.yaml into the engine's option values.

A :class:`~migrate.errors.MigrateError` ending any command is reported in one place, the group:
``error: <message>`` on stderr and the error's exit code (2), no traceback."""

from __future__ import annotations

import functools
import os
import shlex
import sys
from collections.abc import Callable
from dataclasses import dataclass, fields, replace
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
from migrate.verify.verify import VerifyOptions


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


path_argument = click.argument("path", default=".", type=click.Path(file_okay=False, path_type=str))


def format_option(
    choices: tuple[str, ...] = ("text", "json"),
    *,
    default: str = "text",
    show_default: bool | None = True,
    help: str | None = None,
) -> Callable[[Callable], Callable]:
    """--format (the parameter ``output_format``): what a command prints."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(choices),
        default=default,
        show_default=show_default,
        help=help,
    )


def modules_option(help: str) -> Callable[[Callable], Callable]:
    """--module (the parameter ``modules``): Gradle projects, repeatable."""
    return click.option("--module", "modules", multiple=True, metavar=":a:b", help=help)


@dataclass(frozen=True)
class GenerationFlags:
    """What --granularity, --offline-mirror and --bazel-version say (None: not given)."""

    granularity: str | None = None
    offline_mirror: str | None = None
    bazel_version: str | None = None

    def options(
        self, path: str, config: MigrationConfig, modules: tuple[str, ...] = ()
    ) -> GenerateOptions:
        """The generation options they ask for, with migration.yaml and the defaults."""
        return generation_options(
            path, config, modules, self.granularity, self.offline_mirror, self.bazel_version
        )


@dataclass(frozen=True)
class ToolFlags:
    """What --remote, --bazel-output-root and --gradle-user-home say (None: not given)."""

    remote: str | None = None
    bazel_output_root: str | None = None
    gradle_user_home: str | None = None

    def verify_options(
        self, profile: GradleProfile, granularity: str, **extra: Any
    ) -> VerifyOptions:
        """How to run Gradle and Bazel for parity: Gradle as ``profile`` says, with a daemon in
        --gradle-user-home (stopped afterwards), Bazel as --remote and --bazel-output-root say."""
        return VerifyOptions(
            remote=self.remote,
            gradle=replace(profile, daemon=True, user_home=self.gradle_user_home),
            bazel_output_root=self.bazel_output_root,
            granularity=granularity,
            **extra,
        )


def _flags(
    parameter: str, bundle: type, options: list[Callable[[Callable], Callable]]
) -> Callable[[Callable], Callable]:
    """A decorator adding ``options`` to a command, which gets their values as one ``bundle``
    (a dataclass whose fields are the options' parameters) in its parameter ``parameter``."""
    names = [f.name for f in fields(bundle)]

    def decorate(command: Callable) -> Callable:
        @functools.wraps(command)
        def bundled(**kwargs: Any) -> Any:
            kwargs[parameter] = bundle(**{name: kwargs.pop(name) for name in names})
            return command(**kwargs)

        for option in reversed(options):
            bundled = option(bundled)
        return bundled

    return decorate


# --granularity, --offline-mirror and --bazel-version, for commands that (re)generate the files
# they check: they must be given as to `migrate generate` (or live in migration.yaml). The command
# gets them as ``generation: GenerationFlags``.
generation_flags = _flags(
    "generation",
    GenerationFlags,
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
    ],
)

# --remote, --bazel-output-root and --gradle-user-home, for commands that run the tools. The
# command gets them as ``tools: ToolFlags``.
tool_flags = _flags(
    "tools",
    ToolFlags,
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
    ],
)


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
