"""Two gunicorn servers and one task worker on loopback, sharing one PostgreSQL and one Redis.

Run by ``.ci/steps/16-scale-out.sh`` (``pytest --scale-out tests/scale_out``); the normal runs
leave it out. PostgreSQL and Redis are required: unreachable is a failure, never a skip.

- ``SCALE_OUT_DATABASE_URL`` (default ``DATABASE_URL``, else the local ``postgres`` database):
  the server where a scratch database ``<name>_scale_out`` is created, then dropped;
- ``SCALE_OUT_REDIS_URL`` (default ``REDIS_URL``, else ``redis://127.0.0.1:6379/0``): emptied
  first.
"""

from __future__ import annotations

import os
import secrets
import signal
import statistics
import time
import urllib.parse

import psycopg
import pytest
import redis

from tests.support.servers import PYTHON, Client, free_port, manage, start, stop, wait_until_serving

pytestmark = pytest.mark.scale_out

CREATORS, MONTHS = 2_000, 24
ADMIN, ADMIN_PASSWORD = "admin@example.com", "scale-out-admin-2026"


def _urls() -> tuple[str, str]:
    base = (
        os.environ.get("SCALE_OUT_DATABASE_URL")
        or os.environ.get("DATABASE_URL")
        or "postgres://postgres@127.0.0.1:5432/postgres"
    )
    redis_url = (
        os.environ.get("SCALE_OUT_REDIS_URL")
        or os.environ.get("REDIS_URL")
        or "redis://127.0.0.1:6379/0"
    )
    return base, redis_url


@pytest.fixture(scope="module")
def services():
    base, redis_url = _urls()
    if not base.startswith(("postgres://", "postgresql://")):
        pytest.fail(f"the scale-out test needs PostgreSQL, not {base!r}")
    try:
        with redis.Redis.from_url(redis_url, socket_connect_timeout=2) as client:
            client.ping()
    except redis.RedisError as error:
        pytest.fail(f"Redis is unreachable at {redis_url}: {error}")
    try:
        admin = psycopg.connect(base, autocommit=True, connect_timeout=5)
    except psycopg.OperationalError as error:
        pytest.fail(f"PostgreSQL is unreachable at {base}: {error}")
    parsed = urllib.parse.urlsplit(base)
    name = f"{parsed.path.lstrip('/') or 'postgres'}_scale_out"
    admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{name}"')
    url = urllib.parse.urlunsplit(parsed._replace(path=f"/{name}"))
    redis.Redis.from_url(redis_url).flushdb()
    try:
        yield url, redis_url
    finally:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.close()


@pytest.fixture(scope="module")
def cluster(services, tmp_path_factory):
    database_url, redis_url = services
    tmp = tmp_path_factory.mktemp("scale_out")
    env = {
        **os.environ,
        "DJANGO_DEBUG": "false",
        "DJANGO_SECRET_KEY": secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "DJANGO_LOG_LEVEL": "WARNING",
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "DJANGO_SUPERUSER_PASSWORD": ADMIN_PASSWORD,
    }
    manage(env, "migrate", "--no-input", "-v0")
    manage(env, "collectstatic", "--no-input", "-v0")
    manage(
        env,
        "seed_bench",
        "--creators",
        str(CREATORS),
        "--months",
        str(MONTHS),
        "--long-months",
        "0",
    )
    manage(env, "createsuperuser", "--no-input", "--username", ADMIN, "--email", ADMIN)
    servers = []
    for name in ("a", "b"):
        port = free_port()
        log = tmp / f"gunicorn-{name}.log"
        process = start(
            env,
            [PYTHON, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{port}",
             "--workers", "2", "--access-logfile", "-"],
            log,
        )  # fmt: skip
        servers.append((port, process, log))
    workers = []

    def start_worker() -> None:
        log = tmp / f"worker-{len(workers)}.log"
        workers.append((start(env, [PYTHON, "manage.py", "run_worker"], log), log))

    start_worker()
    try:
        for port, process, log in servers:
            wait_until_serving(port, process, log)
        yield {
            "a": servers[0][0],
            "b": servers[1][0],
            "database_url": database_url,
            "redis_url": redis_url,
            "workers": workers,
            "start_worker": start_worker,
        }
    finally:
        for process, _log in workers:
            stop(process)
        for _port, process, _log in servers:
            stop(process)


def sql(cluster, query: str, *params):
    with psycopg.connect(cluster["database_url"]) as connection:
        return connection.execute(query, params).fetchall()


def admin_client(port: int) -> Client:
    client = Client(port)
    token = client.csrf_token("/admin/login/")
    status, content, _headers = client.post(
        "/admin/login/?next=/admin/",
        {"csrfmiddlewaretoken": token, "username": ADMIN, "password": ADMIN_PASSWORD},
    )
    assert status == 302, content[:2000]
    return client


def admin_action(client: Client, action: str, card_id: int, port: int) -> str:
    token = client.csrf_token("/admin/estimator/ratecard/", port=port)
    status, content, headers = client.post(
        "/admin/estimator/ratecard/",
        {
            "csrfmiddlewaretoken": token,
            "action": action,
            "_selected_action": str(card_id),
            "index": "0",
            "select_across": "0",
        },
        port=port,
    )
    assert status == 302, content[:2000]
    _status, page, _headers = client.get(headers["Location"], port=port)
    return page


