"""A small client for the GitHub REST API (v3 shapes; GitHub Enterprise via the base URL): the
pull-request and issue-comment endpoints the bot needs, nothing more.

The token goes only into the Authorization header. It is never part of a URL, a log line or an
error: every message leaving this module passes through ``redact``.
"""

from __future__ import annotations

import json
import re
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from migrate.errors import ToolError

API_VERSION = "2022-11-28"
USER_AGENT = "migrate-pr-bot"
_NEXT_LINK = re.compile(r'<([^>]+)>;\s*rel="next"')


class GitHubError(ToolError):
    """The API said no (with its status and message), or could not be reached."""


@dataclass(frozen=True)
class PullRequest:
    number: int
    url: str  # html_url, for people
    title: str
    body: str


@dataclass(frozen=True)
class Comment:
    id: int
    url: str
    body: str


class GitHubClient:
    def __init__(self, api_url: str, repo: str, token: str, timeout: float = 30) -> None:
        if not re.fullmatch(r"[\w.-]+/[\w.-]+", repo):
            raise GitHubError(f"repository must be 'owner/name', not {repo!r}")
        self.api_url = api_url.rstrip("/")
        self.repo = repo
        self._token = token
        self.timeout = timeout

    def redact(self, text: str) -> str:
        return text.replace(self._token, "***") if self._token else text

    # pull requests -------------------------------------------------------------------------

    def find_open_pull(self, branch: str) -> PullRequest | None:
        owner = self.repo.split("/")[0]
        query = urllib.parse.urlencode({"head": f"{owner}:{branch}", "state": "open"})
        pulls = self._paged(f"/repos/{self.repo}/pulls?{query}")
        return _pull(pulls[0]) if pulls else None

    def create_pull(self, title: str, head: str, base: str, body: str) -> PullRequest:
        data = self._call(
            "POST",
            f"/repos/{self.repo}/pulls",
            {"title": title, "head": head, "base": base, "body": body},
        )
        return _pull(data)

    def update_pull(self, number: int, title: str, body: str) -> PullRequest:
        data = self._call(
            "PATCH", f"/repos/{self.repo}/pulls/{number}", {"title": title, "body": body}
        )
        return _pull(data)

    # comments ------------------------------------------------------------------------------

    def comments(self, number: int) -> list[Comment]:
        items = self._paged(f"/repos/{self.repo}/issues/{number}/comments?per_page=100")
        return [Comment(c["id"], c.get("html_url", ""), c.get("body") or "") for c in items]

    def create_comment(self, number: int, body: str) -> Comment:
        data = self._call("POST", f"/repos/{self.repo}/issues/{number}/comments", {"body": body})
        return Comment(data["id"], data.get("html_url", ""), data.get("body") or "")

    def update_comment(self, comment_id: int, body: str) -> Comment:
        data = self._call(
            "PATCH", f"/repos/{self.repo}/issues/comments/{comment_id}", {"body": body}
        )
        return Comment(data["id"], data.get("html_url", ""), data.get("body") or "")

    # transport -----------------------------------------------------------------------------

    def _paged(self, path: str) -> list[dict[str, Any]]:
        """Every item of a list endpoint, following the Link: rel="next" headers."""
        items: list[dict[str, Any]] = []
        url: str | None = self.api_url + path
        while url:
            data, headers = self._send("GET", url, None)
            if not isinstance(data, list):
                raise GitHubError(f"GET {self._show(url)}: expected a list in the response")
            items += data
            match = _NEXT_LINK.search(headers.get("Link", ""))
            url = match.group(1) if match else None
        return items

    def _call(self, method: str, path: str, payload: dict[str, Any]) -> dict[str, Any]:
        data, _ = self._send(method, self.api_url + path, payload)
        if not isinstance(data, dict):
            raise GitHubError(f"{method} {path}: expected an object in the response")
        return data

    def _send(self, method: str, url: str, payload: dict[str, Any] | None) -> tuple[Any, Any]:
        request = urllib.request.Request(
            url,
            method=method,
            data=json.dumps(payload).encode() if payload is not None else None,
            headers={
                "Accept": "application/vnd.github+json",
                "Authorization": f"Bearer {self._token}",
                "X-GitHub-Api-Version": API_VERSION,
                "User-Agent": USER_AGENT,
                **({"Content-Type": "application/json"} if payload is not None else {}),
            },
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                body = response.read()
                return (json.loads(body) if body else None), response.headers
        except urllib.error.HTTPError as exc:
            raise GitHubError(self.redact(_describe(method, self._show(url), exc))) from None
        except (urllib.error.URLError, OSError, ValueError) as exc:
            raise GitHubError(
                self.redact(f"{method} {self._show(url)}: cannot reach the API: {exc}")
            ) from None

    def _show(self, url: str) -> str:
        return self.redact(url.removeprefix(self.api_url))


def _describe(method: str, path: str, exc: urllib.error.HTTPError) -> str:
    try:
        data = json.loads(exc.read() or b"{}")
    except ValueError:
        data = {}
    message = data.get("message") or exc.reason
    details = "; ".join(
        e.get("message") or json.dumps(e) for e in data.get("errors", []) if isinstance(e, dict)
    )
    hint = " (check the token and its permissions)" if exc.code in (401, 403) else ""
    return f"{method} {path}: HTTP {exc.code} {message}{': ' + details if details else ''}{hint}"


def _pull(data: dict[str, Any]) -> PullRequest:
    return PullRequest(
        data["number"], data.get("html_url", ""), data.get("title", ""), data.get("body") or ""
    )
