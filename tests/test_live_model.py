"""Turning Gradle's export into the BuildModel, comparing readers, config and log handling
(no Gradle needed: the export documents are written here in the init script's format)."""

from __future__ import annotations

from pathlib import Path

import pytest

from migrate.config import ConfigError, load_config
from migrate.gradle.compare import compare_models, effective_plugins, render_comparison
from migrate.gradle.live import model_from_export
from migrate.gradle.runner import GradleError, last_lines
from migrate.model import BuildModel, Dependency, Project


def _export(root: str, **project: object) -> dict:
    entry = {
        "path": ":a",
        "name": "a",
        "project_dir": f"{root}/a",
        "build_file": f"{root}/a/b.gradle",
        "plugins": ["java", "java-base", "base", "java-library", "help-tasks"],
        "source_sets": {"main": {"java": [f"{root}/a/src/main/java"]}},
        "main_class": None,
        "dependencies": [
            {"configuration": "api", "project": ":b", "target_configuration": "shadow"},
            {"configuration": "implementation", "coordinate": "g:x:1"},
            {"configuration": "kotlinCompilerPluginClasspath", "coordinate": "k:c:1"},
            {"configuration": "testKotlinScriptDefExtensions", "other": "files"},
        ],
        "resolved": {"compileClasspath": ["g:x:1", "g:y:2"]},
        "resolution_errors": [{"configuration": "runtimeClasspath", "message": "boom"}],
    }
    entry.update(project)
    return {
        "schema": "migrate-gradle-model",
        "version": 1,
        "gradle_version": "4.4.1",
        "root_dir": root,
        "projects": [entry],
    }


def test_export_becomes_a_gradle_sourced_model(tmp_path: Path) -> None:
    (tmp_path / "a/src/main/java").mkdir(parents=True)
    (tmp_path / "a/src/main/java/A.java").write_text("class A {}")
    model = model_from_export(_export(str(tmp_path)), str(tmp_path))
    (project,) = model.projects
    assert project.source == "gradle" and project.dir == "a" and project.build_file == "a/b.gradle"
    assert project.plugins == ("java", "java-library")  # Gradle's plumbing plugins left out
    assert project.languages == {"main": ["java"]}
    assert [(d.configuration, d.project or d.coordinate) for d in project.dependencies] == [
        ("api", ":b"),
        ("implementation", "g:x:1"),
    ]
    assert project.dependencies[0].target_configuration == "shadow"
    assert project.resolved == {"compileClasspath": ("g:x:1", "g:y:2")}
    assert "runtimeClasspath" in model.diagnostics[0].message
    assert BuildModel.loads(model.dumps()) == model


def test_unknown_export_format_is_rejected() -> None:
    with pytest.raises(GradleError, match="format"):
        model_from_export({"schema": "other", "version": 1, "projects": []}, "/r")


def _model(*projects: Project) -> BuildModel:
    return BuildModel("/r", projects)


def test_compare_normalises_plugin_ids_and_implied_plugins() -> None:
    assert effective_plugins(("kotlin",)) == effective_plugins(("org.jetbrains.kotlin.jvm", "java"))
    static = _model(Project(":a", "a", None, plugins=("java-library",)))
    gradle = _model(Project(":a", "a", None, plugins=("java", "java-library"), source="gradle"))
    assert compare_models(static, gradle).disagreements == ()


def test_compare_lists_each_disagreement() -> None:
    static = _model(
        Project(":a", "a", None, dependencies=(Dependency("api", project=":b"),)),
        Project(":only-static", "s", None),
    )
    gradle = _model(
        Project(
            ":a",
            "a",
            None,
            main_class="M",
            dependencies=(
                Dependency("implementation", project=":b"),
                Dependency("implementation", coordinate="g:a:1"),
            ),
        ),
        Project(":only-gradle", "g", None),
    )
    comparison = compare_models(static, gradle)
    found = {(d.project, d.aspect, d.static, d.gradle) for d in comparison.disagreements}
    assert (":only-static", "project", "present", None) in found
    assert (":only-gradle", "project", None, "present") in found
    assert (":a", "project dependency", "api :b", None) in found
    assert (":a", "project dependency", None, "implementation :b") in found
    assert (":a", "external dependency", None, "implementation g:a:1") in found
    assert (":a", "main class", None, "M") in found
    assert len(comparison.structural) == 4
    assert "only Gradle has implementation g:a:1" in render_comparison(comparison)


def test_config_file_is_read_and_validated(tmp_path: Path) -> None:
    assert load_config(tmp_path).gradle.command is None
    (tmp_path / "migration.yaml").write_text(
        "gradle:\n  command: ./gradlew --info\n  offline_mirror: file:///m\n  timeout: 60\n"
    )
    config = load_config(tmp_path)
    assert config.gradle.command == ("./gradlew", "--info")
    assert config.gradle.offline_mirror == "file:///m" and config.gradle.timeout == 60.0
    (tmp_path / "migration.yaml").write_text("gradle:\n  comand: x\n")
    with pytest.raises(ConfigError, match="unknown key.*comand"):
        load_config(tmp_path)
    (tmp_path / "migration.yaml").write_text("gradle: [\n")
    with pytest.raises(ConfigError, match=r"migration.yaml:\d+: invalid YAML"):
        load_config(tmp_path)


def test_last_lines_drop_jvm_chatter(tmp_path: Path) -> None:
    log = tmp_path / "gradle.log"
    log.write_text(
        'openjdk version "17.0.15" 2025-04-15\nOpenJDK Runtime Environment (build 17)\n'
        "* What went wrong:\nA problem occurred\n"
    )
    assert last_lines(str(log)) == "* What went wrong:\nA problem occurred"
