"""Per-file facts about JVM sources: package, imports, declared types, tests and entry points.

Package-granularity BUILD generation needs, for every ``.java``/``.kt``/``.scala`` file, the
package it belongs to, what it imports (to find dependencies), which top-level types it declares
(so other files' imports resolve to it) and whether it holds JUnit tests or ``main`` methods.
This is a small lexer plus regexes, not a compiler: comments, string and char literals (text
blocks, raw and template strings) are blanked first, then declarations are found by keyword and
bracket depth. Every step is a forward regex scan or a bounded look-around, so time is linear in
the file size.

What the scanner cannot know (its failure modes):

* References that need no import: same-package types, fully qualified names in code
  (``new com.x.Foo()``), Kotlin/Scala default imports. Imports under-report dependencies.
* Whether a wildcard (``a.b.*``, Scala ``a.b._``) names a package or a class/object's members;
  Scala relative imports (``import collection.mutable``) are reported as written.
* Tests: a class is a test of the framework (rules/test-frameworks.yaml) whose test annotation
  one of its methods carries (resolved through the imports: JUnit 4's, JUnit 5's, TestNG's or
  kotlin.test's ``@Test``; ``@ParameterizedTest`` & co.; ``@Test`` in a nested ``@Nested`` class
  counts for the top-level class), whose class annotation it carries (``@RunWith``, ``@Suite``,
  TestNG's class-level ``@Test``), or whose supertype is a framework's base class (ScalaTest
  suites, Kotest specs, JUnit 3 ``TestCase``). Classes inheriting their tests from a base class
  of the project are found afterwards (:func:`migrate.sources.test_frameworks.with_inherited_tests`
  over the file's ``supertypes``). Not seen: custom meta-annotations (``@MyTest``), a base class
  from another project or a jar, Spock (Groovy is not scanned).
* Entry points it cannot see: ``main`` in nested classes, Java 21+ instance ``main``, mains
  inherited from a superclass, a ``@JvmName`` on Kotlin's ``main``.
* Kotlin: the facade class (``FooKt``) is named from the file name or ``@file:JvmName``;
  ``@JvmMultifileClass`` merging is not modelled; ``typealias`` names are listed although they
  compile to no class.
* Scala: a file with several packagings (``package a { .. }; package b { .. }``) reports the first
  package that holds a type, with all types by simple name; Scala 3 top-level ``def``/``val``
  (the ``File$package`` class) are not listed; braceless (indentation) bodies are judged by
  indentation, so oddly indented code can be misread; XML literals can confuse the lexer.
* Java unicode escapes (``\\u000a`` ending a ``//`` comment) are not decoded.
* Generated sources (annotation processors, code generators) are invisible.

Unreadable files raise :class:`SourceError` (a ``ValueError`` naming the file). Text that is not
UTF-8 is decoded as Latin-1, so odd encodings never fail: the names we look for are ASCII.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from migrate.errors import InputError
from migrate.languages import language_by_extension
from migrate.sources.listing import SourceListing
from migrate.sources.test_frameworks import (
    first_framework,
    framework_of_base,
    framework_of_class,
    resolve_supertype,
)


class SourceError(InputError, ValueError):
    """A source file that cannot be read; the message names the file."""


@dataclass(frozen=True)
class SourceFile:
    """What one source file declares and needs, as far as a lexer can tell."""

    path: str
    language: str  # "java" | "kotlin" | "scala"
    package: str  # "" for the default package
    imports: tuple[str, ...]  # sorted, unique; "a.b.*" for wildcards
    types: tuple[str, ...]  # top-level type names (simple), sorted
    is_test: bool
    test_classes: tuple[str, ...]  # fully qualified, sorted
    main_classes: tuple[str, ...]  # fully qualified, sorted
    # rules/test-frameworks.yaml's name of the file's tests' framework ("" without tests;
    # "unknown" for a test annotation of no known framework)
    test_framework: str = ""
    # (class, its supertype resolved through the imports, abstract) per top-level class that
    # extends something: how tests inherited from a base class are found
    supertypes: tuple[tuple[str, str, bool], ...] = ()
    test_bases: tuple[str, ...] = ()  # abstract classes declaring tests (never run themselves)


def scan_source(path: str | Path, text: str | None = None) -> SourceFile:
    """Scan one file; ``text`` overrides reading it (the path still gives language and name)."""
    path = str(path)
    language = language_by_extension(scanned_only=True).get(os.path.splitext(path)[1])
    if language is None:
        raise ValueError(f"{path}: not a .java, .kt or .scala source file")
    if text is None:
        text = _read(path)
    return _Scan(path, language, _normalise(text)).result()


def scan_tree(dirs: Iterable[str]) -> list[SourceFile]:
    """Scan every source file under ``dirs`` (missing dirs are skipped), sorted by path."""
    return [scan_source(path) for path in list_source_files(dirs)]


def list_source_files(dirs: Iterable[str], listing: SourceListing | None = None) -> list[str]:
    """Every .java/.kt/.scala file under ``dirs`` (missing dirs are skipped), sorted;
    ``listing``: the files the reader already found there."""
    listing = listing or SourceListing()
    paths = {
        path
        for top in dirs
        for path in listing.files(top)
        if os.path.splitext(path)[1] in language_by_extension(scanned_only=True)
    }
    return sorted(paths)


def _read(path: str) -> str:
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        raise SourceError(f"cannot read source file {path}: {exc.strerror or exc}") from exc
    return decode_source(data)


def decode_source(data: bytes) -> str:
    """Source text from bytes: UTF-16 with a BOM, else UTF-8, else Latin-1 (never fails)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("latin-1")


