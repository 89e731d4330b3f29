from __future__ import annotations

import logging

from django.core.cache import caches
from django.db import DatabaseError, connection, transaction
from django.http import HttpRequest, HttpResponse, HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

logger = logging.getLogger(__name__)


@require_safe
@never_cache
def healthz(request: HttpRequest) -> HttpResponse:
    """200 when the database answers and accepts writes; 503 otherwise (logged).

    The write is an UPDATE that matches no row, rolled back: it still needs the database's
    write lock (SQLite) or a read-write transaction (PostgreSQL), so a read-only file, a full
    disk's refusals or a read-only replica fail it, and nothing is ever changed.
    """
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except DatabaseError:
        logger.exception("Health check: the database is unreachable")
        return HttpResponse("database unreachable", status=503, content_type="text/plain")
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.execute("UPDATE django_migrations SET app = app WHERE id = -1")
            transaction.set_rollback(True)
    except DatabaseError:
        logger.exception("Health check: the database refuses writes")
        return HttpResponse("database refuses writes", status=503, content_type="text/plain")
    lines = ["ok", *_shared_cache_report()]
    return HttpResponse("\n".join(lines), content_type="text/plain")


def _shared_cache_report() -> list[str]:
    """With Redis (REDIS_URL), whether it answers: an outage still serves pages (200), uncached."""
    from config.cache import ResilientRedisCache

    # One ping per Redis server (the aliases usually share one), not one per alias.
    servers: dict[str, ResilientRedisCache] = {}
    for alias in caches:
        cache = caches[alias]
        if isinstance(cache, ResilientRedisCache):
            servers.setdefault(str(cache._servers), cache)
    if not servers:
        return []
    if all(cache.ping() for cache in servers.values()):
        return ["cache: ok"]
    logger.error("Health check: the Redis cache is unreachable")
    return ["cache: unreachable (pages are served without the shared cache)"]


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    return HttpResponsePermanentRedirect(static("favicon.svg"))
