"""Unique, stable target names for test classes: Gradle runs ``a.FooTest`` and ``b.FooTest`` of
one project side by side, while a Bazel package can hold only one target named ``FooTest``.

A test target keeps the class's simple name while that is unique in its BUILD file. Where it is
not (another test class of that simple name, or another generated target such as the library or
its ``_test_lib`` helper), every clashing class is qualified by one more segment of its package,
from the innermost (``a_FooTest``, ``b_FooTest``; ``x.a.FooTest`` and ``y.a.FooTest`` become
``x_a_FooTest`` and ``y_a_FooTest``), until the names differ. The result depends on the set of
classes only, never on the order of files, so it is the same on every run.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from migrate.targets.findings import GenerationError

SEPARATOR = "_"


@dataclass(frozen=True, order=True)
class TestClass:
    """A test class and the file that declares it."""

    __test__ = False  # not a pytest test class

    qualified: str  # fully qualified class name
    path: str  # the source file, as the user should read it in an error

    @property
    def segments(self) -> tuple[str, ...]:
        return tuple(self.qualified.split("."))

    def name(self, depth: int) -> str:
        """The simple name qualified by the innermost ``depth`` package segments."""
        return SEPARATOR.join(self.segments[-1 - depth :])

    @property
    def max_depth(self) -> int:
        return len(self.segments) - 1


def unique_test_names(
    tests: Iterable[TestClass], reserved: Iterable[str], project: str, build_file: str
) -> dict[TestClass, str]:
    """Target name per test class, distinct from each other and from ``reserved`` (the other
    targets of the BUILD file). Raises GenerationError naming the project and both files when
    no package suffix separates two classes (the same class declared twice)."""
    classes = sorted(set(tests))
    taken = set(reserved)
    depth = dict.fromkeys(classes, 0)
    while True:
        clashes = _clashes(classes, depth, taken)
        if not clashes:
            return {t: t.name(depth[t]) for t in classes}
        deeper = [t for group in clashes for t in group if depth[t] < t.max_depth]
        if not deeper:
            raise _conflict(clashes[0], taken, project, build_file)
        for test in set(deeper):
            depth[test] += 1


def _clashes(
    classes: list[TestClass], depth: dict[TestClass, int], taken: set[str]
) -> list[list[TestClass]]:
    """Groups of classes whose current names collide, with each other or a reserved name."""
    by_name: dict[str, list[TestClass]] = defaultdict(list)
    for test in classes:
        by_name[test.name(depth[test])].append(test)
    return [group for name, group in sorted(by_name.items()) if len(group) > 1 or name in taken]


def _conflict(
    group: list[TestClass], taken: set[str], project: str, build_file: str
) -> GenerationError:
    first = group[0]
    name = first.name(first.max_depth)
    if len(group) > 1:
        second = group[1]
        return GenerationError(
            f"{project}: test classes {first.qualified} ({first.path}) and {second.qualified} "
            f"({second.path}) cannot get distinct target names (both would be {name!r})"
        )
    return GenerationError(
        f"{project}: test class {first.qualified} ({first.path}) would be named {name!r}, like "
        f"another target generated into {build_file}; rename the class or that target"
    )
