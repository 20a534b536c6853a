"""`migrate pr` against a real bare git repository (the push really happens) and a local server
speaking GitHub's REST shapes: branch and pull request created once, then updated in place;
the report comment edited, never duplicated; the token never shown; dirty trees and foreign
commits refused."""

from __future__ import annotations

import subprocess
from pathlib import Path

import git
import pytest
from click.testing import CliRunner
from fake_github import FakeGitHub
from git_testing import commit_everything, new_repo

from migrate.cli import main
from migrate.state import Generated, StateStore, Verified

TOKEN = "ghp_secretTOKEN0123456789"


@pytest.fixture
def github():
    fake = FakeGitHub(TOKEN)
    url = fake.start()
    fake.url = url
    yield fake
    fake.stop()


@pytest.fixture
def checkout(example_copy: Path, tmp_path: Path, monkeypatch) -> Path:
    """The example as a git repository on main, pushed to a bare 'origin', with a plan."""
    monkeypatch.setenv("GITHUB_TOKEN", TOKEN)
    repo = new_repo(example_copy, "Dev Eloper")
    assert CliRunner().invoke(main, ["plan", str(example_copy)]).exit_code == 0
    commit_everything(repo, "the build, and its rollout plan")
    bare = tmp_path / "origin.git"
    git.Repo.init(bare, bare=True, initial_branch="main")
    repo.create_remote("origin", str(bare))
    repo.git.push("origin", "main")
    return example_copy


def pr(checkout: Path, github: FakeGitHub, *args: str):
    return CliRunner().invoke(
        main,
        [
            "pr",
            str(checkout),
            "--wave",
            "1",
            "--repo",
            "acme/monorepo",
            "--api-url",
            github.url,
            *args,
        ],
    )


def remote_branch(checkout: Path) -> git.Commit | None:
    bare = git.Repo(checkout.parent / "origin.git")
    try:
        return bare.commit("refs/heads/migrate/wave-1")
    except (git.BadName, ValueError):
        return None


def test_opens_the_pull_request_then_updates_in_place(checkout: Path, github: FakeGitHub) -> None:
    first = pr(checkout, github)
    assert first.exit_code == 0, first.output
    commit = remote_branch(checkout)
    assert commit is not None, "the branch was pushed to the bare repository"
    assert commit.author.email == "migrate-bot@users.noreply.github.com"
    assert "Migrate-Bot: wave-1" in commit.message
    files = set(git.Repo(checkout).git.show("--name-only", "--format=", commit.hexsha).split())
    assert {"libs/core/BUILD.bazel", "libs/text/BUILD.bazel", "WORKSPACE", ".bazelrc"} <= files
    assert not any(f.startswith(("libs/util/", "services/")) for f in files)  # later waves
    assert len(github.pulls) == 1
    pull = github.pulls[0]
    assert (pull["head"]["ref"], pull["base"]["ref"]) == ("migrate/wave-1", "main")
    assert pull["title"] == "migrate: wave 1 to Bazel (2 projects)"
    assert "`:libs:core`, `:libs:text`" in pull["body"]
    (comment,) = github.comments[1]
    assert comment["body"].startswith("<!-- migrate-bot:wave-1 -->")
    assert "0 of 2 projects migrated to Bazel" in comment["body"]
    assert "opened pull request #1" in first.output and "posted the report comment" in first.output

    second = pr(checkout, github)
    assert second.exit_code == 0, second.output
    assert "already holds these files: nothing pushed" in second.output
    assert "pull request #1 is up to date" in second.output
    assert "the report comment is up to date" in second.output
    assert remote_branch(checkout).hexsha == commit.hexsha
    assert len(github.pulls) == 1 and len(github.comments[1]) == 1

    # progress on the wave changes the report: the one comment is edited
    store = StateStore(checkout)
    store.update(
        ":libs:core",
        generated=Generated("t", "sha256:x", ("libs/core/BUILD.bazel",)),
        verified=Verified("t", True, "7 classes same, 10 tests same", "sha256:x"),
    )
    third = pr(checkout, github)
    assert third.exit_code == 0, third.output
    assert "edited the report comment" in third.output
    assert len(github.comments[1]) == 1
    assert "7 classes same, 10 tests same" in github.comments[1][0]["body"]
    methods = [(m, p.split("?")[0]) for m, p, _, _ in github.requests]
    assert methods.count(("POST", "/repos/acme/monorepo/pulls")) == 1
    assert methods.count(("POST", "/repos/acme/monorepo/issues/1/comments")) == 1
    for output in (first.output, second.output, third.output):
        assert TOKEN not in output


