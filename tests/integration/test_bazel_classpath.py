"""What Bazel 4.2.3 passes to the compiler, read with migrate's classpath aspect, on a generated
copy of the example monorepo — and compared with Gradle's resolved compileClasspath.

The aspect is injected from the command line (``--override_repository=migrate_rules=...``,
no WORKSPACE change) and only its output group is built, so nothing is compiled. The Gradle
side is what Gradle 4.4.1 resolved for these projects (``compileClasspath``, offline Debian
mirror), written down here so that this test needs Bazel only.
"""

from __future__ import annotations

import shutil
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass, field, replace
from pathlib import Path

import pytest
from click.testing import CliRunner
from example_tree import copy_example

from migrate.bazel.label import project_package, target_label
from migrate.cli import main
from migrate.verify.classpath import (
    Classpath,
    ClasspathError,
    Labels,
    bazel_compile_classpath,
    canonical_label,
    compare_classpaths,
    split_label,
)

pytestmark = pytest.mark.integration

REPO = Path(__file__).resolve().parents[2]
MIRROR = "file:///usr/share/maven-repo"
TARGETS = ["//libs/core", "//reporting/summary", "//analytics/stats", "//services/inventory"]

GUAVA_CLOSURE = [
    "com.google.errorprone:error_prone_annotations:debian",
    "com.google.guava:guava:31.1-jre",
    "org.jsr-305:jsr305:0.x",
]
# Gradle 4.4.1: compileClasspath of each project (module components, project components).
GRADLE = {
    ":libs:core": (GUAVA_CLOSURE + ["org.apache.commons:commons-lang3:3.12.0"], [":libs:core"]),
    ":reporting:summary": (
        GUAVA_CLOSURE
        + [
            "org.jetbrains.kotlin:kotlin-stdlib-common:debian",
            "org.jetbrains.kotlin:kotlin-stdlib:1.3.31",
            "org.jetbrains:annotations:debian",
        ],
        [":libs:core", ":reporting:summary"],
    ),
    ":analytics:stats": (
        GUAVA_CLOSURE + ["org.scala-lang:scala-library:2.11.12"],
        [":analytics:stats", ":libs:core"],
    ),
    ":services:inventory": (
        GUAVA_CLOSURE,
        [
            ":libs:collections",
            ":libs:core",
            ":libs:pricing",
            ":libs:text",
            ":libs:util",
            ":reporting:summary",
            ":services:api",
            ":services:inventory",
        ],
    ),
}


def label_of(project: str) -> str:
    package = project_package(project.strip(":").replace(":", "/"))
    return target_label(package, package.rsplit("/", 1)[-1])


@dataclass
class Workspace:
    root: Path
    startup: list[str]
    timings: dict[str, float] = field(default_factory=dict)

    def classpath(self, targets: list[str], name: str, **kwargs) -> dict[str, Classpath]:
        started = time.monotonic()
        try:
            return bazel_compile_classpath(self.root, targets, startup_args=self.startup, **kwargs)
        finally:
            self.timings[name] = round(time.monotonic() - started, 1)


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Workspace]:
    bazel = shutil.which("bazel")
    if bazel is None:
        pytest.fail("bazel is not installed: run tools/setup-debian.sh")
    base = tmp_path_factory.mktemp("bazel_classpath")
    root = base / "monorepo"
    copy_example(root)
    result = CliRunner().invoke(main, ["generate", str(root), "--offline-mirror", MIRROR])
    assert result.exit_code == 0, result.output
    startup = [f"--output_user_root={base / 'bazel-root'}", "--max_idle_secs=300"]
    ws = Workspace(root, startup)
    try:
        yield ws
    finally:
        subprocess.run(
            [bazel, *startup, "shutdown"], cwd=root, capture_output=True, timeout=120, check=False
        )
        print("classpath aspect timings (s):", ws.timings)


@pytest.fixture(scope="module")
def classpaths(workspace: Workspace) -> dict[str, Classpath]:
    return workspace.classpath(TARGETS, "cold (server start + analysis)")


def test_the_workspace_declares_nothing_for_the_aspect(
    workspace: Workspace, classpaths: dict[str, Classpath]
) -> None:
    assert "migrate_rules" not in (workspace.root / "WORKSPACE").read_text()
    assert "migrate_rules" not in (workspace.root / ".bazelrc").read_text()
    # keyed by the spelling asked for and by the canonical label
    assert classpaths["//libs/core"] is classpaths["//libs/core:core"]
    # only the output group was built: no compilation happened
    assert not (workspace.root / "bazel-bin" / "libs" / "core" / "libcore.jar").exists()


def test_java_kotlin_and_scala_targets_have_their_maven_and_first_party_labels(
    classpaths: dict[str, Classpath],
) -> None:
    core = classpaths["//libs/core"]
    assert core.kind == "java_library"
    assert {"com_google_guava_guava", "org_apache_commons_commons_lang3"} <= core.maven
    assert core.first_party == frozenset()  # the target itself is left out

    summary = classpaths["//reporting/summary"]
    assert summary.kind == "kt_jvm_library"
    assert "org_jetbrains_kotlin_kotlin_stdlib" in summary.maven
    assert "com_google_guava_guava" in summary.maven  # exported by //libs/core
    assert summary.first_party == {"//libs/core:core"}
    # the stand-in's implicit Kotlin stdlib (from the local compiler) is not a declaration
    assert "@com_github_jetbrains_kotlin//:kotlin-stdlib" in summary.compiler.other
    assert not summary.declared.other

    stats = classpaths["//analytics/stats"]
    assert stats.kind == "scala_library"
    assert "org_scala_lang_scala_library" in stats.maven
    assert stats.first_party == {"//libs/core:core"}
    assert stats.maven_coordinates["@maven//:org_scala_lang_scala_library"] == (
        "org.scala-lang:scala-library:2.11.12"
    )


