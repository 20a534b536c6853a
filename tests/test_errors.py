"""Errors: every error migrate reports is a MigrateError of one kind (InputError: the user must
fix something; ToolError: Gradle, Bazel, git or the code host failed), and every command reports
one as ``error: <message>`` with exit 2, never a traceback. (Per command: the not-a-Gradle-build,
bad config, refusal, missing-tool and missing-artifact tests in test_cli_scan, test_rollout_cli,
test_run_cli, test_ci, test_pr_bot and test_cli_mirror_errors.)"""

from __future__ import annotations

import importlib
import inspect
import pkgutil
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

import migrate
from migrate.cli import main
from migrate.errors import EXIT_ERROR, InputError, MigrateError, ToolError

#: Exceptions that never leave migrate: the interpreter's `return`, the Groovy/Kotlin parser's
#: errors (each becomes a file:line diagnostic).
INTERNAL = {"_ReturnSignal", "ParseError", "TooDeep"}


def _migrate_exceptions() -> list[type[BaseException]]:
    found = {}
    for info in pkgutil.walk_packages(migrate.__path__, "migrate."):
        if info.name == "migrate.__main__":
            continue
        module = importlib.import_module(info.name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if (
                issubclass(value, Exception)
                and not issubclass(value, Warning)
                and value.__module__ == info.name != "migrate.errors"
            ):
                found[f"{value.__module__}.{value.__qualname__}"] = value
    return [found[name] for name in sorted(found)]


@pytest.mark.parametrize("error", _migrate_exceptions(), ids=lambda e: e.__qualname__)
def test_every_error_is_an_input_or_a_tool_error(error: type[BaseException]) -> None:
    if error.__qualname__ in INTERNAL:
        assert not issubclass(error, MigrateError)
        return
    assert issubclass(error, InputError) != issubclass(error, ToolError), error
    assert error.exit_code == EXIT_ERROR == 2


def _run(*args: str) -> Result:
    return CliRunner().invoke(main, list(args))


def _assert_reported(result: Result, start: str) -> None:
    """Exit 2 with one ``error:`` message on stderr, and no traceback."""
    assert result.exit_code == 2, result.output
    assert isinstance(result.exception, SystemExit), result.exception
    assert result.output.startswith(f"error: {start}"), result.output
    assert "Traceback" not in result.output


@pytest.fixture
def build(tmp_path: Path) -> Path:
    root = tmp_path / "build"
    (root / "a").mkdir(parents=True)
    (root / "settings.gradle").write_text("include 'a'\n")
    (root / "a/build.gradle").write_text("apply plugin: 'java'\n")
    return root


def test_a_failing_gradle_is_a_tool_error(build: Path) -> None:
    result = _run("scan", "--gradle", "--gradle-cmd", "false", str(build))
    _assert_reported(result, "Gradle failed (exit 1) running migrateExportModel")
    assert "full log:" in result.output


def test_a_bad_plan_file_is_an_input_error_naming_file_and_line(build: Path) -> None:
    (build / "migration").mkdir()
    (build / "migration/plan.yaml").write_text("waves:\n  - projects: [':a']\n")
    _assert_reported(_run("status", str(build)), f"{build / 'migration/plan.yaml'}:2: ")


@pytest.mark.parametrize("command", ["generate", "verify", "ci", "wave"])
def test_a_bad_bazel_version_is_an_input_error_in_every_command(build: Path, command: str) -> None:
    (build / "a/src/main/java/a").mkdir(parents=True)
    (build / "a/src/main/java/a/A.java").write_text("package a; class A {}\n")
    if command == "wave":
        assert _run("plan", str(build)).exit_code == 0
    args = [command, "1", str(build)] if command == "wave" else [command, str(build)]
    _assert_reported(_run(*args, "--bazel-version", "seven"), "not a Bazel version: 'seven'")


def test_both_kinds_are_migrate_errors_exiting_2() -> None:
    assert issubclass(InputError, MigrateError) and issubclass(ToolError, MigrateError)
    assert MigrateError.exit_code == InputError.exit_code == ToolError.exit_code == EXIT_ERROR
