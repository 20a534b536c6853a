"""Generation on what real builds contain: test classes sharing a simple name, package
cycles whose output must be byte-stable, module descriptors, Groovy sources, the root project.

The builds are small fixtures (tests/fixtures/generate/<case>/in, also golden cases) or written
here; each failure class was first seen on a real repository."""

from __future__ import annotations

import itertools
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from migrate.bazel.rule import BuildFile, Glob
from migrate.gradle.reader import read_build
from migrate.pipeline import GenerationResult, run_generation
from migrate.sources import cache as scan_cache
from migrate.sources.cache import SourceScanCache
from migrate.sources.scanner import list_source_files
from migrate.targets.generate import GenerateOptions, GenerationError
from migrate.targets.naming import TestClass, unique_test_names

CASES = Path(__file__).parent / "fixtures" / "generate"


def _copy(case: str, tmp_path: Path, name: str | None = None) -> Path:
    root = tmp_path / (name or case)
    root.parent.mkdir(parents=True, exist_ok=True)
    shutil.copytree(CASES / case / "in", root)
    return root


def _generate(root: Path, granularity: str = "module") -> GenerationResult:
    options = GenerateOptions(granularity=granularity, cache=False)
    return run_generation(root, read_build(str(root)), options)


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        (root / rel).parent.mkdir(parents=True, exist_ok=True)
        (root / rel).write_text(text)
    return root


def _rules(result: GenerationResult, package: str) -> dict[str, dict]:
    build = next(f for f in result.generation.build_files if f.package == package)
    return {rule.name: dict(rule.attrs) for rule in build.rules}


def _warnings(result: GenerationResult, project: str) -> list[str]:
    return [f.message for f in result.findings if f.project == project and f.severity == "warning"]


# ---- (a) test classes sharing a simple name ---------------------------------------------------


def test_test_classes_sharing_a_simple_name_are_qualified_by_their_package(
    tmp_path: Path,
) -> None:
    result = _generate(_copy("test-name-clash", tmp_path))
    shop = _rules(result, "shop")
    tests = {name: attrs["test_class"] for name, attrs in shop.items() if "test_class" in attrs}
    assert tests == {
        "ShopTest": "org.acme.shop.ShopTest",  # unique: keeps its simple name
        "api_CartTest": "org.acme.shop.api.CartTest",
        "db_CartTest": "org.acme.shop.db.CartTest",
        "support_shop_test_lib": "org.acme.shop.support.shop_test_lib",  # the helper's name
    }
    assert "shop_test_lib" in shop and "srcs" in shop["shop_test_lib"]
    assert {"read_CodecTest", "write_CodecTest"} <= set(_rules(result, "kt"))
    scala = _rules(result, "sc")
    assert scala["x_impl_StatsTest"]["suffixes"] == ("StatsTest",)  # two segments needed
    assert set(_rules(result, "Clock")) == {"Clock", "clock_Clock"}  # named like the library


def test_test_names_depend_on_the_classes_only_not_their_order() -> None:
    classes = [
        TestClass("x.a.FooTest", "p/src/test/java/x/a/FooTest.java"),
        TestClass("y.a.FooTest", "p/src/test/java/y/a/FooTest.java"),
        TestClass("c.FooTest", "p/src/test/java/c/FooTest.java"),
        TestClass("c.BarTest", "p/src/test/java/c/BarTest.java"),
    ]
    expected = {"x_a_FooTest", "y_a_FooTest", "c_FooTest", "BarTest"}
    for order in itertools.permutations(classes):
        names = unique_test_names(order, {"p", "p_test_lib"}, ":p", "p/BUILD.bazel")
        assert set(names.values()) == expected
        assert names[classes[2]] == "c_FooTest"


def test_a_class_declared_twice_is_an_error_naming_the_project_and_both_files(
    tmp_path: Path,
) -> None:
    test = "package a\n\nimport org.junit.Test\n\nclass FooTest {\n    @Test\n    fun t() {}\n}\n"
    root = _write(
        tmp_path / "dup",
        {
            "settings.gradle": "include 'svc'\n",
            "svc/build.gradle": "apply plugin: 'kotlin'\n",
            "svc/src/main/kotlin/a/Foo.kt": "package a\n\nclass Foo\n",
            "svc/src/test/kotlin/a/FooTest.kt": test,
            "svc/src/test/java/a/FooTest.java": (
                "package a;\n\nimport org.junit.Test;\n\n"
                "public class FooTest {\n    @Test\n    public void t() {}\n}\n"
            ),
        },
    )
    with pytest.raises(GenerationError) as raised:
        _generate(root)
    message = str(raised.value)
    assert ":svc" in message
    assert "svc/src/test/java/a/FooTest.java" in message
    assert "svc/src/test/kotlin/a/FooTest.kt" in message


# ---- (b) package granularity, byte-stable ---------------------------------------------------


def _cli(root: Path, seed: int, cache: Path) -> None:
    env = {**os.environ, "PYTHONHASHSEED": str(seed), "MIGRATE_CACHE_DIR": str(cache)}
    command = [sys.executable, "-m", "migrate", "generate", str(root), "--granularity"]
    command += ["package", "--no-cache", "--bazel-version", "4.2.3"]
    done = subprocess.run(command, env=env, capture_output=True, text=True, timeout=300)
    assert done.returncode == 0, done.stdout + done.stderr


def _tree(root: Path) -> dict[str, bytes]:
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file()
    }


