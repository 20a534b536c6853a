"""What the tests that need a git checkout share."""

from __future__ import annotations

from pathlib import Path

import git


def new_repo(root: Path, user: str = "Dev") -> git.Repo:
    """``root`` as a new git repository on branch main, committing as ``user``."""
    repo = git.Repo.init(root, initial_branch="main")
    with repo.config_writer() as config:
        config.set_value("user", "name", user)
        config.set_value("user", "email", "dev@example.com")
    return repo


def commit_everything(repo: git.Repo, message: str) -> None:
    repo.git.add("-A")
    repo.index.commit(message)
