"""Writing a file so that a killed run never leaves it half-written.

Shared by everything migrate writes into a repository (BUILD and workspace files, the rollout
state, the plan), none of which may be found truncated by the next run or by a person.
"""

from __future__ import annotations

import contextlib
import itertools
import os
import stat
from pathlib import Path

_temp_names = itertools.count()


def write_atomically(path: str | os.PathLike[str], text: str, durable: bool = True) -> bool:
    """Replace ``path`` by ``text`` via a temp file and ``os.replace``; False if unchanged.

    A killed run never leaves a half-written file. ``durable``: also fsync the new content
    before the rename (a power cut cannot leave it empty); a batch of many files passes False
    and syncs once at the end (``sync_all``), since one fsync per file costs more than the rest
    of the write."""
    target = Path(os.path.realpath(path)) if os.path.islink(path) else Path(path)
    data = text.encode("utf-8")
    try:
        if target.read_bytes() == data:
            return False
        mode: int | None = stat.S_IMODE(target.stat().st_mode)
    except FileNotFoundError:
        mode = None  # a new file: created under the umask like any other
    temp, fd = _create_temp(target)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if mode is not None:
                os.fchmod(handle.fileno(), mode)
            if durable:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(temp, target)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(temp)
        raise
    return True


def sync_all() -> None:
    """Flush what a batch of non-durable writes left in the page cache (one sync, not one
    fsync per file)."""
    os.sync()


def _create_temp(target: Path) -> tuple[str, int]:
    """A new hidden file beside ``target`` (same directory, so the rename is atomic)."""
    while True:
        temp = f"{target.parent}{os.sep}.{target.name}.{os.getpid()}.{next(_temp_names)}.tmp"
        try:
            return temp, os.open(temp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
        except FileExistsError:  # left by a killed run that had the same process id
            continue
