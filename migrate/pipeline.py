"""Generation end to end, as one call the CLI (and later waves) use: model → targets →
workspace files → changes against what is on disk."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from migrate.bazel.files import FileChange, plan_changes
from migrate.bazel.workspace_files import workspace_files
from migrate.model import BuildModel
from migrate.targets.findings import Finding
from migrate.targets.generate import GenerateOptions, Generation, generate


@dataclass(frozen=True)
class GenerationResult:
    generation: Generation
    changes: list[FileChange]

    @property
    def findings(self) -> tuple[Finding, ...]:
        return self.generation.findings


def run_generation(root: Path, model: BuildModel, options: GenerateOptions) -> GenerationResult:
    generation = generate(model, options)
    files = workspace_files(generation.workspace)
    return GenerationResult(generation, plan_changes(root, generation, files))
