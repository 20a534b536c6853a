"""How generation fares on real Gradle repositories: the instrument behind every realism fix.

    python benchmarks/realism.py CORPUS_DIR [--json OUT] [--repos a,b] [--work DIR]

CORPUS_DIR holds one checkout of a real public Gradle build per folder (brought with the search
tool's `fetch`, outside this project, never committed). For each one, on fresh copies (the
corpus itself is never written), it runs `migrate scan`, then `migrate generate --all` in
module and in package granularity, each twice with `--no-cache`: once more in the same copy
(regeneration must change nothing) and once in a second fresh copy under another
PYTHONHASHSEED (output must not depend on it). From the files written it counts targets, the
labels no repository declares ("dangling"), test targets by the framework their sources use and
the runner their rule kind gives them, and the constructs the build uses (annotation
processors, compiler plugins, generated sources, custom source sets) that generation neither
generated nor reported. The classification tables are in benchmarks/realism.yaml.

The table it prints is what benchmarks/README.md records; --json keeps every figure.
"""

from __future__ import annotations

import argparse
import ast
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import asdict, dataclass, field
from pathlib import Path

import yaml

HERE = Path(__file__).resolve().parent
TABLES = yaml.safe_load((HERE / "realism.yaml").read_text())
BAZEL_VERSION = "8.4.2"  # what users run in 2026; output must not depend on the machine's Bazel
GRANULARITIES = ("module", "package")
SEEDS = ("0", "1", "2")  # first run, rerun in place, run in a second copy
TRACEBACK = "Traceback (most recent call last)"
SKIP_DIRS = {".git", ".gradle", "build", "node_modules", ".idea", "out"}
# Gradle builds kept as test data (plugin tests, samples of a test suite): not this build.
TEST_DATA = re.compile(
    r"(^|/)(src/(test|it|functionalTest|integrationTest)\w*|testData|testdata|test-projects)(/|$)"
)
LABEL_ATTRS = ("deps", "exports", "runtime_deps", "plugins", "associates", "data")
BUILTIN_REPOS = {"bazel_tools", "platforms", "local_jdk", "local_config_platform"}
# rules_jvm_external's label naming: each of these characters becomes "_".
MAVEN_NAME_CHARS = re.compile(r"[.\-:/+$]")


@dataclass
class Run:
    """One migrate invocation."""

    exit_code: int
    seconds: float
    tracebacks: int
    stderr_tail: str


@dataclass
class Generation:
    """One granularity's figures on one repository."""

    granularity: str
    first: Run
    rerun_in_place: Run
    rerun_other_seed: Run
    identical: bool = False
    differing_files: list[str] = field(default_factory=list)
    build_files: int = 0
    targets: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    findings: dict[str, int] = field(default_factory=dict)
    unparseable_build_files: list[str] = field(default_factory=list)
    dangling: list[str] = field(default_factory=list)
    test_frameworks: dict[str, int] = field(default_factory=dict)
    test_runners: dict[str, int] = field(default_factory=dict)
    tests_on_wrong_runner: int = 0
    wrong_runner_examples: list[str] = field(default_factory=list)  # the first few, to look at
    constructs: dict[str, dict[str, int]] = field(default_factory=dict)
    silent_constructs: list[str] = field(default_factory=list)


@dataclass
class RepoResult:
    name: str
    commit: str
    scan: Run
    projects: int = 0
    diagnostics: dict[str, int] = field(default_factory=dict)
    generations: list[Generation] = field(default_factory=list)


# ---- running migrate ------------------------------------------------------------------------


def run_migrate(args: list[str], seed: str, cache: Path) -> tuple[Run, str, str]:
    env = {
        **os.environ,
        "PYTHONHASHSEED": seed,
        "MIGRATE_PROGRESS": "0",
        "MIGRATE_CACHE_DIR": str(cache),
    }
    started = time.monotonic()
    proc = subprocess.run(
        [sys.executable, "-m", "migrate", *args], capture_output=True, text=True, env=env
    )
    seconds = round(time.monotonic() - started, 2)
    output = proc.stdout + proc.stderr
    tail = "\n".join(proc.stderr.strip().splitlines()[-3:])
    run = Run(proc.returncode, seconds, output.count(TRACEBACK), tail)
    return run, proc.stdout, proc.stderr


