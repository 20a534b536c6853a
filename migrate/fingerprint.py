"""Has anything changed since the last run? A fingerprint of the build tree (every file's path,
size and modification time) and of migrate's own rule tables and templates. When it matches what
the last `migrate generate` (with the same options) left behind, its result still holds and the
run can stop at once; when it matches the last static scan, that model still holds. On a
10,000-project repository that is a few seconds of stat calls instead of reading everything.

Not walked (they never hold generation inputs): ``.git``, Gradle's ``.gradle`` and each
project's ``build`` output directory (next to a build script), Bazel's ``bazel-*`` symlinks,
``node_modules``, and migrate's own ``migration`` records. Sources that a build generates into
``build/`` are not inputs migrate globs either.
"""

from __future__ import annotations

import hashlib
import json
import os
import pickle
import time
from functools import cache
from pathlib import Path

from migrate import __version__
from migrate.gradle.reader import read_build
from migrate.model import BuildModel
from migrate.resources import data_dir
from migrate.sources.cache import cache_root

SKIPPED_DIRS = {".git", ".gradle", "node_modules", ".idea", ".migrate-cache"}
BUILD_SCRIPTS = ("build.gradle", "build.gradle.kts")


RACY_NS = 2_000_000_000  # file times are coarse: anything this recent is compared by content


def tree_fingerprint(root: str | Path, content_after: int) -> str:
    """``content_after``: files modified at or after this time (ns) count by content too, since
    a later edit within the same clock tick would not change their time (git's "racy" files)."""
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{__version__}\0{_data_digest()}\0".encode())
    base = os.path.abspath(root)
    stack = [base]
    while stack:
        directory = stack.pop()
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError:
            continue
        names = {e.name for e in entries}
        has_script = any(script in names for script in BUILD_SCRIPTS)
        for entry in entries:
            name = entry.name
            if entry.is_dir(follow_symlinks=False):
                if name in SKIPPED_DIRS or (has_script and name == "build"):
                    continue
                if directory == base and name == "migration":
                    continue
                stack.append(entry.path)
                continue
            if name.startswith("bazel-") and entry.is_symlink():
                continue
            st = entry.stat(follow_symlinks=False)
            digest.update(f"{entry.path}\0{st.st_size}\0{st.st_mtime_ns}\n".encode())
            if st.st_mtime_ns >= content_after and not entry.is_symlink():
                digest.update(_content(entry.path))
    return digest.hexdigest()


def _content(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return hashlib.blake2b(handle.read(), digest_size=16).digest()
    except OSError:
        return b"<unreadable>"


def _stamp(root: str | Path) -> tuple[str, int]:
    """The fingerprint to store now, and the racy threshold it was taken with."""
    threshold = time.time_ns() - RACY_NS
    return tree_fingerprint(root, threshold), threshold


@cache
def _data_digest() -> str:
    """migrate's rule tables and templates: a change to them changes what is generated."""
    digest = hashlib.blake2b(digest_size=16)
    for name in ("rules", "generators"):
        folder = data_dir(name)
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                digest.update(str(path.relative_to(folder)).encode() + path.read_bytes())
    return digest.hexdigest()


class LastGeneration:
    """What the last generation for one build root and set of options left behind."""

    def __init__(self, root: str | Path, options: str) -> None:
        key = hashlib.sha1(f"{Path(root).resolve()}\0{options}".encode()).hexdigest()[:20]
        self.file = cache_root() / "generations" / f"{key}.json"
        self.root = root

    def unchanged(self) -> bool:
        try:
            stored = json.loads(self.file.read_text(encoding="utf-8"))
            fingerprint, threshold = stored["fingerprint"], int(stored["threshold"])
        except (OSError, ValueError, KeyError, TypeError):
            return False
        return fingerprint == tree_fingerprint(self.root, threshold)

    def record(self) -> None:
        """Remember the tree as it is now, after the generation wrote its files."""
        fingerprint, threshold = _stamp(self.root)
        _write_json(self.file, {"fingerprint": fingerprint, "threshold": threshold})


def cached_static_model(root: str | Path) -> BuildModel:
    """The static reader's model, from the cache when no file in the tree changed since it was
    read (the model depends on build scripts and on which source files exist)."""
    key = hashlib.sha1(str(Path(root).resolve()).encode()).hexdigest()[:20]
    file = cache_root() / "models" / f"{key}.pickle"
    try:
        with file.open("rb") as handle:
            fingerprint, threshold, model = pickle.load(handle)
        if isinstance(model, BuildModel) and fingerprint == tree_fingerprint(root, threshold):
            return model
    except Exception:  # missing, from another version, or damaged: read the build again
        pass
    fingerprint, threshold = _stamp(root)  # taken before reading: an edit meanwhile is a miss
    model = read_build(root)
    file.parent.mkdir(parents=True, exist_ok=True)
    temp = file.with_suffix(f".{os.getpid()}.tmp")
    with temp.open("wb") as handle:
        pickle.dump((fingerprint, threshold, model), handle, protocol=pickle.HIGHEST_PROTOCOL)
    os.replace(temp, file)
    return model


def _write_json(file: Path, data: dict) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    temp = file.with_suffix(f".{os.getpid()}.tmp")
    temp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(temp, file)