def _normalise(text: str) -> str:
    if text.startswith("\ufeff"):
        text = text[1:]
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    return text


# ---- lexer: blank comments and literals ------------------------------------------------------

# Scanning regexes start with a lookahead on their possible first characters: the regex engine
# then skips ahead on a character set instead of trying every branch at every position (3x).
# The lexer's fast path matches whole simple comments and literals in one regex step; anything
# else (text blocks, templates, nested or unterminated comments) goes to the careful path.
_CHAR_LITERAL = r"'(?:[^'\\\n]|\\(?:u+[0-9a-fA-F]{4}|[0-7]{1,3}|[^\n]))'"
_BLOCK_COMMENT = r"/\*[^*]*\*+(?:[^/*][^*]*\*+)*/"
_FAST = {
    language: re.compile(
        rf"(?=[/\"'`])(?:(?P<slow>\"\"\")|(?P<line>//[^\n]*)|(?P<block>{_BLOCK_COMMENT})"
        rf"|(?P<bt>`[^`\n]*`)|(?P<lit>{string}|{_CHAR_LITERAL})|(?P<other>/\*|\"|'|`))"
    )
    for language, string in (
        ("java", r'"[^"\\\n]*(?:\\.[^"\\\n]*)*"'),
        ("kotlin", r'"[^"\\\n$]*(?:\\.[^"\\\n$]*)*"'),
        ("scala", r'(?<![\w$])"[^"\\\n]*(?:\\.[^"\\\n]*)*"'),
    )
}
_TEMPLATE_SPECIAL = {
    "kotlin": re.compile(r"//|/\*|\"|'|`|[{}]"),
    "scala": re.compile(r"//|/\*|\"|'|`|[{}]"),
}
_CHAR = re.compile(_CHAR_LITERAL)
_NESTED_COMMENT = re.compile(r"/\*|\*/")
_STRING_STOP: dict[tuple[bool, bool, bool], re.Pattern[str]] = {
    (triple, escapes, templates): re.compile(
        "["
        + '"'
        + ("\\\\" if escapes else "")
        + ("$" if templates else "")
        + ("" if triple else "\n")
        + "]"
    )
    for triple in (False, True)
    for escapes in (False, True)
    for templates in (False, True)
}
_MAX_TEMPLATE_DEPTH = 32


