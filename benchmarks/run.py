"""Side-by-side benchmarks of migrate and of the builds it produces, on synthetic monorepos.

    python benchmarks/run.py engine [--sizes 1000,10000] [--files 20]
    python benchmarks/run.py build  [--projects 50] [--files 10]
    python benchmarks/run.py all    (both, defaults)

engine: `migrate scan` and `migrate generate --granularity package`, cold (no cache) and warm
(nothing changed; and after touching one build script), with peak memory; beside them Gradle's
own configuration time on the 1,000-project repo (`gradle projects`, cold without a daemon and
warm with one).

build: on a ~50-project repo, Gradle vs Bazel (from the generated files, offline) for a clean
build, a no-op rebuild, and incremental rebuilds after an ABI-preserving change (one method body
in a bottom-layer library) and after an ABI change (a new public method there); for both module
and package granularity, with the number of Bazel targets against Gradle projects.

Each run prints a table and writes JSON (--json, default benchmarks/results/<kind>.json). Repos
are made under --work (default /tmp/migrate-bench) and reused when already there.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from statistics import median

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
MIRROR = "file:///usr/share/maven-repo"
REPEAT = 3  # incremental rebuilds: the median of this many runs (a new edit each)
NOOP_REPEAT = 11  # no-op rebuilds are short and noisy: the median of more runs
NOOP_WARMUP = 3  # untimed no-op runs first, for both tools: their steady state is measured
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(REPO))

import synth  # noqa: E402

from migrate.gradle.runner import GradleProfile, run_gradle, stop_daemons  # noqa: E402


def migrate_bin() -> list[str]:
    return [sys.executable, "-m", "migrate"]


def timed(args: list[str], cwd: Path | None = None, env: dict | None = None) -> dict:
    """Run a command; wall time and the peak memory of that process."""
    started = time.monotonic()
    proc = subprocess.Popen(
        args,
        cwd=cwd,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    out = proc.stdout.read().decode(errors="replace")
    _, status, usage = os.wait4(proc.pid, 0)
    proc.returncode = os.waitstatus_to_exitcode(status)
    seconds = time.monotonic() - started
    if proc.returncode != 0:
        raise SystemExit(f"{' '.join(args)} failed ({proc.returncode}):\n{out[-3000:]}")
    return {"seconds": round(seconds, 2), "peak_mb": round(usage.ru_maxrss / 1024), "out": out}


def repo(work: Path, projects: int, files: int, java_only: bool = False) -> Path:
    path = work / f"repo-{projects}x{files}{'-java' if java_only else ''}"
    stamp = path / ".synth-done"
    if not stamp.exists():
        print(f"  making a {projects}-project repo ({files} files each) in {path}", flush=True)
        synth.generate(path, projects, files, seed=1, java_only=java_only)
        stamp.write_text("ok\n")
    return path


def fresh_copy(source: Path, work: Path, name: str) -> Path:
    target = work / name
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, symlinks=True)
    os.sync()  # the copy's write-back must not compete with the first timed run
    return target


# ---- engine ---------------------------------------------------------------------------------


def engine(sizes: list[int], files: int, work: Path) -> dict:
    results: dict = {"sizes": {}, "gradle": {}}
    for size in sizes:
        source = repo(work, size, files)
        root = fresh_copy(source, work, f"engine-{size}")
        scan_cache = Path(tempfile.mkdtemp(prefix="migrate-bench-cache-"))
        gen_cache = Path(tempfile.mkdtemp(prefix="migrate-bench-cache-"))
        quiet = {"MIGRATE_PROGRESS": "0"}
        scan = [*migrate_bin(), "scan", str(root)]
        gen = [
            *migrate_bin(),
            "generate",
            str(root),
            "--granularity",
            "package",
            "--bazel-version",
            "4.2.3",
        ]
        row = {"projects": size, "source_files": size * files}
        env = {**quiet, "MIGRATE_CACHE_DIR": str(scan_cache)}
        row["scan_cold"] = timed(scan, env=env)
        row["scan_warm"] = timed(scan, env=env)
        env = {**quiet, "MIGRATE_CACHE_DIR": str(gen_cache)}
        row["generate_cold"] = timed(gen, env=env)
        row["generate_warm"] = timed(gen, env=env)
        script = next(root.glob("layer*/*/build.gradle"))
        script.touch()
        row["generate_touched"] = timed(gen, env=env)
        row["build_files"] = sum(1 for _ in root.rglob("BUILD.bazel"))
        for key in ("scan_cold", "scan_warm", "generate_cold", "generate_warm", "generate_touched"):
            row[key].pop("out")
            print(
                f"  {size:>6} projects  {key:<17} {row[key]['seconds']:7.2f} s  "
                f"{row[key]['peak_mb']:5d} MB",
                flush=True,
            )
        row["scan_generate_cold"] = round(
            row["scan_cold"]["seconds"] + row["generate_cold"]["seconds"], 2
        )
        row["scan_generate_warm"] = round(
            row["scan_warm"]["seconds"] + row["generate_warm"]["seconds"], 2
        )
        for cache in (scan_cache, gen_cache):
            shutil.rmtree(cache, ignore_errors=True)
        results["sizes"][str(size)] = row
        shutil.rmtree(root, ignore_errors=True)
    gradle_size = 1000 if 1000 in sizes else min(sizes)
    results["gradle"] = gradle_configuration(repo(work, gradle_size, files), work)
    results["gradle"]["projects"] = gradle_size
    return results


def gradle_configuration(source: Path, work: Path) -> dict:
    root = fresh_copy(source, work, "gradle-config")
    home = work / "gradle-home"
    cold = GradleProfile(offline_mirror=MIRROR, daemon=False, user_home=str(home), timeout=3600)
    warm = GradleProfile(offline_mirror=MIRROR, daemon=True, user_home=str(home), timeout=3600)
    out = {}
    try:
        run_gradle(root, ["projects"], cold)  # first run: fills the dependency cache
        out["cold_no_daemon"] = round(run_gradle(root, ["projects"], cold).seconds, 2)
        run_gradle(root, ["projects"], warm)  # starts the daemon
        run_gradle(root, ["projects"], warm)
        out["warm_daemon"] = round(run_gradle(root, ["projects"], warm).seconds, 2)
    finally:
        stop_daemons(root, warm)
        shutil.rmtree(root, ignore_errors=True)
    print(
        f"  gradle projects: cold (no daemon) {out['cold_no_daemon']} s, "
        f"warm daemon {out['warm_daemon']} s",
        flush=True,
    )
    return out


# ---- build ----------------------------------------------------------------------------------


def build(projects: int, files: int, work: Path, granularities: list[str], java_only: bool) -> dict:
    source = repo(work, projects, files, java_only)
    results: dict = {"projects": projects, "files_per_project": files, "java_only": java_only}
    for granularity in granularities:
        root = fresh_copy(source, work, f"build-{granularity}")
        subprocess.run(
            [
                *migrate_bin(),
                "generate",
                str(root),
                "--granularity",
                granularity,
                "--offline-mirror",
                MIRROR,
                "--no-cache",
            ],
            check=True,
            capture_output=True,
        )
        results[granularity] = side_by_side(root, work, granularity)
        results["gradle_projects"] = results[granularity].pop("gradle_projects")
        shutil.rmtree(root, ignore_errors=True)
    return results


def side_by_side(root: Path, work: Path, granularity: str) -> dict:
    home = work / "gradle-home"
    profile = GradleProfile(offline_mirror=MIRROR, daemon=True, user_home=str(home), timeout=3600)
    bazel_root = work / f"bazel-root-{granularity}"
    bazel = ["bazel", f"--output_user_root={bazel_root}"]
    gradle_tasks = ["assemble", "testClasses"]
    target = _abi_target(root)
    out: dict = {}
    try:
        projects = subprocess.run(
            ["grep", "-c", "^include", str(root / "settings.gradle")],
            capture_output=True,
            text=True,
        ).stdout.strip()
        out["gradle_projects"] = int(projects or 0)
        query = subprocess.run(
            [*bazel, "query", "kind('java_|kt_jvm_|scala_', //...)"],
            cwd=root,
            capture_output=True,
            text=True,
            check=True,
        )
        out["bazel_targets"] = len(query.stdout.split())
        run_gradle(root, gradle_tasks, profile)  # warm-up: daemon up, caches filled
        _bazel(bazel, root, "build", "//...")
        rows = {}
        run_gradle(root, ["clean"], profile)
        rows["gradle_clean"] = run_gradle(root, gradle_tasks, profile).seconds
        samples: dict[str, list[float]] = {}
        for _ in range(NOOP_WARMUP):
            run_gradle(root, gradle_tasks, profile)
        samples["gradle"] = [
            run_gradle(root, gradle_tasks, profile).seconds for _ in range(NOOP_REPEAT)
        ]
        rows["gradle_noop"] = median(samples["gradle"])
        _bazel(bazel, root, "clean")
        rows["bazel_clean"] = _bazel(bazel, root, "build", "//...")
        for _ in range(NOOP_WARMUP):
            _bazel(bazel, root, "build", "//...")
        samples["bazel"] = [_bazel(bazel, root, "build", "//...") for _ in range(NOOP_REPEAT)]
        rows["bazel_noop"] = median(samples["bazel"])
        original = target.read_text()
        try:
            # Each repetition is a new edit: a method body only (" + 0" becomes " + 1", ...).
            gradle, bazel_times = [], []
            for i in range(1, REPEAT + 1):
                target.write_text(original.replace(" + 0", f" + {i}", 1))
                gradle.append(run_gradle(root, gradle_tasks, profile).seconds)
                bazel_times.append(_bazel(bazel, root, "build", "//..."))
            rows["gradle_abi_preserving"] = median(gradle)
            rows["bazel_abi_preserving"] = median(bazel_times)
            # ... and a new public method each time (an ABI change).
            gradle, bazel_times = [], []
            cut = original.rindex("}")
            for i in range(1, REPEAT + 1):
                target.write_text(
                    original[:cut] + f"    public int extra{i}() {{ return {i}; }}\n}}\n"
                )
                gradle.append(run_gradle(root, gradle_tasks, profile).seconds)
                bazel_times.append(_bazel(bazel, root, "build", "//..."))
            rows["gradle_abi_change"] = median(gradle)
            rows["bazel_abi_change"] = median(bazel_times)
        finally:
            target.write_text(original)
        # --watchfs is not in the generated .bazelrc (edits saved right before a build can be
        # missed); what it would give, as a personal opt-in:
        _bazel(bazel, root, "build", "//...")
        _bazel(bazel, root, "build", "--watchfs", "//...")
        rows["bazel_noop_watchfs"] = median(
            _bazel(bazel, root, "build", "--watchfs", "//...") for _ in range(NOOP_REPEAT)
        )
        out.update({k: round(v, 2) for k, v in rows.items()})
        out["noop_samples"] = {tool: [round(x, 3) for x in xs] for tool, xs in samples.items()}
    finally:
        stop_daemons(root, profile)
        subprocess.run([*bazel, "shutdown"], cwd=root, capture_output=True)
    for kind in ("clean", "noop", "abi_preserving", "abi_change"):
        out[f"ratio_{kind}"] = round(out[f"gradle_{kind}"] / max(out[f"bazel_{kind}"], 0.01), 1)
    print(f"  {granularity}: " + ", ".join(f"{k} {v}" for k, v in out.items()), flush=True)
    return out


def _abi_target(root: Path) -> Path:
    """A Java class in the bottom layer that many projects depend on."""
    for path in sorted(root.glob("layer0/*/src/main/java/**/*C0000.java")):
        if " + 0" in path.read_text():
            return path
    raise SystemExit("no bottom-layer Java class with a ' + 0' body to edit")


def _bazel(bazel: list[str], root: Path, *args: str) -> float:
    started = time.monotonic()
    proc = subprocess.run([*bazel, *args], cwd=root, capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"bazel {' '.join(args)} failed:\n{proc.stderr[-3000:]}")
    return time.monotonic() - started


# ---- output ---------------------------------------------------------------------------------


def engine_table(data: dict) -> str:
    lines = [
        "projects    files  scan cold  scan warm  gen cold  gen warm  gen touched  "
        "scan+gen cold  scan+gen warm  peak MB"
    ]
    for size, row in data["sizes"].items():
        lines.append(
            f"{size:>8}  {row['source_files']:>7}  {row['scan_cold']['seconds']:>8.2f}s"
            f"  {row['scan_warm']['seconds']:>8.2f}s"
            f"  {row['generate_cold']['seconds']:>7.2f}s  {row['generate_warm']['seconds']:>7.2f}s"
            f"  {row['generate_touched']['seconds']:>10.2f}s  {row['scan_generate_cold']:>12.2f}s"
            f"  {row['scan_generate_warm']:>12.2f}s  {row['generate_cold']['peak_mb']:>7}"
        )
    g = data["gradle"]
    lines.append(
        f"gradle projects on {g['projects']} projects: cold (no daemon) {g['cold_no_daemon']}s, "
        f"warm daemon {g['warm_daemon']}s"
    )
    return "\n".join(lines)


def build_table(data: dict) -> str:
    only = " (Java only)" if data.get("java_only") else ""
    lines = [f"{data['projects']} Gradle projects{only}"]
    for granularity in ("module", "package"):
        if granularity not in data:
            continue
        r = data[granularity]
        lines.append(f"{granularity} granularity: {r['bazel_targets']} Bazel targets")
        lines.append("  seconds          Gradle   Bazel   Gradle/Bazel")
        for kind in ("clean", "noop", "abi_preserving", "abi_change"):
            lines.append(
                f"  {kind:<15} {r[f'gradle_{kind}']:7.2f} {r[f'bazel_{kind}']:7.2f} "
                f"{r[f'ratio_{kind}']:8.1f}x"
            )
        watchfs = r["bazel_noop_watchfs"]
        lines.append(
            f"  noop --watchfs  {r['gradle_noop']:7.2f} {watchfs:7.2f} "
            f"{r['gradle_noop'] / max(watchfs, 0.01):8.1f}x  (opt-in, not generated)"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("kind", choices=["engine", "build", "all"])
    parser.add_argument("--sizes", default="1000,10000", help="engine: project counts")
    parser.add_argument("--files", type=int, default=20, help="engine: source files/project")
    parser.add_argument("--projects", type=int, default=50, help="build: project count")
    parser.add_argument("--build-files", type=int, default=10, help="build: files/project")
    parser.add_argument(
        "--granularities", default="module,package", help="build: module and/or package"
    )
    parser.add_argument("--java-only", action="store_true", help="build: no Kotlin or Scala")
    parser.add_argument("--work", type=Path, default=Path("/tmp/migrate-bench"))
    parser.add_argument("--json", type=Path, help="where the results go")
    args = parser.parse_args()
    args.work.mkdir(parents=True, exist_ok=True)
    machine = {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }
    kinds = ["engine", "build"] if args.kind == "all" else [args.kind]
    for kind in kinds:
        print(f"== {kind}", flush=True)
        if kind == "engine":
            sizes = [int(s) for s in re.split(r"[, ]+", args.sizes) if s]
            data = engine(sizes, args.files, args.work)
            table = engine_table(data)
        else:
            granularities = [g for g in re.split(r"[, ]+", args.granularities) if g]
            data = build(args.projects, args.build_files, args.work, granularities, args.java_only)
            table = build_table(data)
        print(table)
        suffix = "-java" if kind == "build" and args.java_only else ""
        target = args.json or HERE / "results" / f"{kind}{suffix}.json"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(json.dumps({"machine": machine, kind: data}, indent=2) + "\n")
        print(f"wrote {target}")


if __name__ == "__main__":
    main()
