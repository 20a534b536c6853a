"""Integration tests run the real tools; they skip (with the reason) only where a tool is
missing, which on CI means the set-up script failed — and CI runs `tools/setup-debian.sh` first."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
MIRROR = "file:///usr/share/maven-repo"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if "tests/integration" in str(item.fspath):
            item.add_marker(pytest.mark.integration)


@pytest.fixture
def gradle() -> str:
    path = shutil.which("gradle")
    if path is None:
        pytest.fail("gradle is not installed: run tools/setup-debian.sh")
    return path
