"""The static reader on hostile or unusual scripts: pathological nesting never costs the scan
(only the statement that nests too deeply, with a diagnostic at its line), and settings helper
functions bind arguments like Kotlin and Groovy do, or say what they could not evaluate."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from migrate.cli import main
from migrate.gradle import syntax as s
from migrate.gradle.reader import read_build
from migrate.model import BuildModel

DEPTH = 5000
TOO_DEEP = "nesting deeper than"


def _write(root: Path, files: dict[str, str]) -> Path:
    for rel, text in files.items():
        path = root / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text)
    return root


def _scan_json(root: Path) -> dict:
    """`migrate scan --format json` as a user runs it: must exit 0 without a traceback."""
    result = CliRunner().invoke(main, ["scan", str(root), "--format", "json"])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.output
    assert result.exit_code == 0, result.output
    assert "Traceback" not in result.output
    return json.loads(result.output)


def _diagnostics(data: dict, file: str) -> dict[int, str]:
    return {d["line"]: d["message"] for d in data["diagnostics"] if d["file"] == file}


def _deps(data: dict, path: str) -> list[dict]:
    """A project's dependencies, reduced to what the tests pin."""
    project = next(p for p in data["projects"] if p["path"] == path)
    keys = ("configuration", "project", "coordinate")
    return [{k: d[k] for k in keys if k in d} for d in project["dependencies"]]


# --- (d) nesting deeper than the parser will follow ------------------------------------------
GROOVY_DEEP = (
    "plugins { id 'java-library' }\n"
    + "a { " * DEPTH
    + "}" * DEPTH
    + "\n"
    + "ext.x = "
    + "(" * DEPTH
    + "1"
    + ")" * DEPTH
    + "\n"
    + "dependencies { implementation 'com.google.guava:guava:31.1-jre' }\n"
)
KOTLIN_DEEP = (
    "plugins { `java-library` }\n"
    + "a { " * DEPTH
    + "}" * DEPTH
    + "\n"
    + "val x = "
    + "listOf(" * DEPTH
    + ")" * DEPTH
    + "\n"
    + 'dependencies { implementation("com.google.guava:guava:31.1-jre") }\n'
)


@pytest.mark.parametrize(
    ("settings", "script", "build_file", "consumer"),
    [
        (
            "settings.gradle",
            "include ':deep', ':app'\n",
            "build.gradle",
            "plugins { id 'java' }\ndependencies { implementation project(':deep') }\n",
        ),
        (
            "settings.gradle.kts",
            'include(":deep", ":app")\n',
            "build.gradle.kts",
            'plugins { java }\ndependencies { implementation(project(":deep")) }\n',
        ),
    ],
    ids=["groovy", "kotlin"],
)
def test_deep_nesting_in_build_script_is_reported_and_the_rest_read(
    tmp_path: Path, settings: str, script: str, build_file: str, consumer: str
) -> None:
    deep = GROOVY_DEEP if build_file == "build.gradle" else KOTLIN_DEEP
    root = _write(
        tmp_path, {settings: script, f"deep/{build_file}": deep, f"app/{build_file}": consumer}
    )
    data = _scan_json(root)
    diagnostics = _diagnostics(data, f"deep/{build_file}")
    assert TOO_DEEP in diagnostics.get(2, ""), diagnostics
    assert TOO_DEEP in diagnostics.get(3, ""), diagnostics
    # the rest of that file: the statements before and after the deep ones
    deep_project = next(p for p in data["projects"] if p["path"] == ":deep")
    assert deep_project["plugins"] == ["java-library"]
    assert _deps(data, ":deep") == [
        {"configuration": "implementation", "coordinate": "com.google.guava:guava:31.1-jre"}
    ]
    # the rest of the build
    assert _deps(data, ":app") == [{"configuration": "implementation", "project": ":deep"}]


