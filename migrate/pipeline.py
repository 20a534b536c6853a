"""Generation end to end, as one call the CLI (and later waves) use: model → targets →
workspace files → changes against what is on disk."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from migrate.bazel.files import BUILD_NAMES, FileChange, plan_changes
from migrate.bazel.workspace_files import workspace_files
from migrate.model import BuildModel
from migrate.sources.listing import SourceListing
from migrate.targets.findings import Finding
from migrate.targets.generate import (
    GenerateOptions,
    Generation,
    generate,
    read_generation_inputs,
)
from migrate.targets.tables import RuleTables


@dataclass(frozen=True)
class GenerationResult:
    generation: Generation
    changes: list[FileChange]

    @property
    def findings(self) -> tuple[Finding, ...]:
        """Generation's findings, then what merging into the BUILD files on disk reported."""
        merged = [Finding("warning", "", w) for c in self.changes for w in c.warnings]
        return self.generation.findings + tuple(merged)

    def existing_targets(self) -> set[str]:
        """Labels of the generated targets the merged BUILD files hold (a target the user
        deleted with ``# migrate:ignore`` is generated but not there)."""
        return {label for change in self.changes for label in change.targets}

    def project_files(self) -> dict[str, tuple[str, ...]]:
        """Project → the paths (relative to the root) of its BUILD files."""
        by_package = {
            str(PurePosixPath(c.path).parent): c.path
            for c in self.changes
            if PurePosixPath(c.path).name in BUILD_NAMES
        }
        return {
            project: tuple(sorted(by_package[package or "."] for package in packages))
            for project, packages in self.generation.packages.items()
        }


def run_generation(
    root: Path, model: BuildModel, options: GenerateOptions, listing: SourceListing | None = None
) -> GenerationResult:
    """Read what generation needs (``listing``: the source files the reader already listed),
    generate, and merge the result with the files on disk."""
    inputs = read_generation_inputs(model, options, listing)
    generation = generate(model, options, inputs)
    files = workspace_files(generation.workspace)
    kinds = RuleTables.load(options.rule_overrides).kinds()
    return GenerationResult(generation, plan_changes(root, generation, files, kinds))
