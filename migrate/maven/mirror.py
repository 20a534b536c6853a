"""The offline mirror: an ``@maven`` repository over a local Maven-layout directory (e.g.
Debian's ``/usr/share/maven-repo``), for builds with no network. It resolves pinned coordinates
to jars, follows the POMs' compile and runtime dependencies inside the mirror, and renders the
repository's BUILD file (``generators/offline/BUILD.maven.j2``).

Targets are named exactly as rules_jvm_external names them (:mod:`migrate.maven.labels`), so the
BUILD files migrate generates say ``@maven//:com_google_guava_guava`` online and offline alike;
only the workspace differs.

Resolution, per artifact (first hit wins, a fallback is noted in a comment above the target):

1. the exact version directory ``group/as/path/artifact/VERSION/``;
2. Debian's ``debian`` version directory (Debian POMs rewrite transitive versions to it);
3. a Debian wildcard directory such as ``4.x`` or ``2.11.x`` that the version starts with;
4. the only version directory there is.

POM handling: parent POMs (properties, ``dependencyManagement``, inherited ``dependencies``),
``import``-scope BOMs, ``${...}`` properties, relocations, exclusions, optional dependencies
(skipped), scopes ``compile`` (→ ``deps``) and ``runtime`` (→ ``runtime_deps``); ``provided``,
``test`` and ``system`` are not followed. Exclusions keep an artifact out of the repository
when the first path that reaches it (breadth-first) excludes it; a target's deps are those of
its POM's dependencies that are in the repository. One target per
``group:artifact[:classifier]``: a pinned coordinate's version wins over transitive ones,
otherwise the first version reached (breadth-first from the sorted pins) does; there is no
"newest wins" mediation. A transitive dependency missing from the mirror is left out with a
comment; pinned ones raise :class:`MirrorError` (naming all of them).
"""

from __future__ import annotations

import os
import re
import xml.etree.ElementTree as ElementTree
from collections import deque
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from migrate import templates
from migrate.errors import InputError
from migrate.maven.coordinates import Coordinate, version_key
from migrate.maven.labels import key_label_name

FOLLOWED_SCOPES = ("compile", "runtime")
_PROPERTY = re.compile(r"\$\{([^}]+)\}")
_MAX_PARENTS = 20


class MirrorError(InputError):
    """A pinned artifact (or its POM) cannot be found in the mirror.

    ``missing`` holds, for each pinned coordinate the mirror lacks, what was tried, so that a
    caller holding the build model can say which project asks for it."""

    def __init__(self, message: str, missing: tuple[tuple[str, str], ...] = ()) -> None:
        super().__init__(message)
        self.missing = missing  # (pinned coordinate, what was tried) pairs


@dataclass(frozen=True)
class MirrorArtifact:
    """One target of the offline ``@maven`` repository."""

    name: str  # the target name, as rules_jvm_external names it
    coordinate: str  # group:artifact:version[:classifier], the version found in the mirror
    requested: str  # the coordinate asked for (pinned or from a POM)
    jar: str | None  # mirror-relative path; None for a POM-only artifact (an aggregator)
    srcjar: str | None = None
    deps: tuple[str, ...] = ()  # target names, compile scope
    runtime_deps: tuple[str, ...] = ()  # target names, runtime scope
    notes: tuple[str, ...] = ()  # comment lines (fallbacks, left-out dependencies)
    pinned: bool = False
    relocated_to: str | None = None  # the target name a relocated artifact exports


@dataclass(frozen=True)
class _Dependency:
    coordinate: Coordinate
    scope: str
    optional: bool
    exclusions: frozenset[tuple[str, str]]

    @property
    def key(self) -> str:
        return self.coordinate.key


@dataclass
class _Pom:
    group: str
    artifact: str
    version: str
    packaging: str = "jar"
    properties: dict[str, str] = field(default_factory=dict)
    managed: dict[str, tuple[str | None, str | None]] = field(default_factory=dict)
    dependencies: list[_Dependency] = field(default_factory=list)
    relocation: tuple[str, str, str] | None = None


# ---------------------------------------------------------------------------------------------
# Finding files in the mirror


def _artifact_dir(mirror: Path, group: str, artifact: str) -> Path:
    return mirror.joinpath(*group.split("."), artifact)


