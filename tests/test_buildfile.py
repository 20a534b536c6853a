"""BUILD files: the canonical printer, the merger that keeps hand edits, atomic writes.

Golden cases live in ``tests/fixtures/merge/<case>/`` (see its README); every expected file is
also checked by the real ``buildifier``, the judge of formatting and lint.
"""

from __future__ import annotations

import json
import os
import shutil
import stat
import subprocess
from pathlib import Path

import pytest

from migrate.bazel.buildfile import (
    BuildFileError,
    is_keep_comment,
    label_sort_key,
    load_sort_key,
    marker_lines,
    merge,
    quote,
    render,
    shorten_label,
    write_atomically,
)
from migrate.bazel.rule import BuildFile, Glob, Rule, Value

MERGE_CASES = Path(__file__).parent / "fixtures" / "merge"
CASES = sorted(p.name for p in MERGE_CASES.iterdir() if p.is_dir())
UPDATE = os.environ.get("MIGRATE_UPDATE_GOLDEN") == "1"
JAVA = "@rules_java//java:defs.bzl"
KOTLIN = "@rules_kotlin//kotlin:jvm.bzl"
BUILDIFIER = shutil.which("buildifier")
needs_buildifier = pytest.mark.skipif(
    BUILDIFIER is None, reason="buildifier is not on PATH (tools/setup-debian.sh installs it)"
)


# ---- helpers --------------------------------------------------------------------------------


def _value(raw: object) -> Value:
    """A JSON attribute value as a rule.Value: lists → tuples, {"glob": ...} → Glob."""
    if isinstance(raw, list):
        return tuple(raw)
    if isinstance(raw, dict):
        return Glob(tuple(raw["glob"]), tuple(raw.get("exclude", ())), raw.get("allow_empty"))
    assert isinstance(raw, (str, bool, int))
    return raw


def load_generated(path: Path) -> BuildFile:
    """A BuildFile from a golden case's ``generated.json``."""
    data = json.loads(path.read_text())
    rules = tuple(
        Rule(
            kind=r["kind"],
            name=r["name"],
            attrs=tuple((k, _value(v)) for k, v in r.get("attrs", {}).items()),
            load=r.get("load"),
            comment=r.get("comment"),
        )
        for r in data["rules"]
    )
    return BuildFile(data.get("package", ""), rules, tuple(data.get("header", ())))


def buildifier_problems(text: str, tmp_path: Path) -> str:
    """Everything buildifier would change or warn about; empty when the text is clean."""
    assert BUILDIFIER is not None
    build = tmp_path / "BUILD.bazel"
    build.write_text(text)
    check = subprocess.run(
        [BUILDIFIER, "--mode=check", "--lint=warn", str(build)],
        capture_output=True,
        text=True,
        timeout=60,
    )
    formatted = subprocess.run(
        [BUILDIFIER, "--type=build"], input=text, capture_output=True, text=True, timeout=60
    )
    problems = check.stdout + check.stderr
    if check.returncode != 0 and not problems:
        problems = f"buildifier exited with {check.returncode}"
    if formatted.stdout != text:
        problems += "\nbuildifier would reformat it to:\n" + formatted.stdout
    return problems.strip()


def _case(name: str) -> tuple[str | None, BuildFile, Path]:
    case = MERGE_CASES / name
    existing = case / "BUILD.in"
    text = existing.read_text() if existing.exists() else None
    return text, load_generated(case / "generated.json"), case / "BUILD.out"


def _rule(kind: str, name: str, load: str | None = JAVA, **attrs: Value) -> Rule:
    return Rule(kind, name, tuple(attrs.items()), load)


def _core(**attrs: Value) -> BuildFile:
    attrs = {"srcs": Glob(("src/main/java/**/*.java",)), **attrs}
    return BuildFile("libs/core", (_rule("java_library", "core", **attrs),), ("Generated.",))


# ---- golden merge cases ---------------------------------------------------------------------


@pytest.mark.parametrize("name", CASES)
def test_merge_golden(name: str) -> None:
    existing, generated, expected_path = _case(name)
    merged = merge(existing, generated, f"{name}/BUILD.bazel")
    if UPDATE:
        expected_path.write_text(merged)
    assert merged == expected_path.read_text()
    assert merge(merged, generated, f"{name}/BUILD.bazel") == merged, "second merge changed it"


@needs_buildifier
@pytest.mark.parametrize("name", CASES)
def test_golden_output_is_buildifier_clean(name: str, tmp_path: Path) -> None:
    assert buildifier_problems((MERGE_CASES / name / "BUILD.out").read_text(), tmp_path) == ""


