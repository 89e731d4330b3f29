"""Rate limits (django-ratelimit), counted in the "limits" cache, per client address or email.

The client's address is ``config.security.client_ip``: behind DJANGO_TRUSTED_PROXY_COUNT
proxies, the address the proxies saw, not the proxy's own. A limited request answers 429 with
``Retry-After`` (seconds to the end of the counting window): a page, or JSON for the APIs.

Rules are (group, key): the group names its rate in ``settings.RATE_LIMITS``; the key is
"ip" (the client's address) or a function of the request (e.g. the email typed).
"""

from __future__ import annotations

import functools
import math
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django_ratelimit.core import get_usage

Rule = tuple[str, str | Callable[[str, HttpRequest], str]]


def posted_email(group: str, request: HttpRequest) -> str:
    """The email of a POSTed form, as the account is found: case and spaces do not escape."""
    return "email:" + str(request.POST.get("email", "")).strip().lower()


def _wait(request: HttpRequest, rules: tuple[Rule, ...], *, count: bool) -> int | None:
    """Seconds to wait when a rule is over its limit (each rule counted when ``count``)."""
    waits = []
    for group, key in rules:
        usage = get_usage(
            request, group=group, key=key, rate=settings.RATE_LIMITS[group], increment=count
        )
        # Counting, the request is refused past the limit; only looking (the failures of the
        # login), once the limit is reached: the next failure would be one too many.
        if usage and (usage["should_limit"] or (not count and usage["count"] >= usage["limit"])):
            waits.append(max(1, usage["time_left"]))
    return max(waits) if waits else None


# The JSON of a limited API request (``too_many_requests(..., json=True)``), published in
# /api/openapi.json (estimator/openapi.py).
TOO_MANY_REQUESTS_SCHEMA = {
    "type": "object",
    "properties": {
        "error": {"const": "too_many_requests"},
        "retry_after": {"type": "integer", "minimum": 1, "description": "Seconds to wait."},
        "message": {"type": "string"},
    },
    "required": ["error", "retry_after", "message"],
    "additionalProperties": False,
    "description": "Too many requests from this address; the Retry-After header says the same.",
}


def too_many_requests(request: HttpRequest, retry_after: int, *, json: bool = False):
    minutes = max(1, math.ceil(retry_after / 60))
    if json:
        response = JsonResponse(
            {
                "error": "too_many_requests",
                "retry_after": retry_after,
                "message": _("Too many requests from your address: try again in %(seconds)s s.")
                % {"seconds": retry_after},
            },
            status=429,
        )
    else:
        response = render(request, "errors/rate_limited.html", {"minutes": minutes}, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def rate_limited(*rules: Rule, methods: tuple[str, ...] = ("POST",), json: bool = False):
    """Count every request of ``methods`` against each rule; over any limit: 429."""

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if request.method in methods:
                retry_after = _wait(request, rules, count=True)
                if retry_after is not None:
                    return too_many_requests(request, retry_after, json=json)
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def failures_limited(*rules: Rule):
    """Count only the POSTs that fail (the form comes back, status 200); over a limit: 429.

    For the login: a cap per address across every email tried, beside django-axes' lock of
    an (email, address) pair.
    """

    def decorator(view):
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args, **kwargs):
            if request.method != "POST":
                return view(request, *args, **kwargs)
            retry_after = _wait(request, rules, count=False)
            if retry_after is not None:
                return too_many_requests(request, retry_after)
            response = view(request, *args, **kwargs)
            if response.status_code == 200:
                _wait(request, rules, count=True)
            return response

        return wrapped

    return decorator


def axes_lockout(request: HttpRequest, original_response=None, credentials=None) -> HttpResponse:
    """django-axes' lockout page, with the Retry-After every 429 of ours carries."""
    response = render(request, settings.AXES_LOCKOUT_TEMPLATE, status=429)
    response["Retry-After"] = str(int(settings.AXES_COOLOFF_TIME.total_seconds()))
    return response
