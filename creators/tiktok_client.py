"""TikTok's official API, as documented on developers.tiktok.com (Login Kit for Web, Display API).

- Authorization: the browser goes to ``{TIKTOK_AUTH_BASE_URL}/v2/auth/authorize/`` with
  ``client_key``, ``response_type=code``, ``scope`` (comma separated), ``redirect_uri`` and
  ``state``; TikTok sends it back to the redirect URI with ``code``, ``scopes`` and ``state`` (or
  ``error`` and ``error_description``). TikTok documents PKCE (``code_verifier``) for mobile and
  desktop apps only, so the web flow here relies on ``state`` bound to the session.
- Tokens: ``POST {TIKTOK_API_BASE_URL}/v2/oauth/token/`` (form encoded) with
  ``grant_type=authorization_code`` or ``refresh_token``; the answer carries ``access_token``,
  ``expires_in``, ``refresh_token``, ``refresh_expires_in``, ``open_id``, ``scope``. Refresh tokens
  may be rotated: the newest one is always kept. OAuth errors: ``error``,
  ``error_description``, ``log_id``. ``POST /v2/oauth/revoke/`` revokes a token.
- Display API: ``GET /v2/user/info/?fields=…`` and ``POST /v2/video/list/?fields=…`` (JSON body
  ``cursor``, ``max_count`` ≤ 20; answer ``videos``, ``cursor``, ``has_more``), both answering
  ``{"data": …, "error": {"code": "ok", "message": "", "log_id": "…"}}``. Default limit: 600
  requests per minute per endpoint (one-minute sliding window), 429 ``rate_limit_exceeded``
  beyond.

Only the standard library speaks HTTP here; the base addresses are settings so the tests point
them at a fake server on loopback.
"""

from __future__ import annotations

import collections
import datetime
import json
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from typing import Any

from django.conf import settings

SCOPES = ("user.info.basic", "user.info.stats", "video.list")
USER_FIELDS = ("open_id", "display_name", "follower_count", "following_count", "likes_count",
               "video_count")  # fmt: skip
VIDEO_FIELDS = ("id", "create_time", "duration", "title", "view_count", "like_count",
                "comment_count", "share_count")  # fmt: skip
MAX_COUNT = 20  # the documented maximum page size of /v2/video/list/
TIMEOUT = 20  # seconds per request

# Error codes after which retrying cannot help: the creator must connect again.
RECONNECT_CODES = frozenset(
    {"access_token_invalid", "scope_not_authorized", "scope_permission_missed", "invalid_grant"}
)
RETRY_CODES = frozenset({"rate_limit_exceeded", "internal_error", "server_error", "network_error"})


def is_configured() -> bool:
    """The feature exists only with an app's client key, secret and redirect URI."""
    return bool(
        settings.TIKTOK_CLIENT_KEY
        and settings.TIKTOK_CLIENT_SECRET
        and settings.TIKTOK_REDIRECT_URI
    )


class TikTokError(Exception):
    """An answer of TikTok other than success, with its documented code."""

    def __init__(self, code: str, message: str = "", *, status: int = 0, log_id: str = ""):
        super().__init__(f"{code}: {message}" if message else code)
        self.code = code
        self.message = message
        self.status = status
        self.log_id = log_id

    @property
    def needs_reconnect(self) -> bool:
        return self.code in RECONNECT_CODES

    @property
    def retryable(self) -> bool:
        return self.code in RETRY_CODES or self.status == 429 or self.status >= 500


@dataclass(frozen=True)
class Tokens:
    access_token: str
    refresh_token: str
    access_expires_at: datetime.datetime
    refresh_expires_at: datetime.datetime
    open_id: str
    scope: str


@dataclass(frozen=True)
class UserStats:
    open_id: str
    display_name: str
    follower_count: int | None
    following_count: int | None
    likes_count: int | None
    video_count: int | None


@dataclass(frozen=True)
class Video:
    id: str
    create_time: int
    duration: int | None
    title: str
    view_count: int | None
    like_count: int | None
    comment_count: int | None
    share_count: int | None


