"""One Label value (after Gazelle's ``label.Label``) instead of string munging in each stage.

Generation writes labels, the printer shortens them as buildifier does, verification reads the
ones Bazel prints (``@@//a:b``, Bzlmod canonical repository names) and compares them: all
through ``Label.parse`` and the few spellings below, so "the same target" means the same thing
everywhere.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from migrate.errors import InputError

_REPO_NAME = re.compile(r"^\w+$", re.ASCII)


class LabelError(InputError, ValueError):
    """Text that is not a Bazel label."""


@dataclass(frozen=True, order=True)
class Label:
    repo: str = ""  # "" is the main repository; "maven" for @maven//:x
    package: str = ""  # "libs/core"; "" for the root package
    name: str = ""
    relative: bool = False  # written ":name": in the package of the BUILD file it appears in

    @classmethod
    def parse(cls, text: str) -> Label:
        """``//a/b``, ``//a/b:c``, ``:c``, ``@r//a:b``, ``@r`` (``@r//:r``), ``@@//a:b``,
        ``@@r//a:b``; LabelError for anything else."""
        rest = text.strip()
        if rest.startswith(":"):
            if not rest[1:] or ":" in rest[1:]:
                raise LabelError(f"not a Bazel label: {text!r}")
            return cls(name=rest[1:], relative=True)
        repo = ""
        if rest.startswith("@"):
            repo, sep, rest = rest.lstrip("@").partition("//")
            if not sep:
                if not repo or not _REPO_NAME.match(repo):
                    raise LabelError(f"not a Bazel label: {text!r}")
                return cls(repo, "", repo)
            rest = "//" + rest
        if not rest.startswith("//") or rest.count(":") > 1:
            raise LabelError(f"not a Bazel label: {text!r}")
        package, _, name = rest[2:].partition(":")
        name = name or package.rsplit("/", 1)[-1]
        if not name or package.startswith("/") or package.endswith("/") or "//" in package:
            raise LabelError(f"not a Bazel label: {text!r}")
        return cls(repo, package, name)

    def __str__(self) -> str:
        """The full spelling: ``@r//a/b:c``, ``//a/b:c``, or ``:c`` for a relative label."""
        if self.relative:
            return f":{self.name}"
        return f"{'@' + self.repo if self.repo else ''}//{self.package}:{self.name}"

    def short(self) -> str:
        """The spelling buildifier prefers: ``//a/b:b`` → ``//a/b``, ``@r//:r`` → ``@r``."""
        prefix = f"@{self.repo}" if self.repo else ""
        if self.relative:
            return str(self)
        if self.package and self.name == self.package.rsplit("/", 1)[-1]:
            return f"{prefix}//{self.package}"
        if self.repo and not self.package and self.name == self.repo:
            return prefix
        return str(self)

    def rel(self, package: str) -> str:
        """How a BUILD file in ``package`` of the main repository writes this label."""
        if not self.repo and not self.relative and self.package == package:
            return f":{self.name}"
        return self.short()

    def apparent(self) -> Label:
        """The label with a Bzlmod canonical repository name (``rules_jvm_external~~maven~maven``,
        ``rules_jvm_external++maven+maven``) replaced by its apparent name (``maven``)."""
        return Label(self.repo.replace("+", "~").rsplit("~", 1)[-1], self.package, self.name)


def project_package(project_dir: str) -> str:
    """The Bazel package of a Gradle project: its directory, "" for the root."""
    return "" if project_dir in (".", "") else project_dir.strip("/")


def target_label(package: str, name: str) -> str:
    """A target of the main repository, spelled as BUILD files list it (``//libs/core`` for the
    target named after its package)."""
    return Label("", package, name).short()


def shorten_label(text: str) -> str:
    """``text`` as buildifier rewrites it: only a full spelling (``//a/b:b``, ``@r//:r``) of a
    label in a plainly named repository is shortened; anything else is left as written."""
    try:
        label = Label.parse(text)
    except LabelError:
        return text
    if str(label) != text or (label.repo and not _REPO_NAME.match(label.repo)):
        return text
    return label.short()
