"""GitPython, imported so that a machine without git still runs every command that does not
need it: GitPython looks for the git program when it is imported and fails there otherwise.
The commands that do need git (ci, pr) call ``require_git`` and get a clear error."""

from __future__ import annotations

import os
import shutil

os.environ.setdefault("GIT_PYTHON_REFRESH", "quiet")  # no git: fail when used, not on import

import git  # noqa: E402  (after the setting above, which GitPython reads on import)

from migrate.errors import ToolError  # noqa: E402

__all__ = ["git", "require_git"]


def require_git(why: str) -> None:
    """Raise a ToolError saying what needs git when the git program is not installed."""
    if shutil.which(os.environ.get("GIT_PYTHON_GIT_EXECUTABLE") or "git") is None:
        raise ToolError(f"git is not installed: {why} needs it (Debian: apt-get install git)")