class _Lexer:
    """Replaces comments with a space and each string/char literal with ``"<index>"``.

    String contents are kept in ``strings`` (``@file:JvmName`` needs them); backticked
    identifiers are copied verbatim so quotes inside them are not taken for literals.
    """

    def __init__(self, text: str, language: str) -> None:
        self.text = text
        self.n = len(text)
        self.language = language
        self.strings: list[str] = []

    def code(self) -> str:
        text, fast = self.text, _FAST[self.language]
        nested = self.language != "java"
        out: list[str] = []
        last = i = 0
        while (m := fast.search(text, i)) is not None:
            kind, start, end = m.lastgroup, m.start(), m.end()
            if kind == "bt":
                i = end
                continue
            if kind == "block" and nested and text.find("/*", start + 2, end) >= 0:
                kind = "other"
            if kind == "slow" or kind == "other":
                token = m.group()[:2] if kind == "other" else '"'
                skipped = self._skip(start, token, 0)
                if skipped is None:
                    i = start + 1
                    continue
                end, kind = skipped, ("block" if token == "/*" else "lit")
            out.append(text[last:start])
            if kind == "lit":
                out.append(f'"{len(self.strings)}"')
                self.strings.append(text[start:end])
            else:
                out.append(" ")
            last = i = end
        out.append(text[last:])
        return "".join(out)

    def _skip(self, start: int, token: str, depth: int) -> int | None:
        """End of the comment/literal starting at ``start``, or None if it is a plain char."""
        text = self.text
        if token == "//":
            end = text.find("\n", start)
            return self.n if end < 0 else end
        if token == "/*":
            return self._comment_end(start)
        if token == "'":
            m = _CHAR.match(text, start)
            return m.end() if m else None
        if token == "`":
            close = text.find("`", start + 1)
            newline = text.find("\n", start + 1, close if close > 0 else self.n)
            return None if close < 0 or newline >= 0 else close + 1
        triple = text.startswith('"""', start)
        if self.language == "java":
            return self._string_end(start, triple, escapes=True, templates=False, depth=depth)
        if self.language == "kotlin":
            return self._string_end(start, triple, not triple, templates=True, depth=depth)
        interpolated = start > 0 and (text[start - 1].isalnum() or text[start - 1] in "_$")
        return self._string_end(start, triple, not triple, interpolated, depth)

    def _comment_end(self, start: int) -> int:
        text = self.text
        if self.language == "java":
            end = text.find("*/", start + 2)
            return self.n if end < 0 else end + 2
        level, i = 1, start + 2
        while (m := _NESTED_COMMENT.search(text, i)) is not None:
            level += 1 if m.group() == "/*" else -1
            i = m.end()
            if level == 0:
                return i
        return self.n

    def _string_end(
        self, start: int, triple: bool, escapes: bool, templates: bool, depth: int
    ) -> int:
        text, n = self.text, self.n
        stop = _STRING_STOP[(triple, escapes, templates)]
        i = start + (3 if triple else 1)
        while (m := stop.search(text, i)) is not None:
            j = m.start()
            c = text[j]
            if c == '"':
                if not triple:
                    return j + 1
                if text.startswith('"""', j):
                    k = j + 3
                    while k < n and text[k] == '"':
                        k += 1
                    return k
                i = j + 1
            elif c == "\\":
                i = j + 2
            elif c == "\n":
                return j  # an unterminated string ends with its line
            else:  # "$"
                following = text[j + 1 : j + 2]
                if following == "{" and depth < _MAX_TEMPLATE_DEPTH:
                    i = self._template_end(j + 2, depth + 1)
                elif following in ('"', "$") and self.language == "scala":
                    i = j + 2
                else:
                    i = j + 1
        return n

    def _template_end(self, i: int, depth: int) -> int:
        """End of a ``${ ... }`` expression: code with its own strings, up to the closing brace."""
        text, special, level = self.text, _TEMPLATE_SPECIAL[self.language], 1
        while (m := special.search(text, i)) is not None:
            token, j = m.group(), m.start()
            if token == "{":
                level += 1
                i = j + 1
            elif token == "}":
                level -= 1
                i = j + 1
                if level == 0:
                    return i
            else:
                end = self._skip(j, token, depth)
                i = j + 1 if end is None else end
        return self.n


