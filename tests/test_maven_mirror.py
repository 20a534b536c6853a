"""The offline @maven repository over a local Maven mirror, and the offline workspace files."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from migrate.bazel.offline import (
    MARKER,
    bazelrc_lines,
    cached_stand_in,
    render_offline_workspace,
    vendored_rule_files,
)
from migrate.bazel.spec import MavenRepository, WorkspaceSpec
from migrate.maven.labels import maven_label_name
from migrate.maven.mirror import MirrorError, render_maven_build, resolve_mirror

REPO = Path(__file__).resolve().parent.parent
RULES_DIR = REPO / "rules" / "bazel"
DEBIAN_MIRROR = Path("/usr/share/maven-repo")


# --- a fake Maven-layout mirror ----------------------------------------------------------------


def _dep(coordinate: str, scope: str | None = None, optional: bool = False,
         exclusions: tuple[str, ...] = (), classifier: str | None = None) -> str:  # fmt: skip
    group, artifact, *rest = coordinate.split(":")
    xml = f"<dependency><groupId>{group}</groupId><artifactId>{artifact}</artifactId>"
    if rest and rest[0]:
        xml += f"<version>{rest[0]}</version>"
    if classifier:
        xml += f"<classifier>{classifier}</classifier>"
    if scope:
        xml += f"<scope>{scope}</scope>"
    if optional:
        xml += "<optional>true</optional>"
    if exclusions:
        xml += (
            "<exclusions>"
            + "".join(
                f"<exclusion><groupId>{e.split(':')[0]}</groupId>"
                f"<artifactId>{e.split(':')[1]}</artifactId></exclusion>"
                for e in exclusions
            )
            + "</exclusions>"
        )
    return xml + "</dependency>"


def _publish(mirror: Path, coordinate: str, deps: tuple[str, ...] = (), jar: bool = True,
             extra: str = "", classifiers: tuple[str, ...] = (),
             packaging: str = "jar") -> None:  # fmt: skip
    group, artifact, version = coordinate.split(":")
    vdir = mirror.joinpath(*group.split("."), artifact, version)
    vdir.mkdir(parents=True, exist_ok=True)
    (vdir / f"{artifact}-{version}.pom").write_text(
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        '<project xmlns="http://maven.apache.org/POM/4.0.0">'
        f"<modelVersion>4.0.0</modelVersion><groupId>{group}</groupId>"
        f"<artifactId>{artifact}</artifactId><version>{version}</version>"
        f"<packaging>{packaging}</packaging>{extra}"
        f"<dependencies>{''.join(deps)}</dependencies></project>\n",
        encoding="utf-8",
    )
    if jar:
        (vdir / f"{artifact}-{version}.jar").write_bytes(b"PK\x05\x06" + bytes(18))
    for classifier in classifiers:
        (vdir / f"{artifact}-{version}-{classifier}.jar").write_bytes(b"PK\x05\x06" + bytes(18))


@pytest.fixture
def mirror(tmp_path: Path) -> Path:
    root = tmp_path / "maven-repo"
    # a parent POM with properties and dependencyManagement, and an imported BOM
    _publish(root, "org.bom:bom:1.0", jar=False, packaging="pom", extra=(
        "<dependencyManagement><dependencies>"
        "<dependency><groupId>org.b</groupId><artifactId>b-core</artifactId>"
        "<version>2.0</version></dependency></dependencies></dependencyManagement>"))  # fmt: skip
    _publish(root, "org.a:a-parent:1", jar=False, packaging="pom", extra=(
        "<properties><g.version>3.1</g.version></properties>"
        "<dependencyManagement><dependencies>"
        "<dependency><groupId>org.g</groupId><artifactId>g</artifactId>"
        "<version>${g.version}</version></dependency>"
        "<dependency><groupId>org.bom</groupId><artifactId>bom</artifactId><version>1.0</version>"
        "<type>pom</type><scope>import</scope></dependency>"
        "</dependencies></dependencyManagement>"))  # fmt: skip
    _publish(root, "org.a:a:1.0", extra=(
        "<parent><groupId>org.a</groupId><artifactId>a-parent</artifactId>"
        "<version>1</version></parent>"), deps=(
        _dep("org.b:b-core:"),                            # version from the imported BOM
        _dep("org.c:c:1.0", scope="runtime"),
        _dep("org.d:d:1.0", scope="test"),
        _dep("org.e:e:1.0", optional=True),
        _dep("org.f:f:1.0", scope="provided"),
        _dep("org.g:g:"),                                 # version from the parent, a property
        _dep("org.h:h:${project.version}", exclusions=("org.x:*",)),
        _dep("org.gone:gone:9.9"),                        # not in the mirror
    ))  # fmt: skip
    _publish(root, "org.b:b-core:2.0", deps=(_dep("org.x:x:1.0"),))
    _publish(root, "org.c:c:1.0")
    _publish(root, "org.d:d:1.0")
    _publish(root, "org.e:e:1.0")
    _publish(root, "org.f:f:1.0")
    _publish(root, "org.g:g:3.1")
    _publish(root, "org.h:h:1.0", deps=(_dep("org.x:x:1.0"), _dep("org.y:y:1.0")))
    _publish(root, "org.x:x:1.0")
    _publish(root, "org.y:y:1.0")
    # Debian-style version directories
    _publish(root, "junit:junit:4.x", deps=(_dep("org.hamcrest:hamcrest:debian"),))
    _publish(root, "org.hamcrest:hamcrest:debian")
    _publish(root, "org.only:only:7.7")
    _publish(root, "org.deb:deb:debian")
    _publish(root, "org.old:old-name:debian", jar=False, extra=(
        "<distributionManagement><relocation><groupId>org.hamcrest</groupId>"
        "<artifactId>hamcrest</artifactId></relocation></distributionManagement>"))  # fmt: skip
    _publish(root, "com.example:foo:1.0", classifiers=("tests",))
    _publish(root, "org.agg:agg:1.0", jar=False, packaging="pom", deps=(_dep("org.c:c:1.0"),))
    return root


# --- naming ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("coordinate", "name"),
    [
        ("com.google.guava:guava:31.1-jre", "com_google_guava_guava"),
        ("junit:junit:4.13.2", "junit_junit"),
        ("org.scala-lang:scala-library:2.11.12", "org_scala_lang_scala_library"),
        ("org.scala-lang.modules:scala-xml_2.13:2.1.0", "org_scala_lang_modules_scala_xml_2_13"),
        ("com.example:foo:1.0:tests", "com_example_foo_tests"),
        (
            "io.netty:netty-tcnative:2.0.61.Final:linux-x86_64",
            "io_netty_netty_tcnative_linux_x86_64",
        ),
        ("org.jetbrains.kotlin:kotlin-stdlib:1.3.31@jar", "org_jetbrains_kotlin_kotlin_stdlib"),
        ("com.example:weird$name+x/y:1", "com_example_weird_name_x_y"),
        ("com.example:arr[]:1", "com_example_arr"),
        ("com.example:no-version", "com_example_no_version"),
    ],
)
def test_targets_are_named_as_rules_jvm_external_names_them(coordinate: str, name: str) -> None:
    assert maven_label_name(coordinate) == name


def test_classifier_jar_and_name(mirror: Path) -> None:
    [foo] = resolve_mirror(mirror, ["com.example:foo:1.0:tests"])
    assert foo.name == "com_example_foo_tests"
    assert foo.jar == "com/example/foo/1.0/foo-1.0-tests.jar"


# --- POM dependencies -------------------------------------------------------------------------


def test_compile_and_runtime_dependencies_are_followed_transitively(mirror: Path) -> None:
    artifacts = {a.name: a for a in resolve_mirror(mirror, ["org.a:a:1.0"])}
    a = artifacts["org_a_a"]
    assert a.deps == ("org_b_b_core", "org_g_g", "org_h_h")
    assert a.runtime_deps == ("org_c_c",)
    # test, provided and optional dependencies are not followed
    assert not {"org_d_d", "org_e_e", "org_f_f"} & set(artifacts)
    # versions from an imported BOM and from the parent's dependencyManagement (a property)
    assert artifacts["org_b_b_core"].coordinate == "org.b:b-core:2.0"
    assert artifacts["org_g_g"].coordinate == "org.g:g:3.1"
    # transitive: b-core -> x even though h excludes x (b-core reaches it without exclusion)
    assert artifacts["org_b_b_core"].deps == ("org_x_x",)
    assert artifacts["org_h_h"].deps == ("org_x_x", "org_y_y")
    # a dependency missing from the mirror is left out, with a comment
    assert any("org.gone:gone:9.9 is not in the Maven mirror" in n for n in a.notes)


def test_exclusions_keep_an_artifact_out_when_only_reached_through_them(mirror: Path) -> None:
    _publish(mirror, "org.z:z:1.0", deps=(_dep("org.h:h:1.0", exclusions=("org.x:x",)),))
    artifacts = {a.name: a for a in resolve_mirror(mirror, ["org.z:z:1.0"])}
    assert set(artifacts) == {"org_z_z", "org_h_h", "org_y_y"}
    assert artifacts["org_h_h"].deps == ("org_y_y",)


def test_pom_only_artifacts_and_relocations_export_their_targets(mirror: Path) -> None:
    build = render_maven_build(mirror, ["org.agg:agg:1.0", "org.old:old-name:2.0"])
    assert re.search(r'java_library\(\n    name = "org_agg_agg",(.|\n)*exports = \[\n'
                     r'        ":org_c_c",', build)  # fmt: skip
    assert re.search(r'java_library\(\n    name = "org_old_old_name",(.|\n)*exports = \[\n'
                     r'        ":org_hamcrest_hamcrest",', build)  # fmt: skip
    assert "org.old:old-name:debian is relocated to org.hamcrest:hamcrest:debian" in build


# --- version fallbacks and errors -------------------------------------------------------------


def test_missing_versions_fall_back_to_debian_dirs_and_say_so(mirror: Path) -> None:
    build = render_maven_build(
        mirror, ["junit:junit:4.12", "org.deb:deb:1.2.3", "org.only:only:1.0"]
    )
    assert 'jars = ["junit/junit/4.x/junit-4.x.jar"]' in build
    assert "# junit:junit:4.12: version 4.12 is not in the mirror, using Debian's '4.x'" in build
    assert 'jars = ["org/deb/deb/debian/deb-debian.jar"]' in build
    assert "using Debian's 'debian'" in build
    assert 'jars = ["org/only/only/7.7/only-7.7.jar"]' in build
    assert "using the only one there, 7.7" in build
    assert '":org_hamcrest_hamcrest"' in build  # junit's dependency, at Debian's version


def test_a_pinned_artifact_missing_from_the_mirror_is_an_error(mirror: Path) -> None:
    with pytest.raises(MirrorError) as error:
        resolve_mirror(mirror, ["org.c:c:1.0", "com.nowhere:lib:2.0"])
    message = str(error.value)
    assert "com.nowhere:lib:2.0 is not in the Maven mirror" in message
    assert str(mirror / "com" / "nowhere" / "lib" / "2.0" / "lib-2.0.jar") in message
    assert str(mirror / "com" / "nowhere" / "lib" / "debian" / "lib-debian.jar") in message


def test_a_version_that_has_no_fallback_lists_what_is_there(mirror: Path) -> None:
    _publish(mirror, "org.c:c:2.0")
    with pytest.raises(MirrorError, match=r"org\.c:c:3\.0 .*versions there: 1\.0, 2\.0"):
        resolve_mirror(mirror, ["org.c:c:3.0"])


def test_a_missing_mirror_and_a_bad_coordinate_are_errors(tmp_path: Path, mirror: Path) -> None:
    with pytest.raises(MirrorError, match="does not exist"):
        resolve_mirror(tmp_path / "nope", ["org.c:c:1.0"])
    with pytest.raises(MirrorError, match="not a Maven coordinate"):
        resolve_mirror(mirror, ["just-a-name"])


def test_one_target_per_artifact_the_highest_pinned_version_wins(mirror: Path) -> None:
    _publish(mirror, "org.c:c:1.10")
    [c] = resolve_mirror(mirror, ["org.c:c:1.10", "org.c:c:1.0"])
    assert c.coordinate == "org.c:c:1.10"
    assert c.notes == ("also pinned, ignored: org.c:c:1.0",)


def test_output_is_sorted_and_independent_of_input_order(mirror: Path) -> None:
    pins = ["org.a:a:1.0", "junit:junit:4.12", "com.example:foo:1.0:tests"]
    first = render_maven_build(mirror, pins)
    assert first == render_maven_build(mirror, list(reversed(pins)))
    names = re.findall(r'^    name = "([^"]+)"', first, re.M)
    assert names == sorted(names)
    assert 'package(default_visibility = ["//visibility:public"])' in first
    assert first.count('visibility = ["//visibility:public"],') == len(names)


@pytest.mark.skipif(shutil.which("buildifier") is None, reason="buildifier is not installed")
def test_the_build_file_is_buildifier_clean(mirror: Path, tmp_path: Path) -> None:
    path = tmp_path / "BUILD.bazel"
    path.write_text(render_maven_build(mirror, ["org.a:a:1.0", "org.agg:agg:1.0"]))
    result = subprocess.run(["buildifier", "--mode=check", str(path)], capture_output=True,
                            text=True)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr


# --- Debian's real mirror ---------------------------------------------------------------------


@pytest.mark.skipif(not DEBIAN_MIRROR.is_dir(), reason="no /usr/share/maven-repo (Debian)")
def test_debian_mirror_guava_junit_and_kotlin() -> None:
    artifacts = {
        a.name: a
        for a in resolve_mirror(
            DEBIAN_MIRROR,
            [
                "com.google.guava:guava:31.1-jre",
                "junit:junit:4.13.2",
                "org.jetbrains.kotlin:kotlin-stdlib:1.3.31",
            ],
        )  # fmt: skip
    }
    guava = artifacts["com_google_guava_guava"]
    assert guava.jar == "com/google/guava/guava/31.1-jre/guava-31.1-jre.jar"
    # Debian merges failureaccess into guava.jar; its POM lists the annotation jars
    assert "com_google_errorprone_error_prone_annotations" in guava.deps
    assert artifacts["junit_junit"].deps == ("org_hamcrest_hamcrest",)
    assert "org_jetbrains_kotlin_kotlin_stdlib_common" in (
        artifacts["org_jetbrains_kotlin_kotlin_stdlib"].deps
    )
    for artifact in artifacts.values():
        assert artifact.jar is None or (DEBIAN_MIRROR / artifact.jar).is_file()


# --- the offline workspace --------------------------------------------------------------------


def _spec(languages: set[str], mirror: Path, **kwargs) -> WorkspaceSpec:
    return WorkspaceSpec(
        name="demo", bazel_version="4.2.3", languages=frozenset(languages),
        maven=(MavenRepository("maven", ("org.c:c:1.0",)),
               MavenRepository("maven_2", ("org.c:c:2.0",))),
        offline_mirror=str(mirror), **kwargs,
    )  # fmt: skip


def test_offline_workspace_declares_each_maven_repository_over_the_mirror(mirror: Path) -> None:
    _publish(mirror, "org.c:c:2.0")
    files = render_offline_workspace(_spec({"java"}, mirror), RULES_DIR)
    maven = "third_party/maven/"
    assert set(files) == {"WORKSPACE", maven + "BUILD.bazel", maven + "BUILD.maven",
                          maven + "BUILD.maven_2"}  # fmt: skip
    workspace = files["WORKSPACE"]
    assert MARKER in workspace
    assert 'workspace(name = "demo")' in workspace
    for name in ("maven", "maven_2"):
        assert (f'new_local_repository(\n    name = "{name}",\n'
                f'    build_file = "//third_party/maven:BUILD.{name}",\n'
                f'    path = "{mirror}",\n)') in workspace  # fmt: skip
    assert "rules_kotlin" not in workspace.split("workspace(name")[1]
    assert '"org/c/c/2.0/c-2.0.jar"' in files["third_party/maven/BUILD.maven_2"]
    assert '"BUILD.maven_2",' in files["third_party/maven/BUILD.bazel"]


def test_offline_workspace_vendors_the_kotlin_and_scala_stand_ins(mirror: Path) -> None:
    _publish(mirror, "org.c:c:2.0")
    files = render_offline_workspace(_spec({"java", "kotlin", "scala"}, mirror), RULES_DIR)
    workspace = files["WORKSPACE"]
    assert ('local_repository(\n    name = "rules_kotlin",\n'
            '    path = "third_party/bazel/rules_kotlin",\n)') in workspace  # fmt: skip
    assert 'load("@rules_kotlin//kotlin:repositories.bzl", "kotlin_repositories")' in workspace
    assert 'load("@rules_scala//scala:repositories.bzl", "scala_repositories")' in workspace
    ignored = [line for line in files[".bazelignore"].splitlines() if not line.startswith("#")]
    assert ignored == ["third_party/bazel/rules_kotlin", "third_party/bazel/rules_scala"]
    assert MARKER in files[".bazelignore"]  # so later runs keep it up to date
    for rel in ("rules_kotlin/WORKSPACE", "rules_kotlin/kotlin/jvm.bzl",
                "rules_kotlin/kotlin/private/JvmCompile.java", "rules_scala/scala/scala.bzl",
                "rules_scala/scala/private/gen_junit_suite.sh",
                "rules_kotlin/kotlin/private/StableAbi.java"):  # fmt: skip
        content = files[f"third_party/bazel/{rel}"]
        assert MARKER in content, rel  # so later runs keep the copies up to date
    assert files["third_party/bazel/rules_scala/scala/private/gen_junit_suite.sh"].startswith(
        "#!/usr/bin/env bash\n# " + MARKER
    )
    assert files["third_party/bazel/rules_kotlin/kotlin/private/StableAbi.java"].startswith(
        "// " + MARKER
    )
    # every line the .bazelrc needs is in the WORKSPACE's comment
    for line in bazelrc_lines("/opt/bazel-offline"):
        assert f"#   {line}\n" in workspace


def test_offline_workspace_can_point_at_migrates_own_copy(mirror: Path) -> None:
    """vendor_rules=False: no copy in the workspace; the stand-in is written once, complete, into
    migrate's cache directory (tests/conftest.py points $MIGRATE_CACHE_DIR at a temporary one)."""
    _publish(mirror, "org.c:c:2.0")
    files = render_offline_workspace(_spec({"kotlin"}, mirror), RULES_DIR, vendor_rules=False)
    stand_in = cached_stand_in(RULES_DIR, "rules_kotlin")
    assert stand_in.resolve().is_relative_to(Path(os.environ["MIGRATE_CACHE_DIR"]).resolve())
    assert f'path = "{stand_in.resolve()}"' in files["WORKSPACE"]
    assert not any(k.startswith("third_party/bazel/") for k in files)
    written = {
        f"third_party/bazel/rules_kotlin/{p.relative_to(stand_in).as_posix()}": p.read_text()
        for p in stand_in.rglob("*")
        if p.is_file()
    }
    assert written == vendored_rule_files(RULES_DIR, "rules_kotlin")


