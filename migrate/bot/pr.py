"""The pull-request bot: one branch and one pull request per wave (``migrate/wave-N``), holding
exactly the files ``migrate`` generates for that wave, with the wave's Markdown report as a
single comment that later runs edit in place.

Running it twice changes nothing the second time: the same generated tree is not pushed again,
the pull request and its comment are found and updated, never duplicated.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field, replace
from pathlib import Path

from migrate.bazel.files import apply_changes
from migrate.bot.branch import (
    TRAILER,
    BranchError,
    Identity,
    commit_files,
    dirty_files,
    inspect_remote,
    open_repo,
    push,
    tree_of,
    worktree,
)
from migrate.bot.github import GitHubClient, PullRequest
from migrate.bot.settings import PrSettings
from migrate.errors import InputError
from migrate.gradle.reader import read_build
from migrate.graph import ProjectGraph
from migrate.pipeline import run_generation
from migrate.plan_file import wave_projects
from migrate.records import RECORDS_DIR, generation_scope
from migrate.state import MigrationState
from migrate.targets.generate import GenerateOptions
from migrate.templates import render


class PrError(InputError):
    """The bot refuses (dirty tree, foreign commits, no token) or cannot go on."""


@dataclass(frozen=True)
class PrRequest:
    wave: int
    settings: PrSettings
    generate: GenerateOptions
    dry_run: bool = False
    force: bool = False


@dataclass(frozen=True)
class PrOutcome:
    branch: str
    files: tuple[str, ...]  # committed, relative to the repository
    commit: str | None
    pushed: bool
    pull: PullRequest | None = None
    actions: tuple[str, ...] = field(default_factory=tuple)  # what was (or would be) done


def run_pr(root: Path, request: PrRequest, comment: str) -> PrOutcome:
    settings = request.settings
    repo = open_repo(root)
    top = Path(repo.working_tree_dir).resolve()
    build_dir = root.resolve().relative_to(top)
    own = f"{(build_dir / RECORDS_DIR).as_posix()}/"  # migrate's own records
    dirty = [f for f in dirty_files(repo) if not f.startswith(own)]
    if dirty and not request.force:
        shown = ", ".join(dirty[:8]) + (f" and {len(dirty) - 8} more" if len(dirty) > 8 else "")
        raise PrError(
            f"the working tree has uncommitted changes ({shown}); commit or stash them first "
            "(the bot generates from what is committed), or pass --force"
        )
    token = os.environ.get(settings.token_env, "")
    if not token and not request.dry_run:
        raise PrError(f"set ${settings.token_env} to a token that can open pull requests")
    repo_name = settings.repo or _repo_from_url(repo, settings.remote)
    projects = wave_projects(root, request.wave)
    branch = f"migrate/wave-{request.wave}"
    bot = Identity.parse(settings.author)
    remote = inspect_remote(repo, settings.remote, settings.base, branch, bot)
    actions: list[str] = []
    if remote.foreign:
        if not request.force:
            raise PrError(
                f"{settings.remote}/{branch} has commits the bot did not make "
                f"({', '.join(remote.foreign[:5])}); refusing to replace them "
                "(merge or move them, or pass --force)"
            )
        actions.append(f"replacing {len(remote.foreign)} commit(s) the bot did not make (--force)")
    with worktree(repo, remote.base_sha) as tree:
        files, changes, build_root, model = _generate(tree / build_dir, projects, request)
        repo_files = tuple(str((build_dir / f).as_posix()).removeprefix("./") for f in files)
        if not files:
            actions.append(
                f"nothing to commit: {settings.base} already has wave {request.wave}'s "
                "generated files"
            )
            return PrOutcome(branch, (), None, False, None, tuple(actions))
        if request.dry_run:
            actions += [
                f"would commit {len(files)} generated file(s) to {branch}: "
                + ", ".join(repo_files),
                f"would push {branch} to {settings.remote}"
                + (" (replacing the bot's earlier commit)" if remote.branch_sha else ""),
                f"would open or update the pull request {branch} -> {settings.base} on "
                f"{repo_name} and post or edit its report comment",
            ]
            return PrOutcome(branch, repo_files, None, False, None, tuple(actions))
        apply_changes(build_root, changes)
        message = _commit_message(request.wave, projects, len(files))
        committed = commit_files(tree, list(repo_files), message, bot)
        if committed is None:
            return PrOutcome(branch, (), None, False, None, ("nothing to commit",))
        commit, new_tree = committed
        if remote.branch_sha and tree_of(repo, remote.branch_sha) == new_tree:
            commit, pushed = remote.branch_sha, False
            actions.append(f"{branch} already holds these files: nothing pushed")
        else:
            push(repo, settings.remote, commit, branch, remote.branch_sha)
            pushed = True
            actions.append(f"pushed {commit[:10]} to {settings.remote}/{branch}")
    client = GitHubClient(settings.api_url, repo_name, token)
    title = f"migrate: wave {request.wave} to Bazel ({len(projects)} projects)"
    body = _pull_body(request.wave, projects, repo_files, model.root_project_name)
    pull = client.find_open_pull(branch)
    if pull is None:
        pull = client.create_pull(title, branch, settings.base, body)
        actions.append(f"opened pull request #{pull.number} {pull.url}")
    elif (pull.title, pull.body) != (title, body):
        pull = client.update_pull(pull.number, title, body)
        actions.append(f"updated pull request #{pull.number} {pull.url}")
    else:
        actions.append(f"pull request #{pull.number} is up to date {pull.url}")
    marker = comment_marker(request.wave)
    ours = [c for c in client.comments(pull.number) if marker in c.body]
    if not ours:
        posted = client.create_comment(pull.number, comment)
        actions.append(f"posted the report comment {posted.url}")
    elif ours[0].body != comment:
        posted = client.update_comment(ours[0].id, comment)
        actions.append(f"edited the report comment {posted.url}")
    else:
        actions.append("the report comment is up to date")
    return PrOutcome(branch, repo_files, commit, pushed, pull, tuple(actions))


def comment_marker(wave: int) -> str:
    return f"migrate-bot:wave-{wave}"


def _generate(build_root: Path, projects: tuple[str, ...], request: PrRequest):
    """Generate the wave (and what it needs) in the worktree: (changed paths, changes, root,
    model)."""
    try:
        model = read_build(build_root)
    except Exception as exc:  # the committed build differs from the checkout: say so
        raise PrError(f"cannot read the committed build at {request.settings.base}: {exc}") from exc
    graph = ProjectGraph.from_model(model).graph
    missing = [p for p in projects if p not in graph]
    if missing:
        raise PrError(
            f"{request.settings.base} does not have {', '.join(missing)} (wave {request.wave}); "
            "push the build change first"
        )
    scope = generation_scope(graph, MigrationState(), projects)
    result = run_generation(build_root, model, replace(request.generate, modules=scope))
    changed = [c.path for c in result.changes if c.changed]
    return changed, result.changes, build_root, model


def _commit_message(wave: int, projects: tuple[str, ...], files: int) -> str:
    listed = ", ".join(projects[:20]) + (
        f" and {len(projects) - 20} more" if len(projects) > 20 else ""
    )
    return (
        f"migrate: Bazel BUILD files for wave {wave} ({len(projects)} projects)\n\n"
        f"Generated by `migrate pr --wave {wave}`: {files} file(s) for {listed}.\n\n"
        f"{TRAILER}: wave-{wave}\n"
    )


def _pull_body(
    wave: int, projects: tuple[str, ...], files: tuple[str, ...], name: str | None
) -> str:
    return render(
        "reports/pull_request.md.j2",
        wave=wave,
        projects=projects,
        files=files,
        build=name or "the build",
    )


def _repo_from_url(repo, remote: str) -> str:
    try:
        url = repo.remotes[remote].url
    except (IndexError, KeyError) as exc:
        raise PrError(f"no git remote named {remote!r}") from exc
    match = re.search(r"[:/]([\w.-]+)/([\w.-]+?)(?:\.git)?/?$", url)
    if not match or url.startswith(("file:", "/")):
        raise PrError(
            f"cannot tell the repository (owner/name) from {remote}'s URL; set pr.repo in "
            "migration.yaml or pass --repo"
        )
    return f"{match.group(1)}/{match.group(2)}"


__all__ = ["BranchError", "PrError", "PrOutcome", "PrRequest", "PrSettings", "run_pr"]
