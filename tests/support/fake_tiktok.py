"""A fake TikTok on loopback, speaking the documented shapes of Login Kit for Web and the
Display API (developers.tiktok.com: "Login Kit for Web", "Get/Refresh/Revoke a User Access Token",
"Get User Info", "List Videos", "Error Handling", "Rate Limits").

- ``GET /v2/auth/authorize/``: an HTML page with "Authorize" / "Cancel" buttons; it redirects to
  ``redirect_uri`` with ``code``, ``scopes``, ``state`` (or ``error``, ``error_description``).
- ``POST /v2/oauth/token/`` (form): ``authorization_code`` and ``refresh_token`` grants; refresh
  tokens are rotated. OAuth errors: ``{"error", "error_description", "log_id"}``.
- ``POST /v2/oauth/revoke/`` (form): ``{}``.
- ``GET /v2/user/info/?fields=…`` and ``POST /v2/video/list/?fields=…`` (JSON ``cursor``,
  ``max_count`` ≤ 20): ``{"data": …, "error": {"code", "message", "log_id"}}``; 401
  ``access_token_invalid`` for an unknown, expired or revoked token, 401 ``scope_not_authorized``
  without the scope, 400 ``invalid_params``, 429 ``rate_limit_exceeded`` beyond ``rate_limit``
  requests per endpoint in a one-minute sliding window.

Tests can force the next answers of an endpoint (``fail_next``) and expire tokens.
"""

from __future__ import annotations

import collections
import contextlib
import html
import json
import secrets
import threading
import time
import urllib.parse
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

CLIENT_KEY = "fake-client-key"
CLIENT_SECRET = "fake-client-secret"
USER_STATS_FIELDS = {"follower_count", "following_count", "likes_count", "video_count"}


@dataclass
class FakeVideo:
    id: str
    create_time: int
    duration: int
    view_count: int = 0
    like_count: int = 0
    comment_count: int = 0
    share_count: int = 0
    title: str = ""


@dataclass
class FakeToken:
    open_id: str
    scope: str
    expires_at: float
    revoked: bool = False


@dataclass
class FakeTikTok:
    url: str = ""
    client_key: str = CLIENT_KEY
    client_secret: str = CLIENT_SECRET
    rate_limit: int = 600
    access_ttl: int = 86_400
    refresh_ttl: int = 31_536_000
    redirect_uris: list[str] = field(default_factory=list)  # registered; empty: any
    open_id: str = "fake-open-id-1"
    display_name: str = "Léa Finance"
    user: dict = field(
        default_factory=lambda: {
            "follower_count": 12_000,
            "following_count": 80,
            "likes_count": 250_000,
            "video_count": 0,
        }
    )
    videos: list[FakeVideo] = field(default_factory=list)
    # What was asked and what was issued, for the tests to look at.
    requests: list[tuple[str, str, dict]] = field(default_factory=list)
    codes: dict[str, dict] = field(default_factory=dict)
    access_tokens: dict[str, FakeToken] = field(default_factory=dict)
    refresh_tokens: dict[str, FakeToken] = field(default_factory=dict)
    revoked: list[str] = field(default_factory=list)
    forced: dict[str, collections.deque] = field(
        default_factory=lambda: collections.defaultdict(collections.deque)
    )
    calls: dict[str, collections.deque] = field(
        default_factory=lambda: collections.defaultdict(collections.deque)
    )
    lock: threading.Lock = field(default_factory=threading.Lock)

    # --- What tests use ----------

    def fail_next(self, path: str, status: int, code: str, times: int = 1) -> None:
        for _ in range(times):
            self.forced[path].append((status, code))

    def expire_access_tokens(self) -> None:
        for token in self.access_tokens.values():
            token.expires_at = 0

    def revoke_user(self) -> None:
        """The creator removed the app in TikTok's settings: every token stops working."""
        for token in [*self.access_tokens.values(), *self.refresh_tokens.values()]:
            token.revoked = True

    def issue_tokens(self, scope: str = "user.info.basic,user.info.stats,video.list") -> dict:
        return self._issue(self.open_id, scope)

    def count(self, path: str) -> int:
        return sum(1 for _method, asked, _data in self.requests if asked == path)

    # --- Internals ----------

    def _issue(self, open_id: str, scope: str) -> dict:
        access, refresh = f"act.{secrets.token_urlsafe(24)}", f"rft.{secrets.token_urlsafe(24)}"
        now = time.time()
        self.access_tokens[access] = FakeToken(open_id, scope, now + self.access_ttl)
        self.refresh_tokens[refresh] = FakeToken(open_id, scope, now + self.refresh_ttl)
        return {
            "access_token": access,
            "expires_in": self.access_ttl,
            "open_id": open_id,
            "refresh_expires_in": self.refresh_ttl,
            "refresh_token": refresh,
            "scope": scope,
            "token_type": "Bearer",
        }


def _log_id() -> str:
    return time.strftime("%Y%m%d%H%M%S") + secrets.token_hex(8).upper()


