"""What generation wants the user to know: never silently guessed, always said."""

from __future__ import annotations

from dataclasses import dataclass

from migrate.errors import InputError


@dataclass(frozen=True, order=True)
class Finding:
    severity: str  # "error" | "warning" | "info"
    project: str  # Gradle path, or "" for the whole build
    message: str

    def render(self) -> str:
        where = f"{self.project}: " if self.project else ""
        return f"{self.severity}: {where}{self.message}"


class GenerationError(InputError):
    """The request cannot be generated (unknown module or granularity, a name conflict that
    cannot be resolved); the message names the project and the files involved."""
