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
import stat
import time
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from migrate import __version__
from migrate.gradle.reader import read_build
from migrate.model import BuildModel
from migrate.records import RECORDS_DIR
from migrate.resources import data_dir
from migrate.sources.cache import cache_root
from migrate.sources.listing import SourceListing

SKIPPED_DIRS = {".git", ".gradle", "node_modules", ".idea", ".migrate-cache"}
BUILD_SCRIPTS = ("build.gradle", "build.gradle.kts")


RACY_NS = 2_000_000_000  # file times are coarse: anything this recent is compared by content


@dataclass
class TreeStamp:
    """Every file of a build tree at one moment: its size and time, and its content where the
    time is too recent to trust (at or after ``threshold`` ns, since a later edit within the
    same clock tick would not change it: git's "racy" files)."""

    threshold: int
    files: dict[str, bytes]  # absolute path -> size, time (and content digest)

    @classmethod
    def take(cls, root: str | Path, threshold: int | None = None) -> TreeStamp:
        """Walk the tree; ``threshold`` defaults to now minus the racy window."""
        if threshold is None:
            threshold = time.time_ns() - RACY_NS
        files: dict[str, bytes] = {}
        base = os.path.abspath(root)
        stack = [base]
        while stack:
            directory = stack.pop()
            try:
                entries = list(os.scandir(directory))
            except OSError:
                continue
            has_script = any(e.name in BUILD_SCRIPTS for e in entries)
            for entry in entries:
                name = entry.name
                if entry.is_dir(follow_symlinks=False):
                    if name in SKIPPED_DIRS or (has_script and name == "build"):
                        continue
                    if directory == base and name == RECORDS_DIR.name:
                        continue
                    stack.append(entry.path)
                    continue
                link = entry.is_symlink()
                if link and name.startswith("bazel-"):
                    continue
                st = entry.stat(follow_symlinks=False)
                key = b"%d\0%d" % (st.st_size, st.st_mtime_ns)
                if st.st_mtime_ns >= threshold and not link:
                    key += _content(entry.path)
                files[entry.path] = key
        return cls(threshold, files)

    def fingerprint(self) -> str:
        digest = hashlib.blake2b(digest_size=20)
        digest.update(f"{__version__}\0{_data_digest()}\0".encode())
        for path in sorted(self.files):
            digest.update(path.encode(errors="surrogateescape") + b"\0" + self.files[path] + b"\n")
        return digest.hexdigest()

    def with_written(self, root: str | Path, written: dict[str, bytes]) -> TreeStamp:
        """This stamp with the files a run wrote itself (path relative to ``root`` -> content)
        as they are now. Files anyone else changed since the walk keep their old entry, so the
        next run sees the change."""
        files = dict(self.files)
        base = os.path.abspath(root)
        for rel, data in written.items():
            path = os.path.join(base, rel)
            try:
                st = os.stat(path, follow_symlinks=False)
            except OSError:
                files.pop(path, None)
                continue
            key = b"%d\0%d" % (st.st_size, st.st_mtime_ns)
            if st.st_mtime_ns >= self.threshold and not stat.S_ISLNK(st.st_mode):
                key += hashlib.blake2b(data, digest_size=16).digest()
            files[path] = key
        return TreeStamp(self.threshold, files)


def tree_fingerprint(root: str | Path, content_after: int) -> str:
    """The fingerprint of the tree as it is now (see ``TreeStamp``)."""
    return TreeStamp.take(root, content_after).fingerprint()


def _content(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return hashlib.blake2b(handle.read(), digest_size=16).digest()
    except OSError:
        return b"<unreadable>"


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

    def record(self, before: TreeStamp, written: dict[str, bytes]) -> None:
        """Remember the tree the generation read (``before``, taken before reading anything)
        with the files it wrote: an edit made while it ran is still seen as a change."""
        after = before.with_written(self.root, written)
        _write_json(self.file, {"fingerprint": after.fingerprint(), "threshold": after.threshold})


# Bumped when the static reader reads more than before (2: the test task's settings;
# 3: annotations with use-site targets, @file:Suppress), so a
# model cached by an older migrate is read again rather than reused.
READER_VERSION = 3


def cached_static_model(root: str | Path) -> BuildModel:
    """The static reader's model, from the cache when no file in the tree changed since it was
    read (the model depends on build scripts and on which source files exist)."""
    return static_model_and_stamp(root)[0]


def static_model_and_stamp(root: str | Path) -> tuple[BuildModel, TreeStamp, SourceListing]:
    """The static model (cached as ``cached_static_model``), the stamp of the tree it was
    read from (taken before reading) and the source files the reader listed."""
    key = hashlib.sha1(f"{READER_VERSION}:{Path(root).resolve()}".encode()).hexdigest()[:20]
    file = cache_root() / "models" / f"{key}.pickle"
    stamp = None
    try:
        with file.open("rb") as handle:
            fingerprint, threshold, model, listing = pickle.load(handle)
        stamp = TreeStamp.take(root, int(threshold))
        if isinstance(model, BuildModel) and fingerprint == stamp.fingerprint():
            return model, stamp, listing
    except Exception:  # missing, from another version, or damaged: read the build again
        pass
    # Taken before reading (an edit meanwhile is a miss next time); the older threshold of the
    # walk just done is still valid (it only compares more files by content).
    stamp = stamp or TreeStamp.take(root)
    listing = SourceListing()
    model = read_build(str(root), listing)
    file.parent.mkdir(parents=True, exist_ok=True)
    temp = file.with_suffix(f".{os.getpid()}.tmp")
    with temp.open("wb") as handle:
        pickle.dump((stamp.fingerprint(), stamp.threshold, model, listing), handle, protocol=5)
    os.replace(temp, file)
    return model, stamp, listing


def _write_json(file: Path, data: dict) -> None:
    file.parent.mkdir(parents=True, exist_ok=True)
    temp = file.with_suffix(f".{os.getpid()}.tmp")
    temp.write_text(json.dumps(data), encoding="utf-8")
    os.replace(temp, file)
