"""Who owns a project, from the repository's CODEOWNERS file (GitHub's syntax).

A project is owned by whoever owns its build script: the last CODEOWNERS line whose pattern
matches it wins, as on GitHub. Patterns follow GitHub's gitignore-like rules: a leading ``/`` or
a ``/`` inside the pattern anchors it at the repository root, otherwise it matches at any depth;
``*`` stays within one path segment (``docs/*`` owns docs' own files only), ``**`` crosses
them, a trailing ``/`` matches directories only. Negation (``!``) and character ranges are not
supported, by GitHub either.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from migrate.errors import InputError

#: Where GitHub looks for the file, in its order.
CODEOWNERS_LOCATIONS = ("CODEOWNERS", ".github/CODEOWNERS", "docs/CODEOWNERS")


class CodeownersError(InputError):
    """A CODEOWNERS line that cannot be understood (with file:line)."""


@dataclass(frozen=True)
class OwnerRule:
    pattern: str
    owners: tuple[str, ...]
    line: int
    regex: re.Pattern[str]


@dataclass(frozen=True)
class Codeowners:
    file: str | None
    rules: tuple[OwnerRule, ...] = ()

    def owners_of(self, path: str) -> tuple[str, ...]:
        """Owners of a repository-relative file path ('' owners: nobody)."""
        for rule in reversed(self.rules):
            if rule.regex.match(path):
                return rule.owners
        return ()


def find_codeowners(root: str | Path, explicit: str | None = None) -> Path | None:
    base = Path(root)
    if explicit:
        path = base / explicit
        if not path.is_file():
            raise CodeownersError(f"{path}: no such CODEOWNERS file (plan.codeowners)")
        return path
    for location in CODEOWNERS_LOCATIONS:
        if (base / location).is_file():
            return base / location
    return None


def load_codeowners(root: str | Path, explicit: str | None = None) -> Codeowners:
    path = find_codeowners(root, explicit)
    if path is None:
        return Codeowners(None)
    return parse_codeowners(path.read_text(encoding="utf-8"), str(path))


def parse_codeowners(text: str, file: str = "CODEOWNERS") -> Codeowners:
    rules = []
    for number, raw in enumerate(text.splitlines(), start=1):
        line = raw.split(" #", 1)[0].strip()
        if not line or line.startswith("#"):
            continue
        pattern, *owners = line.split()
        if pattern.startswith("!") or "[" in pattern:
            raise CodeownersError(
                f"{file}:{number}: pattern {pattern!r}: negation and character ranges are not "
                "supported by CODEOWNERS"
            )
        rules.append(OwnerRule(pattern, tuple(owners), number, _compile(pattern)))
    return Codeowners(file, tuple(rules))


def _compile(pattern: str) -> re.Pattern[str]:
    directory_only = pattern.endswith("/")
    body = pattern.strip("/")
    anchored = pattern.startswith("/") or "/" in body
    out = []
    i = 0
    while i < len(body):
        if body.startswith("**/", i):
            out.append("(?:.*/)?")
            i += 3
        elif body.startswith("**", i):
            out.append(".*")
            i += 2
        elif body[i] == "*":
            out.append("[^/]*")
            i += 1
        elif body[i] == "?":
            out.append("[^/]")
            i += 1
        else:
            out.append(re.escape(body[i]))
            i += 1
    prefix = "" if anchored else "(?:.*/)?"
    last = body.rsplit("/", 1)[-1]
    if directory_only:
        suffix = "/.*"
    elif "*" in last and last != "**":
        suffix = ""  # `docs/*` owns docs' files, not files deeper down (GitHub's rule)
    else:
        suffix = "(?:/.*)?"  # a file, or a directory and everything in it
    return re.compile(f"^{prefix}{''.join(out)}{suffix}$")
