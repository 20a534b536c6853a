"""Generate a deterministic synthetic Gradle monorepo for benchmarks.

    python benchmarks/synth.py OUT --projects 60 --files 50 [--seed 1]

Projects sit in layers (libraries at the bottom, services on top); each depends on a few
projects of lower layers through `api`/`implementation`, the way a real monorepo fans in and
out. Mostly Java, with every 10th project Kotlin and every 15th Scala. Build scripts are Groovy
DSL that Gradle 4.4 can configure; sources are small real classes.
"""

from __future__ import annotations

import argparse
import random
import shutil
from pathlib import Path

EXTERNALS = [
    "com.google.guava:guava:31.1-jre",
    "org.apache.commons:commons-lang3:3.12.0",
    "commons-io:commons-io:2.11.0",
]


def language_of(index: int) -> str:
    if index % 15 == 14:
        return "scala"
    if index % 10 == 9:
        return "kotlin"
    return "java"


def project_name(index: int, layers: int, total: int) -> str:
    layer = index * layers // total
    return f"layer{layer}:p{index:05d}"


def generate(out: Path, projects: int, files: int, seed: int) -> None:
    rng = random.Random(seed)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    layers = max(2, min(8, projects // 5))
    names = [project_name(i, layers, projects) for i in range(projects)]
    (out / "settings.gradle").write_text(
        "rootProject.name = 'synthetic'\n" + "".join(f"include ':{n}'\n" for n in names)
    )
    (out / "build.gradle").write_text(
        "buildscript {\n    repositories { mavenCentral() }\n"
        "    dependencies { classpath 'org.jetbrains.kotlin:kotlin-gradle-plugin:1.3.31' }\n}\n"
        "subprojects {\n    repositories { mavenCentral() }\n"
        "    plugins.withId('java') {\n"
        "        dependencies { testImplementation 'junit:junit:4.13.2' }\n    }\n}\n"
    )
    for i, name in enumerate(names):
        layer = i * layers // projects
        lower = [j for j in range(i) if j * layers // projects < layer]
        deps = sorted(rng.sample(lower, min(len(lower), rng.randint(1, 4)))) if lower else []
        lang = language_of(i)
        plugin = {
            "java": "apply plugin: 'java-library'",
            "kotlin": "apply plugin: 'java-library'\napply plugin: 'kotlin'",
            "scala": "apply plugin: 'scala'",
        }[lang]
        lines = [plugin, "", "dependencies {"]
        for j in deps:
            conf = "api" if rng.random() < 0.3 and lang == "java" else "implementation"
            lines.append(f"    {conf} project(':{names[j]}')")
        lines.append(f"    implementation '{EXTERNALS[i % len(EXTERNALS)]}'")
        if lang == "kotlin":
            lines.append("    implementation 'org.jetbrains.kotlin:kotlin-stdlib:1.3.31'")
        if lang == "scala":
            lines.append("    implementation 'org.scala-lang:scala-library:2.11.12'")
        lines.append("}")
        pdir = out / name.replace(":", "/")
        pdir.mkdir(parents=True)
        (pdir / "build.gradle").write_text("\n".join(lines) + "\n")
        package = f"com.synth.p{i:05d}"
        src = pdir / "src" / "main" / lang / package.replace(".", "/")
        src.mkdir(parents=True)
        ext = {"java": "java", "kotlin": "kt", "scala": "scala"}[lang]
        for f in range(files):
            cls = f"C{f:04d}"
            if lang == "java":
                body = (
                    f"package {package};\n\npublic class {cls} {{\n"
                    f"    public int value() {{ return {f}; }}\n}}\n"
                )
            elif lang == "kotlin":
                body = f"package {package}\n\nclass {cls} {{\n    fun value(): Int = {f}\n}}\n"
            else:
                body = f"package {package}\n\nclass {cls} {{\n  def value(): Int = {f}\n}}\n"
            (src / f"{cls}.{ext}").write_text(body)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("out", type=Path)
    parser.add_argument("--projects", type=int, default=60)
    parser.add_argument("--files", type=int, default=50, help="source files per project")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    generate(args.out, args.projects, args.files, args.seed)
    print(f"wrote {args.projects} projects x {args.files} files to {args.out}")


if __name__ == "__main__":
    main()