def fresh_copy(source: Path, work: Path, slot: str) -> Path:
    """A copy named like the source (the workspace name comes from the folder's name)."""
    target = work / slot / source.name
    target.parent.mkdir(parents=True, exist_ok=True)
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(source, target, symlinks=True, ignore=shutil.ignore_patterns(".git"))
    return target


def snapshot(root: Path) -> dict[str, str]:
    """Every file under root by relative path → content hash."""
    files: dict[str, str] = {}
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d != ".git")
        for name in filenames:
            path = Path(dirpath, name)
            if path.is_symlink() or not path.is_file():
                continue
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
            files[path.relative_to(root).as_posix()] = digest
    return files


def written(before: dict[str, str], after: dict[str, str]) -> dict[str, str]:
    return {p: h for p, h in after.items() if before.get(p) != h}


# ---- reading what was generated -------------------------------------------------------------


@dataclass
class Target:
    package: str
    kind: str
    name: str
    attrs: dict[str, object]


def parse_build_file(root: Path, rel: str) -> list[Target] | None:
    """Top-level rule calls of a BUILD file (Starlark is Python syntax here), or None."""
    try:
        tree = ast.parse((root / rel).read_text())
    except (SyntaxError, UnicodeDecodeError):
        return None
    package = str(Path(rel).parent.as_posix()).removeprefix(".")
    targets = []
    for node in tree.body:
        call = node.value if isinstance(node, ast.Expr) else None
        if not isinstance(call, ast.Call) or not isinstance(call.func, ast.Name):
            continue
        attrs = {kw.arg: literal(kw.value) for kw in call.keywords if kw.arg}
        if isinstance(attrs.get("name"), str):
            targets.append(Target(package, call.func.id, attrs["name"], attrs))
    return targets


def literal(node: ast.AST) -> object:
    try:
        return ast.literal_eval(node)
    except ValueError:
        return None  # glob(...), select(...), concatenations


def declared_repositories(root: Path, files: dict[str, str]) -> tuple[set[str], dict[str, set]]:
    """Repository names the workspace declares, and each maven repository's label names."""
    repos: set[str] = set(BUILTIN_REPOS)
    maven: dict[str, set[str]] = {}
    for rel in files:
        if rel not in ("MODULE.bazel", "WORKSPACE", "WORKSPACE.bazel"):
            continue
        tree = ast.parse((root / rel).read_text())
        for call in (n for n in ast.walk(tree) if isinstance(n, ast.Call)):
            attrs = {kw.arg: literal(kw.value) for kw in call.keywords if kw.arg}
            if isinstance(attrs.get("name"), str):
                repos.add(attrs["name"])
            if isinstance(call.func, ast.Name) and call.func.id == "use_repo":
                repos.update(literal(a) for a in call.args[1:] if isinstance(literal(a), str))
            if isinstance(attrs.get("artifacts"), list):
                name = attrs.get("name") or "maven"
                maven.setdefault(name, set()).update(map(maven_name, attrs["artifacts"]))
    return repos, maven


def maven_name(coordinate: str) -> str:
    """rules_jvm_external's target name for group:artifact[:packaging[:classifier]]:version."""
    parts = coordinate.split(":")
    group, artifact = parts[0], parts[1]
    classifier = parts[3] if len(parts) == 5 else None
    name = f"{group}:{artifact}" + (f":{classifier}" if classifier else "")
    return MAVEN_NAME_CHARS.sub("_", name.replace("[", "").replace("]", ""))


def dangling_labels(targets: list[Target], repos: set[str], maven: dict[str, set]) -> list[str]:
    by_package: dict[str, set[str]] = {}
    for target in targets:
        by_package.setdefault(target.package, set()).add(target.name)
    dangling = set()
    for target in targets:
        for attr in LABEL_ATTRS:
            for label in as_list(target.attrs.get(attr)):
                if not resolves(label, target.package, by_package, repos, maven):
                    dangling.add(label)
    return sorted(dangling)


