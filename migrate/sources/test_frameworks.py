"""Which test framework a test class belongs to (rules/test-frameworks.yaml), and the test
classes a lexer cannot see on its own: those inheriting their tests from a base class.

The scanner hands over, per class, the annotations as written and the supertype as written;
this module resolves names through the file's imports, so ``@Test`` is JUnit 4's, JUnit 5's or
TestNG's according to what the file imports, as the compiler would decide."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace
from functools import cache
from typing import TYPE_CHECKING

from migrate.resources import rule_table

if TYPE_CHECKING:
    from migrate.sources.scanner import SourceFile

UNKNOWN = "unknown"  # a test annotation of no known framework: the build's test task decides


@dataclass(frozen=True)
class Framework:
    name: str
    display: str
    annotations: frozenset[str]
    class_annotations: frozenset[str]
    base_classes: tuple[str, ...]  # qualified names, or package prefixes ending in "."
    runner: str | None  # junit4 | junit-platform | scalatest; None: decided by a backend
    engine: str | None = None  # group:artifact of its JUnit Platform engine
    engine_version: str | None = None  # when the engine is not versioned like JUnit 5
    offline_engine: bool = True
    backends: tuple[tuple[str, str], ...] = ()  # (group:artifact on the classpath, framework)
    default_backend: str | None = None

    def is_base(self, qualified: str) -> bool:
        return any(
            qualified.startswith(b) if b.endswith(".") else qualified == b
            for b in self.base_classes
        )


@cache
def table() -> dict:
    return rule_table("test-frameworks.yaml")


@cache
def frameworks() -> tuple[Framework, ...]:
    return tuple(
        Framework(
            name,
            spec.get("display", name),
            frozenset(spec.get("annotations", ())),
            frozenset(spec.get("class_annotations", ())),
            tuple(spec.get("base_classes", ())),
            spec.get("runner"),
            spec.get("engine"),
            spec.get("engine_version"),
            spec.get("offline_engine", True),
            tuple(spec.get("backends", {}).items()),
            spec.get("default_backend"),
        )
        for name, spec in table()["frameworks"].items()
    )


def framework(name: str) -> Framework | None:
    return next((f for f in frameworks() if f.name == name), None)


def resolve(name: str, package: str, imports: Iterable[str]) -> set[str]:
    """The qualified names a name as written may stand for: itself when qualified, else what an
    explicit import names, else each wildcard import's (and the file's own package's) member."""
    if "." in name:
        head = name.split(".", 1)[0]
        explicit = [i for i in imports if i.rsplit(".", 1)[-1] == head and not i.endswith("*")]
        if explicit:  # Assertions.Test-style: an imported outer class
            return {f"{explicit[0]}.{name.split('.', 1)[1]}"}
        return {name}
    imports = tuple(imports)
    explicit = {i for i in imports if i.rsplit(".", 1)[-1] == name and not i.endswith("*")}
    if explicit:
        return explicit
    wildcards = {i[:-2] for i in imports if i.endswith(".*")}
    return {f"{w}.{name}" for w in wildcards} | ({f"{package}.{name}"} if package else {name})


def framework_of_class(
    method_annotations: Iterable[str],
    class_annotations: Iterable[str],
    package: str,
    imports: Iterable[str],
) -> str | None:
    """The framework of a class's tests, from its annotations; UNKNOWN for a test annotation
    no framework declares; None when it has none of the tests' annotations."""
    imports = tuple(imports)
    methods = {q for a in method_annotations for q in resolve(a, package, imports)}
    classes = {q for a in class_annotations for q in resolve(a, package, imports)}
    for each in frameworks():
        if methods & each.annotations or classes & each.class_annotations:
            return each.name
    return UNKNOWN if method_annotations else None


def framework_of_base(qualified: str) -> str | None:
    """The framework a class is a test of because it extends ``qualified`` (ScalaTest suites,
    Kotest specs, JUnit 3 TestCase)."""
    return next((f.name for f in frameworks() if f.is_base(qualified)), None)


def with_inherited_tests(
    files: list[SourceFile], context: Iterable[SourceFile] = ()
) -> list[SourceFile]:
    """``files`` (one source set's) with the classes that inherit their tests from a class of
    these files (or of ``context``: the test fixtures they see), or from a framework's base
    class, added to their file's tests.

    A class is a test when its supertype chain (within these files) reaches a class declaring
    tests, or a framework base class; it gets that class's framework. Abstract classes never
    run. Linear in the number of classes (each chain is followed once, memoised)."""
    declared: dict[str, str] = {}
    supertype: dict[str, str] = {}
    abstract: set[str] = set()
    for f in [*files, *context]:
        for cls in (*f.test_classes, *f.test_bases):
            declared[cls] = f.test_framework or UNKNOWN
        for cls, sup, is_abstract in f.supertypes:
            supertype[cls] = sup
            if is_abstract:
                abstract.add(cls)
    found: dict[str, str | None] = {}

    def chain(cls: str) -> str | None:
        seen = []
        result: str | None = None
        while cls not in found:
            if cls in declared:
                result = declared[cls]
                break
            base = framework_of_base(cls)
            if base is not None:
                result = base
                break
            if cls in seen or cls not in supertype:
                break
            seen.append(cls)
            cls = supertype[cls]
        else:
            result = found[cls]
        for each in seen:
            found[each] = result
        return result

    out = []
    for f in files:
        added = {}
        for cls, sup, is_abstract in f.supertypes:
            if is_abstract or cls in declared:
                continue
            inherited = chain(sup)
            if inherited is not None:
                added[cls] = inherited
        if not added:
            out.append(f)
            continue
        tests = tuple(sorted({*f.test_classes, *added}))
        kinds = {f.test_framework} if f.test_classes else set()
        kinds |= set(added.values())
        out.append(
            replace(
                f,
                is_test=True,
                test_classes=tests,
                test_framework=first_framework(kinds),
            )
        )
    return out


def resolve_supertype(name: str, package: str, imports: Iterable[str]) -> str:
    """A supertype as written, qualified: by an explicit import, else a framework base class a
    wildcard import brings, else the class of that name in the file's own package."""
    candidates = resolve(name, package, imports)
    if len(candidates) == 1:
        return next(iter(candidates))
    based = sorted(c for c in candidates if framework_of_base(c))
    if based:
        return based[0]
    return f"{package}.{name}" if package else name


def first_framework(kinds: Iterable[str]) -> str:
    """One file's framework when its classes differ: the first in the table's order."""
    order = [f.name for f in frameworks()]
    return min(kinds, key=lambda k: order.index(k) if k in order else len(order))