# ---- declarations --------------------------------------------------------------------------

_IDENT = r"(?:[^\W\d]|\$)[\w$]*"
_NAME = rf"(?:{_IDENT}|`[^`\n]+`)"
_QNAME = rf"{_NAME}(?:\s*\.\s*{_NAME})*"
_TEST_ANNOTATION = (
    r"@\s*(?:[\w$]+\s*\.\s*)*(?:Test|ParameterizedTest|RepeatedTest|TestFactory|TestTemplate)\b"
)
_TOKENS = {
    "java": re.compile(
        rf"(?=[{{}}ciers@v])(?:(?P<open>\{{)|(?P<close>\}})"
        rf"|(?P<kw>\b(?:class|interface|enum|record)\b)|(?P<test>{_TEST_ANNOTATION})"
        rf"|(?P<main>\bvoid\s+main\s*\())"
    ),
    "kotlin": re.compile(
        rf"(?=[`{{}}()\[\]cotif@v])(?:(?P<bt>`[^`\n]*`)|(?P<open>[{{(\[])|(?P<close>[}})\]])"
        rf"|(?P<kw>\b(?:class|interface|object|typealias)\b)|(?P<test>{_TEST_ANNOTATION})"
        rf"|(?P<member>\b(?:fun|val|var)\b))"
    ),
    "scala": re.compile(
        rf"(?=[`{{}}ctoe@pid])(?:(?P<bt>`[^`\n]*`)|(?P<open>\{{)|(?P<close>\}})"
        rf"|(?P<kw>\b(?:class|trait|object|enum)\b)|(?P<test>{_TEST_ANNOTATION})"
        rf"|(?P<pkg>\bpackage\b)|(?P<imp>\bimport\b)|(?P<main>\bdef\s+main\s*\()"
        rf"|(?P<atmain>@main\s+def\s+(?P<mainname>{_NAME})))"
    ),
}
_NAME_AFTER = re.compile(rf"\s+({_NAME})")
_RECORD_TAIL = re.compile(r"\s*[(<]")
_RESERVED = frozenset(
    {
        "class",
        "interface",
        "object",
        "trait",
        "enum",
        "record",
        "typealias",
        "fun",
        "val",
        "var",
        "def",
        "extends",
        "implements",
        "import",
        "package",
    }
)
_HEADER_CUT = re.compile(r"\b(?:class|interface|object|trait|enum|record)\s+[\w$`]")
_GENERICS = re.compile(r"<[^<>]*>")
_ANNOTATION = re.compile(rf"@\s*({_QNAME})")
_SUPERTYPE = {
    "java": re.compile(rf"\bextends\s+({_QNAME})"),
    "kotlin": re.compile(rf":\s*({_QNAME})\s*(?:<[^>{{]*>\s*)?\("),
    "scala": re.compile(rf"\bextends\s+({_QNAME})"),
}
_JUNIT3 = re.compile(r"(?:\bextends\b|:)\s*(?:junit\s*\.\s*framework\s*\.\s*)?TestCase\b")
_SCALA_APP = re.compile(r"\b(?:extends|with)\s+(?:scala\s*\.\s*)?App\b")
_JAVA_MAIN_PARAMS = re.compile(
    r"\s*(?:(?:final|@[\w$.]+)\s+)*(?:java\s*\.\s*lang\s*\.\s*)?String"
    r"\s*(?:\[\s*\]\s*[\w$]+|\.\.\.\s*[\w$]+|[\w$]+\s*\[\s*\])\s*\)"
)
_KOTLIN_MAIN_PARAMS = re.compile(
    r"\s*(?:\)|vararg\s+[\w$]+\s*:\s*String\s*\)"
    r"|[\w$]+\s*:\s*Array\s*<\s*(?:out\s+)?String\s*>\s*\))"
)
_SCALA_MAIN_PARAMS = re.compile(r"\s*[\w$]+\s*:\s*Array\s*\[\s*String\s*\]\s*\)")
_JVM_NAME = re.compile(
    r"@file\s*:\s*(?:kotlin\s*\.\s*jvm\s*\.\s*)?JvmName\s*\(\s*(?:name\s*=\s*)?\"(\d+)\""
)
_LEADING_SPACE = re.compile(r"[ \t]*")

