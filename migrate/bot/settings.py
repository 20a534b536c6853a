"""The bot's settings (``pr:`` in migration.yaml), apart from the bot so the config reader can
hold them without importing git and HTTP code."""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_AUTHOR = "migrate bot <migrate-bot@users.noreply.github.com>"


@dataclass(frozen=True)
class PrSettings:
    remote: str = "origin"
    base: str = "main"
    repo: str | None = None  # owner/name; default: from the remote's URL
    api_url: str = "https://api.github.com"  # GitHub Enterprise: https://HOST/api/v3
    token_env: str = "GITHUB_TOKEN"
    author: str = DEFAULT_AUTHOR
