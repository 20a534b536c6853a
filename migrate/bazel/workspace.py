"""The online workspace files: MODULE.bazel (Bzlmod), WORKSPACE (older Bazel) and .bazelrc.

Templates live in ``generators/workspace/``, rule set pins in ``rules/bazel-deps.yaml`` and the
Bazel versions that accept each .bazelrc flag in ``rules/bazel-flags.yaml``: a generated
.bazelrc must only hold flags its target Bazel knows, since Bazel aborts on an unknown option.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from typing import Any

import yaml

from migrate.bazel.spec import MavenRepository, RemoteSettings, WorkspaceSpec
from migrate.bazel.version import BazelVersionError, version_tuple
from migrate.errors import InputError
from migrate.languages import languages
from migrate.maven.coordinates import Coordinate
from migrate.maven.labels import maven_install_artifact
from migrate.resources import data_dir, rule_table
from migrate.templates import render

FLAGS_TABLE = "bazel-flags.yaml"
DEPS_TABLE = "bazel-deps.yaml"
EXAMPLE_SPEC = "example-spec.yaml"
SCALA_LIBRARY = ("org.scala-lang", "scala-library")  # whose pin is the Scala version

Version = tuple[int, ...]

_DROP = "\x00drop-line"  # what opt() renders for a flag the target Bazel rejects
_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
_SCHEMES = ("grpc://", "grpcs://", "http://", "https://", "unix:")
_BAZELRC_COMMAND = re.compile(r"^(\w+)(?::[\w-]+)?$")


class WorkspaceError(InputError):
    """The spec cannot be rendered (bad name, unknown flag, unsupported remote URL, ...)."""


@dataclass(frozen=True)
class FlagRule:
    """One row of rules/bazel-flags.yaml: the Bazel versions that accept ``--name``."""

    name: str
    since: Version
    last: Version | None
    kind: str  # "bool" or "value"
    example: str | None = None

    def accepted_by(self, version: Version) -> bool:
        if version < self.since:
            return False
        return self.last is None or version[: len(self.last)] <= self.last


def _table_version(text: str) -> Version:
    """Versions in the tables: "7.1.0", or a prefix such as "8" for `last`."""
    return tuple(int(part) for part in str(text).split("."))


@cache
def flag_rules() -> dict[str, FlagRule]:
    """The flag table, keyed by flag name without dashes."""
    table = rule_table(FLAGS_TABLE)["flags"]
    return {
        name: FlagRule(
            name=name,
            since=_table_version(row["since"]),
            last=_table_version(row["last"]) if row.get("last") is not None else None,
            kind=row["kind"],
            example=None if row.get("example") is None else str(row["example"]),
        )
        for name, row in table.items()
    }


def oldest_supported_bazel() -> Version:
    return _table_version(rule_table(FLAGS_TABLE)["oldest_supported_bazel"])


def bzlmod_from() -> Version:
    """The first Bazel for which the generated workspace is defined by MODULE.bazel."""
    return _table_version(rule_table(DEPS_TABLE)["bzlmod_from"])


def accepts(flag: str, bazel_version: str) -> bool:
    """Whether that Bazel accepts ``--flag`` (or ``--noflag``), per rules/bazel-flags.yaml."""
    rule = flag_rules().get(flag)
    if rule is None:
        raise WorkspaceError(f"--{flag} is not in rules/{FLAGS_TABLE}: add it with its versions")
    return rule.accepted_by(_target_version(bazel_version))


def _target_version(bazel_version: str) -> Version:
    try:
        version = version_tuple(bazel_version)
    except BazelVersionError as error:
        raise WorkspaceError(str(error)) from error
    if version < oldest_supported_bazel():
        oldest = ".".join(map(str, oldest_supported_bazel()))
        raise WorkspaceError(
            f"Bazel {bazel_version} is older than {oldest}, the oldest "
            "migrate generates workspaces for"
        )
    return version


def _bzlmod_mode(spec: WorkspaceSpec) -> bool:
    """Bzlmod for Bazel >= bzlmod_from online; offline workspaces are always WORKSPACE-based."""
    return spec.offline_mirror is None and _target_version(spec.bazel_version) >= bzlmod_from()


def render_workspace(spec: WorkspaceSpec) -> dict[str, str]:
    """MODULE.bazel, WORKSPACE and .bazelrc for ``spec``: file name -> content.

    Both MODULE.bazel and WORKSPACE are rendered for every version (callers write the one their
    mode needs); .bazelrc switches Bazel into the mode matching ``spec.bazel_version``.
    """
    return {
        "MODULE.bazel": render_module(spec),
        "WORKSPACE": render_workspace_file(spec),
        ".bazelrc": render_bazelrc(spec),
    }


def render_module(spec: WorkspaceSpec) -> str:
    """MODULE.bazel: bazel_dep per rule set and one maven.install per Maven repository."""
    version = _target_version(spec.bazel_version)
    deps = rule_table(DEPS_TABLE)
    module = deps["module"]
    language_sets = _language_rule_sets(spec)
    notes = []
    if version < bzlmod_from():
        notes.append(
            f"Bazel {spec.bazel_version} reads WORKSPACE, not this file; it is here for "
            f"Bazel >= {_dotted(bzlmod_from())}."
        )
    else:
        for rule_set, used in _rule_sets(spec):
            needs = module[rule_set].get("min_bazel")
            if used and needs and version < _table_version(needs):
                notes.append(
                    f"{rule_set} {module[rule_set]['version']} needs Bazel >= {needs}; "
                    f"this workspace targets {spec.bazel_version}."
                )
    return _render(
        "MODULE.bazel.j2",
        {
            "name": _checked_name(spec.name, "workspace name"),
            "bzlmod_from": _dotted(bzlmod_from()),
            "notes": notes,
            "module": module,
            "maven": _maven_context(spec.maven),
            "rule_sets": language_sets,
            "scala": "rules_scala" in language_sets,
            "scala_version": scala_version(spec),
        },
    )


def render_workspace_file(spec: WorkspaceSpec) -> str:
    """WORKSPACE: http_archive per rule set (pinned, hashed) and maven_install per repository.

    A rule set with no release the target Bazel can load under its fixed name becomes a
    ``fail()`` with the reason, so generation succeeds and the build stops with a clear message.
    """
    version = _target_version(spec.bazel_version)
    releases = rule_table(DEPS_TABLE)["workspace"]
    archives: list[dict[str, Any]] = []
    unsupported: list[dict[str, str]] = []
    for rule_set, used in _rule_sets(spec):
        if not used:
            continue
        release = _pick_release(releases.get(rule_set) or [], version)
        if release is None:
            if not releases.get(rule_set):
                message = (
                    f"rules/{DEPS_TABLE} lists no {rule_set} release with a verified sha256 for "
                    f"WORKSPACE; target Bazel >= {_dotted(bzlmod_from())} (MODULE.bazel) or "
                    "generate the offline workspace (--offline-mirror)."
                )
            else:
                oldest = min(_table_version(r["min_bazel"]) for r in releases[rule_set])
                message = (
                    f"{rule_set} needs Bazel >= {_dotted(oldest)} to load as @{rule_set}; "
                    f"this workspace targets Bazel {spec.bazel_version}. Generate the "
                    "offline workspace (--offline-mirror) or target a newer Bazel."
                )
            unsupported.append({"rule_set": rule_set, "message": message})
            continue
        archives.append({"name": rule_set, **release})
        for needed in release.get("needs", ()):
            other = _pick_release(releases[needed], version)
            if other is None:
                raise WorkspaceError(f"rules/{DEPS_TABLE}: no {needed} for Bazel {version}")
            archives.append({"name": needed, **other})
    loaded = {archive["name"] for archive in archives}
    return _render(
        "WORKSPACE.j2",
        {
            "name": _checked_name(spec.name, "workspace name"),
            "bazel_version": spec.bazel_version,
            "bzlmod_from": _dotted(bzlmod_from()),
            "unsupported": unsupported,
            "archives": archives,
            "maven": _maven_context(spec.maven) if "rules_jvm_external" in loaded else [],
            "kotlin": "rules_kotlin" in loaded,
            "scala": "rules_scala" in loaded,
            "scala_version": scala_version(spec),
        },
    )


def _language_rule_sets(spec: WorkspaceSpec) -> list[str]:
    """The rule sets of the workspace's languages (rules/languages.yaml order) besides
    rules_java, which every workspace loads, then the other rule sets its BUILD files load."""
    sets = [
        lang.rule_set
        for lang in languages()
        if lang.name in spec.languages and lang.rule_set and lang.rule_set != "rules_java"
    ]
    return sets + sorted(set(spec.rule_sets) - set(sets) - {"rules_java"})


def _rule_sets(spec: WorkspaceSpec) -> list[tuple[str, bool]]:
    """Each rule set a workspace may load, in load order, with whether this one needs it."""
    return [("rules_jvm_external", bool(spec.maven))] + [
        (rule_set, True) for rule_set in _language_rule_sets(spec)
    ]


def render_bazelrc(spec: WorkspaceSpec) -> str:
    """.bazelrc: common settings, ``build:remote`` and ``build:cache`` profiles, and (with an
    offline mirror) the offline Debian overrides, each flag filtered by ``spec.bazel_version``."""
    remote = spec.remote
    cache_url = remote.cache or remote.executor
    _check_remote(remote, cache_url)
    defaults = rule_table(FLAGS_TABLE)["defaults"]

    def opt(prefix: str, flag: str, value: object) -> str:
        return _bazelrc_line(prefix, flag, value, spec.bazel_version)

    def download(prefix: str) -> str:
        modes = rule_table(FLAGS_TABLE)["download_modes"]
        mode = modes.get(remote.download_outputs)
        if mode is None:
            raise WorkspaceError(
                f"remote download_outputs {remote.download_outputs!r}: expected "
                f"one of {', '.join(modes)}"
            )
        return opt(prefix, mode["flag"], mode.get("value", True))

    text = _render(
        "bazelrc.j2",
        {
            "bazel_version": spec.bazel_version,
            "bzlmod": _bzlmod_mode(spec),
            "java_language_version": getattr(spec, "java_version", None)
            or defaults["java_language_version"],
            "remote": remote,
            "cache": cache_url,
            "offline": spec.offline_mirror is not None,
            "offline_tools": spec.offline_tools.rstrip("/"),
            "opt": opt,
            "download": download,
            "DROP": _DROP,
        },
    )
    text = "\n".join(line for line in text.split("\n") if line != _DROP)
    check_bazelrc(text, spec.bazel_version)
    return text


def check_bazelrc(text: str, bazel_version: str) -> None:
    """Raise unless every flag in ``text`` is in the table and accepted by that Bazel: a net
    under the template, so a flag added there without a table row cannot slip out."""
    for number, line in enumerate(text.splitlines(), 1):
        words = line.split()
        if not words or words[0].startswith("#") or words[0] in ("import", "try-import"):
            continue
        if not _BAZELRC_COMMAND.match(words[0]):
            raise WorkspaceError(f".bazelrc line {number}: unexpected {line!r}")
        for word in words[1:]:
            if not word.startswith("--"):
                continue
            name = word[2:].split("=", 1)[0]
            rule = flag_rules().get(name)
            if rule is None and name.startswith("no") and "=" not in word:
                rule = flag_rules().get(name[2:])
                rule = rule if rule is not None and rule.kind == "bool" else None
            if rule is None:
                raise WorkspaceError(
                    f".bazelrc line {number}: --{name} is not in rules/{FLAGS_TABLE}"
                )
            if not rule.accepted_by(_target_version(bazel_version)):
                raise WorkspaceError(
                    f".bazelrc line {number}: Bazel {bazel_version} rejects --{rule.name}"
                )


def scala_version(spec: WorkspaceSpec) -> str | None:
    """The Scala version the build resolves: org.scala-lang:scala-library's pinned version,
    preferring the main @maven repository. None lets rules_scala use its default."""
    repos = sorted(spec.maven, key=lambda repo: repo.name != "maven")
    for repo in repos:
        for pin in repo.artifacts:
            try:
                coordinate = Coordinate.parse(pin)
            except ValueError:
                continue
            if (coordinate.group, coordinate.artifact) == SCALA_LIBRARY and coordinate.version:
                return coordinate.version
    return None


def rules_jvm_external_coordinate(coordinate: str) -> str:
    """``group:artifact:version[:classifier]`` (the spec's form) as rules_jvm_external writes
    it: ``group:artifact[:packaging:classifier]:version``."""
    try:
        return maven_install_artifact(coordinate)
    except ValueError:
        raise WorkspaceError(
            f"Maven coordinate {coordinate!r}: expected group:artifact:version[:classifier]"
        ) from None


def render_example() -> str:
    """WORKSPACE.example: the WORKSPACE for the example spec, followed by the MODULE.bazel and
    .bazelrc rendered with it as comments, so one file shows a whole migrated workspace."""
    spec = example_spec()
    files = render_workspace(spec)
    header = (
        "# WORKSPACE.example: what `migrate` generates for a Java + Kotlin + Scala monorepo\n"
        "# whose projects need two versions of Guava (so two Maven repositories, @maven and\n"
        f"# @maven_2), targeting Bazel {spec.bazel_version}. Rendered from\n"
        f"# generators/workspace/{EXAMPLE_SPEC}; tests/test_workspace.py fails when it is stale\n"
        "# (regenerate: python -c 'from migrate.bazel.workspace import render_example as r;\n"
        '# print(r(), end="")\' > WORKSPACE.example).\n'
        "#\n"
        f"# For Bazel >= {_dotted(bzlmod_from())} the generator writes the MODULE.bazel shown "
        "(commented out)\n# after this WORKSPACE instead of it, and the .bazelrc turns WORKSPACE "
        "off; for an older\n# Bazel it writes the WORKSPACE. The .bazelrc comes either way.\n"
        "\n"
    )
    appendix = []
    for name in ("MODULE.bazel", ".bazelrc"):
        appendix.append(f"\n# ===== {name} =====\n")
        appendix.extend(f"# {line}".rstrip() + "\n" for line in files[name].splitlines())
    return header + files["WORKSPACE"] + "".join(appendix)


def example_spec() -> WorkspaceSpec:
    """The spec WORKSPACE.example is rendered from (generators/workspace/example-spec.yaml)."""
    path = data_dir("generators") / "workspace" / EXAMPLE_SPEC
    raw = yaml.safe_load(path.read_text(encoding="utf-8"))
    remote = raw.get("remote", {})
    return WorkspaceSpec(
        name=raw["name"],
        bazel_version=str(raw["bazel_version"]),
        languages=frozenset(raw["languages"]),
        maven=tuple(
            MavenRepository(
                name=repo["name"],
                artifacts=tuple(repo["artifacts"]),
                repositories=tuple(repo.get("repositories", MavenRepository.repositories)),
            )
            for repo in raw["maven"]
        ),
        remote=RemoteSettings(**remote),
    )


# --- helpers ---


def _pick_release(releases: list[dict[str, Any]], version: Version) -> dict[str, Any] | None:
    """The newest release (listed first) whose min_bazel is not above ``version``."""
    for release in releases:
        if _table_version(release["min_bazel"]) <= version:
            return release
    return None


def _maven_context(repos: tuple[MavenRepository, ...]) -> list[dict[str, Any]]:
    names = [repo.name for repo in repos]
    if len(set(names)) != len(names):
        raise WorkspaceError(f"Maven repository names repeat: {names}")
    return [
        {
            "name": _checked_name(repo.name, "Maven repository name"),
            "artifacts": [rules_jvm_external_coordinate(a) for a in repo.artifacts],
            "repositories": list(repo.repositories),
        }
        for repo in repos
    ]


def _check_remote(remote: RemoteSettings, cache_url: str | None) -> None:
    for label, url in (("executor", remote.executor), ("cache", cache_url)):
        if url is not None and not url.startswith(_SCHEMES):
            raise WorkspaceError(f"remote {label} {url!r}: expected one of {', '.join(_SCHEMES)}")
    if remote.executor and cache_url and cache_url.startswith(("http://", "https://")):
        raise WorkspaceError(
            "remote execution needs a gRPC cache: Bazel does not combine "
            f"--remote_executor with the HTTP cache {cache_url}"
        )


def _bazelrc_line(prefix: str, flag: str, value: object, bazel_version: str) -> str:
    """``prefix --flag[=value]``, or the drop marker when that Bazel rejects the flag."""
    rule = flag_rules().get(flag)
    if rule is None:
        raise WorkspaceError(f"--{flag} is not in rules/{FLAGS_TABLE}: add it with its versions")
    if not rule.accepted_by(_target_version(bazel_version)):
        return _DROP
    if rule.kind == "bool":
        if not isinstance(value, bool):
            raise WorkspaceError(f"--{flag} is a boolean flag, got {value!r}")
        return f"{prefix} --{'' if value else 'no'}{flag}"
    return f"{prefix} --{flag}={_bazelrc_quote(str(value))}"


def _bazelrc_quote(value: str) -> str:
    """.bazelrc splits on whitespace and honours double quotes with backslash escapes."""
    if value and not re.search(r"[\s\"'\\]", value):
        return value
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _checked_name(name: str, what: str) -> str:
    if not _NAME.fullmatch(name):
        raise WorkspaceError(
            f"{what} {name!r}: use letters, digits and _ (not starting with a digit)"
        )
    return name


def _dotted(version: Version) -> str:
    return ".".join(map(str, version))


def _render(template: str, context: dict[str, Any]) -> str:
    return render(f"generators/workspace/{template}", **context)
