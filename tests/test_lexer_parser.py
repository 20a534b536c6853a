"""The tolerant tokenizer and parser: strings, comments and recovery from bad statements."""

from __future__ import annotations

from migrate.gradle import syntax as s
from migrate.gradle.lexer import IDENT, STRING, Interpolation, tokenize


def _strings(text: str, kotlin: bool = False) -> list:
    return [t.parts for t in tokenize(text, kotlin).tokens if t.kind == STRING]


def test_groovy_string_flavours() -> None:
    text = """a = 'x{'  ; b = "y${v}z" ; c = '''{ not a block''' ; d = /re}gex/ ; e = $/dollar/$"""
    parts = _strings(text)
    assert parts[0] == ["x{"]
    assert parts[1][0] == "y" and isinstance(parts[1][1], Interpolation) and parts[1][2] == "z"
    assert parts[2] == ["{ not a block"]
    assert parts[3] == ["re}gex"]
    assert parts[4] == ["dollar"]


def test_groovy_dotted_interpolation_but_kotlin_simple() -> None:
    groovy = _strings('"$project.version"')[0][0]
    kotlin = _strings('"$project.version"', kotlin=True)[0]
    assert groovy.source == "project.version"
    assert kotlin[0].source == "project" and kotlin[1] == ".version"


def test_comments_hide_braces_and_quotes() -> None:
    result = tokenize("a { // } '\n /* { \" */ b }", kotlin=False)
    assert [t.value for t in result.tokens if t.kind == IDENT] == ["a", "b"]
    assert result.problems == []


def test_division_is_not_a_slashy_string() -> None:
    tokens = tokenize("x = a / b / c", kotlin=False).tokens
    assert [t.kind for t in tokens].count(STRING) == 0


def test_kotlin_backtick_identifier() -> None:
    tok = [
        t for t in tokenize("plugins { `java-library` }", kotlin=True).tokens if t.kind == IDENT
    ][1]
    assert tok.value == "java-library" and tok.backtick


def test_unterminated_string_and_block_are_problems_with_lines() -> None:
    script = s.parse("a {\n  b 'x\n}\nc {\n", kotlin=False)
    messages = dict(script.problems)
    assert "unterminated string" in messages[2]
    assert any("unclosed '{'" in m for line, m in script.problems if line == 4)


def test_bad_statement_is_skipped_and_the_rest_parsed() -> None:
    script = s.parse("apply plugin: 'java'\n) ) garbage (\ndependencies { api 'a:b:1' }\n", False)
    assert any(line == 2 for line, _ in script.problems)
    calls = [stmt.expr.callee.id for stmt in script.body if isinstance(stmt, s.ExprStmt)]
    assert calls == ["apply", "dependencies"]


def test_groovy_command_chain_and_kotlin_infix_have_the_same_shape() -> None:
    groovy = s.parse("id 'x' version '1' apply false", False).body[0].expr
    kotlin = s.parse('id("x") version "1" apply false', True).body[0].expr
    for tree in (groovy, kotlin):
        assert isinstance(tree, s.Call) and tree.callee.name == "apply"
        assert tree.callee.obj.callee.name == "version"
        assert tree.callee.obj.callee.obj.callee.id == "id"


def test_groovy_method_and_typed_declarations() -> None:
    body = s.parse(
        "String x = 'a'\ndef f(String a, b) { include a }\nList<String> xs = []", False
    ).body
    assert isinstance(body[0], s.VarDecl) and body[0].name == "x"
    assert isinstance(body[1], s.FuncDecl) and body[1].params == ["a", "b"]
    assert isinstance(body[2], s.VarDecl) and body[2].name == "xs"


def test_task_declaration_is_not_a_method() -> None:
    body = s.parse("task foo(type: Copy) { from 'x' }", False).body
    assert isinstance(body[0], s.ExprStmt)


def test_kotlin_generics_and_delegation() -> None:
    body = s.parse("tasks.withType<JavaCompile> { }\nval jvmMain by getting { }", True).body
    assert isinstance(body[0], s.ExprStmt) and isinstance(body[0].expr, s.Call)
    assert isinstance(body[1], s.VarDecl) and isinstance(body[1].by, s.Call)


def test_annotations_with_use_site_targets_are_skipped() -> None:
    """`@file:Suppress(...)` heads many Kotlin DSL scripts and convention plugins; `@get:Input`
    annotates a property: neither may cost the statements after it."""
    script = s.parse(
        '@file:Suppress("UnstableApiUsage", "PackageDirectoryMismatch")\n'
        "plugins { java }\n"
        '@get:Input val version = "1"\n'
        'dependencies { implementation("a:b:1") }\n',
        kotlin=True,
    )
    assert script.problems == []
    assert len(script.body) == 3
