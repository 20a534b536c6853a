"""Generate a deterministic synthetic Gradle monorepo for benchmarks.

    python benchmarks/synth.py OUT --projects 1000 --files 20 [--seed 1]

Projects sit in layers like a real monorepo: libraries at the bottom, services on top, each
depending on 1-4 projects of lower layers (through `api` or `implementation`), so fan-in and
fan-out grow with size. Mostly Java; every 10th project is Kotlin and every 15th Scala; every
25th top-layer project is an `application`. Each project's sources are spread over packages of
5 files; every class calls a class of one of its project dependencies (so imports carry the
dependency graph), and each project has a test: JUnit 4, except every 6th Java library's
(TestNG, `useTestNG()`) and every 6th+3 (JUnit 5 Jupiter, run on the JUnit Platform by
gradle/junit-platform.gradle, copied from examples/frameworks: Gradle 4.4 has no
useJUnitPlatform()). External dependencies come from Debian's
Maven repository (guava, commons-lang3, commons-io, junit, kotlin-stdlib, scala-library). Build
scripts are Groovy DSL for Gradle 4.4 and up, applying the plugins a real build would.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

EXTERNALS = [
    ("com.google.guava:guava:31.1-jre", "com.google.common.base.Strings", "Strings.nullToEmpty"),
    (
        "org.apache.commons:commons-lang3:3.12.0",
        "org.apache.commons.lang3.StringUtils",
        "StringUtils.trimToEmpty",
    ),
    (
        "commons-io:commons-io:2.11.0",
        "org.apache.commons.io.FilenameUtils",
        "FilenameUtils.getName",
    ),
]
KOTLIN_STDLIB = "org.jetbrains.kotlin:kotlin-stdlib:1.3.31"
SCALA_LIBRARY = "org.scala-lang:scala-library:2.11.12"
FILES_PER_PACKAGE = 5
TESTNG = "org.testng:testng:6.9.12"
JUPITER = "5.9.2"
PLATFORM_SCRIPT = (
    Path(__file__).resolve().parent.parent
    / "examples"
    / "frameworks"
    / "gradle"
    / "junit-platform.gradle"
)
EXT = {"java": "java", "kotlin": "kt", "scala": "scala"}

ROOT_BUILD = """\
buildscript {
    repositories { mavenCentral() }
    dependencies { classpath 'org.jetbrains.kotlin:kotlin-gradle-plugin:1.3.31' }
}