class SlidingWindowLimiter:
    """At most ``limit`` calls per endpoint in any ``window`` seconds, in this process: the
    client waits rather than earn a 429. (TikTok counts per app; a 429 that still comes, from
    other processes, is retried later by the task.)"""

    def __init__(self, limit: int, window: float = 60.0, clock=time.monotonic, sleep=time.sleep):
        self.limit = limit
        self.window = window
        self.clock = clock
        self.sleep = sleep
        self._calls: dict[str, collections.deque] = collections.defaultdict(collections.deque)
        self._lock = threading.Lock()

    def wait(self, endpoint: str) -> float:
        """Block until a call to ``endpoint`` is allowed; return the seconds waited."""
        waited = 0.0
        while True:
            with self._lock:
                now = self.clock()
                calls = self._calls[endpoint]
                while calls and calls[0] <= now - self.window:
                    calls.popleft()
                if len(calls) < self.limit:
                    calls.append(now)
                    return waited
                delay = calls[0] + self.window - now
            self.sleep(delay)
            waited += delay


_limiters: dict[int, SlidingWindowLimiter] = {}


def limiter() -> SlidingWindowLimiter:
    limit = settings.TIKTOK_RATE_LIMIT_PER_MINUTE
    if limit not in _limiters:
        _limiters[limit] = SlidingWindowLimiter(limit)
    return _limiters[limit]


def _now() -> datetime.datetime:
    return datetime.datetime.now(tz=datetime.UTC)


def authorize_url(state: str) -> str:
    query = urllib.parse.urlencode(
        {
            "client_key": settings.TIKTOK_CLIENT_KEY,
            "response_type": "code",
            "scope": ",".join(SCOPES),
            "redirect_uri": settings.TIKTOK_REDIRECT_URI,
            "state": state,
        }
    )
    return f"{settings.TIKTOK_AUTH_BASE_URL.rstrip('/')}/v2/auth/authorize/?{query}"


def _api_url(path: str, fields: tuple[str, ...] | None = None) -> str:
    url = f"{settings.TIKTOK_API_BASE_URL.rstrip('/')}{path}"
    if fields:
        url += "?" + urllib.parse.urlencode({"fields": ",".join(fields)})
    return url


def _send(request: urllib.request.Request) -> tuple[int, Any]:
    """(HTTP status, decoded JSON or None); network failures become a retryable error."""
    try:
        with urllib.request.urlopen(request, timeout=TIMEOUT) as response:  # noqa: S310
            status, body = response.status, response.read()
    except urllib.error.HTTPError as error:
        status, body = error.code, error.read()
    except (urllib.error.URLError, TimeoutError, ConnectionError) as error:
        raise TikTokError("network_error", str(error)) from error
    try:
        return status, json.loads(body or b"null")
    except ValueError:
        return status, None


def _oauth_post(path: str, data: dict[str, str]) -> dict:
    request = urllib.request.Request(  # noqa: S310 (the base address is a setting, https in production)
        _api_url(path),
        data=urllib.parse.urlencode(data).encode(),
        headers={
            "Content-Type": "application/x-www-form-urlencoded",
            "Cache-Control": "no-cache",
        },
        method="POST",
    )
    status, body = _send(request)
    if isinstance(body, dict) and body.get("error") and not isinstance(body["error"], dict):
        raise TikTokError(
            str(body["error"]),
            str(body.get("error_description", "")),
            status=status,
            log_id=str(body.get("log_id", "")),
        )
    if status >= 400 or not isinstance(body, dict):
        code = "rate_limit_exceeded" if status == 429 else "server_error"
        raise TikTokError(code, f"HTTP {status}", status=status)
    return body


def _tokens(body: dict) -> Tokens:
    now = _now()
    try:
        return Tokens(
            access_token=str(body["access_token"]),
            refresh_token=str(body["refresh_token"]),
            access_expires_at=now + datetime.timedelta(seconds=int(body["expires_in"])),
            refresh_expires_at=now + datetime.timedelta(seconds=int(body["refresh_expires_in"])),
            open_id=str(body.get("open_id", "")),
            scope=str(body.get("scope", "")),
        )
    except (KeyError, TypeError, ValueError) as error:
        raise TikTokError("server_error", f"unexpected token answer: {error}") from error


