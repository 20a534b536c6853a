"""The kind table: per rule kind, the attributes migrate owns and the ones the kind accepts
(``rules/jvm-rules.yaml``), which the merge consults when a managed target changes kind."""

from __future__ import annotations

import pytest
from build_testing import make_rule

from migrate.bazel.kinds import KindTable
from migrate.bazel.merge import merge
from migrate.bazel.rule import BuildFile
from migrate.targets.findings import GenerationError
from migrate.targets.tables import RuleTables


def test_kind_table_describes_every_generated_kind() -> None:
    table = KindTable.default()
    tables = RuleTables.load()
    for language, spec in tables.jvm["languages"].items():
        for role in ("library", "test", "binary"):
            kind = spec[role]
            assert kind in table.kinds, f"{language} {role} {kind} is not in kinds"
            info = table.info(kind)
            assert info.owned <= (info.accepts or frozenset())
            for attr in ("name", "srcs", "deps", "tags", "visibility", "testonly"):
                assert info.has(attr), (kind, attr)
        selector = spec["test_selector"]
        assert selector in table.owned(spec["test"])  # test_class | suffixes
        for flag in ("module_name", "associates"):
            if spec.get(flag):
                assert all(flag in table.owned(spec[role]) for role in ("library", "test"))
    assert not table.info("java_library").has("module_name")
    assert not table.info("java_test").has("suffixes")
    assert table.info("java_test").has("size") and table.info("kt_jvm_test").has("shard_count")
    # kinds migrate has no entry for: owned as before per-kind tables, nothing judged
    legacy = {"associates", "data", "deps", "exported_plugins", "exports", "main_class"}
    legacy |= {"neverlink", "plugins", "resource_strip_prefix", "resources", "runtime_deps"}
    legacy |= {"srcs", "test_class", "testonly", "visibility"}
    assert legacy <= table.fallback.owned and table.fallback.accepts is None


def test_kind_table_overrides_come_from_migration_yaml() -> None:
    overrides = {"jvm": {"kinds": {"my_java_library": {"like": ["test"], "owned": ["srcs"]}}}}
    table = RuleTables.load(overrides).kinds()
    info = table.info("my_java_library")
    assert {"srcs", "deps", "visibility"} <= info.owned  # common_attributes.owned join in
    assert info.has("size") and info.has("tags") and not info.has("module_name")
    assert table.info("java_library") == KindTable.default().info("java_library")


@pytest.mark.parametrize(
    ("table", "message"),
    [
        ({"kinds": {"k": {"owns": ["srcs"]}}}, r"kinds\.k: unknown key\(s\) owns"),
        ({"kinds": {"k": {"owned": "srcs"}}}, r"kinds\.k\.owned: expected a list"),
        ({"kinds": {"k": {"like": ["nope"]}}}, r"kinds\.k\.like: no attribute group 'nope'"),
        ({"kinds": ["java_library"]}, r"kinds must map"),
        ({"common_attributes": {"owned": [1]}}, r"common_attributes\.owned: not attribute"),
        ({"kinds": {"k": {"load": "//tools:defs"}}}, r"kinds\.k\.load: expected the label of a"),
        ({"kinds": {"k": {"owned": ["size"], "set_once": ["size"]}}}, r"size cannot be both"),
    ],
)
def test_kind_table_says_what_is_wrong(table: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        KindTable.from_table(table)


def test_every_generated_kind_declares_its_load() -> None:
    tables = RuleTables.load()
    assert tables.load_of("java_test") == "@rules_java//java:defs.bzl"
    assert tables.load_of("kt_jvm_binary") == "@rules_kotlin//kotlin:jvm.bzl"
    assert tables.load_of("scala_junit_test") == "@rules_scala//scala:scala.bzl"
    # a repository's own macro: its load in the kinds table, or (as before) on its language
    own = RuleTables.load(
        {"jvm": {"kinds": {"my_test": {"load": "//tools:jvm.bzl", "like": ["test"]}}}}
    )
    assert own.load_of("my_test") == "//tools:jvm.bzl"
    by_language = RuleTables.load(
        {"jvm": {"languages": {"java": {"test": "my_test", "load": "//tools:defs.bzl"}}}}
    )
    assert by_language.load_of("my_test") == "//tools:defs.bzl"
    with pytest.raises(GenerationError, match=r"rules\.jvm\.kinds\.nobody_test\.load"):
        tables.load_of("nobody_test")


def test_set_once_attributes_are_written_on_creation_then_left_to_the_user() -> None:
    overrides = {"jvm": {"kinds": {"java_test": {"set_once": ["size"]}}}}
    kinds = RuleTables.load(overrides).kinds()
    generated = BuildFile(
        "libs/core",
        (make_rule("java_test", "CoreTest", size="small", test_class="a.CoreTest"),),
        ("Generated.",),
    )
    created = merge(None, generated, "BUILD", kinds=kinds)
    assert 'size = "small"' in created
    edited = created.replace('size = "small"', 'size = "large"')
    regenerated = generated.rules[0].with_attr("test_class", "a.Other")
    again = merge(
        edited, BuildFile("libs/core", (regenerated,), ("Generated.",)), "BUILD", kinds=kinds
    )
    assert 'size = "large"' in again and 'test_class = "a.Other"' in again  # owned: rewritten
    missing = edited.replace('    size = "large",\n', "")
    assert 'size = "small"' in merge(missing, generated, "BUILD", kinds=kinds)  # added back
    # without set_once (the shipped table) migrate's generated size wins, as before
    assert 'size = "small"' in merge(edited, generated, "BUILD", kinds=KindTable.default())
