"""With REDIS_URL, every cache is Django's Redis cache, shared; an outage is a miss, not a 500.

The shared-cache tests use a real Redis (``REDIS_URL``, default ``redis://127.0.0.1:6379/6``):
missing, they fail under CI=true and are skipped otherwise. The outage tests point the caches at
a closed port.
"""

from __future__ import annotations

import json
import os
import socket
import uuid

import pytest
import redis
from django.core.cache import caches

from config.cache import ResilientRedisCache
from tests.test_settings import run_manage

REDIS_URL = os.environ.get("REDIS_URL") or "redis://127.0.0.1:6379/6"


def closed_port_url() -> str:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    return f"redis://127.0.0.1:{port}/0"  # nothing listens there any more


def redis_caches(url: str) -> dict:
    """The caches as settings.py makes them with REDIS_URL (the estimator's parts stay
    in-process, outside the caches: estimator/templatetags/kept.py)."""
    options = {"socket_connect_timeout": 0.25, "socket_timeout": 0.5}
    return {
        alias: {
            "BACKEND": "config.cache.ResilientRedisCache",
            "LOCATION": url,
            "KEY_PREFIX": f"{alias}-{uuid.uuid4().hex}",
            "OPTIONS": options,
        }
        for alias in ("default", "estimates", "limits")
    }


@pytest.fixture
def real_redis():
    try:
        redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1).ping()
    except redis.RedisError as error:
        if os.environ.get("CI") == "true":
            pytest.fail(f"Redis is unreachable at {REDIS_URL}: {error}")
        pytest.skip(f"Redis is unreachable at {REDIS_URL}")
    return REDIS_URL


def test_a_closed_port_is_a_miss_for_every_operation():
    cache = ResilientRedisCache(closed_port_url(), {"OPTIONS": {"socket_connect_timeout": 0.25}})
    assert cache.get("key", "default") == "default"
    cache.set("key", "value")
    assert cache.get("key") is None
    assert cache.add("counter", 1) is True  # a rate-limit counter starts again: limits fail open
    with pytest.raises(ValueError):
        cache.incr("counter")
    assert cache.get_many(["a", "b"]) == {}
    assert cache.has_key("key") is False
    assert cache.delete("key") is False
    cache.set_many({"a": 1})
    cache.delete_many(["a"])
    cache.clear()
    assert cache.get_or_set("computed", lambda: 42) == 42
    assert cache.ping() is False


@pytest.mark.django_db
def test_pages_work_and_healthz_reports_when_redis_is_down(client, settings):
    settings.CACHES = redis_caches(closed_port_url())
    for url in ["/", "/en/", "/api/estimate?followers=12000", "/plan/"]:
        assert client.get(url).status_code == 200, url
    response = client.get("/healthz")
    assert response.status_code == 200  # the pages still work: no reason to leave the pool
    assert response.content.startswith(b"ok\n")
    assert b"cache: unreachable" in response.content


@pytest.mark.django_db
def test_healthz_reports_a_reachable_redis(client, settings, real_redis):
    settings.CACHES = redis_caches(real_redis)
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.content == b"ok\ncache: ok"


def test_two_processes_share_what_one_keeps(real_redis):
    prefix = uuid.uuid4().hex
    one = ResilientRedisCache(real_redis, {"KEY_PREFIX": prefix})
    other = ResilientRedisCache(real_redis, {"KEY_PREFIX": prefix})
    one.set("answer", {"total": "12.00"})
    assert other.get("answer") == {"total": "12.00"}
    assert other.add("hits", 1) is True
    assert one.incr("hits") == 2
    assert other.incr("hits") == 3
    one.delete_many(["answer", "hits"])


@pytest.mark.django_db
def test_an_estimator_answer_kept_once_is_found_by_another_cache_client(
    client, settings, real_redis
):
    settings.CACHES = redis_caches(real_redis)
    url = f"/api/estimate?followers=4321&views_30d={uuid.uuid4().int % 10**9}"
    first = client.get(url)
    caches.close_all()
    del caches["estimates"]  # a new client, as another server would have
    store = redis.Redis.from_url(real_redis)
    prefix = settings.CACHES["estimates"]["KEY_PREFIX"]
    assert len(store.keys(f"{prefix}:*")) == 1
    assert client.get(url).content == first.content


SETTINGS_PROBE = (
    "import json; from django.conf import settings; "
    "print(json.dumps({alias: c['BACKEND'] for alias, c in settings.CACHES.items()} "
    "| {'tasks': settings.TASKS['default']['BACKEND']}))"
)


def probe_settings(env: dict[str, str]) -> dict[str, str]:
    result = run_manage(env, "shell", "-v0", "-c", SETTINGS_PROBE)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.slow  # a subprocess
def test_redis_url_makes_every_cache_redis_and_tasks_rq():
    found = probe_settings(
        {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 50, "REDIS_URL": REDIS_URL}
    )
    assert found == {
        "default": "config.cache.ResilientRedisCache",
        "estimates": "config.cache.ResilientRedisCache",
        "limits": "config.cache.ResilientRedisCache",
        "tasks": "django_tasks_rq.RQBackend",
    }


@pytest.mark.slow  # a subprocess
def test_without_redis_caches_are_per_process_and_tasks_in_the_database():
    found = probe_settings(
        {"DJANGO_DEBUG": "false", "DJANGO_SECRET_KEY": "x" * 50, "REDIS_URL": ""}
    )
    assert found == {
        "default": "django.core.cache.backends.locmem.LocMemCache",
        "estimates": "django.core.cache.backends.locmem.LocMemCache",
        "limits": "django.core.cache.backends.locmem.LocMemCache",
        "tasks": "django_tasks_db.DatabaseBackend",
    }


@pytest.mark.slow  # a subprocess
def test_limits_count_even_in_debug():
    found = probe_settings({"DJANGO_DEBUG": "true", "REDIS_URL": ""})
    assert found["limits"] == "django.core.cache.backends.locmem.LocMemCache"
    assert found["default"] == "django.core.cache.backends.dummy.DummyCache"


def test_a_malformed_redis_url_stops_with_one_line():
    result = run_manage({"DJANGO_DEBUG": "true", "REDIS_URL": "localhost:6379"}, "check")
    assert result.returncode != 0
    assert "REDIS_URL" in result.stderr.strip().splitlines()[-1]
