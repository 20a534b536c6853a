"""Single constructs of the static reader, each on a tiny build written into tmp_path (the
golden fixtures in fixtures/static pin whole builds; these pin one rule each)."""

from __future__ import annotations

from pathlib import Path

from migrate.gradle.reader import read_build
from migrate.model import BuildModel, Project


def _build(root: Path, files: dict[str, str]) -> BuildModel:
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return read_build(str(root))


def _coordinates(project: Project) -> list[tuple[str, str | None]]:
    return [(d.configuration, d.coordinate or d.other) for d in project.dependencies]


def _messages(model: BuildModel) -> list[str]:
    return [f"{d.file}:{d.line}: {d.message}" for d in model.diagnostics]


def test_ext_map_updated_with_plus_assign_is_seen_by_subprojects(tmp_path: Path) -> None:
    model = _build(
        tmp_path,
        {
            "settings.gradle": "include 'a'\n",
            "build.gradle": (
                "ext.libs = [guava: 'com.google.guava:guava:31.1-jre']\n"
                "libs += [junit: 'junit:junit:4.13.2']\n"
                "libs.hamcrest = 'org.hamcrest:hamcrest:2.2'\n"
                "libs.testing = [libs.junit, libs.hamcrest]\n"
            ),
            "a/build.gradle": (
                "apply plugin: 'java'\n"
                "dependencies {\n"
                "    implementation libs.guava\n"
                "    testImplementation libs.testing\n"
                "}\n"
            ),
        },
    )
    assert _coordinates(model.project(":a")) == [
        ("implementation", "com.google.guava:guava:31.1-jre"),
        ("testImplementation", "junit:junit:4.13.2"),
        ("testImplementation", "org.hamcrest:hamcrest:2.2"),
    ]
    assert model.diagnostics == ()


def test_ext_from_apply_from_lands_on_the_applying_project(tmp_path: Path) -> None:
    model = _build(
        tmp_path,
        {
            "settings.gradle": "include 'a', 'b'\n",
            "gradle/deps.gradle": "ext.deps = [guava: 'com.google.guava:guava:31.1-jre']\n",
            "a/build.gradle": (
                'apply from: "$rootDir/gradle/deps.gradle"\n'
                "dependencies { implementation deps.guava }\n"
            ),
            "b/build.gradle": "dependencies { implementation deps.guava }\n",
        },
    )
    assert _coordinates(model.project(":a")) == [
        ("implementation", "com.google.guava:guava:31.1-jre")
    ]
    assert [d.file for d in model.diagnostics] == ["b/build.gradle"]


def test_kotlin_val_by_root_project_extra(tmp_path: Path) -> None:
    model = _build(
        tmp_path,
        {
            "settings.gradle.kts": 'include(":a")\n',
            "build.gradle.kts": 'extra["guavaVersion"] = "31.1-jre"\n',
            "a/build.gradle.kts": (
                "val guavaVersion: String by rootProject.extra\n"
                'dependencies { implementation("com.google.guava:guava:$guavaVersion") }\n'
            ),
        },
    )
    assert _coordinates(model.project(":a")) == [
        ("implementation", "com.google.guava:guava:31.1-jre")
    ]


def test_project_properties_map_holds_ext_and_gradle_properties(tmp_path: Path) -> None:
    model = _build(
        tmp_path,
        {
            "settings.gradle": "include 'a'\n",
            "gradle.properties": "jacksonVersion=2.16.0\n",
            "build.gradle": "ext.libs = [guava: 'com.google.guava:guava:31.1-jre']\n",
            "a/build.gradle": (
                "dependencies {\n"
                "    implementation project.properties['libs'].guava\n"
                '    implementation "com.fasterxml.jackson.core:jackson-databind:'
                '${project.properties.jacksonVersion}"\n'
                "}\n"
            ),
        },
    )
    assert _coordinates(model.project(":a")) == [
        ("implementation", "com.google.guava:guava:31.1-jre"),
        ("implementation", "com.fasterxml.jackson.core:jackson-databind:2.16.0"),
    ]


def test_dependency_constraints_are_reported_not_recorded(tmp_path: Path) -> None:
    model = _build(
        tmp_path,
        {
            "settings.gradle.kts": 'include(":a")\n',
            "a/build.gradle.kts": (
                "plugins { `java-library` }\n"
                "dependencies {\n"
                "    constraints {\n"
                '        implementation("org.slf4j:slf4j-api:2.0.9")\n'
                '        api("com.google.guava:guava:32.1.3-jre") { because("CVE") }\n'
                "    }\n"
                "}\n"
            ),
        },
    )
    assert model.project(":a").dependencies == ()
    messages = _messages(model)
    assert len(messages) == 2
    assert messages[0].startswith("a/build.gradle.kts:4: dependency constraint implementation")
    assert "org.slf4j:slf4j-api:2.0.9" in messages[0]
    assert "not apply their versions" in messages[0]
    assert messages[1].startswith("a/build.gradle.kts:5: dependency constraint api")


def test_groovy_kmp_follows_depends_on_from_the_jvm_target(tmp_path: Path) -> None:
    files = {
        "settings.gradle": "include 'lib'\n",
        "lib/build.gradle": (
            "plugins { id 'org.jetbrains.kotlin.multiplatform' }\n"
            "kotlin {\n"
            "    jvm()\n"
            "    android()\n"
            "    sourceSets {\n"
            "        jvmCommon { dependsOn commonMain }\n"
            "        jvmMain { dependsOn jvmCommon }\n"
            "        androidMain {\n"
            "            dependsOn jvmCommon\n"
            "            dependencies { implementation 'androidx.core:core-ktx:1.12.0' }\n"
            "        }\n"
            "        jvmCommon.dependencies { implementation 'com.squareup.okio:okio:3.7.0' }\n"
            "    }\n"
            "}\n"
        ),
    }
    for source_set in ("commonMain", "jvmCommon", "jvmMain", "androidMain"):
        files[f"lib/src/{source_set}/kotlin/{source_set.title()}.kt"] = "class X\n"
    model = _build(tmp_path, files)
    lib = model.project(":lib")
    assert sorted(lib.languages) == ["commonMain", "jvmCommon", "jvmMain"]
    assert _coordinates(lib) == [("jvmCommonImplementation", "com.squareup.okio:okio:3.7.0")]
    assert model.diagnostics == ()


def test_kmp_without_jvm_target_is_reported(tmp_path: Path) -> None:
    model = _build(
        tmp_path,
        {
            "settings.gradle.kts": 'include(":mobile")\n',
            "mobile/build.gradle.kts": (
                'plugins { kotlin("multiplatform") }\n'
                "kotlin {\n"
                "    iosArm64()\n"
                "    sourceSets {\n"
                "        iosMain.dependencies {\n"
                '            implementation("io.ktor:ktor-client-darwin:2.3.7")\n'
                "        }\n"
                "    }\n"
                "}\n"
            ),
            "mobile/src/iosMain/kotlin/Ios.kt": "class Ios\n",
        },
    )
    mobile = model.project(":mobile")
    assert mobile.dependencies == ()
    assert {s.name for s in mobile.source_sets} == {"commonMain", "commonTest"}
    assert _messages(model) == [
        "mobile/build.gradle.kts:3: Kotlin Multiplatform project :mobile has no JVM target "
        "(targets: iosArm64): only commonMain/commonTest are read; the source sets of its "
        "other targets are left out"
    ]