def _file_name(artifact: str, version: str, classifier: str | None, extension: str) -> str:
    return f"{artifact}-{version}" + (f"-{classifier}" if classifier else "") + f".{extension}"


def _wildcard_matches(candidate: str, version: str | None) -> bool:
    """Debian's ``4.x`` / ``2.11.x`` directories stand for every version starting with the
    prefix (``4.13.2``, ``2.11.12``)."""
    if not version or not candidate.endswith(".x"):
        return False
    return version.startswith(candidate[:-1])


def _version_candidates(mirror: Path, group: str, artifact: str, version: str | None):
    """(version, why) pairs to try, in order; ``why`` is None for the exact version."""
    adir = _artifact_dir(mirror, group, artifact)
    available = sorted(p.name for p in adir.iterdir() if p.is_dir()) if adir.is_dir() else []
    seen: set[str] = set()
    if version:
        seen.add(version)
        yield version, None
    if "debian" not in seen:
        seen.add("debian")
        why = f"version {version or '(none)'} is not in the mirror, using Debian's 'debian'"
        yield "debian", why
    for candidate in available:
        if candidate not in seen and _wildcard_matches(candidate, version):
            seen.add(candidate)
            yield candidate, f"version {version} is not in the mirror, using Debian's '{candidate}'"
    if len(available) == 1 and available[0] not in seen:
        yield (
            available[0],
            (
                f"version {version or '(none)'} is not in the mirror, using the only one there, "
                f"{available[0]}"
            ),
        )


def _available_versions(mirror: Path, group: str, artifact: str) -> list[str]:
    adir = _artifact_dir(mirror, group, artifact)
    return sorted(p.name for p in adir.iterdir() if p.is_dir()) if adir.is_dir() else []


# ---------------------------------------------------------------------------------------------
# POMs


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _child(element: ElementTree.Element | None, name: str) -> ElementTree.Element | None:
    if element is None:
        return None
    for child in element:
        if _local(child.tag) == name:
            return child
    return None


def _children(element: ElementTree.Element | None, name: str) -> list[ElementTree.Element]:
    if element is None:
        return []
    return [child for child in element if _local(child.tag) == name]


def _text(element: ElementTree.Element | None, name: str) -> str | None:
    child = _child(element, name)
    if child is None or child.text is None:
        return None
    return child.text.strip() or None


def _interpolate(value: str | None, properties: dict[str, str]) -> str | None:
    if value is None:
        return None
    for _ in range(10):
        new = _PROPERTY.sub(lambda m: properties.get(m.group(1), m.group(0)), value)
        if new == value:
            break
        value = new
    return value