def test_every_feature_has_a_golden_case() -> None:
    features = {
        "keep-attribute",
        "keep-list-element",
        "keep-target",
        "hand-written-target-survives",
        "user-attribute-survives",
        "comments-survive",
        "ignore-directive",
        "stale-managed-target-removed",
        "load-updated",
        "fresh-file",
        "idempotent",
    }
    assert features <= set(CASES)


def test_fresh_file_is_the_rendered_file() -> None:
    existing, generated, expected = _case("fresh-file")
    assert existing is None
    assert render(generated) == expected.read_text()


def test_idempotent_case_is_already_canonical() -> None:
    existing, generated, expected = _case("idempotent")
    assert existing == render(generated) == expected.read_text()


# ---- printer --------------------------------------------------------------------------------


def test_render_prints_buildifier_layout() -> None:
    build = BuildFile(
        "libs/core",
        (
            _rule(
                "java_library",
                "core",
                deps=("@maven//:com_google_guava_guava", "//libs/util"),
                visibility=("//visibility:public",),
                srcs=Glob(("src/main/java/**/*.java",)),
            ),
        ),
        ("Generated by migrate.",),
    )
    assert render(build) == (
        "# Generated by migrate.\n"
        "# migrate: managed targets: core\n"
        "\n"
        'load("@rules_java//java:defs.bzl", "java_library")\n'
        "\n"
        "java_library(\n"
        '    name = "core",\n'
        '    srcs = glob(["src/main/java/**/*.java"]),\n'
        '    visibility = ["//visibility:public"],\n'
        "    deps = [\n"
        '        "//libs/util",\n'
        '        "@maven//:com_google_guava_guava",\n'
        "    ],\n"
        ")\n"
    )


def test_render_values() -> None:
    rule = _rule(
        "java_test",
        "t",
        flaky=True,
        shard_count=3,
        testonly=False,
        tags=("b", "a", "b"),  # sortable: sorted and deduplicated
        jvm_flags=("-Xmx1g", "-Da=b"),  # order matters: kept
        resources=Glob(("r/**",), ("r/tmp/**",), allow_empty=True),
        env={"B": "2", "A": "1"},  # type: ignore[arg-type]
    )
    text = render(BuildFile("", (rule,)))
    assert "    flaky = True,\n" in text and "    shard_count = 3,\n" in text
    assert "    testonly = False,\n" in text.split("name")[1]  # priority: right after name
    assert '    tags = [\n        "a",\n        "b",\n    ],\n' in text
    assert '    jvm_flags = [\n        "-Xmx1g",\n        "-Da=b",\n    ],\n' in text
    assert (
        "    resources = glob(\n"
        '        ["r/**"],\n'
        "        allow_empty = True,\n"
        '        exclude = ["r/tmp/**"],\n'
        "    ),\n"
    ) in text
    assert '    env = {\n        "A": "1",\n        "B": "2",\n    },\n' in text


def test_render_orders_loads_and_symbols() -> None:
    rules = (
        _rule("kt_jvm_library", "k", KOTLIN),
        _rule("java_test", "t"),
        _rule("my_macro", "m", "//tools:defs.bzl"),
        _rule("java_library", "l"),
        _rule("local_rule", "r", ":local.bzl"),
        _rule("filegroup", "f", None),
    )
    loads = [line for line in render(BuildFile("", rules)).splitlines() if line.startswith("load")]
    assert loads == [
        'load("@rules_java//java:defs.bzl", "java_library", "java_test")',
        'load("@rules_kotlin//kotlin:jvm.bzl", "kt_jvm_library")',
        'load("//tools:defs.bzl", "my_macro")',
        'load(":local.bzl", "local_rule")',
    ]


def test_render_keeps_rule_order_and_comment() -> None:
    rules = (_rule("java_test", "b"), Rule("java_library", "a", (), JAVA, "Main code\nsecond"))
    text = render(BuildFile("", rules))
    assert text.index('name = "b"') < text.index('name = "a"')
    assert "\n\n# Main code\n# second\njava_library(\n" in text


def test_render_empty_build_file() -> None:
    assert render(BuildFile("", ())) == ""
    assert render(BuildFile("", (), ("Only a header.", ""))) == "# Only a header.\n#\n"


def test_render_rejects_duplicate_names() -> None:
    with pytest.raises(ValueError, match="'a'"):
        render(BuildFile("", (_rule("java_library", "a"), _rule("java_test", "a"))))


