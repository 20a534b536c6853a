"""Maven coordinates: the one parser of Gradle's ``group:artifact[:version[:classifier]][@ext]``
notation, so that every module that reads a coordinate (pins, labels, the mirror, the
workspace) splits it the same way, and the one order of versions."""

from __future__ import annotations

import re
from dataclasses import dataclass

_VERSION_PARTS = re.compile(r"[.\-_]")


@dataclass(frozen=True)
class Coordinate:
    """A Maven coordinate in Gradle's notation: ``group:artifact[:version[:classifier]][@ext]``."""

    group: str
    artifact: str
    version: str | None = None
    classifier: str | None = None
    extension: str | None = None

    @classmethod
    def parse(cls, text: str) -> Coordinate:
        body, _, extension = text.partition("@")
        parts = body.split(":")
        if len(parts) < 2 or not parts[0] or not parts[1] or len(parts) > 4:
            raise ValueError(f"not a Maven coordinate: {text!r}")
        version = parts[2] if len(parts) > 2 and parts[2] else None
        classifier = parts[3] if len(parts) > 3 and parts[3] else None
        return cls(parts[0], parts[1], version, classifier, extension or None)

    @classmethod
    def parse_pin(cls, text: str) -> Coordinate:
        """A pin, as Maven repositories list them: ``group:artifact:version[:classifier]``,
        every part present and nothing else (no ``@ext``); ValueError otherwise."""
        coordinate = cls.parse(text)
        if coordinate.version is None or coordinate.pinned(coordinate.version) != text:
            raise ValueError(f"not a pinned Maven coordinate: {text!r}")
        return coordinate

    @classmethod
    def from_key(cls, key: str, version: str | None = None) -> Coordinate:
        """The coordinate a :attr:`key` (``group:artifact[:classifier]``) stands for."""
        group, artifact, *classifier = key.split(":")
        return cls(group, artifact, version, classifier[0] if classifier else None)

    @property
    def key(self) -> str:
        """group:artifact[:classifier] — what one label stands for, whatever the version."""
        return f"{self.group}:{self.artifact}" + (f":{self.classifier}" if self.classifier else "")

    def pinned(self, version: str) -> str:
        """``group:artifact:version[:classifier]``: this artifact pinned at ``version``."""
        suffix = f":{self.classifier}" if self.classifier else ""
        return f"{self.group}:{self.artifact}:{version}{suffix}"


def version_key(version: str | None) -> tuple:
    """A natural sort key: ``4.13.2`` > ``4.9``, numbers before words part by part (``.``,
    ``-`` and ``_`` separate parts, as in Gradle); only used to choose between pins."""
    parts = _VERSION_PARTS.split(version or "")
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in parts)
