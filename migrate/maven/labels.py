"""How rules_jvm_external names Maven artifacts: the ``@maven//:`` labels generated BUILD files
use and the artifact strings ``maven_install`` lists. Both online (a real ``maven_install``)
and offline (:mod:`migrate.maven.mirror`) repositories follow them, so BUILD files are the same
either way."""

from __future__ import annotations

from migrate.bazel.label import Label
from migrate.maven.coordinates import Coordinate

_ESCAPED = ".-:/+$"


def escape(text: str) -> str:
    """rules_jvm_external's escaping: ``. - : / + $`` → ``_``, brackets dropped."""
    for char in _ESCAPED:
        text = text.replace(char, "_")
    return text.replace("[", "").replace("]", "").split(",")[0]


def key_label_name(key: str) -> str:
    """The target name of a ``group:artifact[:classifier]`` key (:attr:`Coordinate.key`)."""
    return escape(key)


def maven_label_name(coordinate: str) -> str:
    """``com.google.guava:guava:31.1-jre`` → ``com_google_guava_guava`` (version and packaging
    stripped, a non-default classifier kept)."""
    return key_label_name(Coordinate.parse(coordinate).key)


def maven_label(coordinate: str, repository: str = "maven") -> str:
    return str(Label(repository, "", maven_label_name(coordinate)))


def maven_install_artifact(pin: str) -> str:
    """A pin ``group:artifact:version[:classifier]`` as ``maven_install`` lists it:
    ``group:artifact[:packaging:classifier]:version``; ValueError for anything else."""
    coordinate = Coordinate.parse_pin(pin)
    if coordinate.classifier is None:
        return pin
    group, artifact = coordinate.group, coordinate.artifact
    return f"{group}:{artifact}:jar:{coordinate.classifier}:{coordinate.version}"