# Literal first, word boundary as a lookbehind: the regex engine can then jump between candidates.
_PACKAGE = re.compile(rf"package(?<![\w$]package)\s+({_QNAME})")
_JAVA_IMPORT = re.compile(
    rf"import(?<![\w$]import)\s+(?:(static)\s+)?({_QNAME}(?:\s*\.\s*\*)?)\s*;"
)
_KOTLIN_IMPORT = re.compile(rf"import(?<![\w$]import)\s+({_QNAME}(?:\s*\.\s*\*)?)")
_SCALA_IMPORT = re.compile(
    rf"\s*({_QNAME})(?:\s*\.\s*(?:(\*)|\{{([^{{}}]*)\}}))?(?:\s+as\s+{_NAME})?"
)
_SCALA_SELECTOR = re.compile(rf"\s*({_NAME}|\*)\s*(?:(?:=>|\bas\b)\s*({_NAME}))?\s*$")
_COMMA = re.compile(r"[ \t]*,")
_SCALA_PACKAGE_OBJECT = re.compile(rf"\s+object\s+({_NAME})")
_SCALA_PACKAGE = re.compile(rf"\s+({_QNAME})(\s*\{{)?")
_SPACE = re.compile(r"\s+")


def _dotted(name: str) -> str:
    """``a . `b` .c`` -> ``a.b.c``."""
    return _SPACE.sub("", name).replace("`", "")


def _qualify(package: str, name: str) -> str:
    return f"{package}.{name}" if package else name


def kotlin_facade(path: str) -> str:
    """The JVM class holding a file's top-level functions: ``my-utils.kt`` -> ``My_utilsKt``."""
    stem = os.path.splitext(os.path.basename(path))[0]
    stem = re.sub(r"\W", "_", stem) or "_"
    if "a" <= stem[0] <= "z":
        stem = stem[0].upper() + stem[1:]
    elif stem[0].isdigit():
        stem = "_" + stem
    return stem + "Kt"


@dataclass
class _Decl:
    """A top-level declaration, filled in while the rest of the file is read."""

    name: str
    kind: str  # class interface enum record annotation object trait typealias pkgobj
    package: str
    abstract: bool
    header: str
    indent: int = 0
    braced: bool = False
    has_tests: bool = False
    has_main: bool = False
    test_annotations: list[str] = field(default_factory=list)  # as written, without "@"
    class_annotations: tuple[str, ...] = ()  # as written, without "@"
    supertype: str | None = None  # as written


