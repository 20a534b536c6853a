"""CODEOWNERS: GitHub's pattern rules, last match wins, errors with file:line."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.owners import CodeownersError, load_codeowners, parse_codeowners

SAMPLE = """\
# default owner
*                       @org/platform
/libs/                  @org/libs
/libs/pricing/          @org/pricing @alice
services/**/build.gradle @org/services   # nested build scripts
*.kts                   @org/build
docs/*                  @org/docs
apps/                   @org/apps
"""


@pytest.mark.parametrize(
    ("path", "owners"),
    [
        ("build.gradle", ("@org/platform",)),
        ("libs/core/build.gradle", ("@org/libs",)),
        ("libs/pricing/build.gradle", ("@org/pricing", "@alice")),
        ("services/api/build.gradle", ("@org/services",)),
        ("services/a/b/build.gradle", ("@org/services",)),
        ("services/api/src/Main.java", ("@org/platform",)),
        ("modern/app/build.gradle.kts", ("@org/build",)),
        ("docs/guide.md", ("@org/docs",)),
        ("docs/deep/guide.md", ("@org/platform",)),  # * stays within one segment
        ("x/apps/y/build.gradle", ("@org/apps",)),  # unanchored: at any depth
        ("nested/libs/core/build.gradle", ("@org/platform",)),  # anchored: root only
    ],
)
def test_last_matching_line_wins(path: str, owners: tuple[str, ...]) -> None:
    assert parse_codeowners(SAMPLE).owners_of(path) == owners


def test_no_match_means_no_owner() -> None:
    assert parse_codeowners("/libs/ @a\n").owners_of("services/x/build.gradle") == ()


def test_unsupported_syntax_names_the_line() -> None:
    with pytest.raises(CodeownersError, match=r"CODEOWNERS:2: pattern '!x'"):
        parse_codeowners("* @a\n!x @b\n")


def test_found_where_github_looks(tmp_path: Path) -> None:
    assert load_codeowners(tmp_path).file is None
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "CODEOWNERS").write_text("/a/ @x\n")
    assert load_codeowners(tmp_path).owners_of("a/build.gradle") == ("@x",)
    with pytest.raises(CodeownersError, match="no such CODEOWNERS file"):
        load_codeowners(tmp_path, "OWNERS")
