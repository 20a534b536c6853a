"""One Label value: the spellings generation writes, buildifier prefers and Bazel prints all
parse to the same target."""

from __future__ import annotations

import pytest

from migrate.bazel.label import Label, LabelError, shorten_label, target_label
from migrate.errors import InputError


@pytest.mark.parametrize(
    ("text", "label"),
    [
        ("//libs/core", Label("", "libs/core", "core")),
        ("//libs/core:api", Label("", "libs/core", "api")),
        ("//:root", Label("", "", "root")),
        (":local", Label("", "", "local", relative=True)),
        ("@maven//:com_google_guava_guava", Label("maven", "", "com_google_guava_guava")),
        ("@guava", Label("guava", "", "guava")),
        ("@@//libs/core:core", Label("", "libs/core", "core")),
        ("@//libs/core", Label("", "libs/core", "core")),
        (
            "@@rules_jvm_external~~maven~maven//:x",
            Label("rules_jvm_external~~maven~maven", "", "x"),
        ),
    ],
)
def test_parse(text: str, label: Label) -> None:
    assert Label.parse(text) == label


@pytest.mark.parametrize("text", ["", ":", "libs/core", "//a:b:c", "@", "//", "///a:b", "//a/:b"])
def test_text_that_is_no_label_is_a_clear_error(text: str) -> None:
    with pytest.raises(LabelError, match="not a Bazel label") as raised:
        Label.parse(text)
    assert isinstance(raised.value, InputError)


@pytest.mark.parametrize(
    ("text", "full", "short"),
    [
        ("//libs/core", "//libs/core:core", "//libs/core"),
        ("//libs/core:api", "//libs/core:api", "//libs/core:api"),
        ("@guava//:guava", "@guava//:guava", "@guava"),
        ("@maven//:x", "@maven//:x", "@maven//:x"),
        (":local", ":local", ":local"),
    ],
)
def test_full_and_short_spellings(text: str, full: str, short: str) -> None:
    label = Label.parse(text)
    assert str(label) == full  # how the build event protocol and `bazel query` name it
    assert label.short() == short  # how buildifier writes it
    assert Label.parse(full) == Label.parse(short) or label.relative


def test_relative_spelling_inside_its_own_package() -> None:
    assert Label.parse("//a/b:x").rel("a/b") == ":x"
    assert Label.parse("//a/b").rel("a/b") == ":b"
    assert Label.parse("//a/b:x").rel("a") == "//a/b:x"
    assert Label.parse("@maven//:x").rel("") == "@maven//:x"


def test_bzlmod_canonical_repository_names_become_apparent_ones() -> None:
    for text in ("@@rules_jvm_external~~maven~maven//:x", "@@rules_jvm_external++maven+maven//:x"):
        assert Label.parse(text).apparent() == Label("maven", "", "x")


def test_target_label_is_the_spelling_deps_list() -> None:
    assert target_label("libs/util", "util") == "//libs/util"
    assert target_label("libs/util", "util_test_lib") == "//libs/util:util_test_lib"
    assert target_label("", "root") == "//:root"


@pytest.mark.parametrize(
    ("label", "short"),
    [
        ("//libs/util:util", "//libs/util"),
        ("//libs/util:api", "//libs/util:api"),
        ("@guava//:guava", "@guava"),
        ("@maven//:com_google_guava_guava", "@maven//:com_google_guava_guava"),
        ("//:root", "//:root"),
        (":local", ":local"),
        ("src/Main.java", "src/Main.java"),
        ("//libs/util", "//libs/util"),  # already short: as written
        ("@@maven//:maven", "@@maven//:maven"),  # not buildifier's to shorten
    ],
)
def test_shorten_label(label: str, short: str) -> None:
    assert shorten_label(label) == short
