"""Atomic writes: a file is replaced whole or not at all, and an unchanged one is not touched."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from migrate.atomic import write_atomically


def test_write_atomically_creates_replaces_and_skips_unchanged(tmp_path: Path) -> None:
    build = tmp_path / "BUILD.bazel"
    assert write_atomically(build, "a\n") is True
    assert build.read_text() == "a\n"
    build.chmod(0o640)
    assert write_atomically(build, "a\n") is False
    assert write_atomically(str(build), "b\n") is True
    assert build.read_text() == "b\n"
    assert stat.S_IMODE(build.stat().st_mode) == 0o640
    assert sorted(p.name for p in tmp_path.iterdir()) == ["BUILD.bazel"]  # no temp file left


def test_write_atomically_follows_symlinks(tmp_path: Path) -> None:
    real = tmp_path / "real.BUILD"
    real.write_text("old\n")
    link = tmp_path / "BUILD"
    link.symlink_to(real)
    assert write_atomically(link, "new\n") is True
    assert link.is_symlink() and real.read_text() == "new\n"


def test_write_atomically_leaves_old_file_on_failure(tmp_path: Path, monkeypatch) -> None:
    build = tmp_path / "BUILD"
    build.write_text("old\n")

    def fail(*_args: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", fail)
    with pytest.raises(OSError, match="disk full"):
        write_atomically(build, "new\n")
    assert build.read_text() == "old\n"
    assert [p.name for p in tmp_path.iterdir()] == ["BUILD"]
