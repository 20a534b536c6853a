"""The rule tables (rules/*.yaml) with per-repository overrides from migration.yaml."""

from __future__ import annotations

import copy
from dataclasses import dataclass
from functools import cached_property
from typing import Any

from migrate.bazel.kinds import KindTable
from migrate.resources import rule_table
from migrate.targets.findings import GenerationError
from migrate.targets.not_generated import not_generated_table


def deep_merge(base: Any, override: Any) -> Any:
    """Dicts merge key by key; anything else in ``override`` replaces ``base``."""
    if isinstance(base, dict) and isinstance(override, dict):
        merged = dict(base)
        for key, value in override.items():
            merged[key] = deep_merge(base.get(key), value) if key in base else value
        return merged
    return copy.deepcopy(override)


@dataclass(frozen=True)
class RuleTables:
    jvm: dict[str, Any]
    configurations: dict[str, Any]

    @classmethod
    def load(cls, overrides: dict[str, Any] | None = None) -> RuleTables:
        overrides = overrides or {}
        jvm = deep_merge(rule_table("jvm-rules.yaml"), overrides.get("jvm", {}))
        configurations = deep_merge(
            rule_table("configurations.yaml"), overrides.get("configurations", {})
        )
        return cls(jvm, configurations)

    def kinds(self) -> KindTable:
        """What the BUILD-file merger knows per rule kind, overrides included."""
        return self._kinds

    @cached_property
    def _kinds(self) -> KindTable:
        return KindTable.from_table(self.jvm, "jvm-rules.yaml (with migration.yaml overrides)")

    def load_of(self, kind: str) -> str:
        """The .bzl a generated rule kind is loaded from (its ``kinds`` entry); a repository's
        own kind named under ``languages`` may give the language's ``load`` instead."""
        load = self._kinds.load(kind)
        if load is not None:
            return load
        for spec in self.jvm["languages"].values():
            kinds = (spec.get("library"), spec.get("test"), spec.get("binary"))
            if kind in kinds and spec.get("load"):
                return spec["load"]
        raise GenerationError(
            f"rule kind {kind!r} has no load: give it one as rules.jvm.kinds.{kind}.load "
            "in migration.yaml"
        )

    @property
    def test_runners(self) -> dict[str, Any]:
        """runner → language → how it runs one test class (jvm-rules.yaml test_runners)."""
        return self.jvm.get("test_runners", {})

    def test_kinds(self) -> dict[str, str]:
        """Every kind that runs tests → the language it is for (its own test rule, and each
        test runner's rule for it)."""
        kinds = {spec["test"]: name for name, spec in self.jvm["languages"].items()}
        for by_language in self.test_runners.values():
            for language, rule in by_language.items():
                kinds.setdefault(rule["kind"], language)
        return kinds

    def language(self, name: str) -> dict[str, Any]:
        return self.jvm["languages"][name]

    def target_name(self, role: str, name: str) -> str:
        return self.jvm["names"][role].format(name=name)

    def role_names(self, name: str) -> frozenset[str]:
        """Every name a project named ``name`` may give its non-test targets: test targets
        keep clear of all of them, so adding a binary later renames no test."""
        return frozenset(pattern.format(name=name) for pattern in self.jvm["names"].values())

    def pick_language(self, languages: set[str]) -> str:
        return next((lang for lang in self.jvm["precedence"] if lang in languages), "java")

    def configuration(self, name: str) -> dict[str, Any] | None:
        """Where a configuration's dependencies go; KMP names map by their source-set suffix."""
        table = self.configurations["configurations"]
        if name in table:
            return table[name]
        for marker, target in (("Main", ""), ("Test", "test")):
            head, sep, tail = name.partition(marker)
            if sep and head and tail:
                base = tail[:1].lower() + tail[1:]
                mapped = f"{target}{tail}" if target else base
                return table.get(mapped)
        return None

    def is_ignored(self, configuration: str) -> bool:
        """No dependency of this configuration is generated (not_generated.py says why)."""
        if configuration in self.configurations["ignored"]:
            return True
        return not_generated_table().configuration(configuration) is not None
