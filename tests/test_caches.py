"""The caches that make re-runs fast must never make them wrong: the up-to-date check of
`migrate generate`, the cached static model of `migrate scan`, and the source scan cache."""

from __future__ import annotations

import json
import os
from pathlib import Path

from click.testing import CliRunner

from migrate.cli import main
from migrate.sources.cache import SourceScanCache


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_second_generate_is_up_to_date_and_edits_are_seen_at_once(example_copy: Path) -> None:
    first = run("generate", str(example_copy))
    assert first.exit_code == 0 and "file(s) written" in first.output
    assert "nothing changed since the last run" in run("generate", str(example_copy)).output
    build = example_copy / "libs/core/BUILD.bazel"
    text = build.read_text()
    build.write_text(text.replace('"//visibility:public"', '"//visibility:private"'))
    assert len(build.read_text()) == len(text) + 1
    # immediately, maybe within the same clock tick: the edit must still be noticed
    again = run("generate", str(example_copy))
    assert "nothing changed" not in again.output
    same_size = text.replace("java_library(", "java_library(", 1).replace("core", "cor3", 1)
    build.write_text(same_size)
    os.utime(build, ns=(build.stat().st_atime_ns, build.stat().st_mtime_ns))
    assert "nothing changed" not in run("generate", str(example_copy)).output
    assert run("generate", str(example_copy), "--check").exit_code == 0


def test_an_edit_made_while_generate_runs_is_seen_by_the_next_run(
    example_copy: Path, monkeypatch
) -> None:
    import migrate.cli.build_commands as commands

    script = example_copy / "libs/util/build.gradle"
    generation = commands.run_generation

    def edit_meanwhile(*args, **kwargs):
        result = generation(*args, **kwargs)  # the model was read before this edit
        script.write_text(
            script.read_text() + "\ndependencies { implementation project(':libs:text') }\n"
        )
        return result

    monkeypatch.setattr(commands, "run_generation", edit_meanwhile)
    assert run("generate", str(example_copy)).exit_code == 0
    monkeypatch.setattr(commands, "run_generation", generation)
    again = run("generate", str(example_copy))
    assert "nothing changed" not in again.output
    assert "//libs/text" in (example_copy / "libs/util/BUILD.bazel").read_text()
    assert "nothing changed" in run("generate", str(example_copy)).output


def test_generate_with_other_options_is_not_up_to_date(example_copy: Path) -> None:
    run("generate", str(example_copy))
    other = run("generate", str(example_copy), "--granularity", "package")
    assert "nothing changed" not in other.output


def test_scan_sees_a_new_language_file(example_copy: Path) -> None:
    def languages() -> list[str]:
        data = json.loads(run("scan", str(example_copy), "--format", "json").output)
        core = next(p for p in data["projects"] if p["path"] == ":libs:core")
        return core["languages"]["main"]

    assert languages() == ["java"]
    kotlin = example_copy / "libs/core/src/main/kotlin/com/example/core/Extra.kt"
    kotlin.parent.mkdir(parents=True)
    kotlin.write_text("package com.example.core\n\nclass Extra\n")
    assert languages() == ["java", "kotlin"]


def test_source_cache_reuses_unchanged_and_same_content_files(tmp_path: Path) -> None:
    source = tmp_path / "A.java"
    source.write_text("package a;\n\npublic class A {}\n")
    cache = SourceScanCache(tmp_path)
    assert cache.scan([str(source)])[str(source)].types == ("A",)
    cache.save()
    again = SourceScanCache(tmp_path)
    again.scan([str(source)])
    assert again.stats == {"unchanged": 1, "same content": 0, "parsed": 0}
    os.utime(source, ns=(0, 1))  # touched: same bytes
    touched = SourceScanCache(tmp_path)
    touched.scan([str(source)])
    assert touched.stats["same content"] == 1
    source.write_text("package a;\n\npublic class B {}\n")
    changed = SourceScanCache(tmp_path)
    assert changed.scan([str(source)])[str(source)].types == ("B",)
    assert changed.stats["parsed"] == 1


def test_source_cache_reads_and_parses_across_processes(tmp_path: Path, monkeypatch) -> None:
    import migrate.sources.cache as cache_module

    monkeypatch.setattr(cache_module, "PARALLEL_THRESHOLD", 2)
    paths = []
    for i in range(7):
        source = tmp_path / f"C{i}.java"
        source.write_text(f"package p;\n\nimport q.D{i};\n\npublic class C{i} {{}}\n")
        paths.append(str(source))
    first = SourceScanCache(tmp_path)
    scans = first.scan(paths, workers=2)
    assert [scans[p].types for p in paths] == [(f"C{i}",) for i in range(7)]
    assert first.stats["parsed"] == 7
    first.save()
    os.utime(paths[0], ns=(0, 1))  # same bytes, new time
    Path(paths[1]).write_text("package p;\n\npublic class Changed {}\n")
    Path(paths[2]).unlink()
    Path(paths[2]).write_text(Path(paths[3]).read_text())  # another file's content: parsed
    again = SourceScanCache(tmp_path)
    scans = again.scan(paths, workers=2)
    assert again.stats == {"unchanged": 4, "same content": 1, "parsed": 2}
    assert scans[paths[1]].types == ("Changed",)
    assert scans[paths[2]].path == paths[2] and scans[paths[2]].types == ("C3",)
