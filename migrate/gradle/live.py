"""The live model: ask Gradle itself (through an init script) and read its answer.

The init script ``init/export-model.gradle`` writes JSON for every project: applied plugins,
source set directories, declared dependencies per configuration and the resolved external
coordinates of the compile/runtime classpaths. Here that JSON becomes the same BuildModel the
static reader produces, with ``source="gradle"`` on every project.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import tempfile
from dataclasses import replace
from pathlib import Path
from typing import Any

from migrate import values
from migrate.gradle.project_dsl import plugin_rules
from migrate.gradle.runner import INIT_DIR, GradleError, GradleProfile, run_gradle
from migrate.model import BuildModel, Dependency, Diagnostic, Project, SourceSet, TestSettings
from migrate.sources.layout import detect_languages

EXPORT_SCRIPT = INIT_DIR / "export-model.gradle"
EXPORT_TASK = "migrateExportModel"
MODEL_SCHEMA = "migrate-gradle-model"


def read_live_model(root: str, profile: GradleProfile) -> BuildModel:
    """Run Gradle on the build at ``root`` and return what it reports."""
    root_path = Path(root).resolve()
    work = Path(tempfile.mkdtemp(prefix="migrate-live-"))  # kept on failure: it holds the log
    output = work / "model.json"
    run = run_gradle(
        root_path,
        [EXPORT_TASK],
        profile,
        [EXPORT_SCRIPT],
        {"migrate.modelOutput": str(output)},
        work,
    )
    if not output.is_file():
        raise GradleError(f"Gradle finished but wrote no model (see {run.log})")
    try:
        data = json.loads(output.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise GradleError(
            f"Gradle's model export is not valid JSON: {exc} (see {run.log})"
        ) from exc
    shutil.rmtree(work, ignore_errors=True)
    return model_from_export(data, str(root_path))


def _internal_configuration() -> re.Pattern[str]:
    return re.compile("|".join(plugin_rules()["internal_configurations"]))


def model_from_export(data: dict[str, Any], root: str) -> BuildModel:
    if data.get("schema") != MODEL_SCHEMA or data.get("version") != 1:
        raise GradleError("unexpected model export format (schema/version mismatch)")
    export_root = data.get("root_dir") or root
    internal_plugins = set(plugin_rules()["internal"])
    internal_conf = _internal_configuration()

    def rel(path: str | None) -> str | None:
        if path is None:
            return None
        return os.path.relpath(path, export_root).replace(os.sep, "/")

    projects = []
    diagnostics = []
    for entry in data["projects"]:
        build_file = rel(entry.get("build_file"))
        dependencies = tuple(
            _dependency(d)
            for d in entry.get("dependencies", ())
            if not internal_conf.search(d["configuration"])
        )
        source_sets = []
        for name, dirs in sorted(entry.get("source_sets", {}).items()):
            code_dirs = [d for kind, ds in dirs.items() if kind != "resources" for d in ds]
            source_sets.append(
                SourceSet(
                    name,
                    {k: tuple(rel(d) for d in v) for k, v in dirs.items()},  # type: ignore[misc]
                    detect_languages(code_dirs),
                )
            )
        projects.append(
            Project(
                path=entry["path"],
                dir=rel(entry["project_dir"]) or ".",
                build_file=build_file,
                plugins=tuple(p for p in entry.get("plugins", ()) if p not in internal_plugins),
                source_sets=tuple(source_sets),
                dependencies=dependencies,
                main_class=entry.get("main_class"),
                tests=_test_settings(entry.get("tests"), build_file),
                source="gradle",
                resolved={k: tuple(v) for k, v in sorted(entry.get("resolved", {}).items())},
            )
        )
        for problem in [*entry.get("resolution_errors", ()), *entry.get("export_errors", ())]:
            where = f" ({problem['configuration']})" if problem.get("configuration") else ""
            message = problem.get("message", str(problem)) if isinstance(problem, dict) else problem
            diagnostics.append(Diagnostic("warning", build_file, None, f"Gradle{where}: {message}"))
    root_entry = next((p for p in data["projects"] if p["path"] == ":"), None)
    return BuildModel(
        root,
        tuple(sorted(projects, key=lambda p: p.path)),
        tuple(sorted(diagnostics, key=lambda d: (d.file or "", d.message))),
        root_entry.get("name") if root_entry else None,
    )


def _dependency(entry: dict[str, Any]) -> Dependency:
    coordinate = entry.get("coordinate")
    if coordinate and entry.get("classifier"):
        coordinate += f":{entry['classifier']}"
    return Dependency(
        configuration=entry["configuration"],
        project=entry.get("project"),
        coordinate=coordinate,
        other=entry.get("other") if not entry.get("project") and not coordinate else None,
        platform="platform" in str(entry.get("category", "")),
        target_configuration=entry.get("target_configuration"),
    )


def _test_settings(data: dict[str, Any] | None, build_file: str | None) -> TestSettings:
    """The test task as Gradle reports it (no line: Gradle does not say where it was set)."""
    if not data:
        return TestSettings()
    fields = {k: v for k, v in data.items() if v not in (None, [], "")}
    return replace(values.from_json(TestSettings, fields), file=build_file)
