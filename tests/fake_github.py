"""A local stand-in for the GitHub REST API (v3) endpoints the PR bot uses, speaking GitHub's
request and response shapes: list/create/update pull requests, list/create/update issue
comments, Bearer-token authentication with GitHub's 401 body, 422 for a duplicate pull request,
and Link-header pagination. It records every request (without the token) for assertions.

Only for tests: the real service cannot be reached offline.
"""

from __future__ import annotations

import json
import re
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlparse

DOCS = "https://docs.github.com/rest"


@dataclass
class FakeGitHub:
    token: str
    repo: str = "acme/monorepo"
    per_page: int = 2  # small, so that pagination is exercised
    pulls: list[dict[str, Any]] = field(default_factory=list)
    comments: dict[int, list[dict[str, Any]]] = field(default_factory=dict)
    requests: list[tuple[str, str, dict[str, str], str]] = field(default_factory=list)
    _ids: int = 1000

    def next_id(self) -> int:
        self._ids += 1
        return self._ids

    def start(self) -> str:
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:  # keep test output quiet
                pass

            def do_GET(self) -> None:  # noqa: N802
                fake._handle(self, "GET")

            def do_POST(self) -> None:  # noqa: N802
                fake._handle(self, "POST")

            def do_PATCH(self) -> None:  # noqa: N802
                fake._handle(self, "PATCH")

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return f"http://127.0.0.1:{self.server.server_address[1]}"

    def stop(self) -> None:
        self.server.shutdown()
        self.server.server_close()

    # ---------------------------------------------------------------------------------------

    def _handle(self, http: BaseHTTPRequestHandler, method: str) -> None:
        url = urlparse(http.path)
        length = int(http.headers.get("Content-Length") or 0)
        raw = http.rfile.read(length).decode() if length else ""
        headers = {k: v for k, v in http.headers.items() if k.lower() != "authorization"}
        self.requests.append((method, http.path, headers, raw))
        auth = http.headers.get("Authorization", "")
        if auth not in (f"Bearer {self.token}", f"token {self.token}"):
            return _reply(http, 401, {"message": "Bad credentials", "documentation_url": DOCS})
        body = json.loads(raw) if raw else {}
        base = f"/repos/{self.repo}"
        path = url.path
        query = {k: v[0] for k, v in parse_qs(url.query).items()}
        if method == "GET" and path == f"{base}/pulls":
            return self._page(http, url, query, self._list_pulls(query))
        if method == "POST" and path == f"{base}/pulls":
            return self._create_pull(http, body)
        if match := re.fullmatch(rf"{base}/pulls/(\d+)", path):
            pull = self._pull(int(match.group(1)))
            if pull is None:
                return _reply(http, 404, {"message": "Not Found", "documentation_url": DOCS})
            if method == "PATCH":
                pull.update({k: body[k] for k in ("title", "body") if k in body})
                pull["updated_at"] = "2026-11-30T12:00:01Z"
            return _reply(http, 200, pull)
        if match := re.fullmatch(rf"{base}/issues/(\d+)/comments", path):
            number = int(match.group(1))
            if self._pull(number) is None:
                return _reply(http, 404, {"message": "Not Found", "documentation_url": DOCS})
            if method == "GET":
                return self._page(http, url, query, self.comments.get(number, []))
            comment = self._comment(number, body["body"])
            self.comments.setdefault(number, []).append(comment)
            return _reply(http, 201, comment)
        if (match := re.fullmatch(rf"{base}/issues/comments/(\d+)", path)) and method == "PATCH":
            for comment in (c for cs in self.comments.values() for c in cs):
                if comment["id"] == int(match.group(1)):
                    comment["body"] = body["body"]
                    comment["updated_at"] = "2026-11-30T12:00:02Z"
                    return _reply(http, 200, comment)
        return _reply(http, 404, {"message": "Not Found", "documentation_url": DOCS})

    def _list_pulls(self, query: dict[str, str]) -> list[dict[str, Any]]:
        state = query.get("state", "open")
        head = query.get("head")
        return [
            p
            for p in self.pulls
            if (state == "all" or p["state"] == state) and (not head or p["head"]["label"] == head)
        ]

    def _create_pull(self, http: BaseHTTPRequestHandler, body: dict[str, Any]) -> None:
        missing = [k for k in ("head", "base") if not body.get(k)]
        if missing or not body.get("title"):
            return _reply(http, 422, {"message": "Validation Failed", "documentation_url": DOCS})
        owner = self.repo.split("/")[0]
        label = body["head"] if ":" in body["head"] else f"{owner}:{body['head']}"
        if any(p["head"]["label"] == label and p["state"] == "open" for p in self.pulls):
            return _reply(
                http,
                422,
                {
                    "message": "Validation Failed",
                    "errors": [
                        {
                            "resource": "PullRequest",
                            "code": "custom",
                            "message": f"A pull request already exists for {label}.",
                        }
                    ],
                    "documentation_url": DOCS,
                },
            )
        number = len(self.pulls) + 1
        pull = {
            "url": f"https://api.github.com/repos/{self.repo}/pulls/{number}",
            "id": self.next_id(),
            "node_id": f"PR_{number}",
            "html_url": f"https://github.com/{self.repo}/pull/{number}",
            "number": number,
            "state": "open",
            "title": body["title"],
            "body": body.get("body"),
            "user": {"login": "migrate-bot", "type": "Bot"},
            "head": {"label": label, "ref": label.split(":", 1)[1], "sha": "0" * 40},
            "base": {"label": f"{owner}:{body['base']}", "ref": body["base"], "sha": "0" * 40},
            "draft": False,
            "created_at": "2026-11-30T12:00:00Z",
            "updated_at": "2026-11-30T12:00:00Z",
        }
        self.pulls.append(pull)
        return _reply(http, 201, pull)

    def _pull(self, number: int) -> dict[str, Any] | None:
        return next((p for p in self.pulls if p["number"] == number), None)

    def _comment(self, number: int, body: str) -> dict[str, Any]:
        comment_id = self.next_id()
        return {
            "id": comment_id,
            "node_id": f"IC_{comment_id}",
            "url": f"https://api.github.com/repos/{self.repo}/issues/comments/{comment_id}",
            "html_url": f"https://github.com/{self.repo}/pull/{number}#issuecomment-{comment_id}",
            "issue_url": f"https://api.github.com/repos/{self.repo}/issues/{number}",
            "body": body,
            "user": {"login": "migrate-bot", "type": "Bot"},
            "created_at": "2026-11-30T12:00:00Z",
            "updated_at": "2026-11-30T12:00:00Z",
        }

    def _page(
        self, http: BaseHTTPRequestHandler, url, query: dict[str, str], items: list[Any]
    ) -> None:
        per_page = min(int(query.get("per_page", 30)), self.per_page)
        page = int(query.get("page", 1))
        chunk = items[(page - 1) * per_page : page * per_page]
        headers = {}
        if page * per_page < len(items):
            rest = {**query, "page": str(page + 1)}
            link = "&".join(f"{k}={v}" for k, v in rest.items())
            host = http.headers.get("Host")
            headers["Link"] = f'<http://{host}{url.path}?{link}>; rel="next"'
        _reply(http, 200, chunk, headers)


def _reply(
    http: BaseHTTPRequestHandler, status: int, data: Any, headers: dict[str, str] | None = None
) -> None:
    payload = json.dumps(data).encode()
    http.send_response(status)
    http.send_header("Content-Type", "application/json; charset=utf-8")
    http.send_header("Content-Length", str(len(payload)))
    for key, value in (headers or {}).items():
        http.send_header(key, value)
    http.end_headers()
    http.wfile.write(payload)