def test_a_build_change_is_pushed_as_a_new_bot_commit(checkout: Path, github: FakeGitHub) -> None:
    assert pr(checkout, github).exit_code == 0
    before = remote_branch(checkout).hexsha
    build = checkout / "libs/core/build.gradle"
    build.write_text(
        build.read_text().replace(
            "dependencies {", "dependencies {\n    implementation 'commons-io:commons-io:2.11.0'", 1
        )
    )
    repo = git.Repo(checkout)
    repo.git.commit("-am", "core uses commons-io")
    repo.git.push("origin", "main")
    result = pr(checkout, github)
    assert result.exit_code == 0, result.output
    after = remote_branch(checkout)
    assert after.hexsha != before and after.parents[0].hexsha == repo.head.commit.hexsha
    assert (
        "@maven//:commons_io_commons_io"
        in (after.tree / "libs/core/BUILD.bazel").data_stream.read().decode()
    )
    assert len(github.pulls) == 1


def test_dry_run_pushes_and_posts_nothing(checkout: Path, github: FakeGitHub) -> None:
    result = pr(checkout, github, "--dry-run")
    assert result.exit_code == 0, result.output
    assert "would commit" in result.output and "libs/core/BUILD.bazel" in result.output
    assert remote_branch(checkout) is None
    assert github.requests == []
    assert not (checkout / "libs/core/BUILD.bazel").exists()  # the checkout is untouched


def test_refuses_a_dirty_tree(checkout: Path, github: FakeGitHub) -> None:
    (checkout / "settings.gradle").write_text("// work in progress\n", encoding="utf-8")
    result = pr(checkout, github)
    assert result.exit_code == 2
    assert "uncommitted changes (settings.gradle)" in result.output
    assert remote_branch(checkout) is None


def test_refuses_to_replace_commits_it_did_not_make(
    checkout: Path, github: FakeGitHub, tmp_path: Path
) -> None:
    assert pr(checkout, github).exit_code == 0
    other = git.Repo.clone_from(checkout.parent / "origin.git", tmp_path / "alice")
    other.git.checkout("migrate/wave-1")
    (tmp_path / "alice/libs/core/BUILD.bazel").write_text("# alice was here\n")
    other.git.commit("-am", "hand fix", author="Alice <alice@example.com>")
    other.git.push("origin", "migrate/wave-1")
    result = pr(checkout, github)
    assert result.exit_code == 2
    assert "has commits the bot did not make" in result.output
    assert "by Alice <alice@example.com>" in result.output
    assert remote_branch(checkout).author.email == "alice@example.com"
    forced = pr(checkout, github, "--force")
    assert forced.exit_code == 0, forced.output
    assert remote_branch(checkout).author.email == "migrate-bot@users.noreply.github.com"


def test_a_bad_token_is_a_clear_error_that_does_not_show_it(
    checkout: Path, github: FakeGitHub, monkeypatch
) -> None:
    monkeypatch.setenv("GITHUB_TOKEN", "ghp_wrongTOKENabcdef")
    result = pr(checkout, github)
    assert result.exit_code == 2
    assert "HTTP 401 Bad credentials (check the token and its permissions)" in result.output
    assert "ghp_wrongTOKENabcdef" not in result.output
    monkeypatch.delenv("GITHUB_TOKEN")
    result = pr(checkout, github)
    assert result.exit_code == 2 and "set $GITHUB_TOKEN" in result.output


def test_the_token_never_reaches_git_or_the_request_log(checkout: Path, github: FakeGitHub) -> None:
    assert pr(checkout, github).exit_code == 0
    for _method, path, headers, body in github.requests:
        assert TOKEN not in path + body + str(headers)
    log = subprocess.run(
        ["git", "log", "--all", "--format=%B"], cwd=checkout, capture_output=True, text=True
    ).stdout
    assert TOKEN not in log
