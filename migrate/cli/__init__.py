"""The ``migrate`` command line: a thin shell over the engine's stages.

``app`` holds the command group and what the commands share; each ``*_commands`` module adds its
commands to the group when imported.
"""

from migrate.cli import build_commands, review_commands, rollout_commands  # noqa: F401
from migrate.cli.app import main

__all__ = ["main"]
