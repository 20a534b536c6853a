"""A tolerant tokenizer for Groovy and Kotlin build scripts.

It knows the lexical rules that decide where code is (strings of every Groovy/Kotlin flavour,
GString interpolation, slashy strings, comments, balanced brackets) and nothing else, so it never
fails: problems become diagnostics and the token stream goes on. Newlines are significant only
outside ``(`` and ``[``, as in both languages.
"""

from __future__ import annotations

from dataclasses import dataclass, field

IDENT, STRING, NUMBER, OP, NL, EOF = "ident", "string", "number", "op", "nl", "eof"

_OPERATOR_TEXT = """
?. *. .& :: -> == != === !== <= >= && || ?: ..< .. += -= *= /= << >> =~ ==~ ** !! ++ -- <=>
( ) { } [ ] . , ; : = + - * / % < > ! ? & | ^ ~ @ #
"""
_OPERATORS = sorted(_OPERATOR_TEXT.split(), key=len, reverse=True)  # longest match first
# Operators after which a "/" starts a Groovy slashy string rather than a division.
_SLASHY_AFTER = {
    "(",
    ",",
    "=",
    "==",
    "!=",
    "=~",
    "==~",
    ":",
    "[",
    "{",
    "&&",
    "||",
    "!",
    "?",
    "+",
    "<<",
    "->",
    ";",
}


@dataclass(slots=True)
class Interpolation:
    """A ``$name`` or ``${expr}`` inside a string: source text plus where it starts."""

    source: str
    offset: int
    line: int


@dataclass(slots=True)
class Token:
    kind: str
    value: str
    line: int
    start: int
    end: int
    parts: list[str | Interpolation] | None = None  # for STRING tokens
    backtick: bool = False  # Kotlin `quoted-identifier`


@dataclass
class LexResult:
    tokens: list[Token]
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message)


def tokenize(text: str, kotlin: bool) -> LexResult:
    return _Lexer(text, kotlin).run()


