"""A forgiving parser for the subset of Groovy and Kotlin that build scripts are made of.

The two DSLs share one shape: statements that are method calls with arguments and trailing
closures, assignments, declarations and conditionals. One parser reads both into the small tree
below. A statement it cannot read is skipped to its end (balanced brackets) and reported with its
line, and parsing goes on: one odd line never costs the rest of the script.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from migrate.gradle.lexer import EOF, IDENT, NL, NUMBER, OP, STRING, Interpolation, Token, tokenize


# --- the tree ------------------------------------------------------------------------------
@dataclass(slots=True)
class Node:
    line: int
    start: int
    end: int


@dataclass(slots=True)
class Lit(Node):
    value: Any


@dataclass(slots=True)
class GStr(Node):
    parts: list[Any]  # str | Node


@dataclass(slots=True)
class Name(Node):
    id: str


@dataclass(slots=True)
class Attr(Node):
    obj: Node
    name: str


@dataclass(slots=True)
class Call(Node):
    callee: Node  # Name or Attr
    args: list[Node]
    named: list[tuple[str, Node]]
    closure: Closure | None


@dataclass(slots=True)
class Index(Node):
    obj: Node
    index: Node


@dataclass(slots=True)
class ListLit(Node):
    items: list[Node]


@dataclass(slots=True)
class MapLit(Node):
    items: list[tuple[Node, Node]]


@dataclass(slots=True)
class Closure(Node):
    params: list[str]
    body: list[Node]


@dataclass(slots=True)
class BinOp(Node):
    op: str
    left: Node
    right: Node


@dataclass(slots=True)
class Unary(Node):
    op: str
    operand: Node


@dataclass(slots=True)
class Ternary(Node):
    cond: Node
    then: Node
    other: Node


@dataclass(slots=True)
class ExprStmt(Node):
    expr: Node


@dataclass(slots=True)
class Assign(Node):
    target: Node
    op: str
    value: Node


@dataclass(slots=True)
class VarDecl(Node):
    name: str
    value: Node | None
    by: Node | None = None


@dataclass(slots=True)
class FuncDecl(Node):
    name: str
    params: list[str]
    body: list[Node]
    defaults: dict[str, Node] = field(default_factory=dict)  # parameter → default value
    vararg: str | None = None  # Kotlin ``vararg xs``, Groovy ``String... xs``


@dataclass(slots=True)
class If(Node):
    cond: Node
    then: list[Node]
    other: list[Node] | None


@dataclass(slots=True)
class ForIn(Node):
    var: str
    iterable: Node
    body: list[Node]


@dataclass(slots=True)
class Return(Node):
    value: Node | None


@dataclass
class Script:
    body: list[Node]
    problems: list[tuple[int, str]] = field(default_factory=list)  # (line, message)
    text: str = ""

    def snippet(self, node: Node, limit: int = 80) -> str:
        text = " ".join(self.text[node.start : node.end].split())
        return text if len(text) <= limit else text[: limit - 3] + "..."


class ParseError(Exception):
    def __init__(self, token: Token, message: str) -> None:
        super().__init__(message)
        self.token = token


class TooDeep(ParseError):
    """Nesting beyond MAX_NESTING: the parser (and the evaluator after it) recurse per level,
    so the statement is dropped with a diagnostic instead of overflowing Python's stack."""


# Levels of brackets, blocks, operator and call chains one statement may nest. Real build
# scripts stay far below 40; each level costs at most ~8 Python frames here and in the
# interpreter, so 100 stays well inside the default recursion limit of 1000.
MAX_NESTING = 100
TOO_DEEP = f"nesting deeper than {MAX_NESTING} levels: not evaluated"

_KEYWORD_LITERALS = {"true": True, "false": False, "null": None}
_SKIPPED_DECLARATIONS = {"class", "interface", "enum", "object", "trait", "typealias", "abstract"}
_MODIFIERS = {"private", "public", "protected", "static", "final", "internal", "open", "override"}
_PARAM_MODIFIERS = {"vararg", "noinline", "crossinline", "final"}
_NOT_INFIX = {"in", "is", "as", "instanceof", "else", "if", "return", "by", "catch", "finally"}
_ARG_START_OPS = {"[", "-", "!"}
_BINARY_PRECEDENCE: dict[str, float] = {
    "||": 1,
    "&&": 2,
    "==": 4,
    "!=": 4,
    "===": 4,
    "!==": 4,
    "=~": 4,
    "==~": 4,
    "<=>": 4,
    "in": 5,
    "!in": 5,
    "instanceof": 5,
    "is": 5,
    "<": 6,
    ">": 6,
    "<=": 6,
    ">=": 6,
    "<<": 7,
    ">>": 7,
    ">>>": 7,
    "..": 7.5,
    "..<": 7.5,
    "+": 8,
    "-": 8,
    "*": 9,
    "/": 9,
    "%": 9,
    "**": 10,
}


