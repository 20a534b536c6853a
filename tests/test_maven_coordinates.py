"""Maven coordinates: the one parser every module reads them with, pins, and the version order."""

from __future__ import annotations

import pytest

from migrate.maven.coordinates import Coordinate, version_key
from migrate.maven.labels import key_label_name, maven_install_artifact, maven_label


def test_parse_reads_gradle_notation() -> None:
    assert Coordinate.parse("g.x:a:1.0:linux@zip") == Coordinate("g.x", "a", "1.0", "linux", "zip")
    assert Coordinate.parse("g:a") == Coordinate("g", "a")
    assert Coordinate.parse("g:a::tests").key == "g:a:tests"
    for bad in ("g", ":a", "g:", "g:a:1:c:extra"):
        with pytest.raises(ValueError, match="not a Maven coordinate"):
            Coordinate.parse(bad)


def test_a_pin_has_every_part_and_nothing_else() -> None:
    assert Coordinate.parse_pin("g:a:1.0") == Coordinate("g", "a", "1.0")
    assert Coordinate.parse_pin("g:a:1.0:tests").classifier == "tests"
    for bad in ("g:a", "g:a::tests", "g:a:1.0:", "g:a:1.0@jar", "g::1.0"):
        with pytest.raises(ValueError):
            Coordinate.parse_pin(bad)


def test_a_key_names_the_artifact_whatever_the_version() -> None:
    coordinate = Coordinate.parse("io.netty:epoll:4.1:linux-x86_64")
    assert Coordinate.from_key(coordinate.key, "4.2") == Coordinate(
        "io.netty", "epoll", "4.2", "linux-x86_64"
    )
    assert Coordinate.from_key("g:a").pinned("2") == "g:a:2"
    assert key_label_name(coordinate.key) == "io_netty_epoll_linux_x86_64"
    assert maven_label("g.x:a-b:1@jar", "maven_2") == "@maven_2//:g_x_a_b"


def test_maven_install_lists_a_classifier_before_the_version() -> None:
    assert maven_install_artifact("a.b:c:1.0") == "a.b:c:1.0"
    assert maven_install_artifact("io.netty:epoll:4.1:linux") == "io.netty:epoll:jar:linux:4.1"
    with pytest.raises(ValueError):
        maven_install_artifact("a.b:c")


def test_versions_order_naturally() -> None:
    """Numbers by value, before words (what chooses between two pins of one artifact)."""
    ordered = ["1.0", "1.0.1", "1.2", "1.10", "1.10_2", "1.x", "2"]
    assert sorted(reversed(ordered), key=version_key) == ordered
    assert version_key(None) == version_key("")