def resolves(label: str, package: str, by_package: dict, repos: set, maven: dict) -> bool:
    repo, _, rest = label.partition("//") if label.startswith("@") else ("", "", label)
    if rest.startswith(":"):
        pkg, name = package, rest[1:]
    else:
        pkg, _, name = rest.removeprefix("//").partition(":")
        name = name or pkg.rsplit("/", 1)[-1]
    if repo:
        repo = repo.lstrip("@")
        if repo in maven:
            return name in maven[repo]
        return repo in repos
    return name in by_package.get(pkg, set())


def as_list(value: object) -> list[str]:
    return [v for v in value if isinstance(v, str)] if isinstance(value, list) else []


# ---- tests, constructs, diagnostics ---------------------------------------------------------


def classify(message: str, table: list[dict], key: str) -> str:
    for row in table:
        if re.search(row["pattern"], message, re.MULTILINE):
            return row[key]
    return "none"


_FIRST_TYPE = re.compile(
    r"^\s*(?:@\S+\s+)*(?:(?:public|abstract|final|internal|open|sealed|private)\s+)*"
    r"(?:class|object|interface|trait)\b[^\n]*",
    re.MULTILINE,
)
_EXTENDS = re.compile(r"(?:\bextends|:)\s+([A-Z][\w]*)")


def classify_source(path: Path, files_by_name: dict[str, list[Path]], depth: int = 0) -> str:
    """A test source's framework by its imports, else by the class it extends (a file of that
    name in the project), up to 3 levels."""
    text = path.read_text(errors="replace")
    first_type = _FIRST_TYPE.search(text)  # imports come before it (not code in text blocks)
    header = text[: first_type.end()] if first_type else text
    found = classify(header, TABLES["test_frameworks"], "framework")
    if found != "none" or depth >= 3:
        return found
    for declared in _FIRST_TYPE.finditer(text):  # each declaration up to its body
        body = text.find("{", declared.start())
        declaration = text[declared.start() : body if body >= 0 else declared.end()]
        for match in _EXTENDS.finditer(declaration):
            for base in files_by_name.get(match.group(1), [])[:1]:
                inherited = classify_source(base, files_by_name, depth + 1)
                if inherited != "none":
                    return inherited
    return found


def test_figures(root: Path, targets: list[Target], gen: Generation) -> None:
    frameworks: Counter = Counter()
    runners: Counter = Counter()
    wrong = 0
    by_project: dict[Path, dict[str, list[Path]]] = {}
    for target in targets:
        if not target.kind.endswith("_test"):
            continue
        found = Counter()
        project = root / target.package
        if project not in by_project:
            names: dict[str, list[Path]] = {}
            for each in sorted(project.rglob("*")):
                if each.suffix in (".java", ".kt", ".scala") and "/src/" in each.as_posix():
                    names.setdefault(each.stem, []).append(each)
            by_project[project] = names
        srcs = as_list(target.attrs.get("srcs"))
        if not srcs:  # compiled by a library of its own (JUnit 5 in Scala): that one's srcs
            local = {f":{t.name}": t for t in targets if t.package == target.package}
            for dep in as_list(target.attrs.get("runtime_deps")):
                if dep in local:
                    srcs += as_list(local[dep].attrs.get("srcs"))
        for src in srcs:
            path = project / src
            if path.is_file():
                found[classify_source(path, by_project[project])] += 1
        framework = found.most_common(1)[0][0] if found else "unknown"
        runner = TABLES["test_runners"].get(target.kind, {"runner": "unknown", "runs": []})
        main_class = target.attrs.get("main_class")
        if isinstance(main_class, str) and main_class in TABLES["main_class_runners"]:
            runner = TABLES["main_class_runners"][main_class]
        frameworks[framework] += 1
        runners[runner["runner"]] += 1
        runs = framework in runner["runs"]
        if runs and runner["runner"] == "junit-platform":
            engine = TABLES["engines"].get(framework, "")
            runs = any(engine in label for label in as_list(target.attrs.get("runtime_deps")))
        if not runs:
            wrong += 1
            if len(gen.wrong_runner_examples) < 10:
                gen.wrong_runner_examples.append(
                    f"//{target.package}:{target.name} {target.kind} runs {framework}?"
                )
    gen.test_frameworks, gen.test_runners = dict(frameworks), dict(runners)
    gen.tests_on_wrong_runner = wrong


