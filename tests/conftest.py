"""Shared pytest set-up: where fixtures live."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from example_tree import copy_example

FIXTURES = Path(__file__).parent / "fixtures"
REPO = Path(__file__).resolve().parent.parent


@pytest.fixture
def fixtures_dir() -> Path:
    return FIXTURES


@pytest.fixture
def example_copy(tmp_path: Path) -> Path:
    """A private copy of the example monorepo, so tests never write into the checkout."""
    return copy_example(tmp_path / "monorepo")


@pytest.fixture(autouse=True, scope="session")
def private_cache_dir(tmp_path_factory: pytest.TempPathFactory) -> None:
    """Tests never read or write the user's ~/.cache/migrate."""
    os.environ["MIGRATE_CACHE_DIR"] = str(tmp_path_factory.mktemp("migrate-cache"))
