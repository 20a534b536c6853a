"""Scanning many source files fast: an on-disk cache keyed by file content, and parallel parsing.

A file whose size and modification time match the cache is not even read. Otherwise it is read
and hashed (BLAKE2b); if the content is one the cache has seen, its scan is reused (a touched or
re-checked-out file costs a read, not a parse). Only new content is parsed; when many files need
reading, reading and parsing both go across all cores. The cache lives outside the repository,
one file per build root, under ``$MIGRATE_CACHE_DIR`` (default ``~/.cache/migrate``), and is
replaced atomically.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import tempfile
from collections.abc import Iterator
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from migrate.progress import Progress
from migrate.sources.scanner import SourceFile, decode_source, scan_source

CACHE_VERSION = 2  # 2: test frameworks, supertypes
PARALLEL_THRESHOLD = 2000  # fewer files than this are parsed in-process (no pool start-up)
_Entry = tuple[int, int, bytes, SourceFile]  # size, mtime_ns, content digest, scan
_Miss = tuple[str, int, int]  # path, size, mtime_ns: a file the cache cannot vouch for


def cache_root() -> Path:
    explicit = os.environ.get("MIGRATE_CACHE_DIR")
    if explicit:
        return Path(explicit)
    base = os.environ.get("XDG_CACHE_HOME") or os.path.expanduser("~/.cache")
    return Path(base) / "migrate"


class SourceScanCache:
    """The scans of one build root's source files, kept between runs."""

    def __init__(self, root: str | Path, enabled: bool = True) -> None:
        key = hashlib.sha1(str(Path(root).resolve()).encode()).hexdigest()[:16]
        self.file = cache_root() / "sources" / f"{key}.pickle" if enabled else None
        self.entries: dict[str, _Entry] = self._load()
        self.by_digest = {entry[2]: entry[3] for entry in self.entries.values()}
        self.changed = False
        self.stats = {"unchanged": 0, "same content": 0, "parsed": 0}

    def scan(self, paths: list[str], workers: int | None = None) -> dict[str, SourceFile]:
        progress = Progress("scanning sources", len(paths))
        try:
            return self._scan(paths, workers, progress)
        finally:
            progress.close()

    def _scan(
        self, paths: list[str], workers: int | None, progress: Progress
    ) -> dict[str, SourceFile]:
        out: dict[str, SourceFile] = {}
        misses: list[_Miss] = []
        for path in paths:
            try:
                st = os.stat(path)
            except OSError:
                out[path] = scan_source(path)  # raises the reader's clear SourceError
                continue
            entry = self.entries.get(path)
            if entry and entry[0] == st.st_size and entry[1] == st.st_mtime_ns:
                out[path] = entry[3]
                self.stats["unchanged"] += 1
                progress.advance()
                continue
            misses.append((path, st.st_size, st.st_mtime_ns))
        # Snapshot: the loop below updates by_digest, and a file with the same content at
        # another path must not hand this one its scan (whose path is the other file's).
        reusable = dict(self.by_digest)
        known = {digest: scan.path for digest, scan in reusable.items()}
        for (path, size, mtime), (digest, scanned) in zip(
            misses, _read_and_parse(misses, known, workers, progress), strict=True
        ):
            if scanned is None:  # same content as a file the cache has seen at this path
                scanned = reusable[digest]
                self.stats["same content"] += 1
            else:
                self.stats["parsed"] += 1
            out[path] = scanned
            self._remember(path, size, mtime, digest, scanned)
        return out

    def save(self, keep_only: set[str] | None = None) -> None:
        """Write the cache (if anything changed); ``keep_only`` drops entries of files that are
        gone (pass every path of a whole-build run)."""
        if self.file is None:
            return
        if keep_only is not None and set(self.entries) - keep_only:
            self.entries = {p: e for p, e in self.entries.items() if p in keep_only}
            self.changed = True
        if not self.changed:
            return
        self.file.parent.mkdir(parents=True, exist_ok=True)
        fd, temp = tempfile.mkstemp(dir=self.file.parent, prefix=".sources-", suffix=".tmp")
        try:
            with os.fdopen(fd, "wb") as handle:
                pickle.dump((CACHE_VERSION, self.entries), handle, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(temp, self.file)
        except BaseException:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temp)
            raise

    def _remember(self, path: str, size: int, mtime: int, digest: bytes, scan: SourceFile) -> None:
        self.entries[path] = (size, mtime, digest, scan)
        self.by_digest[digest] = scan
        self.changed = True

    def _load(self) -> dict[str, _Entry]:
        if self.file is None or not self.file.is_file():
            return {}
        try:
            with self.file.open("rb") as handle:
                version, entries = pickle.load(handle)
        except Exception:  # a cache from another version, or damaged: start over
            return {}
        return entries if version == CACHE_VERSION and isinstance(entries, dict) else {}


def _read_and_parse(
    misses: list[_Miss], known: dict[bytes, str], workers: int | None, progress: Progress
) -> Iterator[tuple[bytes, SourceFile | None]]:
    """Read, hash and (unless ``known`` has the content at the same path) parse each file:
    across all cores when there are many, since reading is as costly as parsing then."""
    workers = workers or os.cpu_count() or 1
    if len(misses) < PARALLEL_THRESHOLD or workers < 2:
        for result in _read_and_parse_chunk(misses, known):
            progress.advance()
            yield result
        return
    size = max(200, len(misses) // (workers * 8))
    chunks = [misses[i : i + size] for i in range(0, len(misses), size)]
    with ProcessPoolExecutor(
        max_workers=workers, initializer=_set_known, initargs=(known,)
    ) as pool:
        for chunk, results in zip(chunks, pool.map(_read_and_parse_chunk, chunks), strict=True):
            progress.advance(len(chunk))
            yield from results


_known_in_worker: dict[bytes, str] = {}


def _set_known(known: dict[bytes, str]) -> None:
    global _known_in_worker
    _known_in_worker = known


def _read_and_parse_chunk(
    misses: list[_Miss], known: dict[bytes, str] | None = None
) -> list[tuple[bytes, SourceFile | None]]:
    known = _known_in_worker if known is None else known
    out: list[tuple[bytes, SourceFile | None]] = []
    for path, _size, _mtime in misses:
        data = _read_bytes(path)
        digest = hashlib.blake2b(data, digest_size=16).digest()
        if known.get(digest) == path:
            out.append((digest, None))
        else:
            out.append((digest, scan_source(path, decode_source(data))))
    return out


def _read_bytes(path: str) -> bytes:
    try:
        with open(path, "rb") as handle:
            return handle.read()
    except OSError:
        scan_source(path)  # raises the reader's clear SourceError
        raise