def build_scripts(root: Path, model: dict) -> list[Path]:
    """The scripts that configure the build: its projects' build files, the settings file,
    script and convention plugins; not Gradle builds kept as test data, nor the plugin builds'
    own build files."""
    project_files = {p["build_file"] for p in model.get("projects", []) if p.get("build_file")}
    scripts = []
    for dirpath, dirnames, filenames in os.walk(root):
        dirnames[:] = sorted(d for d in dirnames if d not in SKIP_DIRS and not TEST_DATA.match(d))
        for name in sorted(filenames):
            rel = Path(dirpath, name).relative_to(root).as_posix()
            if not name.endswith((".gradle", ".kts")) or TEST_DATA.search(rel):
                continue
            own_build = name.startswith(("build.gradle", "settings.gradle")) and "/" in rel
            if own_build and rel not in project_files:
                continue
            scripts.append(Path(dirpath, name))
    return scripts


def owner_of(rel: str, model: dict) -> str | None:
    """The project whose build file this is (None for settings, script and convention plugins)."""
    return next((p["path"] for p in model.get("projects", []) if p.get("build_file") == rel), None)


def is_reported(rel: str, number: int, pattern: str, model: dict, lines: list[str]) -> bool:
    """A diagnostic at this file:line, or a finding of the owning project naming the construct."""
    if any(d["file"] == rel and d["line"] == number for d in model.get("diagnostics", [])):
        return True
    if any(f"{rel}:{number}" in line for line in lines):
        return True
    owner = owner_of(rel, model)
    prefix = re.compile(rf"^(warning|error|info): {re.escape(owner)}: ") if owner else None
    return any(
        re.search(pattern, line, re.I) and (prefix is None or prefix.match(line)) for line in lines
    )


def construct_figures(
    root: Path, model: dict, messages: str, build_text: str, build_paths: list[str], gen: Generation
) -> None:
    """Each construct the build uses: generated, reported, or silent (the defect to fix)."""
    lines = messages.splitlines()
    scripts = build_scripts(root, model)
    for construct in TABLES["constructs"]:
        tally = Counter()
        for script in scripts:
            rel = script.relative_to(root).as_posix()
            for number, line in enumerate(script.read_text(errors="replace").splitlines(), 1):
                if line.lstrip().startswith("//") or not re.search(construct["pattern"], line):
                    continue
                if re.search(construct["generated"], build_text):
                    state = "generated"
                elif is_reported(rel, number, construct["reported"], model, lines):
                    state = "reported"
                else:
                    state = "silent"
                    gen.silent_constructs.append(f"{construct['name']}: {rel}:{number}")
                tally[state] += 1
        if tally:
            gen.constructs[construct["name"]] = dict(tally)
    custom = TABLES["custom_source_sets"]
    tally = Counter()
    for project in model.get("projects", []):
        for name, source_set in project.get("source_sets", {}).items():
            if name in custom["standard"] or not source_set.get("languages"):
                continue
            dirs = [d for ds in source_set["dirs"].values() for d in ds]
            inside = [d.removeprefix(project["dir"].rstrip("/") + "/") for d in dirs]
            if any(f"{d}/" in build_text or f"{d}/" in " ".join(build_paths) for d in inside):
                state = "generated"
            elif re.search(rf"{custom['reported']}\W+{re.escape(name)}\b", messages, re.I):
                state = "reported"
            else:
                state = "silent"
                gen.silent_constructs.append(f"custom source set: {project['path']} {name}")
            tally[state] += 1
    if tally:
        gen.constructs["custom source set"] = dict(tally)


