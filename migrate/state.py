"""The migration state, ``migration/state.yaml``: per project, its planned wave, when its BUILD
files were generated (and a content hash of them), the last parity result, and when it was
migrated.

Every update replaces the whole file atomically (temp file + rename), one step at a time, so an
interrupted ``migrate wave`` (Ctrl-C, a killed CI job) leaves the state of the last finished step:
never half a file, never a project marked verified that was not.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import yaml

from migrate.atomic import write_atomically
from migrate.errors import InputError
from migrate.records import RECORDS_DIR

STATE_FILE = RECORDS_DIR / "state.yaml"
STATE_VERSION = 1
HEADER = (
    "# Migration state, written by migrate (`migrate wave`, `migrate plan`); read by\n"
    "# `migrate status`. Edit the plan (migration/plan.yaml), not this file.\n"
)

#: A project's stages, in the order it moves through them.
STAGES = ("unplanned", "planned", "generated", "failed", "verified", "migrated")


class StateError(InputError):
    """A state file that cannot be read."""


def now() -> str:
    return datetime.now(UTC).replace(microsecond=0).isoformat()


@dataclass(frozen=True)
class Generated:
    at: str
    hash: str  # of the project's BUILD files, as written
    files: tuple[str, ...]  # relative to the build root


@dataclass(frozen=True)
class Verified:
    at: str
    ok: bool
    summary: str  # e.g. "36 classes same, 4 of 4 tests same"
    hash: str  # of the BUILD files that were verified
    report: str | None = None  # where the full parity report was written


@dataclass(frozen=True)
class ProjectState:
    wave: int | None = None
    generated: Generated | None = None
    verified: Verified | None = None
    migrated: str | None = None  # when

    @property
    def stage(self) -> str:
        if self.migrated:
            return "migrated"
        if self.verified:
            return "verified" if self.verified.ok else "failed"
        if self.generated:
            return "generated"
        return "planned" if self.wave is not None else "unplanned"


@dataclass(frozen=True)
class MigrationState:
    projects: dict[str, ProjectState] = field(default_factory=dict)

    def get(self, path: str) -> ProjectState:
        return self.projects.get(path) or ProjectState()

    def with_changes(self, changes: dict[str, dict[str, Any]]) -> MigrationState:
        """A new state with ``changes`` (project → field → value) applied."""
        projects = dict(self.projects)
        for path, fields in changes.items():
            projects[path] = replace(self.get(path), **fields)
        return MigrationState(dict(sorted(projects.items())))

    def migrated_waves(self) -> dict[str, int]:
        return {p: s.wave for p, s in self.projects.items() if s.migrated and s.wave is not None}

    def to_json(self) -> dict[str, Any]:
        projects = {}
        for path, state in self.projects.items():
            data = {k: v for k, v in asdict(state).items() if v is not None}
            if state.generated:
                data["generated"]["files"] = list(state.generated.files)
            projects[path] = data
        return {"version": STATE_VERSION, "projects": projects}

    @classmethod
    def from_json(cls, data: dict[str, Any], where: str) -> MigrationState:
        if data.get("version") != STATE_VERSION:
            raise StateError(f"{where}: unsupported state version {data.get('version')!r}")
        projects = {}
        try:
            for path, entry in (data.get("projects") or {}).items():
                generated = entry.get("generated")
                verified = entry.get("verified")
                projects[str(path)] = ProjectState(
                    wave=entry.get("wave"),
                    generated=Generated(
                        str(generated["at"]), generated["hash"], tuple(generated["files"])
                    )
                    if generated
                    else None,
                    verified=Verified(**{**verified, "at": str(verified["at"])})
                    if verified
                    else None,
                    migrated=str(entry["migrated"]) if entry.get("migrated") else None,
                )
        except (AttributeError, KeyError, TypeError) as exc:
            raise StateError(f"{where}: malformed entry ({exc}); was it edited by hand?") from exc
        return cls(dict(sorted(projects.items())))


def load_state(root: str | Path) -> MigrationState:
    path = Path(root) / STATE_FILE
    if not path.is_file():
        return MigrationState()
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except yaml.YAMLError as exc:
        raise StateError(f"{path}: invalid YAML: {exc}") from exc
    if not isinstance(data, dict):
        raise StateError(f"{path}: expected a mapping")
    return MigrationState.from_json(data, str(path))


def save_state(root: str | Path, state: MigrationState) -> None:
    path = Path(root) / STATE_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    text = HEADER + yaml.safe_dump(state.to_json(), sort_keys=False, default_flow_style=False)
    write_atomically(path, text)


class StateStore:
    """The state of one build root; each ``update`` is one atomic write."""

    def __init__(self, root: str | Path) -> None:
        self.root = Path(root)
        self.state = load_state(self.root)

    def update(self, path: str, **changes: Any) -> None:
        self.update_many({path: changes})

    def update_many(self, changes: dict[str, dict[str, Any]]) -> None:
        state = self.state.with_changes(changes)
        save_state(self.root, state)
        self.state = state


def hash_files(root: str | Path, files: tuple[str, ...] | list[str]) -> str:
    """One content hash over the files (sorted by path); a missing file hashes as missing."""
    digest = hashlib.sha256()
    for rel in sorted(files):
        digest.update(rel.encode() + b"\0")
        try:
            digest.update((Path(root) / rel).read_bytes())
        except FileNotFoundError:
            digest.update(b"\0<missing>\0")
        digest.update(b"\0")
    return "sha256:" + digest.hexdigest()