class _Handler(BaseHTTPRequestHandler):
    server_version = "FakeTikTok/1.0"
    fake: FakeTikTok

    def log_message(self, format, *args) -> None:  # quiet
        pass

    # --- Plumbing ----------

    def _send(self, status: int, body, content_type="application/json", headers=None) -> None:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(data)))
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _redirect(self, location: str) -> None:
        self._send(302, b"", "text/plain", {"Location": location})

    def _form(self) -> dict[str, str]:
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode()
        return dict(urllib.parse.parse_qsl(raw, keep_blank_values=True))

    def _json_body(self):
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length)
        return json.loads(raw) if raw else {}

    def _api_error(self, status: int, code: str, message: str) -> None:
        self._send(
            status, {"data": {}, "error": {"code": code, "message": message, "log_id": _log_id()}}
        )

    def _oauth_error(self, status: int, error: str, description: str) -> None:
        self._send(status, {"error": error, "error_description": description, "log_id": _log_id()})

    # --- Routing ----------

    def do_GET(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        self.fake.requests.append(("GET", url.path, query))
        if url.path == "/v2/auth/authorize/":
            return self._authorize_page(query)
        if url.path == "/v2/user/info/":
            return self._api(url.path, query, None)
        if url.path == "/favicon.ico":
            return self._send(204, b"", "image/x-icon")
        return self._send(404, {"error": "not found"})

    def do_POST(self) -> None:
        url = urllib.parse.urlsplit(self.path)
        query = dict(urllib.parse.parse_qsl(url.query))
        if url.path == "/v2/video/list/":
            try:
                body = self._json_body()
            except ValueError:
                body = None
            self.fake.requests.append(("POST", url.path, {**query, "body": body}))
            return self._api(url.path, query, body)
        form = self._form()
        self.fake.requests.append(("POST", url.path, form))
        if url.path == "/v2/auth/authorize/":
            return self._authorize_decision(form)
        if url.path == "/v2/oauth/token/":
            return self._token(form)
        if url.path == "/v2/oauth/revoke/":
            return self._revoke(form)
        return self._send(404, {"error": "not found"})

    # --- Login Kit ----------

    def _authorize_page(self, query: dict[str, str]) -> None:
        problems = []
        if query.get("client_key") != self.fake.client_key:
            problems.append("client_key")
        if query.get("response_type") != "code":
            problems.append("response_type")
        redirect_uri = query.get("redirect_uri", "")
        if not redirect_uri.startswith("http") or (
            self.fake.redirect_uris and redirect_uri not in self.fake.redirect_uris
        ):
            problems.append("redirect_uri")
        if not query.get("scope") or not query.get("state"):
            problems.append("scope/state")
        if problems:
            return self._send(400, f"invalid: {', '.join(problems)}".encode(), "text/plain")
        hidden = "".join(
            f'<input type="hidden" name="{name}" value="{html.escape(query[name])}">'
            for name in ("client_key", "redirect_uri", "scope", "state")
        )
        page = f"""<!doctype html><html lang="en"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Fake TikTok: authorize</title></head><body><main>
<h1>Fake TikTok</h1><p>{html.escape(self.fake.display_name)}, allow the app to read:
{html.escape(query["scope"])}?</p>
<form method="post" action="/v2/auth/authorize/">{hidden}
<button type="submit" name="decision" value="allow">Authorize</button>
<button type="submit" name="decision" value="deny">Cancel</button></form></main></body></html>"""
        self._send(200, page.encode(), "text/html; charset=utf-8")

    def _authorize_decision(self, form: dict[str, str]) -> None:
        redirect_uri, state = form.get("redirect_uri", ""), form.get("state", "")
        if form.get("decision") != "allow":
            query = {
                "error": "access_denied",
                "error_description": "The user denied the request.",
                "state": state,
            }
        else:
            code = secrets.token_urlsafe(16)
            self.fake.codes[code] = {
                "redirect_uri": redirect_uri,
                "scope": form.get("scope", ""),
                "open_id": self.fake.open_id,
            }
            query = {"code": code, "scopes": form.get("scope", ""), "state": state}
        self._redirect(f"{redirect_uri}?{urllib.parse.urlencode(query)}")

    def _client_ok(self, form: dict[str, str]) -> bool:
        return (
            form.get("client_key") == self.fake.client_key
            and form.get("client_secret") == self.fake.client_secret
        )

    def _token(self, form: dict[str, str]) -> None:
        fake = self.fake
        if not self._client_ok(form):
            return self._oauth_error(401, "invalid_client", "Client key or secret is invalid.")
        with fake.lock:
            grant = form.get("grant_type")
            if grant == "authorization_code":
                asked = fake.codes.pop(form.get("code", ""), None)
                if asked is None or asked["redirect_uri"] != form.get("redirect_uri"):
                    return self._oauth_error(400, "invalid_grant", "Authorization code is invalid.")
                return self._send(200, fake._issue(asked["open_id"], asked["scope"]))
            if grant == "refresh_token":
                token = fake.refresh_tokens.pop(form.get("refresh_token", ""), None)
                if token is None or token.revoked or token.expires_at < time.time():
                    return self._oauth_error(400, "invalid_grant", "Refresh token is invalid.")
                return self._send(200, fake._issue(token.open_id, token.scope))
        return self._oauth_error(400, "unsupported_grant_type", "Unsupported grant type.")

    def _revoke(self, form: dict[str, str]) -> None:
        if not self._client_ok(form):
            return self._oauth_error(401, "invalid_client", "Client key or secret is invalid.")
        token = self.fake.access_tokens.get(form.get("token", ""))
        if token is not None:
            token.revoked = True
            for refresh in self.fake.refresh_tokens.values():
                if refresh.open_id == token.open_id:
                    refresh.revoked = True
        self.fake.revoked.append(form.get("token", ""))
        self._send(200, {})

    # --- Display API ----------

    def _limited(self, path: str) -> bool:
        with self.fake.lock:
            now = time.monotonic()
            calls = self.fake.calls[path]
            while calls and calls[0] <= now - 60:
                calls.popleft()
            if len(calls) >= self.fake.rate_limit:
                return True
            calls.append(now)
            return False

    def _api(self, path: str, query: dict[str, str], body) -> None:
        fake = self.fake
        if fake.forced[path]:
            status, code = fake.forced[path].popleft()
            return self._api_error(status, code, f"forced {code}")
        if self._limited(path):
            return self._api_error(429, "rate_limit_exceeded", "API rate limit exceeded.")
        auth = self.headers.get("Authorization", "")
        token = fake.access_tokens.get(auth.removeprefix("Bearer ").strip())
        if token is None or token.revoked or token.expires_at < time.time():
            return self._api_error(
                401, "access_token_invalid", "The access token is invalid or not found."
            )
        fields = [name for name in query.get("fields", "").split(",") if name]
        if not fields:
            return self._api_error(400, "invalid_params", "fields is required.")
        scopes = set(token.scope.split(","))
        if path == "/v2/user/info/":
            if USER_STATS_FIELDS & set(fields) and "user.info.stats" not in scopes:
                return self._api_error(401, "scope_not_authorized", "user.info.stats missing.")
            user = {
                "open_id": token.open_id,
                "display_name": fake.display_name,
                "video_count": len(fake.videos),
                **{k: v for k, v in fake.user.items() if k != "video_count"},
            }
            ok = {"code": "ok", "message": "", "log_id": _log_id()}
            data = {"user": {name: user[name] for name in fields if name in user}}
            return self._send(200, {"data": data, "error": ok})
        if "video.list" not in scopes:
            return self._api_error(401, "scope_not_authorized", "video.list missing.")
        if not isinstance(body, dict):
            return self._api_error(400, "invalid_params", "The body must be JSON.")
        max_count = body.get("max_count", 10)
        cursor = body.get("cursor", int(time.time() * 1000))
        if not isinstance(max_count, int) or not 1 <= max_count <= 20:
            return self._api_error(400, "invalid_params", "max_count must be 1 to 20.")
        if not isinstance(cursor, int):
            return self._api_error(400, "invalid_params", "cursor must be an integer.")
        ordered = sorted(fake.videos, key=lambda video: video.create_time, reverse=True)
        remaining = [video for video in ordered if video.create_time * 1000 < cursor]
        page = remaining[:max_count]
        videos = [{name: getattr(video, name) for name in fields} for video in page]
        data = {
            "videos": videos,
            "cursor": page[-1].create_time * 1000 if page else cursor,
            "has_more": len(remaining) > max_count,
        }
        ok = {"code": "ok", "message": "", "log_id": _log_id()}
        self._send(200, {"data": data, "error": ok})


@contextlib.contextmanager
def running_fake_tiktok(**options) -> Iterator[FakeTikTok]:
    """A FakeTikTok served on 127.0.0.1 at a free port, for the duration of the block."""
    fake = FakeTikTok(**options)
    handler = type("Handler", (_Handler,), {"fake": fake})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    fake.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield fake
    finally:
        server.shutdown()
        server.server_close()
        thread.join(5)


def point_settings_at(settings, fake: FakeTikTok, redirect_uri: str) -> None:
    """Configure the app (pytest-django's ``settings``) to use ``fake`` as TikTok."""
    settings.TIKTOK_CLIENT_KEY = fake.client_key
    settings.TIKTOK_CLIENT_SECRET = fake.client_secret
    settings.TIKTOK_REDIRECT_URI = redirect_uri
    fake.redirect_uris = [redirect_uri]
    settings.TIKTOK_AUTH_BASE_URL = fake.url
    settings.TIKTOK_API_BASE_URL = fake.url


def add_videos(fake: FakeTikTok, count: int, *, start: int = 1_790_000_000, **counters) -> None:
    """``count`` videos one hour apart (distinct ``create_time``, as pagination needs)."""
    for index in range(count):
        fake.videos.append(
            FakeVideo(
                id=f"7{index:018d}",
                create_time=start + 3600 * index,
                duration=30 + 10 * (index % 6),
                title=f"Video {index}",
                **{"view_count": 1000 * (index + 1), **counters},
            )
        )