# ---- one repository -------------------------------------------------------------------------


def measure_repo(source: Path, work: Path) -> RepoResult:
    commit = subprocess.run(
        ["git", "-C", str(source), "rev-parse", "HEAD"], capture_output=True, text=True
    ).stdout.strip()
    cache = Path(tempfile.mkdtemp(prefix="realism-cache-", dir=work))
    root = fresh_copy(source, work, "scan")
    scan, out, _ = run_migrate(["scan", str(root), "--format", "json", "--no-cache"], "0", cache)
    try:
        model = json.loads(out)
    except json.JSONDecodeError:
        model = {}
    result = RepoResult(source.name, commit, scan, len(model.get("projects", [])))
    kinds = TABLES["diagnostic_kinds"]
    result.diagnostics = dict(
        Counter(classify(d["message"], kinds, "kind") for d in model.get("diagnostics", []))
    )
    pristine = snapshot(root)
    for granularity in GRANULARITIES:
        result.generations.append(measure_generation(root, pristine, model, granularity, cache))
    shutil.rmtree(root, ignore_errors=True)
    shutil.rmtree(cache, ignore_errors=True)
    return result


def measure_generation(
    scanned: Path, pristine: dict[str, str], model: dict, granularity: str, cache: Path
) -> Generation:
    work = scanned.parent.parent
    first_root = fresh_copy(scanned, work, f"{granularity}-a")
    other_root = fresh_copy(scanned, work, f"{granularity}-b")
    args = ["--all", "--granularity", granularity, "--no-cache", "--bazel-version", BAZEL_VERSION]
    first, _, stderr = run_migrate(["generate", str(first_root), *args], SEEDS[0], cache)
    after_first = snapshot(first_root)
    in_place, _, _ = run_migrate(["generate", str(first_root), *args], SEEDS[1], cache)
    after_rerun = snapshot(first_root)
    other, _, _ = run_migrate(["generate", str(other_root), *args], SEEDS[2], cache)
    after_other = snapshot(other_root)
    gen = Generation(granularity, first, in_place, other)
    differing = {
        p
        for p in after_first.keys() | after_rerun.keys()
        if after_first.get(p) != after_rerun.get(p)
    }
    differing |= {
        p
        for p in after_first.keys() | after_other.keys()
        if after_first.get(p) != after_other.get(p)
    }
    gen.differing_files = sorted(differing)
    gen.identical = not differing
    files = written(pristine, after_first)
    analyse_output(first_root, files, model, stderr, gen)
    shutil.rmtree(first_root, ignore_errors=True)
    shutil.rmtree(other_root, ignore_errors=True)
    return gen


def analyse_output(
    root: Path, files: dict[str, str], model: dict, stderr: str, gen: Generation
) -> None:
    targets: list[Target] = []
    build_text = []
    for rel in sorted(files):
        if Path(rel).name not in ("BUILD.bazel", "BUILD"):
            continue
        gen.build_files += 1
        parsed = parse_build_file(root, rel)
        if parsed is None:
            gen.unparseable_build_files.append(rel)
            continue
        targets += parsed
        build_text.append((root / rel).read_text())
    gen.targets = len(targets)
    gen.kinds = dict(sorted(Counter(t.kind for t in targets).items()))
    findings = [line for line in stderr.splitlines() if re.match(r"(warning|error|info): ", line)]
    kinds = TABLES["diagnostic_kinds"]
    gen.findings = dict(Counter(classify(line, kinds, "kind") for line in findings))
    repos, maven = declared_repositories(root, files)
    gen.dangling = dangling_labels(targets, repos, maven)
    test_figures(root, targets, gen)
    messages = stderr + "\n".join(d["message"] for d in model.get("diagnostics", []))
    build_paths = [rel for rel in files if Path(rel).name in ("BUILD.bazel", "BUILD")]
    construct_figures(root, model, messages, "\n".join(build_text), build_paths, gen)


