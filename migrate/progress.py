"""A one-line progress bar for long scans and generations, on a terminal only: quiet when stderr
is not a TTY, under CI (``CI`` set), with ``MIGRATE_PROGRESS=0``, and for small jobs."""

from __future__ import annotations

import os
import sys
import time
from typing import TextIO

MIN_TOTAL = 2000  # smaller jobs finish before a bar would help
WIDTH = 30


def wanted(stream: TextIO) -> bool:
    if os.environ.get("MIGRATE_PROGRESS") == "0" or os.environ.get("CI"):
        return False
    return hasattr(stream, "isatty") and stream.isatty()


class Progress:
    def __init__(self, label: str, total: int, stream: TextIO | None = None) -> None:
        self.stream = stream or sys.stderr
        self.label, self.total, self.done = label, total, 0
        self.active = total >= MIN_TOTAL and wanted(self.stream)
        self._shown = 0.0

    def advance(self, count: int = 1) -> None:
        self.done += count
        if not self.active:
            return
        now = time.monotonic()
        if now - self._shown < 0.1 and self.done < self.total:
            return
        self._shown = now
        filled = WIDTH * self.done // max(self.total, 1)
        bar = "#" * filled + "-" * (WIDTH - filled)
        self.stream.write(f"\r{self.label} [{bar}] {self.done}/{self.total}")
        self.stream.flush()

    def close(self) -> None:
        if self.active:
            self.stream.write("\r" + " " * (len(self.label) + WIDTH + 30) + "\r")
            self.stream.flush()