class _PomReader:
    """Reads and caches effective POMs (parents and imported BOMs merged in)."""

    def __init__(self, mirror: Path):
        self.mirror = mirror
        self._effective = cache(self._load_effective)

    def pom_path(self, group: str, artifact: str, version: str) -> Path:
        return (
            _artifact_dir(self.mirror, group, artifact)
            / version
            / _file_name(artifact, version, None, "pom")
        )

    def effective(self, group: str, artifact: str, version: str) -> _Pom | None:
        return self._effective(group, artifact, version, 0)

    def _load_effective(self, group: str, artifact: str, version: str, depth: int) -> _Pom | None:
        path = self.pom_path(group, artifact, version)
        if not path.is_file() or depth > _MAX_PARENTS:
            return None
        try:
            root = ElementTree.parse(path).getroot()
        except ElementTree.ParseError as error:
            raise MirrorError(f"cannot parse {path}: {error}") from error

        parent_el = _child(root, "parent")
        parent: _Pom | None = None
        if parent_el is not None:
            pg, pa, pv = (
                _text(parent_el, "groupId"),
                _text(parent_el, "artifactId"),
                _text(parent_el, "version"),
            )
            if pg and pa and pv:
                parent = self._find_parent(pg, pa, pv, depth)

        own_group = _text(root, "groupId") or (parent.group if parent else group)
        own_version = _text(root, "version") or (parent.version if parent else version)
        pom = _Pom(
            group=own_group,
            artifact=_text(root, "artifactId") or artifact,
            version=own_version,
            packaging=_text(root, "packaging") or "jar",
        )

        properties: dict[str, str] = dict(parent.properties) if parent else {}
        properties_el = _child(root, "properties")
        for prop in list(properties_el) if properties_el is not None else []:
            if prop.text is not None:
                properties[_local(prop.tag)] = prop.text.strip()
        builtins = {
            "project.groupId": pom.group,
            "pom.groupId": pom.group,
            "groupId": pom.group,
            "project.artifactId": pom.artifact,
            "pom.artifactId": pom.artifact,
            "artifactId": pom.artifact,
            "project.version": pom.version,
            "pom.version": pom.version,
            "version": pom.version,
        }
        if parent is not None:
            builtins.update(
                {
                    "project.parent.version": parent.version,
                    "parent.version": parent.version,
                    "project.parent.groupId": parent.group,
                    "parent.groupId": parent.group,
                }
            )
        properties.update(builtins)
        pom.properties = properties
        pom.version = _interpolate(pom.version, properties) or pom.version
        pom.group = _interpolate(pom.group, properties) or pom.group

        managed = dict(parent.managed) if parent else {}
        for dep_el in _children(
            _child(_child(root, "dependencyManagement"), "dependencies"), "dependency"
        ):
            dep = self._dependency(dep_el, properties, {})
            if dep is None:
                continue
            if dep.scope == "import":
                bom = dep.coordinate
                if bom.version:
                    imported = self._effective(bom.group, bom.artifact, bom.version, depth + 1)
                    if imported is not None:
                        for key, value in imported.managed.items():
                            managed.setdefault(key, value)
                continue
            scope = dep.scope if _text(dep_el, "scope") else None
            managed[dep.key] = (dep.coordinate.version, scope)
        pom.managed = managed

        dependencies: dict[str, _Dependency] = {}
        if parent is not None:
            dependencies.update({d.key: d for d in parent.dependencies})
        for dep_el in _children(_child(root, "dependencies"), "dependency"):
            dep = self._dependency(dep_el, properties, managed)
            if dep is not None:
                dependencies[dep.key] = dep
        pom.dependencies = list(dependencies.values())

        relocation = _child(_child(root, "distributionManagement"), "relocation")
        if relocation is not None:
            pom.relocation = (
                _interpolate(_text(relocation, "groupId"), properties) or pom.group,
                _interpolate(_text(relocation, "artifactId"), properties) or pom.artifact,
                _interpolate(_text(relocation, "version"), properties) or pom.version,
            )
        return pom

    def _find_parent(self, group: str, artifact: str, version: str, depth: int) -> _Pom | None:
        for candidate, _why in _version_candidates(self.mirror, group, artifact, version):
            parent = self._effective(group, artifact, candidate, depth + 1)
            if parent is not None:
                return parent
        return None

    @staticmethod
    def _dependency(
        el: ElementTree.Element,
        properties: dict[str, str],
        managed: dict[str, tuple[str | None, str | None]],
    ) -> _Dependency | None:
        group = _interpolate(_text(el, "groupId"), properties)
        artifact = _interpolate(_text(el, "artifactId"), properties)
        if not group or not artifact:
            return None
        classifier = _interpolate(_text(el, "classifier"), properties)
        dep_type = _interpolate(_text(el, "type"), properties) or "jar"
        if dep_type == "test-jar" and not classifier:
            classifier = "tests"
        key = Coordinate(group, artifact, None, classifier).key
        managed_version, managed_scope = managed.get(key, (None, None))
        version = _interpolate(_text(el, "version"), properties) or managed_version
        scope = _interpolate(_text(el, "scope"), properties) or managed_scope or "compile"
        optional = (_interpolate(_text(el, "optional"), properties) or "false").lower() == "true"
        exclusions = frozenset(
            (_text(ex, "groupId") or "*", _text(ex, "artifactId") or "*")
            for ex in _children(_child(el, "exclusions"), "exclusion")
        )
        if dep_type not in ("jar", "bundle", "test-jar", "pom") and not classifier:
            # aar, zip, so, ...: nothing a java_import can use
            return None
        coordinate = Coordinate(group, artifact, version, classifier)
        return _Dependency(coordinate, scope, optional, exclusions)