# ---- the table ------------------------------------------------------------------------------


def short(counter: dict[str, int], limit: int = 4) -> str:
    items = sorted(counter.items(), key=lambda kv: (-kv[1], kv[0]))
    text = " ".join(f"{k}={v}" for k, v in items[:limit])
    return text + (" …" if len(items) > limit else "") or "-"


def print_table(results: list[RepoResult]) -> None:
    print(f"\n{'repository':<12} {'scan':>10} {'proj':>5}  diagnostics (scan)")
    for r in results:
        print(
            f"{r.name:<12} {r.scan.exit_code:>3} {r.scan.seconds:>5.1f}s {r.projects:>5}  "
            f"{short(r.diagnostics)}"
        )
    header = (
        f"\n{'repository':<12} {'gran':<7} {'exit':>8} {'time':>6} {'tb':>3} {'same':>4} "
        f"{'BUILD':>5} {'targets':>7} {'dangl':>5} {'tests':>5} {'wrong':>5}  "
        "frameworks / silent constructs"
    )
    print(header)
    for r in results:
        for g in r.generations:
            exits = (
                f"{g.first.exit_code}/{g.rerun_in_place.exit_code}/{g.rerun_other_seed.exit_code}"
            )
            tracebacks = (
                g.first.tracebacks + g.rerun_in_place.tracebacks + g.rerun_other_seed.tracebacks
            )
            tests = sum(g.test_frameworks.values())
            print(
                f"{r.name:<12} {g.granularity:<7} {exits:>8} {g.first.seconds:>5.1f}s "
                f"{tracebacks:>3} {'yes' if g.identical else 'NO':>4} {g.build_files:>5} "
                f"{g.targets:>7} {len(g.dangling):>5} {tests:>5} {g.tests_on_wrong_runner:>5}  "
                f"{short(g.test_frameworks)} / silent {len(g.silent_constructs)}"
            )
            if g.first.exit_code != 0:
                print(f"{'':<12}   ↳ {g.first.stderr_tail.splitlines()[-1][:110]}")
    print("\nconstructs (generated / reported / silent), module granularity:")
    for r in results:
        g = r.generations[0]
        parts = [
            f"{name}: {c.get('generated', 0)}/{c.get('reported', 0)}/{c.get('silent', 0)}"
            for name, c in g.constructs.items()
        ]
        print(f"  {r.name:<12} {'; '.join(parts) or '-'}")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__.split("\n\n")[0],
        epilog="See benchmarks/README.md for the corpus and the figures it gave.",
    )
    parser.add_argument("corpus", type=Path, help="folder with one Gradle checkout per folder")
    parser.add_argument("--json", type=Path, help="write every figure here")
    parser.add_argument("--repos", help="comma-separated folder names (default: all)")
    parser.add_argument("--work", type=Path, help="scratch folder (default: a temporary one)")
    args = parser.parse_args(argv)
    if not args.corpus.is_dir():
        parser.error(f"{args.corpus} is not a folder")
    wanted = set(args.repos.split(",")) if args.repos else None
    sources = [
        p
        for p in sorted(args.corpus.iterdir())
        if p.is_dir()
        and (wanted is None or p.name in wanted)
        and any((p / f).is_file() for f in ("settings.gradle", "settings.gradle.kts"))
    ]
    if not sources:
        parser.error(f"no Gradle build (settings.gradle[.kts]) in the folders of {args.corpus}")
    work = args.work or Path(tempfile.mkdtemp(prefix="migrate-realism-"))
    work.mkdir(parents=True, exist_ok=True)
    results = []
    for source in sources:
        print(f"  {source.name} …", flush=True)
        results.append(measure_repo(source, work))
    print_table(results)
    if args.json:
        args.json.write_text(json.dumps([asdict(r) for r in results], indent=1) + "\n")
    if not args.work:
        shutil.rmtree(work, ignore_errors=True)
    failed = any(
        g.first.exit_code or g.first.tracebacks or not g.identical
        for r in results
        for g in r.generations
    )
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
