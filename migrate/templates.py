"""The one Jinja2 environment every template-rendered file comes from.

Templates are data (``generators/`` for files written into the repository, ``reports/`` for
what people read), addressed by their path from the data root:
``generators/workspace/WORKSPACE.j2``, ``reports/report.md.j2``. A repository may override any
report template by a file of the same name in its own templates folder (``--templates DIR`` or
``reports.templates``); a template includes or extends another of its own folder by its bare
name (``{% include "part.md.j2" %}``), as it did when each folder had an environment of its own.
"""

from __future__ import annotations

import json
import os
import posixpath
from functools import cache
from pathlib import Path
from typing import Any

import jinja2

from migrate.resources import data_dir


def quoted(value: object) -> str:
    """A double-quoted string literal that is valid Starlark and valid YAML (JSON's form); a
    list or tuple becomes a list of them (``["a", "b"]``, a Starlark list and a YAML sequence)."""
    if isinstance(value, list | tuple):
        return json.dumps([str(item) for item in value], ensure_ascii=False)
    return json.dumps(str(value), ensure_ascii=False)


def _markdown_cell(text: object) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def shown(path: str) -> str:
    """A path as short as it can be printed: relative to the working directory when inside it."""
    relative = os.path.relpath(path)
    return path if relative.startswith("..") else relative


_FILTERS = {
    "quoted": quoted,
    "code": lambda text: f"`{text}`",
    "cell": _markdown_cell,
    "seconds": lambda value: f"{value:.1f} s",
    "shown": shown,
}


def _autoescape(name: str | None) -> bool:
    """HTML templates escape what they interpolate; Starlark, YAML and Markdown do not."""
    return bool(name) and name.endswith(".html.j2")


_FOLDERS = ("generators", "reports")


class _Environment(jinja2.Environment):
    def join_path(self, template: str, parent: str) -> str:
        """A name in ``{% include %}``/``{% extends %}`` that does not start with one of
        ``_FOLDERS`` is one in the including template's folder (``generators/workspace/``,
        ``reports/``: for a report, the override folder first), as with a loader of that
        folder alone."""
        if template.startswith(tuple(f"{folder}/" for folder in _FOLDERS)) or "/" not in parent:
            return template
        return posixpath.join(posixpath.dirname(parent), template)


class _PrefixLoader(jinja2.PrefixLoader):
    """Templates keep their full name (``reports/ci.md.j2``; PrefixLoader's own ``load`` would
    name them ``ci.md.j2``), so join_path knows the folder of an including template."""

    load = jinja2.BaseLoader.load


@cache
def environment(report_overrides: str | None = None) -> jinja2.Environment:
    """The environment, with ``report_overrides`` (a folder) searched before ``reports/``."""
    reports = [jinja2.FileSystemLoader(str(data_dir("reports")))]
    if report_overrides:
        reports.insert(0, jinja2.FileSystemLoader(report_overrides))
    env = _Environment(
        loader=_PrefixLoader(
            {
                "generators": jinja2.FileSystemLoader(str(data_dir("generators"))),
                "reports": jinja2.ChoiceLoader(reports),
            }
        ),
        undefined=jinja2.StrictUndefined,
        autoescape=_autoescape,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.filters.update(_FILTERS)
    return env


def render(template: str, report_overrides: str | Path | None = None, **context: Any) -> str:
    """``template`` (e.g. ``generators/offline/WORKSPACE.j2``) rendered with ``context``."""
    # absolute, so that one folder is one cached environment whatever the working directory
    overrides = os.path.abspath(report_overrides) if report_overrides else None
    return environment(overrides).get_template(template).render(**context)
