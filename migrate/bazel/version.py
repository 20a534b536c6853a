"""Which Bazel the generated workspace is for: configured, or the one installed here."""

from __future__ import annotations

import re
import shutil
import subprocess

from migrate.errors import InputError

DEFAULT_BAZEL_VERSION = "7.4.1"
_VERSION = re.compile(r"(\d+\.\d+\.\d+)")


class BazelVersionError(InputError):
    """A Bazel version that is not X.Y.Z (--bazel-version, bazel.version in migration.yaml)."""


def detect_bazel_version() -> str | None:
    """The installed Bazel's version. Debian's prints `no_version`; ask dpkg then."""
    bazel = shutil.which("bazel")
    if bazel is None:
        return None
    try:
        out = subprocess.run([bazel, "--version"], capture_output=True, text=True, timeout=60)
        match = _VERSION.search(out.stdout)
        if match:
            return match.group(1)
        dpkg = subprocess.run(
            ["dpkg-query", "-W", "-f=${Version}", "bazel-bootstrap"],
            capture_output=True,
            text=True,
            timeout=30,
        )
        match = _VERSION.search(dpkg.stdout)
        return match.group(1) if match else None
    except (OSError, subprocess.TimeoutExpired):
        return None


def version_tuple(version: str) -> tuple[int, ...]:
    match = _VERSION.search(version)
    if not match:
        raise BazelVersionError(f"not a Bazel version: {version!r} (expected e.g. 7.4.1)")
    return tuple(int(p) for p in match.group(1).split("."))