def _excluded(dep: _Dependency, exclusions: frozenset[tuple[str, str]]) -> bool:
    group, artifact = dep.coordinate.group, dep.coordinate.artifact
    return any((g in ("*", group)) and (a in ("*", artifact)) for g, a in exclusions)


# ---------------------------------------------------------------------------------------------
# Resolution


@dataclass
class _Found:
    requested: str
    group: str
    artifact: str
    version: str
    classifier: str | None
    jar: str | None  # None: a POM-only artifact or a relocation
    srcjar: str | None
    pom: _Pom | None
    notes: list[str]
    relocated_to: Coordinate | None = None


class _Resolver:
    def __init__(self, mirror: Path):
        self.mirror = mirror
        self.poms = _PomReader(mirror)

    def _relative(self, path: Path) -> str:
        return path.relative_to(self.mirror).as_posix()

    def locate(self, coordinate: Coordinate, requested: str) -> _Found | str:
        """The artifact in the mirror, or a message saying what was tried."""
        group, artifact, version = coordinate.group, coordinate.artifact, coordinate.version
        classifier = coordinate.classifier
        tried: list[str] = []
        for candidate, why in _version_candidates(self.mirror, group, artifact, version):
            vdir = _artifact_dir(self.mirror, group, artifact) / candidate
            jar = vdir / _file_name(artifact, candidate, classifier, "jar")
            tried.append(str(jar))
            pom = None
            if (vdir / _file_name(artifact, candidate, None, "pom")).is_file():
                pom = self.poms.effective(group, artifact, candidate)
            notes = [f"{requested}: {why}"] if why else []
            if not jar.is_file() and pom is not None and pom.relocation:
                g, a, v = pom.relocation
                notes.append(f"{group}:{artifact}:{candidate} is relocated to {g}:{a}:{v}")
                return _Found(
                    requested,
                    group,
                    artifact,
                    candidate,
                    classifier,
                    None,
                    None,
                    None,
                    notes,
                    Coordinate(g, a, v, classifier),
                )
            if not jar.is_file() and not (
                pom is not None and pom.packaging == "pom" and not classifier
            ):
                continue
            srcjar = vdir / _file_name(artifact, candidate, "sources", "jar")
            return _Found(
                requested=requested,
                group=group,
                artifact=artifact,
                version=candidate,
                classifier=classifier,
                jar=self._relative(jar) if jar.is_file() else None,
                srcjar=self._relative(srcjar) if srcjar.is_file() and not classifier else None,
                pom=pom,
                notes=notes,
            )
        available = _available_versions(self.mirror, group, artifact)
        where = (
            f"versions there: {', '.join(available)}"
            if available
            else f"no directory {_artifact_dir(self.mirror, group, artifact)}"
        )
        return (
            f"{requested} is not in the Maven mirror {self.mirror}; tried "
            + ", ".join(tried)
            + f" ({where})"
        )

    def resolve(self, coordinates: Iterable[str]) -> list[MirrorArtifact]:
        pins: dict[str, tuple[Coordinate, str]] = {}
        ignored: dict[str, list[str]] = {}
        for text in sorted(set(coordinates)):
            try:
                coordinate = Coordinate.parse(text)
            except ValueError as error:
                raise MirrorError(str(error)) from error
            previous = pins.get(coordinate.key)
            if previous is None:
                pins[coordinate.key] = (coordinate, text)
                continue
            # one label per group:artifact[:classifier]: the highest pinned version wins
            keep, drop = (coordinate, text), previous
            if version_key(coordinate.version) < version_key(previous[0].version):
                keep, drop = previous, (coordinate, text)
            pins[coordinate.key] = keep
            ignored.setdefault(coordinate.key, []).append(drop[1])

        found: dict[str, _Found] = {}
        edges: dict[str, list[tuple[str, str]]] = {}  # key -> (dependency key, scope)
        missing: dict[str, str] = {}  # key -> what was tried
        queue: deque[tuple[str, Coordinate, str, frozenset[tuple[str, str]]]] = deque()
        for key in sorted(pins):
            queue.append((key, *pins[key], frozenset()))
        queued = set(pins)

        def follow(key: str, dep: Coordinate, text: str, exclusions, scope: str,
                   excluded: bool = False) -> None:  # fmt: skip
            # the edge always (the target lists what its POM needs, when it is in the
            # repository); the artifact joins the repository only through unexcluded paths
            edges[key].append((dep.key, scope))
            if dep.key not in queued and not excluded:
                queued.add(dep.key)
                queue.append((dep.key, dep, text, exclusions))

        absent: list[tuple[str, str]] = []  # pinned coordinates the mirror lacks, all of them
        while queue:
            key, coordinate, requested, exclusions = queue.popleft()
            result = self.locate(coordinate, requested)
            if isinstance(result, str):
                if key in pins:
                    absent.append((requested, result))
                missing[key] = result
                continue
            found[key] = result
            edges[key] = []
            if result.relocated_to is not None:
                target = result.relocated_to
                follow(key, target, target.pinned(target.version or ""), exclusions, "compile")
                continue
            if result.pom is None:
                continue
            for dep in sorted(result.pom.dependencies, key=lambda d: d.key):
                if dep.optional or dep.scope not in FOLLOWED_SCOPES:
                    continue
                coordinate = dep.coordinate
                version = coordinate.version
                text = coordinate.pinned(version) if version else dep.key
                follow(key, coordinate, text, exclusions | dep.exclusions, dep.scope,
                       excluded=_excluded(dep, exclusions))  # fmt: skip

        if absent:  # every one at once: fixing them one run at a time would be tedious
            raise MirrorError("; ".join(tried for _, tried in absent), tuple(absent))

        names: dict[str, str] = {}
        for key in found:
            name = key_label_name(key)
            if names.setdefault(name, key) != key:
                raise MirrorError(f"{key} and {names[name]} would both be named :{name}")

        artifacts = []
        for key in sorted(found, key=key_label_name):
            item = found[key]
            deps: set[str] = set()
            runtime: set[str] = set()
            notes = list(item.notes)
            notes += [f"also pinned, ignored: {text}" for text in ignored.get(key, [])]
            for dep_key, scope in edges[key]:
                if dep_key in found and dep_key != key:
                    (deps if scope == "compile" else runtime).add(key_label_name(dep_key))
                elif dep_key in missing:
                    notes.append(f"left out {scope} dependency: {missing[dep_key]}")
            coordinate = Coordinate(item.group, item.artifact, None, item.classifier)
            relocated = item.relocated_to
            artifacts.append(
                MirrorArtifact(
                    name=key_label_name(key),
                    coordinate=coordinate.pinned(item.version),
                    requested=item.requested,
                    jar=item.jar,
                    srcjar=item.srcjar,
                    deps=tuple(sorted(deps)),
                    runtime_deps=tuple(sorted(runtime - deps)),
                    notes=tuple(notes),
                    pinned=key in pins,
                    relocated_to=key_label_name(relocated.key) if relocated else None,
                )
            )
        return artifacts