def test_offline_workspace_needs_a_mirror() -> None:
    spec = WorkspaceSpec("demo", "4.2.3", frozenset({"java"}), ())
    with pytest.raises(ValueError, match="offline_mirror"):
        render_offline_workspace(spec, RULES_DIR)


def test_bazelrc_lines_follow_the_offline_tools_dir() -> None:
    lines = bazelrc_lines("/srv/tools")
    assert "build --override_repository=rules_cc=/srv/tools/rules_cc" in lines
    assert "fetch --override_repository=rules_java=/usr/share/bazel/rules/java" in lines
    assert lines[-1] == "build --nosandbox_debug"
    assert len(lines) == 19


@pytest.mark.parametrize("vendor_rules", [True, False], ids=["vendored", "cached"])
@pytest.mark.parametrize("name", ["jvm_common.bzl", "local_compiler.bzl", "JvmCompile.java"])
def test_both_written_stand_ins_hold_the_shared_file(
    mirror: Path, name: str, vendor_rules: bool
) -> None:
    """One source, rules/bazel/jvm_common/<name>, written whole into each stand-in's private
    package (below migrate's marker line naming that source)."""
    _publish(mirror, "org.c:c:2.0")
    shared = (RULES_DIR / "jvm_common" / name).read_text(encoding="utf-8")
    spec = _spec({"kotlin", "scala"}, mirror)
    files = render_offline_workspace(spec, RULES_DIR, vendor_rules=vendor_rules)
    for repository, package in (("rules_kotlin", "kotlin"), ("rules_scala", "scala")):
        assert not (RULES_DIR / repository / package / "private" / name).exists()  # no copy
        if vendor_rules:
            written = files[f"third_party/bazel/{repository}/{package}/private/{name}"]
        else:
            found = re.search(f'name = "{repository}",\n    path = "([^"]+)"', files["WORKSPACE"])
            assert found, repository
            written = (Path(found[1]) / package / "private" / name).read_text(encoding="utf-8")
        marker, body = written.split("\n", 1)
        assert MARKER in marker and f"rules/bazel/jvm_common/{name}" in marker
        assert body == shared, f"{repository}'s {name} is not the shared file"


def test_a_second_source_of_a_shared_file_is_refused(tmp_path: Path) -> None:
    rules = tmp_path / "bazel"
    shutil.copytree(RULES_DIR, rules)
    shutil.copy(rules / "jvm_common" / "JvmCompile.java", rules / "rules_scala/scala/private")
    assert vendored_rule_files(rules, "rules_kotlin")
    with pytest.raises(FileExistsError, match="keep only the shared one"):
        vendored_rule_files(rules, "rules_scala")
