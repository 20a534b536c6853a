"""Hand edits in generated BUILD files survive regeneration, and `migrate generate` CLI modes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate.cli import main
from migrate.gradle.reader import read_build
from migrate.maven.labels import maven_label_name
from migrate.pipeline import run_generation
from migrate.targets.generate import GenerateOptions

CASE = Path(__file__).parent / "fixtures" / "generate" / "java-api-implementation" / "in"


@pytest.fixture
def build(tmp_path: Path) -> Path:
    root = tmp_path / "shop"
    shutil.copytree(CASE, root)
    return root


def _generate(root: Path, *args: str) -> str:
    result = CliRunner().invoke(main, ["generate", str(root), "--bazel-version", "4.2.3", *args])
    assert result.exit_code == 0, result.output
    return result.output


def test_hand_edits_survive_and_second_regeneration_is_a_no_op(build: Path) -> None:
    _generate(build)
    path = build / "lib" / "BUILD.bazel"
    text = path.read_text()
    text = text.replace(
        '        "@maven//:org_apache_commons_commons_lang3",\n    ],\n)',
        '        "@maven//:org_apache_commons_commons_lang3",\n'
        '        "@maven//:org_slf4j_slf4j_api",  # keep\n    ],\n)',
        1,
    )
    text = text.replace(
        'java_library(\n    name = "lib",',
        '# The core library: keep it small.\njava_library(\n    name = "lib",',
        1,
    )
    text += '\nfilegroup(\n    name = "docs",\n    srcs = glob(["docs/**"]),\n)\n'
    path.write_text(text)
    (build / "lib" / "build.gradle").write_text(
        (build / "lib" / "build.gradle")
        .read_text()
        .replace("    runtimeOnly 'commons-io:commons-io:2.11.0'\n", "")
    )
    _generate(build)
    after = path.read_text()
    assert '"@maven//:org_slf4j_slf4j_api",  # keep' in after
    assert "# The core library: keep it small." in after
    assert 'name = "docs"' in after
    assert "commons_io" not in after  # the Gradle change did come through
    check = CliRunner().invoke(
        main, ["generate", str(build), "--bazel-version", "4.2.3", "--check"]
    )
    assert check.exit_code == 0, check.output
    assert path.read_text() == after


def test_ignore_directive_keeps_a_deleted_target_deleted(build: Path) -> None:
    _generate(build)
    path = build / "lib" / "BUILD.bazel"
    text = path.read_text()
    start = text.index("java_test(")
    text = text[:start].rstrip() + "\n\n# migrate:ignore PriceTest\n"
    path.write_text(text)
    _generate(build)
    assert 'name = "PriceTest"' not in path.read_text()
    assert "# migrate:ignore PriceTest" in path.read_text()
    result = run_generation(build, read_build(str(build)), GenerateOptions())
    assert "//lib:PriceTest" in result.generation.test_targets[":lib"]  # generated, yet ...
    assert "//lib:PriceTest" not in result.existing_targets()  # ... not there to verify
    assert "//lib:lib" in result.existing_targets()


def test_check_fails_on_drift_and_dry_run_writes_nothing(build: Path) -> None:
    _generate(build)
    gradle = build / "app" / "build.gradle"
    gradle.write_text(
        gradle.read_text().replace(
            "implementation project(':lib')",
            "implementation project(':lib')\n    implementation 'com.google.guava:guava:31.1-jre'",
        )
    )
    before = (build / "app" / "BUILD.bazel").read_text()
    result = CliRunner().invoke(
        main, ["generate", str(build), "--bazel-version", "4.2.3", "--check"]
    )
    assert result.exit_code == 1
    assert '+        "@maven//:com_google_guava_guava",' in result.output
    assert "out of date" in result.output
    dry = CliRunner().invoke(
        main, ["generate", str(build), "--bazel-version", "4.2.3", "--dry-run"]
    )
    assert dry.exit_code == 0 and "com_google_guava_guava" in dry.output
    assert (build / "app" / "BUILD.bazel").read_text() == before


def test_module_selection_and_errors(build: Path) -> None:
    out = _generate(build, "--module", ":lib")
    assert (build / "lib" / "BUILD.bazel").is_file() and not (
        build / "app" / "BUILD.bazel"
    ).exists()
    assert "1 project" in out
    bad = CliRunner().invoke(main, ["generate", str(build), "--module", ":nope"])
    assert bad.exit_code == 2 and "no such Gradle project: :nope" in bad.output
    both = CliRunner().invoke(main, ["generate", str(build), "--module", ":lib", "--all"])
    assert both.exit_code == 2


def test_malformed_existing_build_file_is_an_error_and_nothing_is_written(build: Path) -> None:
    (build / "lib" / "BUILD.bazel").write_text("java_library(\n    name = 'lib',\n    srcs = [\n")
    result = CliRunner().invoke(main, ["generate", str(build), "--bazel-version", "4.2.3"])
    assert result.exit_code == 2
    assert "lib/BUILD.bazel:" in result.output
    assert not (build / "app" / "BUILD.bazel").exists()


# rules_jvm_external's naming: each of . - : / + $ becomes _, [ ] dropped, version and
# packaging stripped, a non-default classifier kept.
LABELS = [
    ("com.google.guava:guava:31.1-jre", "com_google_guava_guava"),
    ("org.scala-lang:scala-library:2.11.12", "org_scala_lang_scala_library"),
    (
        "io.netty:netty-tcnative-boringssl-static:2.0.61.Final:linux-x86_64",
        "io_netty_netty_tcnative_boringssl_static_linux_x86_64",
    ),
    ("com.example:foo:1.0:tests", "com_example_foo_tests"),
    ("com.example:foo:1.0@zip", "com_example_foo"),
    ("com.example:foo", "com_example_foo"),
    ("org.example:a+b:1", "org_example_a_b"),
    ("org.example:with$dollar:1", "org_example_with_dollar"),
    ("org.example:[bracketed]:1", "org_example_bracketed"),
    ("org.example.group/sub:art:1", "org_example_group_sub_art"),
]


@pytest.mark.parametrize(("coordinate", "label"), LABELS)
def test_maven_label_names_follow_rules_jvm_external(coordinate: str, label: str) -> None:
    assert maven_label_name(coordinate) == label


def test_kind_change_drops_what_the_new_kind_lacks_and_says_so(tmp_path: Path) -> None:
    """The Kotlin sources of :kt become Java: kt_jvm_library → java_library. module_name is
    migrate's and goes; a hand-added kotlinc_opts would make Bazel reject the file, so it goes
    with a warning naming file:line; the hand-added tags are java_library's too and stay."""
    root = tmp_path / "mixed"
    shutil.copytree(
        Path(__file__).parent / "fixtures" / "generate" / "kotlin-scala-mixed" / "in", root
    )
    _generate(root)
    path = root / "kt" / "BUILD.bazel"
    text = path.read_text()
    assert 'module_name = "kt"' in text
    text = text.replace(
        '    module_name = "kt",\n',
        '    kotlinc_opts = "//tools:kotlinc_opts",\n    module_name = "kt",\n'
        '    tags = ["team-kt"],\n',
        1,
    )
    path.write_text(text)
    line = text.splitlines().index('    kotlinc_opts = "//tools:kotlinc_opts",') + 1
    kt = root / "kt" / "src"
    for source in (
        kt / "main/kotlin/org/acme/kt/Names.kt",
        kt / "test/kotlin/org/acme/kt/NamesTest.kt",
    ):
        source.unlink()
    (kt / "main/java/org/acme/kt").mkdir(parents=True)
    (kt / "main/java/org/acme/kt/Names.java").write_text(
        "package org.acme.kt;\n\npublic class Names {}\n"
    )
    (kt / "test/java/org/acme/kt").mkdir(parents=True)
    (kt / "test/java/org/acme/kt/NamesTest.java").write_text(
        "package org.acme.kt;\n\nimport org.junit.Test;\n\n"
        "public class NamesTest {\n    @Test\n    public void named() {}\n}\n"
    )
    out = _generate(root)
    after = path.read_text()
    assert "java_library(" in after and "kt_jvm_library" not in after
    assert "module_name" not in after and "associates" not in after
    assert "kotlinc_opts" not in after
    assert 'tags = ["team-kt"]' in after
    assert f"warning: kt/BUILD.bazel:{line}: " in out and "'kotlinc_opts'" in out
    assert "warning" not in _generate(root)  # said once; the next run has nothing to say