class _Scan:
    """One pass over the blanked code, tracking bracket depth and the current top-level type."""

    def __init__(self, path: str, language: str, text: str) -> None:
        self.path = path
        self.language = language
        lexer = _Lexer(text, language)
        self.code = lexer.code()
        self.strings = lexer.strings
        self.decls: list[_Decl] = []
        self.imports: set[str] = set()
        self.mains: list[str] = []
        self.toplevel_members = False  # Kotlin top-level fun/val/var: needs a facade class
        self.kotlin_main = False
        self.package = ""
        self.scala_chain: list[str] = []
        self.scala_last_package = ""
        self._walk()

    # -- helpers --

    def _modifiers(self, start: int, floor: int) -> list[str]:
        """Trailing modifier words and bare annotations just before ``start``."""
        code = self.code
        lo = max(floor, start - 1000)
        lo = max(lo, code.rfind(";", lo, start), code.rfind("{", lo, start))
        lo = max(lo, code.rfind("}", lo, start), code.rfind("(", lo, start))
        found = []
        for word in reversed(code[lo + 1 : start].split()):
            if not ((word.isalpha() and word.islower()) or word.startswith("@")):
                break
            found.append(word)
        return found

    def _prev_char(self, start: int) -> str:
        code, j = self.code, start - 1
        while j >= 0 and code[j] in " \t\n":
            j -= 1
        return code[j] if j >= 0 else " "

    def _starts_line(self, start: int) -> bool:
        code, j = self.code, start - 1
        while j >= 0 and code[j] in " \t":
            j -= 1
        return j < 0 or code[j] in "\n;"

    def _indent(self, pos: int) -> int:
        newline = self.code.rfind("\n", max(0, pos - 4096), pos)
        if newline < 0 and pos > 4096:
            return 0
        return len(_LEADING_SPACE.match(self.code, newline + 1).group())

    # -- the walk --

    def _walk(self) -> None:
        code, language = self.code, self.language
        if language == "java":
            m = _PACKAGE.search(code)
            self.package = _dotted(m.group(1)) if m else ""
            for m in _JAVA_IMPORT.finditer(code):
                name = _dotted(m.group(2))
                self.imports.add(name.rsplit(".", 1)[0] if m.group(1) and "." in name else name)
        elif language == "kotlin":  # soft keywords: only at the start of a line (or after ";")
            m = next((m for m in _PACKAGE.finditer(code) if self._starts_line(m.start())), None)
            self.package = _dotted(m.group(1)) if m else ""
            for m in _KOTLIN_IMPORT.finditer(code):
                if self._starts_line(m.start()):
                    self.imports.add(_dotted(m.group(1)))
        stack: list[int] = []  # per open bracket: Scala packaging parts it added, else 0
        depth = 0  # open brackets that are not Scala packagings
        pending_packaging: list[str] | None = None
        current: _Decl | None = None
        last_decl_end = 0
        skip_until = 0  # the "object" of "package object" is not a second declaration
        for m in _TOKENS[language].finditer(code):
            group, start = m.lastgroup, m.start()
            if start < skip_until:
                continue
            if group == "open":
                if pending_packaging is not None and m.group() == "{":
                    self.scala_chain.extend(pending_packaging)
                    self.scala_last_package = ".".join(self.scala_chain)
                    stack.append(len(pending_packaging))
                    pending_packaging = None
                    continue
                if (
                    language == "scala"
                    and depth == 0
                    and current is not None
                    and not current.braced
                    and self._indent(start) <= current.indent
                ):
                    current.braced = True
                stack.append(0)
                depth += 1
            elif group == "close":
                if stack:
                    parts = stack.pop()
                    if parts:
                        del self.scala_chain[-parts:]
                    else:
                        depth -= 1
                if not stack:
                    depth = 0
            elif group == "bt":
                continue
            elif self._nested(depth, current, start):
                self._nested_token(group, m, current, depth)
            elif group == "kw":
                decl = self._declaration(m, last_decl_end)
                if decl is not None:
                    self.decls.append(decl)
                    current = decl
                    last_decl_end = m.end()
            elif group == "member":
                self._kotlin_member(m)
            elif group == "pkg":
                pending_packaging, decl, end = self._scala_package(m)
                if decl is not None:
                    self.decls.append(decl)
                    current = decl
                    last_decl_end = skip_until = end
            elif group == "imp":
                self._scala_import(m.end())
            elif group == "atmain":
                self.mains.append(self._package_here(_dotted(m.group("mainname"))))

    def _nested(self, depth: int, current: _Decl | None, start: int) -> bool:
        if depth > 0:
            return True
        if self.language != "scala" or current is None or current.braced:
            return False
        return self._indent(start) > current.indent

    def _nested_token(
        self, group: str | None, m: re.Match[str], current: _Decl | None, depth: int
    ) -> None:
        """A token inside a top-level type's body: tests, mains and Scala local imports."""
        if group == "imp":
            self._scala_import(m.end())
        if current is None:
            return
        code, end = self.code, m.end()
        if group == "test":
            current.has_tests = True
            current.test_annotations.append(_dotted(m.group()[1:]))
        elif group == "main" and self.language == "java":
            mods = self._modifiers(m.start(), 0)
            public = "public" in mods or current.kind in ("interface", "annotation")
            if depth == 1 and "static" in mods and public and _JAVA_MAIN_PARAMS.match(code, end):
                current.has_main = True
        elif group == "main":  # Scala def main(args: Array[String]) in an object
            if current.kind == "object" and _SCALA_MAIN_PARAMS.match(code, end):
                current.has_main = True
        elif group == "member" and m.group() == "fun":
            name = _NAME_AFTER.match(code, end)
            if name and name.group(1) == "main" and code.startswith("(", name.end()):
                mods = self._modifiers(m.start(), 0)
                if any(w in ("@JvmStatic", "@kotlin.jvm.JvmStatic") for w in mods):
                    current.has_main = True

    def _declaration(self, m: re.Match[str], last_decl_end: int) -> _Decl | None:
        code, kind, start = self.code, m.group(), m.start()
        before = self._prev_char(start)
        if before in ".:":
            return None  # Foo.class, Foo::class
        name = _NAME_AFTER.match(code, m.end())
        if name is None or name.group(1) in _RESERVED:
            return None
        if kind == "record" and not _RECORD_TAIL.match(code, name.end()):
            return None
        mods = self._modifiers(start, last_decl_end)
        if before == "@":
            kind = "annotation"
        elif kind == "class" and self.language == "kotlin":
            kind = next((w for w in mods if w in ("enum", "annotation")), kind)
        abstract = "abstract" in mods or (self.language == "kotlin" and "sealed" in mods)
        header_end = code.find("{", name.end(), name.end() + 2000)
        header = code[name.end() : header_end if header_end >= 0 else name.end() + 2000]
        cut = _HEADER_CUT.search(header)
        decl = _Decl(
            name=_dotted(name.group(1)),
            kind=kind,
            package=self._package_here(None),
            abstract=abstract,
            header=header[: cut.start()] if cut else header,
        )
        if self.language == "scala":
            decl.indent = self._indent(start)
        decl.class_annotations = self._class_annotations(start)
        header = decl.header
        if self.language == "java":
            header = _GENERICS.sub("", _GENERICS.sub("", header))
        supertype = _SUPERTYPE[self.language].search(header)
        if supertype:
            decl.supertype = _dotted(supertype.group(1))
        return decl

    def _class_annotations(self, start: int) -> tuple[str, ...]:
        """The annotations written before a declaration: back to the end of the previous
        statement or block, skipping what is inside an annotation's parentheses."""
        code, j, parens = self.code, start - 1, 0
        floor = max(0, start - 2000)
        while j >= floor:
            c = code[j]
            if c == ")":
                parens += 1
            elif c == "(":
                parens -= 1
            elif parens <= 0 and c in ";{}":
                break
            j -= 1
        return tuple(_dotted(a) for a in _ANNOTATION.findall(code, j + 1, start))

    def _package_here(self, name: str | None) -> str:
        package = ".".join(self.scala_chain) if self.language == "scala" else self.package
        return package if name is None else _qualify(package, name)

    def _kotlin_member(self, m: re.Match[str]) -> None:
        """A top-level ``fun``/``val``/``var``: the file gets a facade class."""
        code = self.code
        name = _NAME_AFTER.match(code, m.end())
        if m.group() == "fun" and name and name.group(1) == "interface":
            return
        self.toplevel_members = True
        if m.group() == "fun" and name and name.group(1) == "main":
            paren = code.find("(", name.end(), name.end() + 100)
            if paren >= 0 and not code[name.end() : paren].strip():
                self.kotlin_main |= _KOTLIN_MAIN_PARAMS.match(code, paren + 1) is not None

    def _scala_package(self, m: re.Match[str]) -> tuple[list[str] | None, _Decl | None, int]:
        """A package clause (extends the chain), packaging block, or package object."""
        code = self.code
        obj = _SCALA_PACKAGE_OBJECT.match(code, m.end())
        if obj:
            decl = _Decl(_dotted(obj.group(1)), "pkgobj", ".".join(self.scala_chain), False, "")
            decl.indent = self._indent(m.start())
            return None, decl, obj.end()
        clause = _SCALA_PACKAGE.match(code, m.end())
        if clause is None:
            return None, None, m.end()
        parts = _dotted(clause.group(1)).split(".")
        if clause.group(2):
            return parts, None, m.end()
        self.scala_chain.extend(parts)
        self.scala_last_package = ".".join(self.scala_chain)
        return None, None, m.end()

    def _scala_import(self, pos: int) -> None:
        """``import a.b.C, d.e.{F, G => H, I => _, _}`` (Scala 2 and 3 forms)."""
        code = self.code
        while (m := _SCALA_IMPORT.match(code, pos)) is not None:
            path = _dotted(m.group(1)).removeprefix("_root_.")
            if m.group(2):
                self.imports.add(path + ".*")
            elif m.group(3) is not None:
                for selector in m.group(3).split(","):
                    self._scala_selector(path, selector)
            else:
                head, _, last = path.rpartition(".")
                if head and last in ("_", "given"):
                    path = head + ".*"
                self.imports.add(path)
            comma = _COMMA.match(code, m.end())
            if comma is None:
                return
            pos = comma.end()

    def _scala_selector(self, path: str, selector: str) -> None:
        sel = _SCALA_SELECTOR.match(selector)
        if sel is None:
            if selector.strip().startswith("given"):
                self.imports.add(path + ".*")
            return
        name, rename = _dotted(sel.group(1)), sel.group(2)
        if name in ("_", "*", "given"):
            self.imports.add(path + ".*")
        elif rename != "_":
            self.imports.add(f"{path}.{name}")

    # -- result --

    def result(self) -> SourceFile:
        decls = self.decls
        package = self.package
        types = {d.name for d in decls if d.kind != "pkgobj"}
        if self.language == "scala":
            package = decls[0].package if decls else self.scala_last_package
            objects = [d for d in decls if d.kind == "pkgobj"]
            if objects and len(objects) == len(decls) == 1:
                package = _qualify(package, objects[0].name)
                types.add("package")
            else:
                types.update(f"{d.name}.package" for d in objects)
        mains = set(self.mains)
        if self.language == "kotlin" and self.toplevel_members:
            jvm_name = _JVM_NAME.search(self.code)
            facade = (
                self.strings[int(jvm_name.group(1))][1:-1] if jvm_name else kotlin_facade(self.path)
            )
            types.add(facade)
            if self.kotlin_main:
                mains.add(_qualify(package, facade))
        tests, bases, kinds, supertypes = set(), set(), set(), set()
        imports = self.imports
        for d in decls:
            qualified = _qualify(d.package, d.name)
            if d.has_main or (d.kind == "object" and _SCALA_APP.search(d.header)):
                mains.add(qualified)
            if d.kind != "class":
                continue
            kind = framework_of_class(d.test_annotations, d.class_annotations, d.package, imports)
            supertype = resolve_supertype(d.supertype, d.package, imports) if d.supertype else None
            if kind is None and supertype is not None:
                kind = framework_of_base(supertype)
            if kind is None and _JUNIT3.search(d.header):
                kind = "junit4"
            if kind is not None:
                (bases if d.abstract else tests).add(qualified)
                kinds.add(kind)
            elif supertype is not None:
                supertypes.add((qualified, supertype, d.abstract))
        return SourceFile(
            path=self.path,
            language=self.language,
            package=package,
            imports=tuple(sorted(self.imports)),
            types=tuple(sorted(types)),
            is_test=bool(tests),
            test_classes=tuple(sorted(tests)),
            main_classes=tuple(sorted(mains)),
            test_framework=first_framework(kinds) if kinds else "",
            supertypes=tuple(sorted(supertypes)),
            test_bases=tuple(sorted(bases)),
        )