class _Lexer:
    def __init__(self, text: str, kotlin: bool) -> None:
        self.text = text
        self.kotlin = kotlin
        self.pos = 0
        self.line = 1
        self.tokens: list[Token] = []
        self.problems: list[tuple[int, str]] = []
        self.brackets: list[tuple[str, int, int]] = []  # (opening char, line, offset)

    def run(self) -> LexResult:
        text, n = self.text, len(self.text)
        if text.startswith("#!"):
            self._skip_line()
        while self.pos < n:
            c = text[self.pos]
            if c == "\n":
                self._close_abandoned_bracket()
                self._newline_token()
                self.pos += 1
                self.line += 1
            elif c in " \t\r\f\ufeff":
                self.pos += 1
            elif c == "\\" and text.startswith("\\\n", self.pos):
                self.pos += 2
                self.line += 1
            elif text.startswith("//", self.pos):
                self._skip_line()
            elif text.startswith("/*", self.pos):
                self._block_comment()
            elif c.isalpha() or c == "_" or (c == "$" and not text.startswith("$/", self.pos)):
                self._identifier()
            elif c.isdigit():
                self._number()
            elif c == "`" and self.kotlin:
                self._backtick()
            elif c in "\"'":
                self._string()
            elif c == "/" and not self.kotlin and self._slashy_allowed():
                self._slashy("/", "/")
            elif text.startswith("$/", self.pos) and not self.kotlin:
                self._slashy("$/", "/$")
            else:
                self._operator()
        for opening, line, _ in self.brackets:
            self.problems.append((line, f"unclosed '{opening}'"))
        self.tokens.append(Token(EOF, "", self.line, n, n))
        return LexResult(self.tokens, self.problems)

    # --- helpers -------------------------------------------------------------------------
    def _add(self, kind: str, value: str, start: int, line: int, **kw: object) -> Token:
        tok = Token(kind, value, line, start, self.pos, **kw)  # type: ignore[arg-type]
        self.tokens.append(tok)
        return tok

    def _indent(self, pos: int) -> int:
        line_start = self.text.rfind("\n", 0, pos) + 1
        return len(self.text[line_start:pos]) - len(self.text[line_start:pos].lstrip(" \t"))

    def _close_abandoned_bracket(self) -> None:
        """An open ( or [ whose next line is not indented deeper was never closed.

        Without this, one malformed line would swallow the newlines of the rest of the file.
        """
        if not self.brackets or self.brackets[-1][0] not in "([":
            return
        nxt = self.pos + 1
        while nxt < len(self.text) and self.text[nxt] in " \t\r\n":
            nxt += 1
        if nxt >= len(self.text):
            return
        opening, line, opened_at = self.brackets[-1]
        if self.text[nxt] in ")]}.,+-*/?:|&=" or self.text.startswith(("//", "/*"), nxt):
            return
        if self._indent(nxt) <= self._indent(opened_at):
            self.brackets.pop()
            self.problems.append((line, f"unclosed '{opening}'"))

    def _newline_token(self) -> None:
        if self.brackets and self.brackets[-1][0] in "([":
            return
        if self.tokens and self.tokens[-1].kind == NL:
            return
        self.tokens.append(Token(NL, "\n", self.line, self.pos, self.pos + 1))

    def _skip_line(self) -> None:
        end = self.text.find("\n", self.pos)
        self.pos = len(self.text) if end < 0 else end

    def _block_comment(self) -> None:
        """``/* ... */``; Kotlin's nest, Groovy's do not."""
        text, depth, i = self.text, 0, self.pos
        while i < len(text):
            if text.startswith("/*", i) and (self.kotlin or depth == 0):
                depth += 1
                i += 2
            elif text.startswith("*/", i):
                depth -= 1
                i += 2
                if depth == 0:
                    break
            else:
                i += 1
        if depth:
            self.problems.append((self.line, "unterminated comment"))
        self.line += text.count("\n", self.pos, i)
        self.pos = i

    def _identifier(self) -> None:
        start, text = self.pos, self.text
        self.pos += 1
        while self.pos < len(text) and (text[self.pos].isalnum() or text[self.pos] in "_$"):
            self.pos += 1
        self._add(IDENT, text[start : self.pos], start, self.line)

    def _number(self) -> None:
        start, text = self.pos, self.text
        while self.pos < len(text) and (text[self.pos].isalnum() or text[self.pos] in "_"):
            self.pos += 1
        if (
            text.startswith(".", self.pos)
            and self.pos + 1 < len(text)
            and text[self.pos + 1].isdigit()
        ):
            self.pos += 1
            while self.pos < len(text) and (text[self.pos].isalnum() or text[self.pos] == "_"):
                self.pos += 1
        self._add(NUMBER, text[start : self.pos], start, self.line)

    def _backtick(self) -> None:
        start = self.pos
        end = self.text.find("`", start + 1)
        if end < 0 or "\n" in self.text[start:end]:
            self.problems.append((self.line, "unterminated `identifier`"))
            self.pos += 1
            return
        self.pos = end + 1
        self._add(IDENT, self.text[start + 1 : end], start, self.line, backtick=True)

    def _operator(self) -> None:
        start, text = self.pos, self.text
        for op in _OPERATORS:
            if text.startswith(op, start):
                break
        else:
            op = text[start]
        self.pos += len(op)
        if op in "([{":
            self.brackets.append((op, self.line, start))
        elif op in ")]}":
            expected = {")": "(", "]": "[", "}": "{"}[op]
            if self.brackets and self.brackets[-1][0] == expected:
                self.brackets.pop()
            elif any(b[0] == expected for b in self.brackets):
                # close the inner unclosed brackets: report them and recover at this one
                while self.brackets[-1][0] != expected:
                    opening, line, _ = self.brackets.pop()
                    self.problems.append((line, f"unclosed '{opening}'"))
                self.brackets.pop()
            else:
                self.problems.append((self.line, f"unbalanced '{op}'"))
        self._add(OP, op, start, self.line)

    def _slashy_allowed(self) -> bool:
        """A ``/`` starts a slashy string only where an operand is expected, and (to stay safe
        on malformed code) only when it closes on the same line."""
        nxt = self.text[self.pos + 1 : self.pos + 2]
        if nxt in ("", " ", "=", "\n", "/", "*"):
            return False
        line_end = self.text.find("\n", self.pos)
        if "/" not in self.text[self.pos + 1 : line_end if line_end >= 0 else len(self.text)]:
            return False
        if not self.tokens or self.tokens[-1].kind == NL:
            return True
        last = self.tokens[-1]
        if last.kind == IDENT:
            return last.value in ("return", "in", "case")
        return last.kind == OP and last.value in _SLASHY_AFTER

    # --- strings -------------------------------------------------------------------------
    def _string(self) -> None:
        text, start, line = self.text, self.pos, self.line
        quote = text[start]
        triple = text.startswith(quote * 3, start)
        delim = quote * 3 if triple else quote
        interpolating = quote == '"' or (self.kotlin and quote == '"')
        if self.kotlin and quote == "'":  # a Kotlin char literal
            interpolating = False
        self.pos += len(delim)
        raw_kotlin = self.kotlin and triple
        parts = self._string_body(delim, interpolating, escapes=not raw_kotlin, multiline=triple)
        if parts is None:
            self.problems.append((line, "unterminated string"))
            parts = []
        value = "".join(p for p in parts if isinstance(p, str))
        self._add(STRING, value, start, line, parts=parts)

    def _slashy(self, opening: str, closing: str) -> None:
        start, line = self.pos, self.line
        self.pos += len(opening)
        parts = self._string_body(closing, True, escapes=False, multiline=True)
        if parts is None:
            self.problems.append((line, "unterminated slashy string"))
            parts = []
        value = "".join(p for p in parts if isinstance(p, str))
        self._add(STRING, value, start, line, parts=parts)

    def _string_body(
        self, delim: str, interpolating: bool, escapes: bool, multiline: bool
    ) -> list[str | Interpolation] | None:
        text, n = self.text, len(self.text)
        parts: list[str | Interpolation] = []
        buf: list[str] = []
        while self.pos < n:
            c = text[self.pos]
            if text.startswith(delim, self.pos):
                self.pos += len(delim)
                if buf:
                    parts.append("".join(buf))
                return parts
            if c == "\n":
                if not multiline:
                    return None
                self.line += 1
            if c == "\\" and escapes and self.pos + 1 < n:
                nxt = text[self.pos + 1]
                buf.append({"n": "\n", "t": "\t", "r": "\r", "b": "\b", "f": "\f"}.get(nxt, nxt))
                if nxt == "\n":
                    self.line += 1
                self.pos += 2
                continue
            if c == "$" and interpolating:
                interp = self._interpolation()
                if interp is not None:
                    if buf:
                        parts.append("".join(buf))
                        buf = []
                    parts.append(interp)
                    continue
            buf.append(c)
            self.pos += 1
        return None

    def _interpolation(self) -> Interpolation | None:
        text, start, line = self.text, self.pos, self.line
        if text.startswith("${", start):
            depth, i = 1, start + 2
            while i < len(text) and depth:
                ch = text[i]
                if ch == "{":
                    depth += 1
                elif ch == "}":
                    depth -= 1
                elif ch in "\"'":
                    close = text.find(ch, i + 1)
                    i = close if close > 0 else i
                elif ch == "\n":
                    self.line += 1
                i += 1
            if depth:
                return None
            self.pos = i
            return Interpolation(text[start + 2 : i - 1], start + 2, line)
        i = start + 1
        if i >= len(text) or not (text[i].isalpha() or text[i] == "_"):
            return None
        while True:
            while i < len(text) and (text[i].isalnum() or text[i] == "_"):
                i += 1
            # Groovy's "$a.b.c" reads a dotted path; Kotlin's "$a.b" is just $a.
            if (
                not self.kotlin
                and text.startswith(".", i)
                and i + 1 < len(text)
                and (text[i + 1].isalpha() or text[i + 1] == "_")
            ):
                i += 1
                continue
            break
        self.pos = i
        return Interpolation(text[start + 1 : i], start + 1, line)