@pytest.mark.parametrize("kotlin", [False, True], ids=["groovy", "kotlin"])
def test_deep_nesting_in_settings_is_reported_and_later_includes_kept(
    tmp_path: Path, kotlin: bool
) -> None:
    settings = "settings.gradle.kts" if kotlin else "settings.gradle"
    build = "build.gradle.kts" if kotlin else "build.gradle"
    text = (
        'rootProject.name = "deep"\n'
        + ("val xs = " if kotlin else "def xs = ")
        + ("listOf(" * DEPTH + ")" * DEPTH if kotlin else "[" * DEPTH + "]" * DEPTH)
        + "\n"
        + "pluginManagement { " * DEPTH
        + "}" * DEPTH
        + "\n"
        + ('include(":a", ":b")\n' if kotlin else "include ':a', ':b'\n")
    )
    dep = 'implementation(project(":a"))' if kotlin else "implementation project(':a')"
    root = _write(
        tmp_path,
        {
            settings: text,
            f"a/{build}": "plugins { java }\n" if kotlin else "plugins { id 'java' }\n",
            f"b/{build}": f"dependencies {{ {dep} }}\n",
        },
    )
    data = _scan_json(root)
    diagnostics = _diagnostics(data, settings)
    assert TOO_DEEP in diagnostics.get(2, ""), diagnostics
    assert TOO_DEEP in diagnostics.get(3, ""), diagnostics
    assert {p["path"] for p in data["projects"]} == {":", ":a", ":b"}
    assert _deps(data, ":b") == [{"configuration": "implementation", "project": ":a"}]


# One statement of each kind of unbounded nesting, at line 2 of a build script.
SHAPES = {
    "braces": "a { " * DEPTH + "}" * DEPTH,
    "closures": "x = " + "{ " * DEPTH + "}" * DEPTH,
    "parens": "x = " + "(" * DEPTH + "1" + ")" * DEPTH,
    "lists": "x = " + "[" * DEPTH + "]" * DEPTH,
    "calls": "x = " + "f(" * DEPTH + ")" * DEPTH,
    "index": "x = a" + "[a" * DEPTH + "]" * DEPTH,
    "unary": "x = " + "- " * DEPTH + "1",
    "plus-chain": "x = " + " + ".join(["'a'"] * DEPTH),
    "method-chain": "x = a" + ".b()" * DEPTH,
    "ternary-chain": "x = " + "a ? b : " * DEPTH + "c",
    "else-if-chain": "if (a) { b() }" + " else if (a) { b() }" * DEPTH,
    "if-without-braces": "if (a) " * DEPTH + "b()",
    "gstrings": "x = " + '"${' * 300 + "1" + '}"' * 300,
}


@pytest.mark.parametrize("kotlin", [False, True], ids=["groovy", "kotlin"])
@pytest.mark.parametrize("shape", sorted(SHAPES))
def test_every_kind_of_deep_nesting_is_cut_at_its_statement(
    tmp_path: Path, shape: str, kotlin: bool
) -> None:
    build = "build.gradle.kts" if kotlin else "build.gradle"
    dep = 'implementation("g:a:1")' if kotlin else "implementation 'g:a:1'"
    text = f"plugins {{ java }}\n{SHAPES[shape]}\ndependencies {{ {dep} }}\n"
    model = read_build(str(_write(tmp_path, {build: text})))
    assert [(d.file, d.line) for d in model.diagnostics if TOO_DEEP in d.message] == [(build, 2)]
    assert [d.coordinate for d in model.projects[0].dependencies] == ["g:a:1"]


def test_nesting_spread_over_lines_is_reported_where_the_cut_statement_starts() -> None:
    text = "".join(f"a{i} {{\n" for i in range(DEPTH)) + "}\n" * DEPTH + "b()\n"
    script = s.parse(text, kotlin=False)
    problems = [(line, msg) for line, msg in script.problems if TOO_DEEP in msg]
    assert len(problems) == 1
    line = problems[0][0]
    # cut where the limit is reached, not at the top: the outer levels are kept
    assert 10 < line < s.MAX_NESTING
    assert script.text.splitlines()[line - 1].startswith(f"a{line - 1} {{")
    assert isinstance(script.body[-1], s.ExprStmt)  # b() after all the braces


def test_realistic_nesting_is_far_below_the_limit() -> None:
    """A deeply but plausibly nested script parses without a problem."""
    levels = 30
    text = "a { " * levels + "dependencies { implementation(libs.a.b.c) }" + " }" * levels
    for kotlin in (False, True):
        assert s.parse(text, kotlin).problems == []


# --- (e) settings helper functions -----------------------------------------------------------
def _projects(model: BuildModel) -> dict[str, str]:
    return {p.path: p.dir for p in model.projects}


