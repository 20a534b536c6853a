"""The registry of source languages (rules/languages.yaml): one table the reader, the source
listing and scanner, target generation and the workspace writer all read, so a new language is
a table entry rather than an edit to each of them."""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

from migrate.resources import rule_table


@dataclass(frozen=True)
class Language:
    name: str  # "java", also the source-set directory kind (src/main/java)
    extensions: tuple[str, ...]  # ".java"
    scanned: bool  # the scanner reads its packages, imports and declared classes
    rule_set: str | None  # the Bazel module that builds it; None: reported, never generated
    display: str
    stand_in: str | None = None  # package of rules/bazel/<rule_set> receiving the shared files


@cache
def languages() -> tuple[Language, ...]:
    return tuple(
        Language(
            name,
            tuple(spec["extensions"]),
            bool(spec.get("scanned")),
            spec.get("rule_set"),
            spec.get("display", name),
            spec.get("stand_in"),
        )
        for name, spec in rule_table("languages.yaml")["languages"].items()
    )


@cache
def language_by_extension(*, scanned_only: bool = False) -> dict[str, str]:
    """``.kt`` → ``kotlin``, for every source file the listing (or only the scanner) reads."""
    return {
        ext: lang.name
        for lang in languages()
        if lang.scanned or not scanned_only
        for ext in lang.extensions
    }


@cache
def code_kinds() -> tuple[str, ...]:
    """The source-set directory kinds holding code: ``java``, ``kotlin``, ..."""
    return tuple(lang.name for lang in languages())


@cache
def source_kinds() -> tuple[str, ...]:
    """Every directory kind of a Gradle source set: the code kinds, then ``resources``."""
    return code_kinds() + tuple(rule_table("languages.yaml")["other_source_kinds"])


def unbuilt() -> dict[str, str]:
    """Languages no rule set builds → their display name (their files are reported)."""
    return {lang.name: lang.display for lang in languages() if lang.rule_set is None}


def stand_ins() -> tuple[Language, ...]:
    """Languages whose rule set has an offline stand-in, in load order."""
    return tuple(lang for lang in languages() if lang.stand_in)
