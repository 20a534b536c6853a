"""Constructs generation does not generate yet are reported at file:line, never dropped silently."""

from __future__ import annotations

from pathlib import Path

from migrate.gradle.reader import read_build
from migrate.targets.generate import GenerateOptions, generate

SETTINGS = "rootProject.name = 'shop'\ninclude 'app', 'model'\n"

APP = """\
plugins {
    id 'java-library'
    id 'org.jetbrains.kotlin.jvm'
    id 'org.jetbrains.kotlin.plugin.spring'
    id 'com.google.protobuf'
}
sourceSets {
    integrationTest {
        java { srcDirs = ['src/integrationTest/java'] }
    }
    main {
        java { srcDir "$buildDir/generated/sources/proto" }
    }
}
dependencies {
    implementation project(':model')
    annotationProcessor 'com.google.auto.value:auto-value:1.10'
    annotationProcessor platform('org.example:processors-bom:1.0')
    compileOnly 'com.google.auto.value:auto-value-annotations:1.10'
    kapt 'com.google.dagger:dagger-compiler:2.50'
    testAnnotationProcessor 'org.projectlombok:lombok:1.18.30'
}
"""


def _build(tmp_path: Path) -> Path:
    (tmp_path / "settings.gradle").write_text(SETTINGS)
    (tmp_path / "build.gradle").write_text("")
    app = tmp_path / "app"
    for rel in ("src/main/java/shop/App.java", "src/integrationTest/java/shop/AppIT.java"):
        (app / rel).parent.mkdir(parents=True)
        (app / rel).write_text("package shop;\nclass " + Path(rel).stem + " {}\n")
    (app / "build.gradle").write_text(APP)
    model = tmp_path / "model" / "src/main/java/shop/Model.java"
    model.parent.mkdir(parents=True)
    model.write_text("package shop;\npublic class Model {}\n")
    (tmp_path / "model" / "build.gradle").write_text("plugins { id 'java-library' }\n")
    return tmp_path


def _warnings(tmp_path: Path) -> list[str]:
    result = generate(read_build(str(_build(tmp_path))), GenerateOptions())
    return [f.message for f in result.findings if f.project == ":app" and f.severity == "warning"]


def test_annotation_processors_are_reported_with_their_build_file_line(tmp_path: Path) -> None:
    warnings = _warnings(tmp_path)
    processors = [w for w in warnings if "annotation processor" in w]
    auto_value = "annotationProcessor com.google.auto.value:auto-value:1.10 (app/build.gradle:17)"
    assert any(w.startswith(auto_value) for w in processors), processors
    assert any(w.startswith("kapt com.google.dagger:dagger-compiler:2.50") for w in processors)
    assert any(w.startswith("testAnnotationProcessor org.projectlombok:lombok") for w in processors)
    # A BOM on the processor path pins versions; it is no processor of its own.
    assert not any("processors-bom" in w for w in warnings)


def test_processors_never_become_deps_of_a_target(tmp_path: Path) -> None:
    result = generate(read_build(str(_build(tmp_path))), GenerateOptions())
    text = "\n".join(str(rule) for f in result.build_files for rule in f.rules)
    assert "auto_value_1" not in text and "auto_value:" not in text
    assert "dagger_compiler" not in text
    assert "com_google_auto_value_auto_value_annotations" in text  # compileOnly still is


def test_compiler_and_codegen_plugins_are_reported(tmp_path: Path) -> None:
    warnings = _warnings(tmp_path)
    assert any(
        w.startswith("plugin org.jetbrains.kotlin.plugin.spring") and "compiler plugin" in w
        for w in warnings
    ), warnings
    assert any(
        w.startswith("plugin com.google.protobuf") and "generated sources" in w for w in warnings
    )


def test_custom_source_sets_and_task_output_directories_are_reported(tmp_path: Path) -> None:
    warnings = _warnings(tmp_path)
    assert any(
        w.startswith("source set integrationTest (app/src/integrationTest/java) is not generated")
        for w in warnings
    ), warnings
    assert any(
        "app/build/generated/sources/proto" in w and "under build/" in w for w in warnings
    ), warnings


def test_a_source_directory_outside_the_project_is_named_relative_to_the_build(
    tmp_path: Path,
) -> None:
    (tmp_path / "settings.gradle").write_text("include 'lib'\n")
    shared = tmp_path / "shared/java/shop/Shared.java"
    shared.parent.mkdir(parents=True)
    shared.write_text("package shop;\npublic class Shared {}\n")
    lib = tmp_path / "lib"
    lib.mkdir()
    (lib / "build.gradle").write_text(
        "plugins { id 'java-library' }\nsourceSets { main { java { srcDir '../shared/java' } } }\n"
    )
    result = generate(read_build(str(tmp_path)), GenerateOptions(cache=False))
    said = [f.message for f in result.findings if "outside the project" in f.message]
    assert said == [
        "source directory shared/java is outside the project directory; not generated"
    ]  # the same words in every checkout of the build
