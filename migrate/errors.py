"""The errors migrate reports to the user: one base, two kinds, one exit code.

Every error a command can end with derives from :class:`MigrateError`, and the command line
catches that one class: it prints ``error: <message>`` and exits with the error's ``exit_code``,
never a traceback. Anything else escaping a command is a bug in migrate, and shows as one.

The two kinds say who has to act:

- :class:`InputError`: something the user must fix — a build script, migration.yaml, the plan
  or state file, a BUILD file, CODEOWNERS, an option naming a project or wave that does not
  exist, or a repository state a step refuses (an earlier wave not verified, a dirty working
  tree). The message names the file, with its line where known (``path:line: ...``).
- :class:`ToolError`: a tool migrate drives — Gradle, Bazel, git, the code host's API — could
  not be run, failed, or answered in a way migrate cannot use. The message quotes what it said.

Both exit 2 ("an error" in the README's exit codes), as a usage error click reports itself does.
Each module keeps its own error class (``GradleError``, ``ConfigError``, ...) deriving from one
kind, so that callers can still catch the narrow one.
"""

from __future__ import annotations

#: The exit codes of every command (README.md, docs/ci.md): done; findings (drift, a parity
#: mismatch, --strict diagnostics); an error; interrupted (Ctrl-C).
EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130


class MigrateError(Exception):
    """An error a command reports as ``error: <message>`` and ends with ``exit_code``."""

    exit_code: int = EXIT_ERROR


class InputError(MigrateError):
    """Something the user must fix: a file (with file:line where known), an option, or the state
    of the repository a step refuses to run in."""


class ToolError(MigrateError):
    """Gradle, Bazel, git or the code host could not run, failed, or answered badly."""
