"""buildifier's tables (``rules/buildifier-tables.yaml``) and sort orders, as the printer and
the merger consult them."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from migrate.bazel import format_tables


def test_attribute_order_is_buildifiers() -> None:
    keys = ["deps", "visibility", "runtime_deps", "srcs", "name", "exports", "size", "javacopts"]
    assert sorted(keys, key=lambda key: format_tables.attr_sort_key("java_test", key)) == [
        "name",
        "size",
        "srcs",
        "javacopts",  # unlisted attributes sort at 0, by name
        "visibility",
        "exports",
        "runtime_deps",
        "deps",
    ]


def test_denylists_exempt_one_kind_only() -> None:
    assert format_tables.is_sortable("filegroup", "srcs")
    assert not format_tables.is_sortable("genrule", "srcs")
    assert not format_tables.is_sortable("java_binary", "jvm_flags")  # order matters
    assert format_tables.is_label_attr("java_library", "includes")
    assert not format_tables.is_label_attr("package_group", "includes")
    assert not format_tables.is_label_attr("java_library", "tags")


@pytest.mark.parametrize(
    ("key", "given", "ordered"),
    [
        (
            format_tables.label_sort_key,
            ["@maven//:b", "//libs/util:x", "//libs/util", ":a", "Main.java", "//libs/util.x"],
            [
                "Main.java",
                ":a",
                "//libs/util",
                "//libs/util.x",  # same parts as //libs/util:x, then by value
                "//libs/util:x",
                "@maven//:b",
            ],
        ),
        (
            format_tables.load_sort_key,
            [":local.bzl", "//b:x.bzl", "@z//a:x.bzl", "//a:x.bzl", "@rules_java//java:defs.bzl"],
            ["@rules_java//java:defs.bzl", "@z//a:x.bzl", "//a:x.bzl", "//b:x.bzl", ":local.bzl"],
        ),
        (
            format_tables.dict_sort_key,
            ["_private", "//conditions:default", "b", "//a:x", "a"],
            ["//a:x", "a", "b", "//conditions:default", "_private"],
        ),
    ],
    ids=["label", "load", "dict"],
)
def test_sort_orders_are_buildifiers(
    key: Callable[[str], tuple], given: list[str], ordered: list[str]
) -> None:
    assert sorted(given, key=key) == ordered