def api_card(port: int, query: str) -> dict:
    import json

    status, content, _headers = Client(port).get(f"/api/estimate?{query}")
    assert status == 200, content
    return json.loads(content)["rate_card"]


def test_an_answer_kept_by_one_server_is_served_by_the_other(cluster):
    store = redis.Redis.from_url(cluster["redis_url"])
    query = f"followers=12345&views_30d={secrets.randbelow(10**9)}"
    before = set(store.keys("estimates:*"))
    assert Client(cluster["a"]).get(f"/api/estimate?{query}")[0] == 200
    new_keys = set(store.keys("estimates:*")) - before
    assert len(new_keys) == 1, "server A kept its answer in Redis"
    (key,) = new_keys
    time.sleep(2.2)
    ttl_before = store.ttl(key)
    status, from_b, _headers = Client(cluster["b"]).get(f"/api/estimate?{query}")
    assert status == 200
    # Server B answered without writing: a miss would have stored the answer again (fresh TTL).
    assert store.ttl(key) <= ttl_before
    assert set(store.keys("estimates:*")) - before == new_keys
    assert Client(cluster["a"]).get(f"/api/estimate?{query}")[1] == from_b


def test_a_login_throttle_counts_failures_made_on_both_servers(cluster):
    email = f"victim-{secrets.token_hex(4)}@example.com"
    client = Client(cluster["a"])
    statuses = []
    for attempt in range(5):
        port = cluster["a"] if attempt % 2 == 0 else cluster["b"]
        token = client.csrf_token("/en/account/login/", port=port)
        statuses.append(
            client.post(
                "/en/account/login/",
                {"csrfmiddlewaretoken": token, "username": email, "password": "wrong"},
                port=port,
            )[0]
        )
    # Three failures on A, two on B: neither alone reaches five, together they lock.
    assert statuses == [200, 200, 200, 200, 429]


def test_activation_and_recalculation_across_servers_and_a_killed_worker(cluster):
    a, b = cluster["a"], cluster["b"]
    query = "followers=50000&views_30d=2000000"
    (old_card,) = sql(cluster, "SELECT id FROM estimator_ratecard WHERE is_active")[0]
    assert api_card(a, query)["id"] == old_card == api_card(b, query)["id"]

    admin = admin_client(a)
    admin_action(admin, "clone_card", old_card, a)
    (new_card,) = sql(cluster, "SELECT max(id) FROM estimator_ratecard")[0]
    admin_action(admin, "activate_card", new_card, a)
    # Activated through A, used by both on their very next request.
    assert api_card(a, query)["id"] == new_card
    assert api_card(b, query)["id"] == new_card

    page = admin_action(admin, "recalculate_profiles", new_card, b)
    assert "/admin/creators/recalculation/" in page
    ((run_id,),) = sql(cluster, "SELECT max(id) FROM creators_recalculation")

    latencies: dict[int, list[float]] = {a: [], b: []}

    def probe() -> None:
        for port in (a, b):
            started = time.perf_counter()
            status, _body, _headers = Client(port).get("/healthz")
            latencies[port].append((time.perf_counter() - started) * 1000)
            assert status == 200

    def progress() -> tuple[int, int, bool]:
        ((done, total, finished),) = sql(
            cluster,
            "SELECT done_months, total_months, finished_at IS NOT NULL "
            "FROM creators_recalculation WHERE id = %s",
            run_id,
        )
        return done, total, finished

    deadline = time.monotonic() + 300
    while time.monotonic() < deadline:
        probe()
        done, total, finished = progress()
        if total and done >= total // 3:
            break
        time.sleep(0.05)
    assert not finished, "the worker finished before it could be killed: too little work"
    assert 0 < done < total == CREATORS * MONTHS

    first_worker, _log = cluster["workers"][0]
    os.killpg(first_worker.pid, signal.SIGKILL)
    first_worker.wait(timeout=15)
    killed_at = progress()[0]
    for _ in range(20):  # nothing moves while no worker runs
        probe()
        time.sleep(0.05)
    assert progress()[0] == killed_at

    cluster["start_worker"]()
    while time.monotonic() < deadline:
        probe()
        done, total, finished = progress()
        if finished:
            break
        time.sleep(0.05)
    assert finished, f"not finished in time: {done} / {total}"
    assert done == total
    ((failed,),) = sql(
        cluster, "SELECT failed_profiles FROM creators_recalculation WHERE id = %s", run_id
    )
    assert failed == 0
    ((stale,),) = sql(
        cluster, "SELECT count(*) FROM creators_monthlystat WHERE rate_card_id <> %s", new_card
    )
    assert stale == 0, "every month is on the new card"

    for port, values in latencies.items():
        p95 = statistics.quantiles(values, n=20)[-1]
        print(f"/healthz on {port}: {len(values)} requests, p95 {p95:.1f} ms")
        assert p95 < 50, (port, p95)