def test_kotlin_helper_named_positional_mixed_and_default_arguments(tmp_path: Path) -> None:
    settings = """
m(name = ":a", dir = "libs/a")
m(dir = "libs/b", name = ":b")
m(":c", "libs/c")
m(":d", dir = "libs/d")
m(":e")
m(name = ":f")
fun m(name: String, dir: String = "mods/" + name.removePrefix(":")) {
    include(name)
    project(name).projectDir = file(dir)
}
"""
    model = read_build(str(_write(tmp_path, {"settings.gradle.kts": settings})))
    assert _projects(model) == {
        ":": ".",
        ":a": "libs/a",
        ":b": "libs/b",
        ":c": "libs/c",
        ":d": "libs/d",
        ":e": "mods/e",
        ":f": "mods/f",
    }
    assert model.diagnostics == ()


def test_kotlin_trailing_lambda_and_vararg(tmp_path: Path) -> None:
    settings = """
group("libs") { include(":libs:x") }
all(":p", ":q")
fun group(dir: String, body: () -> Unit) { body() }
fun all(vararg paths: String) { for (p in paths) include(p) }
"""
    model = read_build(str(_write(tmp_path, {"settings.gradle.kts": settings})))
    assert set(_projects(model)) == {":", ":libs", ":libs:x", ":p", ":q"}


def test_groovy_helper_declared_after_use_with_default_and_map_arguments(tmp_path: Path) -> None:
    settings = """
mod ':a', 'libs/a'
mod(':b')
modMap(path: ':c', dir: 'libs/c')
def mod(String path, String dir = 'mods/' + path.substring(1)) {
    include path
    project(path).projectDir = file(dir)
}
def modMap(Map args) { mod(args.path, args.dir) }
"""
    model = read_build(str(_write(tmp_path, {"settings.gradle": settings})))
    assert _projects(model) == {":": ".", ":a": "libs/a", ":b": "mods/b", ":c": "libs/c"}
    assert model.diagnostics == ()


def test_function_declarations_record_defaults_and_varargs() -> None:
    kotlin = s.parse("fun f(a: String, vararg b: String, c: Int = 1) {}", kotlin=True)
    groovy = s.parse("void f(String a, String b = 'x', String... c) {}", kotlin=False)
    for script, vararg, default in ((kotlin, "b", "c"), (groovy, "c", "b")):
        decl = script.body[0]
        assert isinstance(decl, s.FuncDecl), script.problems
        assert decl.params == ["a", "b", "c"]
        assert decl.vararg == vararg and list(decl.defaults) == [default]


@pytest.mark.parametrize("kotlin", [False, True], ids=["groovy", "kotlin"])
def test_unknown_settings_helpers_are_reported_not_silent(tmp_path: Path, kotlin: bool) -> None:
    if kotlin:
        settings = """rootProject.name = "x"
includeModules()
module(":core", "libs/core")
enableFeaturePreview("TYPESAFE_PROJECT_ACCESSORS")
plugins { id("org.gradle.toolchains.foojay-resolver-convention") version "0.8.0" }
include(":y")
project(":y").projectDir = file(System.getenv("Y_DIR"))
"""
    else:
        settings = """rootProject.name = 'x'
includeModules()
module ':core', 'libs/core'
enableFeaturePreview 'TYPESAFE_PROJECT_ACCESSORS'
plugins { id 'org.gradle.toolchains.foojay-resolver-convention' version '0.8.0' }
include ':y'
project(':y').projectDir = file(System.getenv('Y_DIR'))
"""
    name = "settings.gradle.kts" if kotlin else "settings.gradle"
    data = _scan_json(_write(tmp_path, {name: settings}))
    diagnostics = _diagnostics(data, name)
    assert sorted(diagnostics) == [2, 3, 7], diagnostics
    assert "includeModules" in diagnostics[2] and "may include" in diagnostics[2]
    assert "module" in diagnostics[3]
    assert "projectDir could not be evaluated" in diagnostics[7]


def test_settings_apply_from_is_read(tmp_path: Path) -> None:
    root = _write(
        tmp_path,
        {
            "settings.gradle.kts": 'apply(from = "gradle/projects.settings.gradle.kts")\n'
            'apply(from = "gradle/missing.gradle.kts")\n',
            "gradle/projects.settings.gradle.kts": 'include(":z")\n',
        },
    )
    model = read_build(str(root))
    assert set(_projects(model)) == {":", ":z"}
    assert [(d.file, d.line) for d in model.diagnostics] == [("settings.gradle.kts", 2)]
