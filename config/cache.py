"""Django's Redis cache, where an unreachable Redis is a cache miss instead of a broken page.

Django's ``RedisCache`` raises whatever redis-py raises when the server is down. Here every
operation that fails on the connection is logged and answered as a miss would be: ``get`` gives
the default, ``add`` and ``set`` store nothing (``add`` says it stored, so a rate-limit counter
starts again at one: limits fail open rather than lock everyone out), ``incr`` finds no key.
After a failure, Redis is left alone for ``RETRY_AFTER`` seconds, so an outage costs each page
nothing more than a dictionary lookup; ``ping()`` (what ``/healthz`` asks) always tries.
"""

from __future__ import annotations

import functools
import logging
import time

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

OUTAGE = (RedisConnectionError, RedisTimeoutError, OSError)
RETRY_AFTER = 5.0


def _miss(answer):
    """Run the operation unless Redis is known to be down; on an outage, answer ``answer(...)``."""

    def decorator(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            if time.monotonic() < self._down_until:
                return answer(*args, **kwargs)
            try:
                return method(self, *args, **kwargs)
            except OUTAGE as error:
                self._outage(error)
                return answer(*args, **kwargs)

        return wrapper

    return decorator


def _default(key, default=None, *args, **kwargs):
    return default


def _raise_missing(key, *args, **kwargs):
    raise ValueError(f"Key {key!r} not found (the cache is unreachable).")


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._down_until = 0.0

    def _outage(self, error: Exception) -> None:
        self._down_until = time.monotonic() + RETRY_AFTER
        logger.warning(
            "Redis cache unreachable (%s): serving without it for %ss", error, RETRY_AFTER
        )

    def ping(self) -> bool:
        """Whether Redis answers now (and, if so, use it again at once)."""
        try:
            self._cache.get_client(write=True).ping()
        except OUTAGE as error:
            self._outage(error)
            return False
        self._down_until = 0.0
        return True

    get = _miss(_default)(RedisCache.get)
    add = _miss(lambda *args, **kwargs: True)(RedisCache.add)
    set = _miss(lambda *args, **kwargs: None)(RedisCache.set)
    touch = _miss(lambda *args, **kwargs: False)(RedisCache.touch)
    delete = _miss(lambda *args, **kwargs: False)(RedisCache.delete)
    get_many = _miss(lambda *args, **kwargs: {})(RedisCache.get_many)
    has_key = _miss(lambda *args, **kwargs: False)(RedisCache.has_key)
    incr = _miss(_raise_missing)(RedisCache.incr)
    set_many = _miss(lambda data, *args, **kwargs: list(data))(RedisCache.set_many)
    delete_many = _miss(lambda *args, **kwargs: None)(RedisCache.delete_many)
    clear = _miss(lambda *args, **kwargs: False)(RedisCache.clear)