@pytest.mark.parametrize(
    ("text", "literal"),
    [
        ("plain", '"plain"'),
        ('say "hi"', '"say \\"hi\\""'),
        ("back\\slash", '"back\\\\slash"'),
        ("a\nb\tc\rd", '"a\\nb\\tc\\rd"'),
        ("\x01\x7f", '"\\001\\177"'),
        ("héllo ✓", '"héllo ✓"'),
        ("it's", '"it\'s"'),
    ],
)
def test_quote(text: str, literal: str) -> None:
    assert quote(text) == literal
    assert eval(literal) == text  # Starlark string syntax is Python's here


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
    ],
)
def test_shorten_label(label: str, short: str) -> None:
    assert shorten_label(label) == short


def test_label_sort_key_is_buildifiers() -> None:
    labels = ["@maven//:b", "//libs/util:x", "//libs/util", ":a", "Main.java", "//libs/util.x"]
    assert sorted(labels, key=label_sort_key) == [
        "Main.java",
        ":a",
        "//libs/util",
        "//libs/util.x",  # same parts as //libs/util:x, then by value
        "//libs/util:x",
        "@maven//:b",
    ]


def test_load_sort_key_is_buildifiers() -> None:
    labels = [":local.bzl", "//b:x.bzl", "@z//a:x.bzl", "//a:x.bzl", "@rules_java//java:defs.bzl"]
    assert sorted(labels, key=load_sort_key) == [
        "@rules_java//java:defs.bzl",
        "@z//a:x.bzl",
        "//a:x.bzl",
        "//b:x.bzl",
        ":local.bzl",
    ]


def test_marker_lines_wrap_and_sort() -> None:
    names = [f"target_number_{i:02d}" for i in range(12)]
    lines = marker_lines(reversed(names))
    assert len(lines) > 1 and all(len(line) <= 100 for line in lines)
    assert all(line.startswith("# migrate: managed targets: ") for line in lines)
    prefix = "# migrate: managed targets: "
    listed = [n for line in lines for n in line.removeprefix(prefix).split(", ")]
    assert listed == names
    assert marker_lines([]) == []


@pytest.mark.parametrize(
    ("comment", "keep"),
    [
        ("# keep", True),
        ("#keep", True),
        ("# keep: loaded reflectively", True),
        ("# keep sorted", False),
        ("# keeper", False),
        ("# do not keep", False),
    ],
)
def test_keep_comment(comment: str, keep: bool) -> None:
    assert is_keep_comment(comment) is keep


@needs_buildifier
def test_rendered_file_is_buildifier_clean(tmp_path: Path) -> None:
    rules = (
        Rule(
            "java_library",
            "core",
            (
                ("srcs", Glob(("src/main/java/**/*.java",), ("**/gen/**",))),
                ("deps", ("@maven//:b", ":x", "//libs/util:util", "//libs/util:api", "@r//:r")),
                ("exports", ("//libs/model",)),
                ("runtime_deps", ("//z", "//a")),
                ("resources", Glob(("res/**",), allow_empty=True)),
                ("resource_strip_prefix", "libs/core/res"),
                ("javacopts", ("-Xlint:all", "-Werror")),
                ("tags", ("no-remote", "manual")),
                ("visibility", ("//visibility:public",)),
                ("neverlink", True),
                ("testonly", True),
            ),
            JAVA,
            "The core library",
        ),
        _rule("java_test", "CoreTest", size="small", srcs=("T.java",), shard_count=2),
        _rule("java_binary", "app", main_class="a.Main", jvm_flags=('-Dx="y z"', "-Xss4m")),
        _rule("kt_jvm_test", "KtTest", KOTLIN, srcs=Glob(("a/**/*.kt", "b/**/*.kt"))),
        _rule("filegroup", "files", None, srcs=("b.txt", "a.txt"), data=(":x",)),
        _rule("genrule", "gen", None, srcs=("z", "a"), outs=("o2", "o1"), cmd="cp $< $@"),
    )
    text = render(BuildFile("libs/core", rules, ("Generated by migrate.", "", "Edit freely.")))
    assert buildifier_problems(text, tmp_path) == ""


# ---- merger ---------------------------------------------------------------------------------


def test_merge_none_and_empty_file_render() -> None:
    generated = _core(deps=("//libs/util",))
    assert merge(None, generated, "BUILD") == render(generated)
    assert merge("\n", generated, "BUILD") == render(generated)


def test_merge_twice_from_scratch_changes_nothing() -> None:
    generated = _core(deps=("//libs/util",), visibility=("//visibility:public",))
    once = merge(None, generated, "BUILD")
    assert merge(once, generated, "BUILD") == once


