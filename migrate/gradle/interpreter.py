"""A small evaluator for build-script trees: just enough Groovy/Kotlin to read a build.

Values are plain Python values, ``UNKNOWN`` for anything it cannot compute, closures, and
*hosts*: objects standing for Gradle's DSL (the project, its ``dependencies {}`` block, ...),
which live in other modules. Names resolve like a Groovy closure with a delegate: local
variables first, then script functions, then the delegates from the innermost out. Unknown
calls evaluate to ``UNKNOWN`` silently; a host that *needs* a value reports when it gets
``UNKNOWN`` (with file:line), because only it knows that the value mattered.
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from migrate.gradle import syntax as s


class _Unknown:
    _instance: _Unknown | None = None

    def __new__(cls) -> _Unknown:
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "UNKNOWN"

    def __bool__(self) -> bool:
        raise TypeError("UNKNOWN has no truth value; use truth()")


UNKNOWN: Any = _Unknown()
NOT_FOUND: Any = object()


class Diagnostics:
    """Collects diagnostics once per (file, line, message)."""

    def __init__(self) -> None:
        self.items: dict[tuple[str | None, int | None, str], str] = {}

    def add(self, severity: str, file: str | None, line: int | None, message: str) -> None:
        self.items.setdefault((file, line, message), severity)


@dataclass
class CallArgs:
    """A call as a host sees it: evaluated arguments plus the nodes, for diagnostics."""

    args: list[Any]
    named: dict[str, Any]
    closure: ClosureValue | None
    node: s.Node
    interp: Interpreter
    arg_nodes: list[s.Node] = field(default_factory=list)

    def report(self, message: str, node: s.Node | None = None) -> None:
        self.interp.warn(node or self.node, message)

    def snippet(self, node: s.Node | None = None) -> str:
        return self.interp.script.snippet(node or self.node)


class Host:
    """A DSL object. Subclasses answer the names they know and return NOT_FOUND otherwise."""

    def get(self, name: str, interp: Interpreter) -> Any:
        return NOT_FOUND

    def set(self, name: str, value: Any, interp: Interpreter) -> bool:
        return False

    def invoke(self, name: str, call: CallArgs) -> Any:
        return NOT_FOUND

    def get_item(self, key: Any, interp: Interpreter) -> Any:
        return UNKNOWN

    def set_item(self, key: Any, value: Any, interp: Interpreter) -> bool:
        return False

    def by_delegate(self, kind: str, name: str, call: CallArgs | None) -> Any:
        """Kotlin ``val x by getting/creating {}`` inside this DSL object."""
        return NOT_FOUND


class BlockHost(Host):
    """A DSL block that only holds other blocks: ``name { ... }`` runs its closure against the
    host ``blocks[name]()`` makes; a call of one of the ``ignored`` names is accepted and does
    nothing (what it configures does not matter for Bazel); anything else is not found."""

    def __init__(
        self, blocks: dict[str, Callable[[], Host]], ignored: tuple[str, ...] = ()
    ) -> None:
        self.blocks, self.ignored = blocks, ignored

    def invoke(self, name: str, call: CallArgs) -> Any:
        if name in self.blocks and call.closure is not None:
            call.closure.run(self.blocks[name]())
            return None
        if name in self.ignored:
            return None
        return NOT_FOUND


@dataclass
class Scope:
    vars: dict[str, Any]
    parent: Scope | None
    delegates: list[Host]

    def lookup(self, name: str) -> Any:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.vars:
                return scope.vars[name]
            scope = scope.parent
        return NOT_FOUND

    def assign(self, name: str, value: Any) -> bool:
        scope: Scope | None = self
        while scope is not None:
            if name in scope.vars:
                scope.vars[name] = value
                return True
            scope = scope.parent
        return False


@dataclass
class ClosureValue:
    node: s.Closure
    scope: Scope
    interp: Interpreter

    def run(self, delegate: Host | None, *args: Any) -> Any:
        return self.interp.run_closure(self, delegate, list(args))


@dataclass
class FunctionValue:
    node: s.FuncDecl
    scope: Scope


class _ReturnSignal(Exception):
    def __init__(self, value: Any) -> None:
        self.value = value


def truth(value: Any) -> bool | None:
    """Groovy truth, or None when unknown."""
    if value is UNKNOWN:
        return None
    if isinstance(value, (str, list, dict, tuple)):
        return len(value) > 0
    if value is None:
        return False
    if isinstance(value, (int, float, bool)):
        return bool(value)
    return True


def to_str(value: Any) -> Any:
    if value is UNKNOWN:
        return UNKNOWN
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if value is None:
        return "null"
    if isinstance(value, (int, float)):
        return str(value)
    as_string = getattr(value, "as_string", None)
    if as_string is not None:
        return as_string()
    if isinstance(value, list):
        parts = [to_str(v) for v in value]
        return UNKNOWN if UNKNOWN in parts else "[" + ", ".join(parts) + "]"
    return UNKNOWN


class Interpreter:
    """Evaluates one parsed script (or closures from it) against hosts."""

    MAX_DEPTH = 60

    def __init__(
        self,
        script: s.Script,
        file: str,
        kotlin: bool,
        diagnostics: Diagnostics,
        base_dir: str,
        functions: dict[str, Callable[[CallArgs], Any]] | None = None,
        model_names: frozenset[str] = frozenset(),
    ) -> None:
        self.script = script
        self.file = file
        self.kotlin = kotlin
        self.diagnostics = diagnostics
        self.base_dir = base_dir
        self.builtins = functions or {}
        self.model_names = model_names
        self.depth = 0
        self.assigning: s.Assign | None = None  # for hosts reporting a bad value's line

    # --- diagnostics ---------------------------------------------------------------------
    def matters(self, body: list[s.Node]) -> bool:
        """Does skipped code mention anything that shapes the model (a plugin, a dependency)?"""
        if not self.model_names:
            return True
        return any(name in self.model_names for name in s.calls_in(body))

    def warn(self, node: s.Node, message: str) -> None:
        self.diagnostics.add("warning", self.file, node.line, message)

    def report_problems(self) -> None:
        for line, message in self.script.problems:
            self.diagnostics.add("warning", self.file, line, message)

    # --- running ---------------------------------------------------------------------------
    def run_script(self, delegate: Host, variables: dict[str, Any] | None = None) -> Scope:
        scope = Scope(dict(variables or {}), None, [delegate])
        self._hoist(self.script.body, scope)
        with contextlib.suppress(_ReturnSignal):  # a top-level `return` ends the script
            self.run_block(self.script.body, scope)
        return scope

    def run_closure(self, closure: ClosureValue, delegate: Host | None, args: list[Any]) -> Any:
        if self._too_deep(closure.node):
            return UNKNOWN
        params = closure.node.params or ["it"]
        variables = {name: (args[i] if i < len(args) else UNKNOWN) for i, name in enumerate(params)}
        delegates = ([delegate] if delegate is not None else []) + closure.scope.delegates
        return self._run_body(closure.node.body, Scope(variables, closure.scope, delegates))

    def call_function(self, fn: FunctionValue, call: CallArgs, node: s.Node) -> Any:
        if self._too_deep(node):
            return UNKNOWN
        scope = Scope({}, fn.scope, fn.scope.delegates)
        self.bind_params(fn.node, call, scope)
        return self._run_body(fn.node.body, scope)

    def _too_deep(self, node: s.Node) -> bool:
        """Closures and functions calling each other past MAX_DEPTH: warned, not run."""
        if self.depth > self.MAX_DEPTH:
            self.warn(node, "evaluation too deep (recursion?); skipped")
            return True
        return False

    def _run_body(self, body: list[s.Node], scope: Scope) -> Any:
        """A closure's or a function's body, one level deeper; a ``return`` ends it with its
        value."""
        self.depth += 1
        try:
            return self.run_block(body, scope)
        except _ReturnSignal as ret:
            return ret.value
        finally:
            self.depth -= 1

    def bind_params(self, decl: s.FuncDecl, call: CallArgs, scope: Scope) -> None:
        """Bind a call's arguments to a script function's parameters, into ``scope``.

        Kotlin binds named arguments by name, a trailing lambda to the last parameter and the
        rest in order; Groovy passes named arguments as one leading map. Missing arguments
        take their default, evaluated after the earlier parameters so it may use them.
        """
        positional = list(call.args)
        named = dict(call.named)
        if named and not self.kotlin:
            positional.insert(0, named)
            named = {}
        trailing = decl.params[-1] if call.closure is not None and decl.params else None
        for param in decl.params:
            if param in named:
                value = named.pop(param)
            elif param == trailing:
                value = call.closure
            elif param == decl.vararg:
                value, positional = positional, []
            elif positional:
                value = positional.pop(0)
            elif param in decl.defaults:
                value = self.eval(decl.defaults[param], scope)
            else:
                value = UNKNOWN
            scope.vars[param] = value

    def _hoist(self, body: list[s.Node], scope: Scope) -> None:
        for stmt in body:
            if isinstance(stmt, s.FuncDecl):
                scope.vars[stmt.name] = FunctionValue(stmt, scope)

    def run_block(self, body: list[s.Node], scope: Scope) -> Any:
        last: Any = None
        for stmt in body:
            last = self.statement(stmt, scope)
        return last

    def statement(self, stmt: s.Node, scope: Scope) -> Any:
        if isinstance(stmt, s.ExprStmt):
            return self.eval(stmt.expr, scope)
        if isinstance(stmt, s.Assign):
            self.assign(stmt, scope)
            return None
        if isinstance(stmt, s.VarDecl):
            self.declare(stmt, scope)
            return None
        if isinstance(stmt, s.FuncDecl):
            scope.vars[stmt.name] = FunctionValue(stmt, scope)
            return None
        if isinstance(stmt, s.If):
            return self.eval_if(stmt, scope)
        if isinstance(stmt, s.ForIn):
            iterable = self.eval(stmt.iterable, scope)
            if not isinstance(iterable, list):
                if iterable is UNKNOWN:
                    self.warn(
                        stmt,
                        f"loop over a value that could not be evaluated: "
                        f"{self.script.snippet(stmt.iterable)}; skipped",
                    )
                return None
            for item in iterable:
                inner = Scope({stmt.var: item}, scope, scope.delegates)
                self.run_block(stmt.body, inner)
            return None
        if isinstance(stmt, s.Return):
            raise _ReturnSignal(self.eval(stmt.value, scope) if stmt.value else None)
        return self.eval(stmt, scope)

    def eval_if(self, stmt: s.If, scope: Scope) -> Any:
        cond = truth(self.eval(stmt.cond, scope))
        if cond is None:
            if self.matters(stmt.then) or self.matters(stmt.other or []):
                snippet = self.script.snippet(stmt.cond)
                self.warn(
                    stmt, f"condition could not be evaluated: {snippet}; its block was skipped"
                )
            return UNKNOWN
        branch = stmt.then if cond else stmt.other
        if not branch:
            return None
        inner = Scope({}, scope, scope.delegates)
        return self.run_block(branch, inner)

    def declare(self, stmt: s.VarDecl, scope: Scope) -> None:
        if stmt.by is not None:
            scope.vars[stmt.name] = self.eval_by(stmt, scope)
            return
        scope.vars[stmt.name] = self.eval(stmt.value, scope) if stmt.value is not None else None

    def eval_by(self, stmt: s.VarDecl, scope: Scope) -> Any:
        """Kotlin property delegation: ``by extra(...)``, ``by getting {}``, ``by project``."""
        by = stmt.by
        kind, call = None, None
        if isinstance(by, s.Name):
            kind = by.id
        elif isinstance(by, s.Call) and isinstance(by.callee, s.Name):
            kind = by.callee.id
            call = self._call_args(by, scope)
        if kind in ("getting", "creating", "registering", "existing", "extra", "project"):
            for delegate in scope.delegates:
                result = delegate.by_delegate(kind, stmt.name, call)
                if result is not NOT_FOUND:
                    return result
            return UNKNOWN
        if isinstance(by, s.Call):  # by lazy {}, by map(...): not a value we can read
            return UNKNOWN
        return self._by_object(stmt, scope)

    def _by_object(self, stmt: s.VarDecl, scope: Scope) -> Any:
        """``by rootProject.extra``, ``by rootProject``, ``by someMap``: read the named entry."""
        owner = self.eval(stmt.by, scope)
        if isinstance(owner, dict):
            return owner.get(stmt.name, UNKNOWN)
        if isinstance(owner, Host):
            result = owner.by_delegate("of", stmt.name, None)
            return UNKNOWN if result is NOT_FOUND else result
        return UNKNOWN

    def assign(self, stmt: s.Assign, scope: Scope) -> None:
        value = self.eval(stmt.value, scope)
        if stmt.op != "=":
            current = self.eval(stmt.target, scope)
            value = self.binary("+" if stmt.op in ("+=", "<<=") else stmt.op[0], current, value)
        self.assigning = stmt
        target = stmt.target
        if isinstance(target, s.Name):
            if scope.assign(target.id, value):
                return
            for delegate in scope.delegates:
                if delegate.set(target.id, value, self):
                    return
            root = scope
            while root.parent is not None:
                root = root.parent
            root.vars[target.id] = value  # a Groovy script binding
        elif isinstance(target, s.Attr):
            obj = self.eval(target.obj, scope)
            if isinstance(obj, Host):
                obj.set(target.name, value, self)
            elif isinstance(obj, dict):
                obj[target.name] = value
        elif isinstance(target, s.Index):
            obj = self.eval(target.obj, scope)
            key = self.eval(target.index, scope)
            if isinstance(obj, Host):
                obj.set_item(key, value, self)
            elif isinstance(obj, dict) and key is not UNKNOWN:
                obj[key] = value

    # --- expressions ---------------------------------------------------------------------
    def eval(self, node: s.Node | None, scope: Scope) -> Any:
        if node is None:
            return None
        if isinstance(node, s.Lit):
            return node.value
        if isinstance(node, s.GStr):
            out = []
            for part in node.parts:
                text = part if isinstance(part, str) else to_str(self.eval(part, scope))
                if text is UNKNOWN:
                    return UNKNOWN
                out.append(text)
            return "".join(out)
        if isinstance(node, s.Name):
            return self.lookup(node.id, scope)
        if isinstance(node, s.Attr):
            return self.attribute(self.eval(node.obj, scope), node.name)
        if isinstance(node, s.Call):
            return self.call(node, scope)
        if isinstance(node, s.Index):
            obj = self.eval(node.obj, scope)
            key = self.eval(node.index, scope)
            if isinstance(obj, Host):
                return obj.get_item(key, self)
            if isinstance(obj, dict):
                return obj.get(key, UNKNOWN) if key is not UNKNOWN else UNKNOWN
            if isinstance(obj, list) and isinstance(key, int) and -len(obj) <= key < len(obj):
                return obj[key]
            return UNKNOWN
        if isinstance(node, s.ListLit):
            return [self.eval(item, scope) for item in node.items]
        if isinstance(node, s.MapLit):
            return {to_str(self.eval(k, scope)): self.eval(v, scope) for k, v in node.items}
        if isinstance(node, s.Closure):
            return ClosureValue(node, scope, self)
        if isinstance(node, s.BinOp):
            return self.eval_binop(node, scope)
        if isinstance(node, s.Unary):
            value = self.eval(node.operand, scope)
            if node.op == "!":
                t = truth(value)
                return UNKNOWN if t is None else not t
            if node.op == "-" and isinstance(value, (int, float)) and not isinstance(value, bool):
                return -value
            return value if node.op in ("+", "*") else UNKNOWN
        if isinstance(node, s.Ternary):
            t = truth(self.eval(node.cond, scope))
            if t is None:
                return UNKNOWN
            return self.eval(node.then if t else node.other, scope)
        if isinstance(node, s.If):
            return self.eval_if(node, scope)
        return UNKNOWN

    def eval_binop(self, node: s.BinOp, scope: Scope) -> Any:
        op = node.op
        if op in ("&&", "||"):
            left = truth(self.eval(node.left, scope))
            if op == "&&" and left is False:
                return False
            if op == "||" and left is True:
                return True
            right = truth(self.eval(node.right, scope))
            if right is None or left is None:
                if op == "&&" and right is False:
                    return False
                if op == "||" and right is True:
                    return True
                return UNKNOWN
            return right
        if op == "?:":
            left = self.eval(node.left, scope)
            t = truth(left)
            if t is None:
                return UNKNOWN
            return left if t else self.eval(node.right, scope)
        return self.binary(op, self.eval(node.left, scope), self.eval(node.right, scope))

    def binary(self, op: str, left: Any, right: Any) -> Any:
        if left is UNKNOWN or right is UNKNOWN:
            return UNKNOWN
        if isinstance(left, Host) or isinstance(right, Host):
            if op in ("==", "!=", "==="):
                same = left is right
                return same if op != "!=" else not same
            if op == "+" and isinstance(left, Host):
                text = to_str(left)
                return (
                    UNKNOWN if text is UNKNOWN or to_str(right) is UNKNOWN else text + to_str(right)
                )
            return UNKNOWN
        try:
            if op in ("==", "==="):
                return left == right
            if op in ("!=", "!=="):
                return left != right
            if op in ("in", "!in"):
                result = left in right if isinstance(right, (list, dict, str)) else UNKNOWN
                return result if result is UNKNOWN or op == "in" else not result
            if op == "+":
                if isinstance(left, str) or isinstance(right, str):
                    l_text, r_text = to_str(left), to_str(right)
                    return UNKNOWN if UNKNOWN in (l_text, r_text) else l_text + r_text
                if isinstance(left, list):
                    return left + (right if isinstance(right, list) else [right])
                if isinstance(left, dict) and isinstance(right, dict):
                    return {**left, **right}
                return left + right
            if op == "<<" and isinstance(left, list):
                left.append(right)
                return left
            if op == "-" and isinstance(left, list):
                return [x for x in left if x not in (right if isinstance(right, list) else [right])]
            if op in ("<", ">", "<=", ">=", "-", "*", "/", "%", "**"):
                return {
                    "<": lambda: left < right,
                    ">": lambda: left > right,
                    "<=": lambda: left <= right,
                    ">=": lambda: left >= right,
                    "-": lambda: left - right,
                    "*": lambda: left * right,
                    "/": lambda: left / right,
                    "%": lambda: left % right,
                    "**": lambda: left**right,
                }[op]()
            if op in ("..", "..<") and isinstance(left, int) and isinstance(right, int):
                return list(range(left, right + (1 if op == ".." else 0)))
        except (TypeError, ZeroDivisionError, ValueError):
            return UNKNOWN
        return UNKNOWN

    def lookup(self, name: str, scope: Scope) -> Any:
        value = scope.lookup(name)
        if value is not NOT_FOUND:
            return value
        for delegate in scope.delegates:
            value = delegate.get(name, self)
            if value is not NOT_FOUND:
                return value
        return UNKNOWN

    def attribute(self, obj: Any, name: str) -> Any:
        if obj is UNKNOWN:
            return UNKNOWN
        if isinstance(obj, Host):
            value = obj.get(name, self)
            return UNKNOWN if value is NOT_FOUND else value
        if isinstance(obj, dict):
            return obj.get(name, UNKNOWN)
        if isinstance(obj, FilePath):
            return obj.attribute(name)
        if isinstance(obj, str):
            return {"length": len(obj), "isEmpty": not obj}.get(name, UNKNOWN)
        if isinstance(obj, list):
            if name == "name":  # Groovy spread: projects*.name
                return [self.attribute(x, "name") for x in obj]
            return {"size": len(obj), "empty": not obj}.get(name, UNKNOWN)
        return UNKNOWN

    def _call_args(self, node: s.Call, scope: Scope) -> CallArgs:
        args = [self.eval(a, scope) for a in node.args]
        named = {k: self.eval(v, scope) for k, v in node.named}
        closure = ClosureValue(node.closure, scope, self) if node.closure is not None else None
        return CallArgs(args, named, closure, node, self, list(node.args))

    def call(self, node: s.Call, scope: Scope) -> Any:
        callee = node.callee
        if isinstance(callee, s.Lit) and isinstance(callee.value, str):  # Kotlin "api"(...)
            callee = s.Name(callee.line, callee.start, callee.end, callee.value)
        if isinstance(callee, s.Name):
            name = callee.id
            local = scope.lookup(name)
            call = self._call_args(node, scope)
            if isinstance(local, FunctionValue):
                return self.call_function(local, call, node)
            if isinstance(local, ClosureValue):
                return local.run(None, *call.args)
            if name in self.builtins:
                return self.builtins[name](call)
            for delegate in scope.delegates:
                result = delegate.invoke(name, call)
                if result is not NOT_FOUND:
                    return result
            self._skipped_closure(call)
            return UNKNOWN
        if isinstance(callee, s.Attr):
            receiver = self.eval(callee.obj, scope)
            call = self._call_args(node, scope)
            return self.method(receiver, callee.name, call)
        return UNKNOWN

    def _skipped_closure(self, call: CallArgs) -> None:
        """A closure handed to something we could not evaluate is never run: say so if it
        held code that shapes the model (``unknownList.each { include it }``)."""
        closures = [call.closure] if call.closure else []
        closures += [a for a in call.args if isinstance(a, ClosureValue)]
        for closure in closures:
            if self.matters(closure.node.body):
                self.warn(
                    call.node,
                    f"could not evaluate {self.script.snippet(call.node, 60)}; "
                    "the block it configures was skipped",
                )
                return

    def method(self, receiver: Any, name: str, call: CallArgs) -> Any:
        if receiver is UNKNOWN:
            self._skipped_closure(call)
            return UNKNOWN
        if isinstance(receiver, Host):
            result = receiver.invoke(name, call)
            if result is not NOT_FOUND:
                return result
            if not call.args and not call.named:
                prop = receiver.get(name, self)
                if isinstance(prop, Host) and call.closure is not None:
                    call.closure.run(prop, prop)
                    return prop
            return UNKNOWN
        if isinstance(receiver, ClosureValue) and name == "call":
            return receiver.run(None, *call.args)
        if isinstance(receiver, FilePath):
            result = receiver.method(name, call)
            if result is not NOT_FOUND:
                return result
        return value_method(receiver, name, call)


def value_method(receiver: Any, name: str, call: CallArgs) -> Any:
    """The few String/List/Map methods build scripts use to compute names and paths."""
    args = call.args
    if any(a is UNKNOWN for a in args):
        return UNKNOWN
    fn = call.closure
    if fn is None and args and isinstance(args[-1], ClosureValue):
        fn = args[-1]
        args = args[:-1]

    def apply(x: Any, *more: Any) -> Any:
        return fn.run(None, x, *more) if fn is not None else UNKNOWN

    if isinstance(receiver, str):
        text = receiver
        one = args[0] if args else None
        string_methods: dict[str, Callable[[], Any]] = {
            "startsWith": lambda: isinstance(one, str) and text.startswith(one),
            "endsWith": lambda: isinstance(one, str) and text.endswith(one),
            "contains": lambda: isinstance(one, str) and one in text,
            "equals": lambda: text == one,
            "toUpperCase": text.upper,
            "uppercase": text.upper,
            "toLowerCase": text.lower,
            "lowercase": text.lower,
            "trim": text.strip,
            "toString": lambda: text,
            "capitalize": lambda: text[:1].upper() + text[1:],
            "replace": lambda: (
                text.replace(str(args[0]), str(args[1])) if len(args) == 2 else UNKNOWN
            ),
            "split": lambda: text.split(one) if isinstance(one, str) and one else text.split(),
            "substring": lambda: (
                text[args[0] : args[1] if len(args) > 1 else None]
                if args and all(isinstance(a, int) for a in args)
                else UNKNOWN
            ),
            "isEmpty": lambda: not text,
            "isBlank": lambda: not text.strip(),
            "length": lambda: len(text),
            "removePrefix": lambda: (
                text[len(one) :] if isinstance(one, str) and text.startswith(one) else text
            ),
            "removeSuffix": lambda: (
                text[: -len(one)] if isinstance(one, str) and one and text.endswith(one) else text
            ),
            "get": lambda: text,
        }
        if name in string_methods:
            return string_methods[name]()
        return UNKNOWN
    if isinstance(receiver, list):
        items = receiver
        if name in ("each", "forEach", "eachWithIndex", "forEachIndexed"):
            for i, item in enumerate(items):
                if name in ("eachWithIndex",):
                    apply(item, i)
                elif name == "forEachIndexed":
                    apply(i, item)
                else:
                    apply(item)
            return items
        if name in ("collect", "map"):
            return [apply(item) for item in items]
        if name in ("findAll", "filter", "grep"):
            out = []
            for item in items:
                t = truth(apply(item))
                if t is None:
                    return UNKNOWN
                if t:
                    out.append(item)
            return out
        if name in ("find", "firstOrNull"):
            if fn is None:
                return items[0] if items else None
            for item in items:
                t = truth(apply(item))
                if t is None:
                    return UNKNOWN
                if t:
                    return item
            return None
        if name in ("any", "every", "all", "none"):
            results = [truth(apply(item)) for item in items]
            if None in results:
                return UNKNOWN
            return {
                "any": any(results),
                "every": all(results),
                "all": all(results),
                "none": not any(results),
            }[name]
        if name == "contains":
            return args[0] in items if args else UNKNOWN
        if name in ("plus",):
            return items + (args[0] if isinstance(args[0], list) else [args[0]])
        if name in ("join", "joinToString"):
            sep = args[0] if args else ("" if name == "join" else ", ")
            parts = [to_str(x) for x in items]
            return UNKNOWN if UNKNOWN in parts else str(sep).join(parts)
        if name in ("size", "count"):
            return len(items)
        if name in ("isEmpty",):
            return not items
        if name in ("first",):
            return items[0] if items else UNKNOWN
        if name in ("last",):
            return items[-1] if items else UNKNOWN
        if name in (
            "sort",
            "sorted",
            "toList",
            "toSet",
            "unique",
            "distinct",
            "asList",
            "toMutableList",
        ):
            try:
                return sorted(items) if name.startswith("sort") else list(dict.fromkeys(items))
            except TypeError:
                return list(items)
        return UNKNOWN
    if isinstance(receiver, dict):
        if name in ("each", "forEach"):
            for k, v in receiver.items():
                if fn is not None and len(fn.node.params) >= 2:
                    apply(k, v)
                else:
                    apply(_Entry(k, v))
            return receiver
        if name in ("get", "getAt", "getValue"):
            return receiver.get(args[0], UNKNOWN) if args else UNKNOWN
        if name in ("getOrDefault",):
            return receiver.get(args[0], args[1]) if len(args) == 2 else UNKNOWN
        if name in ("containsKey",):
            return args[0] in receiver if args else UNKNOWN
        if name in ("keySet", "keys"):
            return list(receiver)
        if name in ("values",):
            return list(receiver.values())
        return UNKNOWN
    return UNKNOWN


class _Entry(Host):
    def __init__(self, key: Any, value: Any) -> None:
        self.key, self.value = key, value

    def get(self, name: str, interp: Interpreter) -> Any:
        return {"key": self.key, "value": self.value}.get(name, NOT_FOUND)


class FilePath(str):
    """A path from ``file()``/``new File()``: a string that also answers java.io.File's questions
    (settings scripts list directories to include projects)."""

    def attribute(self, name: str) -> Any:
        values: dict[str, Callable[[], Any]] = {
            "name": lambda: os.path.basename(self),
            "path": lambda: str(self),
            "absolutePath": lambda: str(self),
            "canonicalPath": lambda: str(self),
            "parentFile": lambda: FilePath(os.path.dirname(self)),
            "parent": lambda: str(os.path.dirname(self)),
            "isDirectory": lambda: os.path.isdir(self),
            "directory": lambda: os.path.isdir(self),
            "isFile": lambda: os.path.isfile(self),
            "file": lambda: os.path.isfile(self),
        }
        return values[name]() if name in values else UNKNOWN

    def children(self) -> list[FilePath]:
        if not os.path.isdir(self):
            return []
        return [FilePath(os.path.join(self, n)) for n in sorted(os.listdir(self))]

    def method(self, name: str, call: CallArgs) -> Any:
        fn = call.closure or next((a for a in call.args if isinstance(a, ClosureValue)), None)
        if name in ("eachDir", "eachFile"):
            for child in self.children():
                if fn is not None and (name == "eachFile" or os.path.isdir(child)):
                    fn.run(None, child)
            return None
        if name == "listFiles":
            return self.children()
        if name in ("exists", "isDirectory", "isFile", "getName", "getPath", "getParentFile"):
            prop = {
                "exists": None,
                "getName": "name",
                "getPath": "path",
                "getParentFile": "parentFile",
            }.get(name, name)
            return os.path.exists(self) if prop is None else self.attribute(prop)
        if name == "resolve" and call.args and isinstance(call.args[0], str):
            return join_path(self, call.args[0])
        return NOT_FOUND


def join_path(base: str, relative: str) -> FilePath:
    """Resolve a path as Gradle's file() does: absolute stays, relative joins the base."""
    return FilePath(os.path.normpath(os.path.join(base, relative)))