def parse(text: str, kotlin: bool) -> Script:
    lexed = tokenize(text, kotlin)
    parser = _Parser(lexed.tokens, kotlin, text)
    body = parser.block(top=True)
    problems = list(lexed.problems) + parser.problems
    return Script(body, sorted(set(problems)), text)


def parse_expression(
    text: str, kotlin: bool, offset: int, line: int, depth: int = 0
) -> Node | None:
    """Parse a GString interpolation; positions are shifted to the enclosing script.

    ``depth`` is the nesting of the enclosing parser: strings nested in interpolations recurse,
    so they count against the same limit (TooDeep propagates to the enclosing statement).
    """
    lexed = tokenize(text, kotlin)
    for tok in lexed.tokens:
        tok.start += offset
        tok.end += offset
        tok.line += line - 1
    parser = _Parser(lexed.tokens, kotlin, "", depth)
    try:
        parser.skip_newlines()
        node = parser.expression()
        parser.skip_newlines()
        return node if parser.peek().kind == EOF else None
    except TooDeep:
        raise
    except ParseError:
        return None


class _Parser:
    def __init__(self, tokens: list[Token], kotlin: bool, text: str, depth: int = 0) -> None:
        self.tokens = tokens
        self.kotlin = kotlin
        self.text = text
        self.i = 0
        self.problems: list[tuple[int, str]] = []
        self.depth = depth  # current nesting, see MAX_NESTING

    def _deeper(self, levels: int = 1) -> None:
        """Enter a nested construct; refuse past MAX_NESTING (before recursing further)."""
        self.depth += levels
        if self.depth > MAX_NESTING:
            raise TooDeep(self.peek(), TOO_DEEP)

    # --- token helpers -------------------------------------------------------------------
    def peek(self, k: int = 0) -> Token:
        return self.tokens[min(self.i + k, len(self.tokens) - 1)]

    def next(self) -> Token:
        tok = self.tokens[self.i]
        if tok.kind != EOF:
            self.i += 1
        return tok

    def at(self, value: str, k: int = 0) -> bool:
        tok = self.peek(k)
        return tok.kind in (OP, IDENT) and tok.value == value and not tok.backtick

    def accept(self, value: str) -> bool:
        if self.at(value):
            self.i += 1
            return True
        return False

    def expect(self, value: str) -> Token:
        if not self.at(value):
            tok = self.peek()
            raise ParseError(tok, f"expected '{value}' but found '{tok.value or tok.kind}'")
        return self.next()

    def _close_brace(self) -> None:
        """A block left open at the end of the file keeps what it holds (the lexer reports it)."""
        if self.peek().kind != EOF:
            self.expect("}")

    def skip_newlines(self) -> None:
        while self.peek().kind == NL or self.at(";"):
            self.i += 1

    def _same_line(self, tok: Token) -> bool:
        return tok.kind not in (NL, EOF)

    def _end(self) -> int:
        return self.tokens[self.i - 1].end if self.i else 0

    # --- statements ----------------------------------------------------------------------
    def block(self, top: bool = False) -> list[Node]:
        if top:
            return self._statements(top)
        self._deeper()
        body = self._statements(top)
        self.depth -= 1
        return body

    def _statements(self, top: bool) -> list[Node]:
        body: list[Node] = []
        while True:
            self.skip_newlines()
            tok = self.peek()
            if tok.kind == EOF:
                return body
            if self.at("}"):
                if not top:
                    return body
                self.problems.append((tok.line, "unbalanced '}'"))
                self.i += 1
                continue
            start, depth = self.i, self.depth
            try:
                stmt = self.statement()
                if stmt is not None:
                    body.append(stmt)
                if not (self.peek().kind in (NL, EOF) or self.at(";") or self.at("}")):
                    raise ParseError(self.peek(), f"unexpected '{self.peek().value}'")
            except ParseError as err:
                self.problems.append((self.tokens[start].line, self._problem(err, start)))
                self.i, self.depth = start, depth
                self._skip_statement()

    def _problem(self, err: ParseError, start: int) -> str:
        if isinstance(err, TooDeep):
            return TOO_DEEP
        return f"could not parse: {self._line_text(self.tokens[start])}"

    def _line_text(self, tok: Token) -> str:
        if not self.text:
            return tok.value
        end = self.text.find("\n", tok.start)
        text = self.text[tok.start : end if end >= 0 else len(self.text)].strip()
        return text if len(text) <= 80 else text[:77] + "..."

    def _skip_statement(self) -> None:
        """Skip to the end of the statement: the next newline outside braces.

        The lexer only emits newlines that end statements, so brackets need no counting here.
        """
        depth = 0
        while True:
            tok = self.peek()
            if tok.kind == EOF:
                return
            if tok.kind == OP and tok.value == "{":
                depth += 1
            elif tok.kind == OP and tok.value == "}":
                if depth == 0:
                    return
                depth -= 1
            elif depth == 0 and (tok.kind == NL or (tok.kind == OP and tok.value == ";")):
                return
            self.i += 1

    def _skip_balanced_braces(self) -> None:
        """Skip tokens through the next brace block (class bodies and the like)."""
        while not self.at("{"):
            if self.peek().kind in (NL, EOF) and not self.at("{", 1) and not self._brace_next():
                return
            self.i += 1
        depth = 0
        while self.peek().kind != EOF:
            tok = self.next()
            if tok.kind == OP and tok.value == "{":
                depth += 1
            elif tok.kind == OP and tok.value == "}":
                depth -= 1
                if depth == 0:
                    return

    def _brace_next(self) -> bool:
        k = 0
        while self.peek(k).kind == NL:
            k += 1
        return self.at("{", k)

    def statement(self) -> Node | None:
        tok = self.peek()
        if tok.kind == OP and tok.value == "@":  # annotation, maybe with a use-site target
            self.i += 1
            self.next()
            if self.at(":") and self.peek(1).kind == IDENT:  # @file:Suppress, @get:Input
                self.i += 1
                self.next()
            while self.accept("."):
                self.next()
            if self.at("("):
                self._skip_parens()
            if self.peek().kind == IDENT:  # what it annotates, on the same line
                return self.statement()
            return None
        if tok.kind != IDENT or tok.backtick:
            return self._expression_statement()
        word = tok.value
        if word in ("import", "package"):
            self._skip_statement()
            return None
        if word in _MODIFIERS:
            while self.peek().kind == IDENT and self.peek().value in _MODIFIERS:
                self.i += 1
            return self.statement()
        if word in _SKIPPED_DECLARATIONS or (word == "data" and self.at("class", 1)):
            self._skip_balanced_braces()
            return None
        if word == "if":
            return self._if()
        if word == "for":
            return self._for()
        if word in ("while", "try", "switch", "when", "do", "synchronized"):
            self._skip_compound()
            return None
        if word in ("return", "throw"):
            self.i += 1
            value = None
            if self._same_line(self.peek()) and not self.at("}") and not self.at(";"):
                value = self.expression()
            return Return(tok.line, tok.start, self._end(), value) if word == "return" else None
        if word in ("def", "val", "var", "fun") or self._typed_declaration():
            return self._declaration()
        return self._expression_statement()

    def _skip_parens(self) -> None:
        depth = 0
        while self.peek().kind != EOF:
            tok = self.next()
            if tok.kind == OP and tok.value == "(":
                depth += 1
            elif tok.kind == OP and tok.value == ")":
                depth -= 1
                if depth == 0:
                    return

    def _skip_compound(self) -> None:
        """Skip a loop/try/when statement with all its blocks."""
        self.i += 1
        while True:
            if self.at("("):
                self._skip_parens()
            if self._brace_next():
                self.skip_newlines()
                self._skip_balanced_braces()
            else:
                self._skip_statement()
                return
            k = 0
            while self.peek(k).kind == NL:
                k += 1
            if self.peek(k).value in ("catch", "finally", "else", "while"):
                self.i += k + 1
                continue
            return

    def _typed_declaration(self) -> bool:
        """Groovy ``String x = ...``, ``List<String> xs = ...``, ``String f(String a) {``."""
        if self.kotlin:
            return False
        k = 1
        if self.at("<", k):
            depth = 0
            while True:
                tok = self.peek(k)
                if tok.kind in (EOF, NL):
                    return False
                if tok.value == "<":
                    depth += 1
                elif tok.value == ">":
                    depth -= 1
                    if depth == 0:
                        k += 1
                        break
                k += 1
        if self.at("[", k) and self.at("]", k + 1):
            k += 2
        nxt = self.peek(k)
        if nxt.kind != IDENT or self.peek().value == "task":
            return False
        after = self.peek(k + 1)
        if after.kind == OP and after.value == "=":
            return True
        if after.kind in (NL, EOF) or (after.kind == OP and after.value == ";"):
            return self.peek().value[:1].isupper()
        if after.kind == OP and after.value == "(":
            return self._looks_like_params(k + 1)
        return False

    def _looks_like_params(self, k: int) -> bool:
        """Is ``(`` at offset k a parameter list followed by a method body?"""
        depth = 0
        default = False  # inside a parameter's default value, where literals belong
        while True:
            tok = self.peek(k)
            if tok.kind in (EOF,):
                return False
            if tok.kind == OP and tok.value == "(":
                depth += 1
            elif tok.kind == OP and tok.value == ")":
                depth -= 1
                if depth == 0:
                    break
            elif tok.kind == OP and tok.value == ":":
                return False  # named arguments: a call, not a declaration
            elif tok.kind == OP and depth == 1 and tok.value in ("=", ","):
                default = tok.value == "="
            elif tok.kind in (STRING, NUMBER) and not default:
                return False
            k += 1
        k += 1
        while self.peek(k).kind == NL:
            k += 1
        return self.at("{", k)

    def _declaration(self) -> Node:
        tok = self.next()
        word = tok.value
        if word not in ("def", "val", "var", "fun"):
            self._skip_type_args()
            if self.at("[") and self.at("]", 1):
                self.i += 2
        while self.peek().kind == IDENT and self.peek().value in _MODIFIERS:
            self.i += 1
        if word == "fun" and self.at("<"):
            self._skip_type_args()
        if word == "def" and self.peek().kind == IDENT and self.peek(1).kind == IDENT:
            self.i += 1  # def String x
        name_tok = self.next()
        if name_tok.kind not in (IDENT, STRING):
            raise ParseError(name_tok, "expected a name")
        if word == "fun" and self.at("."):  # extension function: fun Project.foo()
            self.i += 1
            name_tok = self.next()
        if self.at("(") and (word in ("fun", "def") or not self.kotlin):
            params, defaults, vararg = self._params()
            if self.accept(":"):
                self._skip_type()
            self.skip_newlines_before_brace()
            if self.at("{"):
                self.i += 1
                body = self.block()
                self._close_brace()
            elif self.accept("="):
                self.skip_newlines()
                value = self.expression()
                body = [Return(value.line, value.start, value.end, value)]
            else:
                body = []
            end = self._end()
            return FuncDecl(
                tok.line, tok.start, end, name_tok.value, params, body, defaults, vararg
            )
        if self.accept(":"):
            self._skip_type()
        value = by = None
        if self.accept("="):
            self.skip_newlines()
            value = self.expression()
        elif self.at("by"):
            self.i += 1
            by = self.expression()
        return VarDecl(tok.line, tok.start, self._end(), name_tok.value, value, by)

    def skip_newlines_before_brace(self) -> None:
        if self._brace_next():
            self.skip_newlines()

    def _params(self) -> tuple[list[str], dict[str, Node], str | None]:
        """Parameter names, default values (``dir: String = name``) and the vararg, if any."""
        self.expect("(")
        params: list[str] = []
        defaults: dict[str, Node] = {}
        vararg = None
        while not self.at(")"):
            toks = self._param_tokens()
            name = self._param_name(toks)
            params.append(name)
            if any(t.value in ("vararg", "..") and t.kind != STRING for t in toks):
                vararg = name
            if self.accept("="):
                defaults[name] = self.expression()
            if not self.accept(","):
                break
        self.expect(")")
        return params, defaults, vararg

    def _param_tokens(self) -> list[Token]:
        """The tokens of one parameter up to its ``=``, ``,`` or ``)`` (types may nest)."""
        toks: list[Token] = []
        depth = 0
        while True:
            tok = self.peek()
            if tok.kind == EOF:
                raise ParseError(tok, "unterminated parameter list")
            if tok.kind == OP and depth == 0 and tok.value in ("=", ",", ")"):
                return toks
            if tok.kind == OP and tok.value in ("(", "<", "["):
                depth += 1
            elif tok.kind == OP and tok.value in (")", ">", "]"):
                depth -= 1
            elif tok.kind == OP and tok.value == ">>":
                depth -= 2
            toks.append(self.next())

    def _param_name(self, toks: list[Token]) -> str:
        names = [
            t
            for i, t in enumerate(toks)
            if t.kind == IDENT and not (i and toks[i - 1].value == "@")  # annotations
        ]
        if not names:
            return "_"
        if self.kotlin:  # [modifiers] name: Type
            return next((t.value for t in names if t.value not in _PARAM_MODIFIERS), "_")
        return names[-1].value  # Groovy: [Type] name

    def _skip_type(self) -> None:
        """Skip a type: ``a.b.C<X, Y>?``, ``(A) -> B`` or ``*``."""
        if self.at("("):
            self._skip_parens()
            if self.accept("->"):
                self._skip_type()
            return
        if self.accept("*"):
            return
        if self.peek().kind != IDENT:
            return
        self.i += 1
        while True:
            if self.at(".") and self.peek(1).kind == IDENT:
                self.i += 2
            elif self.at("<"):
                if not self._skip_type_args():
                    return
            elif self.at("?") or self.at("[") and self.at("]", 1):
                self.i += 1 if self.at("?") else 2
            else:
                return

    def _skip_type_args(self) -> bool:
        """Skip ``<...>`` when it is a type-argument list; return whether it was one."""
        if not self.at("<"):
            return False
        depth, k = 0, 0
        while True:
            tok = self.peek(k)
            if tok.kind == OP and tok.value == "<":
                depth += 1
            elif tok.kind == OP and tok.value == ">":
                depth -= 1
                if depth == 0:
                    break
            elif tok.kind == OP and tok.value == ">>":
                depth -= 2
                if depth <= 0:
                    break
            elif not (tok.kind == IDENT or (tok.kind == OP and tok.value in ".,?*:")):
                return False
            k += 1
        self.i += k + 1
        return True

    def _if(self) -> Node:
        tok = self.next()
        self.expect("(")
        self.skip_newlines()
        cond = self.expression()
        self.skip_newlines()
        self.expect(")")
        then = self._branch()
        other = None
        k = 0
        while self.peek(k).kind == NL:
            k += 1
        if self.at("else", k):
            self.i += k + 1
            other = [self._else_if()] if self.at("if") else self._branch()
        return If(tok.line, tok.start, self._end(), cond, then, other)

    def _else_if(self) -> Node:
        """``else if`` chains recurse once per link: count them against MAX_NESTING."""
        self._deeper()
        node = self._if()
        self.depth -= 1
        return node

    def _branch(self) -> list[Node]:
        self.skip_newlines_before_brace()
        if self.accept("{"):
            body = self.block()
            self._close_brace()
            return body
        self.skip_newlines()
        self._deeper()  # `if (a) if (b) ...` nests without braces
        stmt = self.statement()
        self.depth -= 1
        return [stmt] if stmt is not None else []

    def _for(self) -> Node | None:
        tok = self.next()
        if not self.at("("):
            raise ParseError(self.peek(), "expected '('")
        self.i += 1
        names: list[Token] = []
        while self.peek().kind == IDENT and self.peek().value not in ("in",):
            names.append(self.next())
            if self.at("(") or self.at(","):
                self.i = self.i  # destructuring: fall back to skipping
                break
        if not names or not (self.accept("in") or self.accept(":")):
            self.i -= len(names) + 2
            self._skip_compound()
            return None
        iterable = self.expression()
        self.expect(")")
        body = self._branch()
        return ForIn(tok.line, tok.start, self._end(), names[-1].value, iterable, body)

    def _expression_statement(self) -> Node:
        first = self.peek()
        expr = self.expression(statement=True)
        if self.peek().kind == OP and self.peek().value in ("=", "+=", "-=", "*=", "<<="):
            op = self.next().value
            self.skip_newlines()
            value = self.expression()
            return Assign(first.line, first.start, self._end(), expr, op, value)
        return ExprStmt(first.line, first.start, self._end(), expr)

    # --- expressions ---------------------------------------------------------------------
    def expression(self, statement: bool = False) -> Node:
        left = self._ternary(statement)
        # Groovy command chains and Kotlin infix calls: a b c d  ==  a(b).c(d)
        links = 0  # each link nests the tree one level deeper
        try:
            while True:
                tok = self.peek()
                if (
                    tok.kind == IDENT
                    and not tok.backtick
                    and tok.value not in _NOT_INFIX
                    and self._starts_argument(self.peek(1))
                ):
                    links += 1
                    self._deeper()
                    self.i += 1
                    arg = self._ternary(False)
                    callee = Attr(tok.line, left.start, tok.end, left, tok.value)
                    left = Call(left.line, left.start, self._end(), callee, [arg], [], None)
                else:
                    return left
        finally:
            self.depth -= links

    def _starts_argument(self, tok: Token) -> bool:
        if tok.kind in (STRING, NUMBER):
            return True
        if tok.kind == IDENT:
            return tok.value not in _NOT_INFIX or tok.value in _KEYWORD_LITERALS
        return False

    def _ternary(self, statement: bool = False) -> Node:
        cond = self._binary(0, statement)
        if not (self.at("?") or self.at("?:")):
            return cond
        self._deeper()  # `a ? b : c ? d : ...` recurses once per link
        node = self._ternary_rest(cond)
        self.depth -= 1
        return node

    def _ternary_rest(self, cond: Node) -> Node:
        if self.at("?"):
            self.i += 1
            self.skip_newlines()
            then = self._ternary(False)
            self.skip_newlines()
            self.expect(":")
            self.skip_newlines()
            other = self._ternary(False)
            return Ternary(cond.line, cond.start, self._end(), cond, then, other)
        if self.at("?:"):
            self.i += 1
            self.skip_newlines()
            other = self._ternary(False)
            return BinOp(cond.line, cond.start, self._end(), "?:", cond, other)
        return cond

    def _binary_op(self) -> str | None:
        tok = self.peek()
        if tok.kind == OP and tok.value in _BINARY_PRECEDENCE:
            return tok.value
        if tok.kind == IDENT and tok.value in ("in", "instanceof", "is"):
            return tok.value
        if tok.kind == OP and tok.value == "!" and self.peek(1).value in ("in", "is"):
            return "!" + self.peek(1).value
        return None

    def _binary(self, min_prec: float, statement: bool) -> Node:
        left = self._unary(statement)
        links = 0  # `a + b + c ...` is built by this loop but nests the tree per link
        try:
            while True:
                op = self._binary_op()
                if op is None:
                    # `x as Type`: a cast changes nothing we evaluate
                    if self.at("as") or self.at("as?"):
                        self.i += 1
                        self._skip_type()
                        continue
                    return left
                if _BINARY_PRECEDENCE.get(op, 5) < min_prec:
                    return left
                links += 1
                self._deeper()
                left = self._binary_right(op, left)
        finally:
            self.depth -= links

    def _binary_right(self, op: str, left: Node) -> Node:
        """The right operand of ``op`` and the node joining it to ``left``."""
        prec = _BINARY_PRECEDENCE.get(op, 5)
        self.i += 2 if op.startswith("!") and op != "!=" and op != "!==" else 1
        self.skip_newlines()
        if op in ("is", "!is", "instanceof"):
            self._skip_type()
            right: Node = Lit(left.line, left.start, self._end(), None)
        else:
            right = self._binary(prec + 0.1, False)  # left-associative
        return BinOp(left.line, left.start, self._end(), op, left, right)

    def _unary(self, statement: bool) -> Node:
        tok = self.peek()
        if tok.kind == OP and tok.value in ("!", "-", "+", "~", "++", "--", "*"):
            self.i += 1
            self._deeper()
            operand = self._unary(False)
            self.depth -= 1
            return Unary(tok.line, tok.start, self._end(), tok.value, operand)
        return self._postfix(self._primary(), statement)

    def _primary(self) -> Node:
        tok = self.next()
        if tok.kind == STRING:
            return self._string(tok)
        if tok.kind == NUMBER:
            text = tok.value.rstrip("LlFfDdGg").replace("_", "")
            try:
                value: Any = int(text, 0) if "." not in text else float(text)
            except ValueError:
                value = text
            return Lit(tok.line, tok.start, tok.end, value)
        if tok.kind == IDENT:
            if not tok.backtick and tok.value in _KEYWORD_LITERALS:
                return Lit(tok.line, tok.start, tok.end, _KEYWORD_LITERALS[tok.value])
            if not tok.backtick and tok.value == "new":
                type_tok = self.next()
                while self.accept("."):
                    type_tok = self.next()
                self._skip_type_args()
                return Name(tok.line, tok.start, type_tok.end, "new " + type_tok.value)
            if not tok.backtick and tok.value == "if":
                self.i -= 1
                return self._if()
            if not tok.backtick and tok.value in ("try", "when"):  # as expressions: not evaluated
                self.i -= 1
                self._skip_compound()
                return Name(tok.line, tok.start, self._end(), "\0" + tok.value)
            if not self.kotlin or tok.backtick or not self.at("<"):
                return Name(tok.line, tok.start, tok.end, tok.value)
            save = self.i
            if self._skip_type_args() and (self.at("(") or self.at("{") or self.at(".")):
                return Name(tok.line, tok.start, tok.end, tok.value)
            self.i = save
            return Name(tok.line, tok.start, tok.end, tok.value)
        if tok.kind == OP:
            if tok.value == "(":
                self._deeper()
                self.skip_newlines()
                inner = self.expression()
                self.skip_newlines()
                self.expect(")")
                self.depth -= 1
                return inner
            if tok.value == "[":
                self._deeper()
                node = self._list_or_map(tok)
                self.depth -= 1
                return node
            if tok.value == "{":
                self._deeper()
                node = self._closure(tok)
                self.depth -= 1
                return node
            if tok.value == "::":
                name = self.next()
                return Name(tok.line, tok.start, name.end, "::" + name.value)
        raise ParseError(tok, f"unexpected '{tok.value or tok.kind}'")

    def _string(self, tok: Token) -> Node:
        parts = tok.parts or []
        if all(isinstance(p, str) for p in parts):
            return Lit(tok.line, tok.start, tok.end, "".join(parts))  # type: ignore[arg-type]
        out: list[Any] = []
        for part in parts:
            if isinstance(part, Interpolation):
                self._deeper(2)  # a nested parser costs more frames per level
                node = parse_expression(
                    part.source, self.kotlin, part.offset, part.line, self.depth
                )
                self.depth -= 2
                if node is None:
                    node = Name(part.line, part.offset, part.offset + len(part.source), "\0bad")
                out.append(node)
            else:
                out.append(part)
        return GStr(tok.line, tok.start, tok.end, out)

    def _list_or_map(self, tok: Token) -> Node:
        self.skip_newlines()
        if self.at(":") and self.at("]", 1):
            self.i += 2
            return MapLit(tok.line, tok.start, self._end(), [])
        items: list[Node] = []
        pairs: list[tuple[Node, Node]] = []
        while not self.at("]"):
            key = self.expression()
            if self.accept(":"):
                self.skip_newlines()
                value = self.expression()
                if isinstance(key, Name):
                    key = Lit(key.line, key.start, key.end, key.id)
                pairs.append((key, value))
            else:
                items.append(key)
            self.skip_newlines()
            if not self.accept(","):
                break
            self.skip_newlines()
        self.skip_newlines()
        self.expect("]")
        if pairs:
            return MapLit(tok.line, tok.start, self._end(), pairs)
        return ListLit(tok.line, tok.start, self._end(), items)

    def _closure(self, tok: Token) -> Closure:
        params: list[str] = []
        k = 0
        names: list[str] = []
        while True:  # look ahead for "a, b ->" / "String a ->" / "(k, v) ->"
            t = self.peek(k)
            if t.kind == IDENT or (t.kind == OP and t.value in (",", ":", "(", ")", "<", ">", "?")):
                if t.kind == IDENT:
                    names.append(t.value)
                k += 1
                continue
            if t.kind == OP and t.value == "->":
                params = self._closure_params(k)
                self.i += k + 1
            break
        body = self.block()
        self._close_brace()
        return Closure(tok.line, tok.start, self._end(), params, body)

    def _closure_params(self, k: int) -> list[str]:
        groups: list[list[Token]] = [[]]
        for j in range(k):
            t = self.peek(j)
            if t.kind == OP and t.value == ",":
                groups.append([])
            elif t.kind == IDENT or t.kind == OP and t.value == ":":
                groups[-1].append(t)
        names = []
        for group in groups:
            idents = [t for t in group if t.kind == IDENT]
            if not idents:
                continue
            if self.kotlin or any(t.kind == OP for t in group):
                names.append(idents[0].value)
            else:
                names.append(idents[-1].value)
        return names

    def _postfix(self, node: Node, statement: bool) -> Node:
        links = 0  # `a.b().c[d]...` is built by this loop but nests the tree per link
        try:
            while True:
                links += 1  # counted before the link is parsed: it may recurse (closures)
                self._deeper()
                step = self._postfix_step(node, statement)
                if step is None or step is node:
                    links -= 1
                    self.depth -= 1
                if step is None:
                    return node
                node = step
        finally:
            self.depth -= links

    def _postfix_step(self, node: Node, statement: bool) -> Node | None:
        """One member access, call, closure, index or command argument list applied to
        ``node``; ``None`` when nothing follows."""
        tok = self.peek()
        if tok.kind == OP and tok.value in (".", "?.", "*."):
            self.i += 1
            self.skip_newlines()
            name = self.next()
            if name.kind not in (IDENT, STRING):
                raise ParseError(name, "expected a member name")
            node = Attr(node.line, node.start, name.end, node, name.value)
            if self.kotlin and self.at("<"):
                save = self.i
                if not (self._skip_type_args() and (self.at("(") or self.at("{"))):
                    self.i = save
            return node
        if tok.kind == OP and tok.value == "!!":
            self.i += 1
            return node
        if tok.kind == OP and tok.value == "::":  # Test::class, String::trim
            self.i += 1
            name = self.next()
            node = Attr(node.line, node.start, name.end, node, "::" + name.value)
            return node
        if tok.kind == OP and tok.value == "(":
            args, named = self._arguments()
            closure = self._trailing_closure()
            node = Call(node.line, node.start, self._end(), node, args, named, closure)
            return node
        if tok.kind == OP and tok.value == "{" and isinstance(node, (Name, Attr, Call)):
            if isinstance(node, Call) and node.closure is not None:
                return None
            self.i += 1
            closure = self._closure(tok)
            if isinstance(node, Call):
                node = Call(
                    node.line,
                    node.start,
                    self._end(),
                    node.callee,
                    node.args,
                    node.named,
                    closure,
                )
            else:
                node = Call(node.line, node.start, self._end(), node, [], [], closure)
            return node
        if tok.kind == OP and tok.value == "[":
            self.i += 1
            self._deeper()
            self.skip_newlines()
            index = self.expression()
            self.skip_newlines()
            self.expect("]")
            self.depth -= 1
            node = Index(node.line, node.start, self._end(), node, index)
            return node
        if statement and isinstance(node, (Name, Attr)) and self._command_start():
            args, named = self._command_arguments()
            closure = self._trailing_closure()
            node = Call(node.line, node.start, self._end(), node, args, named, closure)
            return node
        # a method chain continued on the next line: foo()\n    .bar()
        if (
            tok.kind == NL
            and self.peek(1).kind == OP
            and self.peek(1).value in (".", "?.")
            and self.peek(2).kind == IDENT
        ):
            self.i += 1
            return node
        return None

    def _command_start(self) -> bool:
        if self.kotlin:
            return False
        tok = self.peek()
        if tok.kind in (STRING, NUMBER):
            return True
        if tok.kind == IDENT:
            return tok.value not in _NOT_INFIX or tok.value in _KEYWORD_LITERALS
        return tok.kind == OP and tok.value in _ARG_START_OPS and tok.value == "["

    def _command_arguments(self) -> tuple[list[Node], list[tuple[str, Node]]]:
        args: list[Node] = []
        named: list[tuple[str, Node]] = []
        while True:
            self._one_argument(args, named, command=True)
            if not self.accept(","):
                return args, named
            self.skip_newlines()

    def _one_argument(
        self, args: list[Node], named: list[tuple[str, Node]], command: bool = False
    ) -> None:
        tok = self.peek()
        value = self._ternary if command else self.expression
        if tok.kind in (IDENT, STRING) and self.at(":", 1) and not self.at("::", 1):
            self.i += 2
            self.skip_newlines()
            named.append((tok.value, value()))
        elif self.kotlin and tok.kind == IDENT and self.at("=", 1):
            self.i += 2
            self.skip_newlines()
            named.append((tok.value, self.expression()))
        else:
            if self.at("*"):  # spread
                self.i += 1
            args.append(value())

    def _arguments(self) -> tuple[list[Node], list[tuple[str, Node]]]:
        self.expect("(")
        self._deeper()
        args: list[Node] = []
        named: list[tuple[str, Node]] = []
        self.skip_newlines()
        while not self.at(")"):
            self._one_argument(args, named)
            self.skip_newlines()
            if not self.accept(","):
                break
            self.skip_newlines()
        self.expect(")")
        self.depth -= 1
        return args, named

    def _trailing_closure(self) -> Closure | None:
        if self.at("{"):
            tok = self.next()
            return self._closure(tok)
        return None


def calls_in(body: list[Node]) -> set[str]:
    """Names of the methods called and properties assigned in a subtree: what skipped code
    would have *done* (mere mentions such as ``sourceSets.main.output`` do not count)."""
    found: set[str] = set()
    stack: list[Any] = list(body)
    while stack:
        node = stack.pop()
        if isinstance(node, (list, tuple)):
            stack.extend(node)
            continue
        if not isinstance(node, Node):
            continue
        target = (
            node.callee
            if isinstance(node, Call)
            else node.target
            if isinstance(node, Assign)
            else None
        )
        if isinstance(target, Name):
            found.add(target.id)
        elif isinstance(target, Attr):
            found.add(target.name)
        stack.extend(getattr(node, f) for f in node.__slots__ if f not in ("line", "start", "end"))
    return found