def test_package_granularity_is_byte_stable_across_hash_seeds_and_reruns(tmp_path: Path) -> None:
    """Fresh copies generated under other hash seeds hold the same bytes, and generating
    again (another seed) changes nothing: no BUILD file flips between two versions."""
    seeds = (0, 1, 7, 123)
    trees = []
    for seed in seeds:
        root = _copy("package-determinism", tmp_path, f"seed-{seed}/build")
        _cli(root, seed, tmp_path / f"cache-{seed}")
        first = _tree(root)
        _cli(root, seed + 1000, tmp_path / f"cache-{seed}")
        assert _tree(root) == first, f"regenerating under seed {seed + 1000} changed files"
        trees.append(first)
    assert any(rel.endswith("BUILD.bazel") for rel in trees[0])
    for seed, tree in zip(seeds[1:], trees[1:], strict=True):
        assert tree == trees[0], f"PYTHONHASHSEED={seed} wrote other files than seed 0"


def test_every_build_file_is_generated_once(tmp_path: Path) -> None:
    result = _generate(_copy("package-determinism", tmp_path), "package")
    packages = [f.package for f in result.generation.build_files]
    assert len(packages) == len(set(packages))


def _referenced_paths(rule_attrs: dict) -> list[str]:
    """Files and glob directories a rule names inside its own package."""
    out = []
    for key in ("srcs", "resources"):
        value = rule_attrs.get(key)
        if isinstance(value, Glob):
            out += [re.split(r"/?\*", pattern)[0] for pattern in value.include]
        elif isinstance(value, tuple):
            out += [v for v in value if not v.startswith((":", "//", "@"))]
    return [p for p in out if p]


def _crossings(files: tuple[BuildFile, ...]) -> list[str]:
    """Paths a target names that lie in a package below its own (Bazel cannot see them)."""
    packages = {f.package for f in files}
    found = []
    for build in files:
        below = [p for p in packages if p.startswith(build.package + "/" if build.package else "")]
        for rule in build.rules:
            for path in _referenced_paths(dict(rule.attrs)):
                full = f"{build.package}/{path}" if build.package else path
                if any(full.startswith(p + "/") for p in below if p != build.package):
                    found.append(f"//{build.package}:{rule.name} names {path}")
    return found


def test_no_target_names_files_of_another_package(tmp_path: Path) -> None:
    """A merged cycle's BUILD file in a common ancestor would take in other directories (here
    src/main/resources of the module target): Bazel's globs then drop those files."""
    result = _generate(_copy("package-determinism", tmp_path), "package")
    assert _crossings(result.generation.build_files) == []


def test_parallel_and_serial_scans_agree(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    root = _copy("package-determinism", tmp_path)
    paths = list_source_files([str(root)])
    serial = SourceScanCache(root, enabled=False).scan(paths, workers=1)
    monkeypatch.setattr(scan_cache, "PARALLEL_THRESHOLD", 0)
    parallel = SourceScanCache(root, enabled=False).scan(paths, workers=2)
    assert list(parallel.items()) == list(serial.items())


# ---- (h) module-info.java, Groovy, the root project -----------------------------------------


@pytest.mark.parametrize("granularity", ["module", "package"])
def test_module_info_is_left_out_of_srcs_and_reported(tmp_path: Path, granularity: str) -> None:
    root = _copy("module-info-groovy", tmp_path)
    result = _generate(root, granularity)
    for change in result.changes:
        if change.path.endswith("BUILD.bazel"):
            for line in change.new.splitlines():
                assert "module-info.java" not in line or "exclude" in line, change.path
    assert "lib/src/main/java" not in result.generation.packages[":lib"]
    warned = _warnings(result, ":lib")
    assert any("src/main/java/module-info.java" in w for w in warned), warned
    assert any("src/test/java/module-info.java" in w for w in warned), warned


def test_groovy_sources_are_reported_not_silently_dropped(tmp_path: Path) -> None:
    result = _generate(_copy("module-info-groovy", tmp_path))
    scripts, spock = _warnings(result, ":scripts"), _warnings(result, ":spock")
    assert any("src/main/groovy" in w and "Groovy is not generated" in w for w in scripts)
    assert any("src/test/groovy" in w and "Groovy is not generated" in w for w in spock)


def test_root_project_kotlin_module_name_is_the_root_projects_name(tmp_path: Path) -> None:
    named = _generate(_copy("module-info-groovy", tmp_path))
    assert _rules(named, "")["edges"]["module_name"] == "edges"  # rootProject.name
    root = _write(
        tmp_path / "plain-root",
        {
            "settings.gradle": "include 'other'\n",
            "build.gradle": "apply plugin: 'kotlin'\n",
            "src/main/kotlin/p/Main.kt": "package p\n\nclass Main\n",
        },
    )
    unnamed = _generate(root, "package")
    rules = [rule for build in unnamed.generation.build_files for rule in build.rules]
    modules = {rule.attr("module_name") for rule in rules if rule.attr("module_name")}
    assert modules == {"plain-root"}  # the directory's name, not ":"


def test_files_with_the_same_content_keep_their_own_paths_through_the_cache(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Two identical files, both touched (a checkout): each scan still names its own file."""
    monkeypatch.setenv("MIGRATE_CACHE_DIR", str(tmp_path / "cache"))
    root = _write(
        tmp_path / "same",
        {f"{d}/p/X.java": "package p;\n\npublic class X {}\n" for d in ("a", "b")},
    )
    paths = [str(root / "a/p/X.java"), str(root / "b/p/X.java")]
    first = SourceScanCache(root)
    first.scan(paths)
    first.save()
    for path in paths:
        os.utime(path, ns=(1, 1))
    again = SourceScanCache(root).scan(paths)
    assert {path: scan.path for path, scan in again.items()} == {p: p for p in paths}
