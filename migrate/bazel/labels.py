"""Bazel labels for what Gradle names: projects, and Maven coordinates as rules_jvm_external
names them (so generated BUILD files work with a real ``maven_install`` unchanged)."""

from __future__ import annotations

from dataclasses import dataclass

_ESCAPED = ".-:/+$"


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

    @property
    def key(self) -> str:
        """group:artifact[:classifier] — what one label stands for, whatever the version."""
        return f"{self.group}:{self.artifact}" + (f":{self.classifier}" if self.classifier else "")

    def pinned(self, version: str) -> str:
        suffix = f":{self.classifier}" if self.classifier else ""
        return f"{self.group}:{self.artifact}:{version}{suffix}"


def escape(text: str) -> str:
    """rules_jvm_external's escaping: ``. - : / + $`` → ``_``, brackets dropped."""
    for char in _ESCAPED:
        text = text.replace(char, "_")
    return text.replace("[", "").replace("]", "").split(",")[0]


def maven_label_name(coordinate: str) -> str:
    """``com.google.guava:guava:31.1-jre`` → ``com_google_guava_guava`` (version and packaging
    stripped, a non-default classifier kept)."""
    return escape(Coordinate.parse(coordinate).key)


def maven_label(coordinate: str, repository: str = "maven") -> str:
    return f"@{repository}//:{maven_label_name(coordinate)}"


def project_package(project_dir: str) -> str:
    """The Bazel package of a Gradle project: its directory, "" for the root."""
    return "" if project_dir in (".", "") else project_dir.strip("/")


def project_label(package: str, name: str) -> str:
    """``//libs/core`` when the target is named after its package, else ``//libs/core:x``."""
    last = package.rsplit("/", 1)[-1]
    return f"//{package}" if name == last and package else f"//{package}:{name}"
