"""The one Jinja2 environment (migrate.templates): filters, escaping, report overrides."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from migrate.resources import data_dir
from migrate.templates import environment, quoted, render


def _templates() -> list[str]:
    return sorted(
        f"{folder}/{path.relative_to(data_dir(folder)).as_posix()}"
        for folder in ("generators", "reports")
        for path in data_dir(folder).rglob("*.j2")
    )


@pytest.mark.parametrize("name", _templates())
def test_every_template_loads_by_its_path_from_the_data_root(name: str) -> None:
    assert environment().get_template(name).name == name


def test_quoted_is_a_starlark_and_yaml_literal() -> None:
    assert quoted('a "b"\\ é') == '"a \\"b\\"\\\\ é"'
    assert yaml.safe_load(quoted("key: [x]")) == "key: [x]"
    assert quoted(["a", ":b"]) == '["a", ":b"]'  # a list stays a list (plan.yaml's cycles)
    assert yaml.safe_load(quoted(("a", 1))) == ["a", "1"]


def test_html_templates_escape_and_the_others_do_not(tmp_path: Path) -> None:
    (tmp_path / "page.html.j2").write_text("{{ value }}")
    (tmp_path / "page.md.j2").write_text("{{ value }}")
    assert render("reports/page.html.j2", tmp_path, value="<b>&") == "&lt;b&gt;&amp;"
    assert render("reports/page.md.j2", tmp_path, value="<b>&") == "<b>&"


def test_an_override_folder_comes_first_and_includes_by_bare_name(tmp_path: Path) -> None:
    (tmp_path / "ci.md.j2").write_text('mine: {% include "part.md.j2" %}')
    (tmp_path / "part.md.j2").write_text("{{ outcome | code }}")
    assert render("reports/ci.md.j2", tmp_path, outcome="x") == "mine: `x`"
    assert "mine" not in render("reports/pull_request.md.j2", tmp_path, wave=1, projects=(),
                                files=(), build="b")  # fmt: skip


def test_a_relative_override_folder_is_read_from_the_working_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for name in ("one", "two"):
        (tmp_path / name / "templates").mkdir(parents=True)
        (tmp_path / name / "templates" / "ci.md.j2").write_text(name)
    monkeypatch.chdir(tmp_path / "one")
    assert render("reports/ci.md.j2", "templates") == "one"
    monkeypatch.chdir(tmp_path / "two")
    assert render("reports/ci.md.j2", "templates") == "two"


def test_a_generator_includes_by_bare_name_from_its_own_folder() -> None:
    env = environment()
    assert env.join_path("x.j2", "generators/workspace/WORKSPACE.j2") == "generators/workspace/x.j2"
    assert env.join_path("reports/x.j2", "generators/workspace/WORKSPACE.j2") == "reports/x.j2"