def test_merge_updates_managed_attribute_in_place() -> None:
    before = render(_core(deps=("//libs/util",)))
    after = merge(before, _core(deps=("//libs/model", "//libs/util")), "BUILD")
    assert after == render(_core(deps=("//libs/model", "//libs/util")))


def test_malformed_file_raises_with_path_and_line() -> None:
    text = 'java_library(\n    name = "core",\n    srcs = [\n)\n'
    with pytest.raises(BuildFileError, match=r"^libs/core/BUILD\.bazel:\d+: "):
        merge(text, _core(), "libs/core/BUILD.bazel")


def test_syntax_error_line_is_reported() -> None:
    text = 'java_library(\n    name = "core",\n)\n\nif x\n'
    with pytest.raises(BuildFileError, match=r"^BUILD:5: "):
        merge(text, _core(), "BUILD")


def test_duplicate_managed_target_is_an_error() -> None:
    text = render(_core()) + '\n# again\njava_library(\n    name = "core",\n)\n'
    line = text.splitlines().index("java_library(", text.splitlines().index("# again")) + 1
    with pytest.raises(BuildFileError, match=rf"^BUILD:{line}: target 'core' is defined twice"):
        merge(text, _core(), "BUILD")


@pytest.mark.parametrize("name", CASES)
@pytest.mark.parametrize("other", CASES)
def test_any_file_with_any_generation_is_idempotent(name: str, other: str) -> None:
    existing, _, _ = _case(name)
    _, generated, _ = _case(other)
    once = merge(existing, generated, "BUILD")
    assert merge(once, generated, "BUILD") == once


