"""The kind table: per rule kind, the attributes migrate owns and the ones the kind accepts
(``rules/jvm-rules.yaml``), which the merge consults when a managed target changes kind."""

from __future__ import annotations

import pytest

from migrate.bazel.kinds import KindTable
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
    ],
)
def test_kind_table_says_what_is_wrong(table: dict, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        KindTable.from_table(table)
