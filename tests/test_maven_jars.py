"""Reading jars (the packages each one provides, the index over many) and the cache kept about
them, which lives under the one cache root ($MIGRATE_CACHE_DIR) like every migrate cache."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest

from migrate.maven import cache as maven_cache
from migrate.maven import jars as jars_module
from migrate.maven.jars import JarError, JarIndex, packages_in_jar
from migrate.maven.pins import plan_maven
from migrate.model import BuildModel
from migrate.targets.context import GenerationContext
from migrate.targets.inputs import GenerationInputs, read_jars
from migrate.targets.tables import RuleTables

GUAVA = Path("/usr/share/java/guava.jar")
JUNIT4 = Path("/usr/share/java/junit4.jar")


def _jar(path: Path, entries: list[str]) -> Path:
    with zipfile.ZipFile(path, "w") as jar:
        for name in entries:
            jar.writestr(name, b"\xca\xfe\xba\xbe" if name.endswith(".class") else b"x")
    return path


def test_packages_in_jar_rules(tmp_path: Path) -> None:
    jar = _jar(
        tmp_path / "lib.jar",
        [
            "META-INF/MANIFEST.MF",
            "META-INF/Stray.class",
            "META-INF/versions/11/com/acme/mr/Only11.class",
            "META-INF/versions/9/module-info.class",
            "module-info.class",
            "Default.class",
            "com/acme/Api.class",
            "com/acme/Api$Inner.class",
            "com/acme/internal/",
            "com/acme/internal/Impl.class",
            "com/acme/docs/package-info.class",
            "com/acme/res/data.txt",
            "BOOT-INF/classes/com/app/Main.class",
        ],
    )
    assert packages_in_jar(jar) == frozenset({"com.acme", "com.acme.internal", "com.acme.mr"})
    assert packages_in_jar(_jar(tmp_path / "empty.jar", [])) == frozenset()


def test_corrupt_truncated_and_missing_jars_raise_jar_error(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.jar"
    garbage.write_bytes(b"not a zip at all")
    good = _jar(tmp_path / "good.jar", [f"a/b/C{i}.class" for i in range(50)])
    truncated = tmp_path / "truncated.jar"
    truncated.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    for bad in (garbage, truncated, tmp_path / "missing.jar"):
        with pytest.raises(JarError, match=bad.name):
            packages_in_jar(bad)
    assert issubclass(JarError, ValueError)


@pytest.mark.skipif(not (GUAVA.exists() and JUNIT4.exists()), reason="libguava-java/junit4 absent")
def test_real_jars_from_usr_share_java() -> None:
    guava = packages_in_jar(GUAVA)
    assert {"com.google.common.collect", "com.google.common.base"} <= guava
    assert not any(p.startswith("META-INF") for p in guava)
    index = JarIndex.build({"@maven//:guava": GUAVA, "@maven//:junit": JUNIT4})
    assert index.owners("com.google.common.collect") == ("@maven//:guava",)
    assert index.owners("org.junit") == ("@maven//:junit",)
    assert index.owners("junit.framework") == ("@maven//:junit",)
    assert index.owners("org.nowhere") == ()


def test_index_owners_sorted_with_split_packages(tmp_path: Path) -> None:
    a = _jar(tmp_path / "a.jar", ["x/y/A.class", "shared/S1.class"])
    b = _jar(tmp_path / "b.jar", ["z/B.class", "shared/S2.class"])
    index = JarIndex.build({"//b": b, "//a": a})
    assert index.owners("shared") == ("//a", "//b")
    assert index.owners("x.y") == ("//a",)
    assert index.owners("x") == ()
    assert index.packages() == frozenset({"x.y", "z", "shared"})
    assert index.packages_by_label["//b"] == frozenset({"z", "shared"})


def test_index_cache_skips_unchanged_jars_and_rereads_changed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    cache = tmp_path / "cache" / "jars.json"
    a = _jar(tmp_path / "a.jar", ["a/A.class"])
    b = _jar(tmp_path / "b.jar", ["b/B.class"])
    first = JarIndex.build({"//a": a, "//b": b}, cache=cache)
    stored = json.loads(cache.read_text())
    assert stored["jars"][str(a)] == {
        "size": a.stat().st_size,
        "mtime_ns": a.stat().st_mtime_ns,
        "packages": ["a"],
    }

    opened: list[str] = []
    real = jars_module.packages_in_jar

    def counting(path: str | Path) -> frozenset[str]:
        opened.append(str(path))
        return real(path)

    monkeypatch.setattr(jars_module, "packages_in_jar", counting)
    again = JarIndex.build({"//a": a, "//b": b}, cache=cache)
    assert opened == []
    assert again.packages_by_label == first.packages_by_label

    _jar(b, ["b/B.class", "b2/New.class"])  # rewritten: size (and mtime) change
    os.utime(b, ns=(b.stat().st_atime_ns, b.stat().st_mtime_ns + 1_000_000_000))
    changed = JarIndex.build({"//a": a, "//b": b}, cache=cache)
    assert opened == [str(b)]
    assert changed.owners("b2") == ("//b",)


def test_index_cache_that_is_corrupt_is_rebuilt(tmp_path: Path) -> None:
    cache = tmp_path / "jars.json"
    cache.write_text("{ not json")
    a = _jar(tmp_path / "a.jar", ["a/A.class"])
    assert JarIndex.build({"//a": a}, cache=cache).owners("a") == ("//a",)
    assert json.loads(cache.read_text())["version"] == maven_cache.CACHE_VERSION
    cache.write_text(json.dumps({"version": 1, "jars": {str(a): {"size": "wrong"}}}))
    assert JarIndex.build({"//a": a}, cache=cache).owners("a") == ("//a",)


def test_index_broken_jars_raise_or_are_recorded(tmp_path: Path) -> None:
    good = _jar(tmp_path / "good.jar", ["g/G.class"])
    bad = tmp_path / "bad.jar"
    bad.write_bytes(b"PK\x03\x04 truncated")
    with pytest.raises(JarError, match="bad.jar"):
        JarIndex.build({"//good": good, "//bad": bad})
    index = JarIndex.build(
        {"//good": good, "//bad": bad, "//gone": tmp_path / "gone.jar"}, skip_broken=True
    )
    assert index.owners("g") == ("//good",)
    assert set(index.broken) == {"//bad", "//gone"}
    assert "gone.jar" in index.broken["//gone"]


def test_the_jar_cache_generation_writes_lands_under_migrate_cache_dir(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MIGRATE_CACHE_DIR", str(tmp_path / "migrate-cache"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    mirror = tmp_path / "mirror"
    version_dir = mirror / "com" / "acme" / "lib" / "1.0"
    version_dir.mkdir(parents=True)
    jar = _jar(version_dir / "lib-1.0.jar", ["com/acme/lib/Lib.class"])
    model = BuildModel(str(tmp_path / "build"), ())
    jars = read_jars(str(mirror), ["com.acme:lib:1.0"])
    inputs = GenerationInputs({}, jars)
    ctx = GenerationContext(model, RuleTables.load(), plan_maven(model), inputs)

    index = ctx.jar_index([("@maven//:com_acme_lib", "com.acme:lib:1.0")])

    assert index is not None and index.owners("com.acme.lib") == ("@maven//:com_acme_lib",)
    written = tmp_path / "migrate-cache" / maven_cache.JAR_PACKAGES
    assert maven_cache.jar_packages_file() == written
    assert list(json.loads(written.read_text())["jars"]) == [str(jar)]
    assert not (tmp_path / "xdg").exists()