def test_jars_map_to_the_labels_that_produced_them(classpaths: dict[str, Classpath]) -> None:
    summary = classpaths["//reporting/summary"]
    owners = {jar.path.name: jar.owner for jar in summary.transitive_compile_jars}
    assert owners["libcore-ijar.jar"] == "//libs/core:core"
    assert owners["guava-31.1-jre-ijar.jar"] == "@maven//:com_google_guava_guava"
    # Kotlin: the stand-in's jvm-abi-gen jar (Bazel's ijar would drop inline bodies)
    assert owners["summary-abi.jar"] == "//reporting/summary:summary"
    # a java_import's runtime jar is a source file of @maven: mapped to the java_import
    runtime = {jar.path.name: jar for jar in summary.runtime_jars}
    guava = runtime["guava-31.1-jre.jar"]
    assert guava.owner == "@maven//:com_google_guava_guava"
    assert guava.path.is_file() and guava.path.is_absolute()
    direct = {jar.owner for jar in summary.direct_compile_jars}
    assert direct == {
        "//libs/core:core",
        "@maven//:com_google_guava_guava",  # through core's exports
        "@maven//:org_jetbrains_kotlin_kotlin_stdlib",
    }
    # commons-lang3 is an implementation dep of core: on the transitive classpath only
    assert "org_apache_commons_commons_lang3" in summary.compiler.maven
    assert "org_apache_commons_commons_lang3" not in summary.declared.maven


@pytest.mark.parametrize("project", sorted(GRADLE))
def test_declared_classpath_matches_gradles_compile_classpath(
    classpaths: dict[str, Classpath], project: str
) -> None:
    coordinates, projects = GRADLE[project]
    bazel = classpaths[label_of(project)]
    diff = compare_classpaths(coordinates, projects, bazel, label_of)
    assert diff.ok, diff.describe()


def test_the_transitive_classpath_alone_would_be_noise(classpaths: dict[str, Classpath]) -> None:
    # what the compiler sees without strict deps: implementation deps of every dependency
    inventory = classpaths["//services/inventory"]
    coordinates, projects = GRADLE[":services:inventory"]
    naive = replace(inventory, declared=inventory.compiler)
    diff = compare_classpaths(coordinates, projects, naive, label_of)
    assert "org_jetbrains_kotlin_kotlin_stdlib" in diff.extra_maven  # summary's implementation
    assert "commons_io_commons_io" in diff.extra_maven  # util's implementation


def test_a_missing_export_is_flagged_even_though_bazel_still_compiles(
    workspace: Workspace, classpaths: dict[str, Classpath]
) -> None:
    """Gradle `api` guava in :libs:core without `exports` in Bazel: found, and marked as only
    on the transitive classpath (it breaks with strict deps)."""
    build = workspace.root / "libs" / "core" / "BUILD.bazel"
    original = build.read_text()
    edited = original.replace('    exports = ["@maven//:com_google_guava_guava"],\n', "")
    assert edited != original
    build.write_text(edited)
    try:
        fresh = workspace.classpath(["//reporting/summary"], "warm, after a BUILD edit")
    finally:
        build.write_text(original)
    coordinates, projects = GRADLE[":reporting:summary"]
    diff = compare_classpaths(coordinates, projects, fresh["//reporting/summary"], label_of)
    assert "com_google_guava_guava" in diff.missing_maven
    assert "com_google_guava_guava" in diff.only_transitive
    assert not diff.extra_maven and not diff.missing_projects and not diff.extra_projects
    assert any("transitive classpath only" in line for line in diff.describe())


def test_patterns_and_non_jvm_targets(workspace: Workspace) -> None:
    found = workspace.classpath(["//libs/..."], "warm, //libs/...")
    assert "//libs/core:core" in found and "//libs/core:ItemTest" in found  # java_test too
    with pytest.raises(ClasspathError, match="no JavaInfo"):
        workspace.classpath(["//libs/core:BUILD.bazel"], "warm, not a JVM target")


def test_compare_classpaths_with_labels_spelled_any_way() -> None:
    bazel = Classpath(
        target="//a:a",
        kind="java_library",
        declared=Labels(frozenset({"//b:b"}), frozenset({"com_google_guava_guava"})),
        compiler=Labels(frozenset({"//b:b", "//c:c"}), frozenset({"com_google_guava_guava"})),
    )
    diff = compare_classpaths(
        ["com.google.guava:guava:31.1-jre", "junit:junit:4.13.2"],
        [":a", ":b", ":c"],
        bazel,
        lambda p: "@//" + p.strip(":"),
    )
    assert diff.missing_maven == ("junit_junit",)
    assert diff.missing_projects == ("//c:c",)
    assert diff.only_transitive == ("//c:c",)
    assert not diff.extra_maven and not diff.extra_projects
    assert split_label("@@rules_jvm_external~~maven~maven//:x") == ("maven", "", "x")
    assert canonical_label("@@//libs/core") == "//libs/core:core"