@needs_buildifier
def test_merging_into_clean_files_keeps_them_buildifier_clean(tmp_path: Path) -> None:
    """Every golden input merged with every case's generated rules, checked in one run."""
    assert BUILDIFIER is not None
    files = []
    for name in CASES:
        existing, _, _ = _case(name)
        for other in CASES:
            build = tmp_path / f"{name}--{other}" / "BUILD.bazel"
            build.parent.mkdir()
            build.write_text(merge(existing, _case(other)[1], "BUILD"))
            files.append(str(build))
    check = subprocess.run(
        [BUILDIFIER, "--mode=check", "--lint=warn", *files],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert (check.stdout + check.stderr).replace(str(tmp_path), "") == ""
    assert check.returncode == 0


def test_file_without_changes_is_returned_verbatim() -> None:
    hand = '# Hand-written.\n\n\nfilegroup(\n    name = "files",\n    srcs = ["a"],\n)\n\n\n'
    assert merge(hand, BuildFile("", ()), "BUILD") == hand


def test_deleted_managed_target_comes_back_without_ignore() -> None:
    generated = BuildFile("", (_rule("java_library", "core"), _rule("java_test", "T")), ("G.",))
    without_t = render(generated).replace('\njava_test(\n    name = "T",\n)\n', "")
    assert merge(without_t, generated, "BUILD") == render(generated)


def test_names_defined_by_nested_calls_are_not_created_again() -> None:
    hand = (
        '[java_test(name = n, srcs = [n + ".java"]) for n in ["A"]]\n'
        '\nmacro(srcs = [java_test(name = "B")])\n'
    )
    generated = BuildFile("", (_rule("java_test", "B"), _rule("java_test", "C")), ())
    merged = merge(hand, generated, "BUILD")
    assert merged.count('name = "B"') == 1 and 'name = "C"' in merged


def test_compact_managed_target_is_laid_out_when_it_changes() -> None:
    head = (
        '# migrate: managed targets: core\n\nload("@rules_java//java:defs.bzl", "java_library")\n\n'
    )
    compact = head + 'java_library(name = "core", srcs = ["a"], tags = ["x"])\n'
    assert merge(compact, _core(), "BUILD") == head + (
        "java_library(\n"
        '    name = "core",\n'
        '    srcs = glob(["src/main/java/**/*.java"]),\n'
        '    tags = ["x"],\n'
        ")\n"
    )
    same = head + 'java_library(name = "core", srcs = glob(["src/main/java/**/*.java"]))\n'
    assert merge(same, _core(), "BUILD") == same


def test_removing_the_last_attribute_keeps_a_trailing_comma() -> None:
    before = (
        '# migrate: managed targets: core\n\nload("@rules_java//java:defs.bzl", "java_library")\n\n'
        'java_library(\n    name = "core",\n    deps = ["//b"]  # old\n)\n'
    )
    generated = BuildFile("", (_rule("java_library", "core"),), ())
    assert merge(before, generated, "BUILD").endswith('java_library(\n    name = "core",\n)\n')


def test_ignore_directive_unmanages_an_existing_target() -> None:
    before = render(_core(deps=("//libs/old",)))
    before = before.replace("\n\nload", "\n# migrate:ignore core\n\nload")
    after = merge(before, _core(deps=("//libs/new",)), "BUILD")
    assert '"//libs/old"' in after and '"//libs/new"' not in after  # left as the user has it
    assert "managed targets" not in after  # no longer migrate's
    assert "# migrate:ignore core" in after
    assert merge(after, _core(deps=("//libs/new",)), "BUILD") == after


def test_keep_after_opening_parenthesis_keeps_target() -> None:
    before = render(_core(deps=("//libs/old",))).replace(
        "java_library(\n", "java_library(  # keep\n"
    )
    assert merge(before, _core(deps=("//libs/new",)), "BUILD") == before
    assert merge(before, BuildFile("libs/core", (), ("Generated.",)), "BUILD").count("# keep") == 1


def test_owned_attributes_can_be_chosen() -> None:
    before = render(_core(deps=("//libs/util",), tags=("manual",)))
    default = merge(before, _core(deps=("//libs/util",)), "BUILD")
    assert 'tags = ["manual"]' in default  # tags are the user's unless told otherwise
    owned = merge(before, _core(deps=("//libs/util",)), "BUILD", owned_attrs=frozenset({"tags"}))
    assert "tags" not in owned


def test_unchanged_values_keep_their_spelling() -> None:
    before = render(_core(deps=("//libs/util",))).replace(
        'srcs = glob(["src/main/java/**/*.java"])',
        "srcs = glob(include = ['src/main/java/**/*.java'])",
    )
    assert merge(before, _core(deps=("//libs/util",)), "BUILD") == before


def test_hand_written_single_line_targets_and_odd_layout_survive() -> None:
    hand = (
        'load("//tools:defs.bzl", "my_macro")\n'
        'my_macro(name = "m", srcs = ["b", "a"])\n'
        "X = [1,\n  2]\n"
    )
    merged = merge(hand, _core(), "BUILD")
    assert merged.startswith(
        "# Generated.\n# migrate: managed targets: core\n\n"
        'load("//tools:defs.bzl", "my_macro")\n'
        'load("@rules_java//java:defs.bzl", "java_library")\n'
    ) or merged.startswith(
        "# Generated.\n# migrate: managed targets: core\n\n"
        'load("@rules_java//java:defs.bzl", "java_library")\n'
        'load("//tools:defs.bzl", "my_macro")\n'
    )
    assert 'my_macro(name = "m", srcs = ["b", "a"])\nX = [1,\n  2]\n' in merged
    assert merge(merged, _core(), "BUILD") == merged


def test_symbol_added_to_single_line_load_in_order() -> None:
    before = render(_core()) + '\njava_binary(\n    name = "tool",\n)\n'
    generated = BuildFile("libs/core", (*_core().rules, _rule("java_test", "T")), ("Generated.",))
    merged = merge(before, generated, "BUILD")
    assert 'load("@rules_java//java:defs.bzl", "java_library", "java_test")\n' in merged
    # java_binary was never loaded by migrate's targets: not migrate's to fix or remove


def test_multi_line_load_gets_symbols_one_per_line() -> None:
    before = render(_core()).replace(
        'load("@rules_java//java:defs.bzl", "java_library")',
        'load(\n    "@rules_java//java:defs.bzl",\n    "java_library",\n)',
    )
    generated = BuildFile("libs/core", (*_core().rules, _rule("java_test", "T")), ("Generated.",))
    merged = merge(before, generated, "BUILD")
    assert (
        'load(\n    "@rules_java//java:defs.bzl",\n    "java_library",\n    "java_test",\n)'
        in merged
    )


def test_comment_only_file_gets_targets_below_its_comments() -> None:
    merged = merge("# Nothing here yet.\n", _core(), "BUILD")
    assert merged.startswith(
        "# Nothing here yet.\n\n# Generated.\n# migrate: managed targets: core\n"
    )
    assert merge(merged, _core(), "BUILD") == merged


def test_crlf_file_stays_crlf() -> None:
    before = render(_core(deps=("//libs/old",))).replace("\n", "\r\n")
    merged = merge(before, _core(deps=("//libs/new", "//libs/old")), "BUILD")
    assert "\n" not in merged.replace("\r\n", "")


# ---- writing --------------------------------------------------------------------------------


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