def resolve_mirror(mirror: str | Path, coordinates: Iterable[str]) -> list[MirrorArtifact]:
    """The targets of an offline ``@maven`` over ``mirror`` for the pinned ``coordinates``
    (``group:artifact:version[:classifier]``), transitive dependencies included, sorted by name.

    Raises :class:`MirrorError` when a pinned artifact is not in the mirror."""
    root = Path(mirror)
    if not root.is_dir():
        raise MirrorError(f"the Maven mirror {root} does not exist or is not a directory")
    return _Resolver(root).resolve(coordinates)


def render_maven_build(
    mirror: str | Path, coordinates: Iterable[str], repository: str = "maven"
) -> str:
    """The BUILD file of an offline Maven repository named ``repository`` over ``mirror``."""
    pins = sorted(set(coordinates))
    artifacts = resolve_mirror(mirror, pins)
    return templates.render(
        "generators/offline/BUILD.maven.j2",
        repository=repository,
        mirror=str(mirror),
        pins=pins,
        artifacts=artifacts,
    )


def find_jar(mirror: str, coordinate: str) -> str | None:
    """The jar a pinned coordinate resolves to in a local mirror (None when it has none)."""
    try:
        artifacts = resolve_mirror(mirror, [coordinate])
    except MirrorError:
        return None
    pinned = [a for a in artifacts if a.pinned and a.jar]
    return os.path.join(mirror, pinned[0].jar) if pinned else None
