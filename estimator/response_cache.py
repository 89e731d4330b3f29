"""Answers of the estimator, kept while the active rate card stays the same.

The estimator's form, its breakdown (the HTMX fragment) and ``/api/estimate`` depend on nothing
but the active rate card, the URL (scheme, path and query), the language and the host the share
link is shown with: no session, no user, no CSRF token, no CSP nonce. So what they render can be
reused for the same question, which costs a tenth of computing it again. The API is kept whole by
``per_rate_card``; the form and the breakdown are kept by the ``{% cache %}`` tags of
templates/estimator/home.html under ``cache_key``. The key starts with the active
card's stamp, asked on every request: activating another card in the admin changes every key at
once, and the old answers are never read again (they age out of the cache). The page around the
form and the breakdown is never kept: it carries a per-request nonce and a CSRF token.

The cache is Django's ``estimates`` cache (settings.CACHES): in-process memory by default,
bounded in entries; point it at a shared backend to share answers between workers.
"""

from __future__ import annotations

import functools
import hashlib
from collections.abc import Callable

from django.core.cache import caches
from django.http import HttpRequest, HttpResponse
from django.utils.translation import get_language

from estimator.snapshot import active_card_stamp

CACHE_ALIAS = "estimates"

View = Callable[..., HttpResponse]


def cache_key(request: HttpRequest, stamp: tuple, variant: str) -> str:
    parts = (
        variant,
        repr(stamp),
        get_language() or "",
        request.scheme or "",
        request.get_host(),
        request.get_full_path(),
    )
    digest = hashlib.blake2b("\x1f".join(parts).encode(), digest_size=20).hexdigest()
    return f"answer:{digest}"


def per_rate_card(part: str) -> Callable[[View], View]:
    """Reuse the view's successful (200) answers for the same rate card, URL and language.

    The view receives the active card's stamp as ``stamp`` so it does not ask for it twice.
    """

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            stamp = active_card_stamp()
            if stamp is None:
                return view(request, *args, stamp=stamp, **kwargs)
            cache = caches[CACHE_ALIAS]
            key = cache_key(request, stamp, part)
            stored = cache.get(key)
            if stored is not None:
                content, content_type = stored
                return HttpResponse(content, content_type=content_type)
            response = view(request, *args, stamp=stamp, **kwargs)
            if response.status_code == 200 and not response.streaming:
                cache.set(key, (response.content, response["Content-Type"]))
            return response

        return wrapper

    return decorator