def exchange_code(code: str) -> Tokens:
    return _tokens(
        _oauth_post(
            "/v2/oauth/token/",
            {
                "client_key": settings.TIKTOK_CLIENT_KEY,
                "client_secret": settings.TIKTOK_CLIENT_SECRET,
                "code": code,
                "grant_type": "authorization_code",
                "redirect_uri": settings.TIKTOK_REDIRECT_URI,
            },
        )
    )


def refresh(refresh_token: str) -> Tokens:
    return _tokens(
        _oauth_post(
            "/v2/oauth/token/",
            {
                "client_key": settings.TIKTOK_CLIENT_KEY,
                "client_secret": settings.TIKTOK_CLIENT_SECRET,
                "grant_type": "refresh_token",
                "refresh_token": refresh_token,
            },
        )
    )


def revoke(access_token: str) -> None:
    _oauth_post(
        "/v2/oauth/revoke/",
        {
            "client_key": settings.TIKTOK_CLIENT_KEY,
            "client_secret": settings.TIKTOK_CLIENT_SECRET,
            "token": access_token,
        },
    )


def _api(method: str, path: str, access_token: str, fields: tuple[str, ...], body=None) -> dict:
    limiter().wait(path)
    request = urllib.request.Request(  # noqa: S310
        _api_url(path, fields),
        data=json.dumps(body).encode() if body is not None else None,
        headers={
            "Authorization": f"Bearer {access_token}",
            **({"Content-Type": "application/json"} if body is not None else {}),
        },
        method=method,
    )
    status, answer = _send(request)
    error = answer.get("error") if isinstance(answer, dict) else None
    if isinstance(error, dict) and error.get("code", "ok") != "ok":
        raise TikTokError(
            str(error.get("code")),
            str(error.get("message", "")),
            status=status,
            log_id=str(error.get("log_id", "")),
        )
    if status >= 400 or not isinstance(answer, dict) or not isinstance(answer.get("data"), dict):
        code = "rate_limit_exceeded" if status == 429 else "server_error"
        raise TikTokError(code, f"HTTP {status}", status=status)
    return answer["data"]


def _count(value) -> int | None:
    return int(value) if isinstance(value, int | float) and value >= 0 else None


def user_stats(access_token: str) -> UserStats:
    user = _api("GET", "/v2/user/info/", access_token, USER_FIELDS).get("user") or {}
    return UserStats(
        open_id=str(user.get("open_id", "")),
        display_name=str(user.get("display_name", "")),
        follower_count=_count(user.get("follower_count")),
        following_count=_count(user.get("following_count")),
        likes_count=_count(user.get("likes_count")),
        video_count=_count(user.get("video_count")),
    )


def _video(raw: dict) -> Video:
    return Video(
        id=str(raw["id"]),
        create_time=int(raw.get("create_time") or 0),
        duration=_count(raw.get("duration")),
        title=str(raw.get("title") or "")[:150],
        view_count=_count(raw.get("view_count")),
        like_count=_count(raw.get("like_count")),
        comment_count=_count(raw.get("comment_count")),
        share_count=_count(raw.get("share_count")),
    )


def all_videos(access_token: str, *, max_pages: int = 1000) -> list[Video]:
    """Every public video, page after page until ``has_more`` is false."""
    videos: list[Video] = []
    cursor = None
    for _page in range(max_pages):
        body: dict[str, int] = {"max_count": MAX_COUNT}
        if cursor is not None:
            body["cursor"] = cursor
        data = _api("POST", "/v2/video/list/", access_token, VIDEO_FIELDS, body)
        videos += [_video(raw) for raw in data.get("videos") or [] if raw.get("id")]
        if not data.get("has_more"):
            break
        next_cursor = data.get("cursor")
        if not isinstance(next_cursor, int) or next_cursor == cursor:
            break  # a cursor that does not move would loop for ever
        cursor = next_cursor
    return videos