subprojects {
    repositories { mavenCentral() }
    plugins.withType(JavaPlugin) {
        sourceCompatibility = 1.8
        targetCompatibility = 1.8
        dependencies { testImplementation 'junit:junit:4.13.2' }
    }
}
"""


def test_framework_of(index: int, lang: str, application: bool) -> str:
    if lang != "java" or application:
        return "junit4"
    return {5: "testng", 2: "junit5"}.get(index % 6, "junit4")


def language_of(index: int) -> str:
    if index % 15 == 14:
        return "scala"
    if index % 10 == 9:
        return "kotlin"
    return "java"


def layer_of(index: int, layers: int, total: int) -> int:
    return index * layers // total


def project_path(index: int, layers: int, total: int) -> str:
    return f"layer{layer_of(index, layers, total)}:p{index:05d}"


def package_of(index: int, package: int) -> str:
    return f"com.synth.p{index:05d}.m{package:02d}"


def class_name(index: int, number: int) -> str:
    """Unique across the repo, so that imports never clash."""
    return f"P{index:05d}C{number:04d}"


def generate(out: Path, projects: int, files: int, seed: int, java_only: bool = False) -> None:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    layers = max(2, min(12, projects // 5))
    paths = [project_path(i, layers, projects) for i in range(projects)]
    first_of_layer = {}
    for i in range(projects):
        first_of_layer.setdefault(layer_of(i, layers, projects), i)
    (out / "settings.gradle").write_text(
        "rootProject.name = 'synthetic'\n" + "".join(f"include ':{p}'\n" for p in paths)
    )
    (out / "build.gradle").write_text(ROOT_BUILD)
    (out / "gradle").mkdir()
    shutil.copy(PLATFORM_SCRIPT, out / "gradle" / PLATFORM_SCRIPT.name)
    packages = max(1, (files + FILES_PER_PACKAGE - 1) // FILES_PER_PACKAGE)
    for i in range(projects):
        layer = layer_of(i, layers, projects)
        lower = first_of_layer[layer]  # projects 0..lower-1 are in lower layers
        deps = sorted({rng.randrange(lower) for _ in range(rng.randint(1, 4))}) if lower else []
        application = layer == layers - 1 and i % 25 == 0
        _write_project(out, i, paths, deps, files, packages, application, rng, java_only)


def _write_project(
    out: Path,
    i: int,
    paths: list[str],
    deps: list[int],
    files: int,
    packages: int,
    application: bool,
    rng: random.Random,
    java_only: bool = False,
) -> None:
    lang = "java" if java_only else language_of(i)
    plugins = {
        "java": ["java-library"],
        "kotlin": ["java-library", "kotlin"],
        "scala": ["scala"],
    }[lang]
    if application:
        plugins = [p for p in plugins if p != "java-library"] + ["application"]
        if lang == "java":
            plugins.insert(0, "java")
    lines = [f"apply plugin: '{p}'" for p in plugins]
    if application:
        lines.append(f"mainClassName = '{package_of(i, 0)}.Main'")
    lines += ["", "dependencies {"]
    for j in deps:
        conf = (
            "api" if lang == "java" and not application and rng.random() < 0.3 else "implementation"
        )
        lines.append(f"    {conf} project(':{paths[j]}')")
    external = EXTERNALS[i % len(EXTERNALS)]
    lines.append(f"    implementation '{external[0]}'")
    languages = {lang} | ({"java"} if java_only else {language_of(j) for j in deps})
    if "kotlin" in languages:
        lines.append(f"    implementation '{KOTLIN_STDLIB}'")
    if "scala" in languages:
        lines.append(f"    implementation '{SCALA_LIBRARY}'")
    framework = test_framework_of(i, lang, application)
    if framework == "testng":
        lines.append(f"    testImplementation '{TESTNG}'")
    elif framework == "junit5":
        lines.append(f"    testImplementation 'org.junit.jupiter:junit-jupiter-api:{JUPITER}'")
        lines.append(f"    testRuntimeOnly 'org.junit.jupiter:junit-jupiter-engine:{JUPITER}'")
    lines.append("}")
    if framework == "testng":
        lines += ["", "test {", "    useTestNG()", "}"]
    elif framework == "junit5":
        lines += ["", 'apply from: "$rootDir/gradle/junit-platform.gradle"']
    if lang == "kotlin":  # Java 8 bytecode like the Java projects (Kotlin 1.3 targets 1.6)
        lines += [
            "",
            "tasks.withType(org.jetbrains.kotlin.gradle.tasks.KotlinCompile) {",
            "    kotlinOptions.jvmTarget = '1.8'",
            "}",
        ]
    if lang == "scala":  # likewise for scalac 2.11
        lines += [
            "",
            "tasks.withType(ScalaCompile) {",
            "    scalaCompileOptions.additionalParameters = ['-target:jvm-1.8']",
            "}",
        ]
    pdir = out / paths[i].replace(":", "/")
    pdir.mkdir(parents=True)
    (pdir / "build.gradle").write_text("\n".join(lines) + "\n")
    for f in range(files):
        package = package_of(i, f // FILES_PER_PACKAGE)
        dep = deps[f % len(deps)] if deps else None
        called = (package_of(dep, 0), class_name(dep, 0)) if dep is not None else None
        _write_class(pdir, lang, package, class_name(i, f), f, called, external)
    if application:
        _write_main(pdir, lang, package_of(i, 0), class_name(i, 0))
    _write_test(pdir, lang, package_of(i, 0), class_name(i, 0), framework)


def _write_class(
    pdir: Path,
    lang: str,
    package: str,
    cls: str,
    number: int,
    called: tuple[str, str] | None,
    external: tuple[str, str, str],
) -> None:
    ext_class, ext_call = external[1], external[2]
    imports = [ext_class] + ([f"{called[0]}.{called[1]}"] if called else [])
    other = f" + new {called[1]}().value()" if called else ""
    if lang == "java":
        body = (
            f"package {package};\n\n"
            + "".join(f"import {name};\n" for name in imports)
            + f"\npublic class {cls} {{\n"
            f"    public int value() {{\n"
            f'        return {ext_call}("{cls}").length() + {number}{other};\n'
            "    }\n}\n"
        )
    elif lang == "kotlin":
        other = f" + {called[1]}().value()" if called else ""
        body = (
            f"package {package}\n\n"
            + "".join(f"import {name}\n" for name in imports)
            + f"\nclass {cls} {{\n"
            f'    fun value(): Int = {ext_call}("{cls}").length + {number}{other}\n'
            "}\n"
        )
    else:
        body = (
            f"package {package}\n\n"
            + "".join(f"import {name}\n" for name in imports)
            + f"\nclass {cls} {{\n"
            f'  def value(): Int = {ext_call}("{cls}").length + {number}{other}\n'
            "}\n"
        )
    directory = pdir / "src" / "main" / lang / package.replace(".", "/")
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{cls}.{EXT[lang]}").write_text(body)


def _write_main(pdir: Path, lang: str, package: str, first: str) -> None:
    body = {
        "java": f"package {package};\n\npublic class Main {{\n    public static void main("
        f"String[] args) {{\n        System.out.println(new {first}().value());\n    }}\n}}\n",
        "kotlin": f"package {package}\n\nobject Main {{\n    @JvmStatic\n    fun main(args: "
        f"Array<String>) {{\n        println({first}().value())\n    }}\n}}\n",
        "scala": f"package {package}\n\nobject Main {{\n  def main(args: Array[String]): Unit ="
        f" println(new {first}().value())\n}}\n",
    }[lang]
    directory = pdir / "src" / "main" / lang / package.replace(".", "/")
    (directory / f"Main.{EXT[lang]}").write_text(body)


def _write_test(pdir: Path, lang: str, package: str, first: str, framework: str) -> None:
    if framework != "junit4":  # Java: TestNG or JUnit 5
        imports = {
            "testng": "import static org.testng.Assert.assertTrue;\n\n"
            "import org.testng.annotations.Test;",
            "junit5": "import static org.junit.jupiter.api.Assertions.assertTrue;\n\n"
            "import org.junit.jupiter.api.Test;",
        }[framework]
        body = (
            f"package {package};\n\n{imports}\n\npublic class {first}Test {{\n    @Test\n"
            "    public void valueIsPositive() {\n"
            f"        assertTrue(new {first}().value() >= 0);\n    }}\n}}\n"
        )
        directory = pdir / "src" / "test" / lang / package.replace(".", "/")
        directory.mkdir(parents=True, exist_ok=True)
        (directory / f"{first}Test.{EXT[lang]}").write_text(body)
        return
    body = {
        "java": f"package {package};\n\nimport static org.junit.Assert.assertTrue;\n\n"
        f"import org.junit.Test;\n\npublic class {first}Test {{\n    @Test\n"
        f"    public void valueIsPositive() {{\n        assertTrue(new {first}().value() >= 0);\n"
        "    }\n}\n",
        "kotlin": f"package {package}\n\nimport org.junit.Assert.assertTrue\nimport org.junit.Test"
        f"\n\nclass {first}Test {{\n    @Test\n    fun valueIsPositive() {{\n"
        f"        assertTrue({first}().value() >= 0)\n    }}\n}}\n",
        "scala": f"package {package}\n\nimport org.junit.Assert.assertTrue\nimport org.junit.Test"
        f"\n\nclass {first}Test {{\n  @Test\n  def valueIsPositive(): Unit = "
        f"assertTrue(new {first}().value() >= 0)\n}}\n",
    }[lang]
    directory = pdir / "src" / "test" / lang / package.replace(".", "/")
    directory.mkdir(parents=True, exist_ok=True)
    (directory / f"{first}Test.{EXT[lang]}").write_text(body)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--projects", type=int, default=60)
    parser.add_argument("--files", type=int, default=20, help="source files per project")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--java-only", action="store_true", help="no Kotlin or Scala projects")
    args = parser.parse_args()
    if args.projects < 1 or args.files < 1:
        parser.error("--projects and --files must be at least 1")
    generate(args.out, args.projects, args.files, args.seed, args.java_only)
    print(f"wrote {args.projects} projects x {args.files} source files to {args.out}")


if __name__ == "__main__":
    main()
