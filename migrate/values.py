"""Stage values to JSON and back, read from their type hints.

Every box between two stages (Generation, ParityReport, ...) is a frozen dataclass; one codec
turns any of them into JSON-ready data and reads it back into the same value, so a stage's output
can be written, cached and read by the next stage without a hand-written parser per value.
Tuples and frozensets become lists (frozensets sorted), dataclasses objects; a union is decoded
by the first member the data fits.
"""

from __future__ import annotations

import dataclasses
import types
import typing
from functools import cache
from typing import Any, TypeVar, Union

from migrate.errors import InputError

T = TypeVar("T")


class ShapeError(InputError, ValueError):
    """Data that does not have the shape of the value it should become."""


def to_json(value: Any) -> Any:
    """``value`` as JSON-ready data (dict, list, str, int, float, bool, None)."""
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: to_json(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, frozenset | set):
        return sorted(to_json(v) for v in value)
    if isinstance(value, tuple | list):
        return [to_json(v) for v in value]
    if isinstance(value, dict):
        return {str(k): to_json(v) for k, v in value.items()}
    return value


def from_json(kind: type[T], data: Any) -> T:
    """The value of type ``kind`` that ``to_json`` gave ``data`` for."""
    return _decode(kind, data, kind.__name__)


@cache
def _hints(cls: type) -> dict[str, Any]:
    return typing.get_type_hints(cls)


def _decode(kind: Any, data: Any, where: str) -> Any:
    origin = typing.get_origin(kind)
    args = typing.get_args(kind)
    if kind is Any:
        return data
    if origin in (Union, types.UnionType):
        for arm in args:
            if _fits(arm, data):
                return _decode(arm, data, where)
        raise ShapeError(f"{where}: {data!r} is none of {kind}")
    if dataclasses.is_dataclass(kind):
        if not isinstance(data, dict):
            raise ShapeError(f"{where}: expected an object, got {type(data).__name__}")
        hints = _hints(kind)
        known = {f.name for f in dataclasses.fields(kind) if f.init}
        fields = {
            name: _decode(hints[name], value, f"{where}.{name}")
            for name, value in data.items()
            if name in known
        }
        try:
            return kind(**fields)
        except TypeError as exc:
            raise ShapeError(f"{where}: {exc}") from exc
    if origin in (tuple, list, frozenset, set):
        if not isinstance(data, list):
            raise ShapeError(f"{where}: expected a list, got {type(data).__name__}")
        if origin is tuple and not (len(args) == 2 and args[1] is Ellipsis):
            if len(args) != len(data):
                raise ShapeError(f"{where}: expected {len(args)} items, got {len(data)}")
            return tuple(_decode(a, v, where) for a, v in zip(args, data, strict=True))
        items = [_decode(args[0] if args else Any, v, where) for v in data]
        return origin(items)
    if origin is dict:
        if not isinstance(data, dict):
            raise ShapeError(f"{where}: expected an object, got {type(data).__name__}")
        key, value = args or (Any, Any)
        return {_decode(key, k, where): _decode(value, v, f"{where}[{k}]") for k, v in data.items()}
    if not _fits(kind, data):
        raise ShapeError(f"{where}: expected {getattr(kind, '__name__', kind)}, got {data!r}")
    return float(data) if kind is float else data


def _fits(kind: Any, data: Any) -> bool:
    """Whether ``data`` has the JSON shape of ``kind`` (for choosing a union's member)."""
    origin = typing.get_origin(kind) or kind
    if kind is Any:
        return True
    if kind is type(None):
        return data is None
    if dataclasses.is_dataclass(kind):  # its fields, and every field without a default
        if not isinstance(data, dict):
            return False
        fields = {f.name: f for f in dataclasses.fields(kind) if f.init}
        required = {
            n
            for n, f in fields.items()
            if f.default is dataclasses.MISSING and f.default_factory is dataclasses.MISSING
        }
        return set(data) <= set(fields) and required <= set(data)
    if origin is dict:
        return isinstance(data, dict)
    if origin in (tuple, list, frozenset, set):
        return isinstance(data, list)
    if kind is bool:
        return isinstance(data, bool)
    if kind is int:
        return isinstance(data, int) and not isinstance(data, bool)
    if kind is float:
        return isinstance(data, int | float) and not isinstance(data, bool)
    if kind is str:
        return isinstance(data, str)
    return False
