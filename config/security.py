"""Small security pieces that Django does not ship: Permissions-Policy, login throttling key,
the client's address behind trusted proxies."""

from __future__ import annotations

import ipaddress
from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse


class PermissionsPolicyMiddleware:
    """Adds Permissions-Policy to every response: the app needs no powerful browser feature."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        return response


def login_username(request: HttpRequest, credentials: dict | None) -> str | None:
    """The email as the login form understands it: case and spaces do not escape the lockout."""
    username = (credentials or {}).get("username")
    if username is None:
        username = request.POST.get("username")
    return username.strip().lower() if isinstance(username, str) else username


UNKNOWN_ADDRESS = str(ipaddress.IPv4Address(0))


def client_ip(request: HttpRequest) -> str:
    """The client's address, for django-axes and every rate limit.

    Directly exposed (DJANGO_TRUSTED_PROXY_COUNT=0), REMOTE_ADDR. Behind N trusted proxies, each
    appending the address it saw to X-Forwarded-For (nginx's $proxy_add_x_forwarded_for), the
    N-th entry from the right: what the client wrote on the left of it is not trusted. A request
    that did not come through the proxies (too few entries, or a malformed one) keeps REMOTE_ADDR.
    """
    # No REMOTE_ADDR (gunicorn on a Unix socket): one shared placeholder, never an error.
    remote = request.META.get("REMOTE_ADDR") or UNKNOWN_ADDRESS
    count = settings.TRUSTED_PROXY_COUNT
    if count <= 0:
        return remote
    forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
    if len(forwarded) < count or not forwarded[-count]:
        return remote
    try:
        return str(ipaddress.ip_address(forwarded[-count]))
    except ValueError:
        return remote
