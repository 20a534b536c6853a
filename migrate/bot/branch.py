"""The bot's git work, with GitPython: a branch per wave, built in a temporary worktree from the
remote's base branch, so the user's checkout is never touched; pushed with a lease so that a
concurrent push is never overwritten; commits that the bot did not make are never replaced.
"""

from __future__ import annotations

import contextlib
import shutil
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from migrate.errors import ToolError
from migrate.gitlib import git, require_git

TRAILER = "Migrate-Bot"


class BranchError(ToolError):
    """The branch cannot be created or updated safely."""


@dataclass(frozen=True)
class Identity:
    name: str
    email: str

    @classmethod
    def parse(cls, text: str) -> Identity:
        name, _, rest = text.partition("<")
        if not rest.endswith(">") or not name.strip():
            raise BranchError(f"bot author must look like 'Name <email>', not {text!r}")
        return cls(name.strip(), rest[:-1].strip())

    def actor(self) -> git.Actor:
        return git.Actor(self.name, self.email)


@dataclass(frozen=True)
class RemoteBranch:
    base_sha: str
    branch_sha: str | None  # None: the branch does not exist yet
    foreign: tuple[str, ...]  # commits on the branch (not on base) that the bot did not make


def open_repo(path: Path) -> git.Repo:
    require_git("the pull-request bot")
    try:
        return git.Repo(path, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError) as exc:
        raise BranchError(f"{path} is not in a git repository") from exc


def dirty_files(repo: git.Repo) -> list[str]:
    """Tracked files with changes, staged or not (untracked files do not count)."""
    if not repo.head.is_valid():
        return []
    names = set(repo.git.diff("--name-only", "HEAD").splitlines())
    return sorted(n for n in names if n)


def inspect_remote(repo: git.Repo, remote: str, base: str, branch: str, bot: Identity):
    """Fetch the base and the wave's branch from ``remote`` and say whose commits are on it."""
    try:
        repo.git.fetch(remote, f"+refs/heads/{base}:refs/remotes/{remote}/{base}")
        base_sha = repo.git.rev_parse(f"refs/remotes/{remote}/{base}")
        listed = repo.git.ls_remote("--heads", remote, f"refs/heads/{branch}").split()
        branch_sha = listed[0] if listed else None
        foreign: list[str] = []
        if branch_sha:
            repo.git.fetch(remote, f"+refs/heads/{branch}:refs/remotes/{remote}/{branch}")
            for line in repo.git.log(
                "--format=%H%x00%ae%x00%an", f"{base_sha}..{branch_sha}"
            ).splitlines():
                sha, email, name = line.split("\0")
                if email != bot.email:
                    foreign.append(f"{sha[:10]} by {name} <{email}>")
    except git.GitCommandError as exc:
        raise BranchError(f"git failed: {_git_message(exc)}") from exc
    return RemoteBranch(base_sha, branch_sha, tuple(foreign))


@contextlib.contextmanager
def worktree(repo: git.Repo, commit: str) -> Iterator[Path]:
    """A temporary detached worktree at ``commit``, removed afterwards."""
    parent = Path(tempfile.mkdtemp(prefix="migrate-pr-"))
    path = parent / "worktree"
    repo.git.worktree("add", "--detach", str(path), commit)
    try:
        yield path
    finally:
        with contextlib.suppress(git.GitCommandError):
            repo.git.worktree("remove", "--force", str(path))
        shutil.rmtree(parent, ignore_errors=True)


def commit_files(
    tree: Path, files: list[str], message: str, bot: Identity
) -> tuple[str, str] | None:
    """Commit ``files`` (paths relative to the worktree) as the bot; (commit, tree) shas, or
    None when they change nothing."""
    repo = git.Repo(tree)
    repo.git.add("--", *files)
    if not repo.git.diff("--cached", "--name-only"):
        return None
    commit = repo.index.commit(message, author=bot.actor(), committer=bot.actor(), skip_hooks=True)
    return commit.hexsha, commit.tree.hexsha


def tree_of(repo: git.Repo, commit: str) -> str:
    return repo.commit(commit).tree.hexsha


def push(repo: git.Repo, remote: str, commit: str, branch: str, expected: str | None) -> None:
    """Push ``commit`` to the branch, only if the branch is still at ``expected`` (None: absent)."""
    lease = f"--force-with-lease=refs/heads/{branch}:{expected or ''}"
    try:
        repo.git.push(remote, lease, f"{commit}:refs/heads/{branch}")
    except git.GitCommandError as exc:
        raise BranchError(f"git push to {remote} failed: {_git_message(exc)}") from exc


def _git_message(exc: git.GitCommandError) -> str:
    lines = [line.strip() for line in (exc.stderr or "").splitlines() if line.strip()]
    return lines[-1].removeprefix("stderr: ").strip("'") if lines else str(exc)
