"""`make bench`: the app under load, side by side with its cheapest request, at two data sizes.

For each database (SQLite always; PostgreSQL too when DATABASE_URL points to one) and each size
(10 and 10 000 creators × 36 months): a fresh scratch database is migrated and seeded
(`seed_bench`), gunicorn serves the app on a free loopback port with DEBUG off, and a load
generator (wrk when installed, else bench/loadgen.py) keeps 8 connections busy on each
endpoint for a fixed time. Then, server stopped, a 365-day TikTok Studio export is imported
with `import_tiktok`, timed in-process. The table is printed and every figure written to
bench-results.json, with the machine and its performance targets.

Ratios to the baseline (/healthz): the machine's speed drifts, so the baseline is measured
before the first endpoint and again after every one (B, E1, B, E2, B, …, En, B), and each
endpoint's req/s, p50 and p95 are divided by the mean of the two baseline measures just before
and just after it. The baseline's row shows the median of its measures; the JSON keeps every
one ("runs") and, on each endpoint, the pair it was compared with ("baseline_bracket").

The developer's database is never touched: SQLite files live in a temp folder, and on
PostgreSQL a dedicated `bench_planner_*` database is created next to DATABASE_URL's and dropped
at the end. Exit status 0 even when a target is missed; non-zero only when the bench breaks.
"""

from __future__ import annotations

import argparse
import contextlib
import datetime
import gzip
import html.parser
import http.client
import json
import os
import platform
import resource
import secrets
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import traceback
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlencode, urljoin, urlsplit, urlunsplit

from bench import loadgen, report

ROOT = Path(__file__).resolve().parent.parent
HOST = "127.0.0.1"
SIZES = (10, 10_000)
MONTHS = 36
LONG_MONTHS = 60
# Two cores, sync workers: with 2, a core idles whenever a worker waits on its socket or the
# database; with 4, five busy processes (and wrk) share two cores and p95 grows. Measured on
# the 2-core machine, /api/estimate: 355 req/s with 2 workers, 487 with 3, 439 with 4.
DEFAULT_WORKERS = 3
# A creator of 24 with 25 000 followers, filling in what a real one would know.
QUERY = urlencode(
    {
        "country": "FR",
        "age": "24",
        "niche": "beauty",
        "account_type": "personal",
        "followers": "25000",
        "views_30d": "420000",
        "posts_30d": "18",
        "long_video_views": "160000",
        "qualified_views": "110000",
        "diamonds": "4000",
        "subscribers": "12",
        "subscription_price": "4.99",
        "sponsored_posts": "1",
        "engagement_rate": "6.5",
        "affiliate_sales": "15",
        "affiliate_order_value": "32",
        "affiliate_commission": "10",
        "ugc_videos": "2",
    }
)
# The "new question" variants add this parameter with a number never sent before (10 000 001
# views and up; the last value of a repeated parameter wins): each answer is computed.
NEW_QUERY_PARAMETER = "views_30d"
# One view more leaves every amount as it was (the views per video are rounded), so the kept
# parts of the breakdown serve it and only its links are drawn anew. A new number of LIVE
# diamonds changes that source, the total and the warning: measured too, for information.
NEW_TOTAL_PARAMETER = "diamonds"


def log(message: str) -> None:
    print(f"[{datetime.datetime.now():%H:%M:%S}] {message}", flush=True)


# --- HTTP -------------------------------------------------------------------------------------


def http_get(
    port: int, path: str, headers: dict[str, str] | None = None, *, method: str = "GET", body=None
) -> tuple[int, http.client.HTTPMessage, bytes]:
    connection = http.client.HTTPConnection(HOST, port, timeout=30)
    try:
        connection.request(method, path, body=body, headers=headers or {})
        response = connection.getresponse()
        return response.status, response.headers, response.read()
    finally:
        connection.close()


def _cookies(headers: http.client.HTTPMessage) -> dict[str, str]:
    cookies = {}
    for header in headers.get_all("Set-Cookie") or []:
        name, _, rest = header.partition("=")
        cookies[name.strip()] = rest.split(";", 1)[0]
    return cookies


class _FormToken(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.token = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag == "input" and values.get("name") == "csrfmiddlewaretoken":
            self.token = values.get("value") or ""


def log_in(port: int, username: str, password: str) -> str:
    """The session cookie of a real login through the login form (CSRF and django-axes on)."""
    status, headers, body = http_get(port, "/account/login/")
    if status != 200:
        raise RuntimeError(f"GET /account/login/ answered {status}")
    csrf_cookie = _cookies(headers)["csrftoken"]
    parser = _FormToken()
    parser.feed(body.decode())
    form = urlencode(
        {"username": username, "password": password, "csrfmiddlewaretoken": parser.token}
    )
    status, headers, _body = http_get(
        port,
        "/account/login/",
        {
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={csrf_cookie}",
        },
        method="POST",
        body=form,
    )
    session = _cookies(headers).get("sessionid")
    if status != 302 or not session:
        raise RuntimeError(f"logging in as {username} failed: status {status}, no session")
    return session


class _Assets(html.parser.HTMLParser):
    """The stylesheets and scripts a page links."""

    def __init__(self) -> None:
        super().__init__()
        self.paths: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        rel = (values.get("rel") or "").lower().split()
        if tag == "link" and "stylesheet" in rel and values.get("href"):
            self.paths.append(values["href"] or "")
        elif tag == "script" and values.get("src"):
            self.paths.append(values["src"] or "")


def page_weight(port: int, path: str = "/") -> dict[str, Any]:
    """Bytes on the wire for the page and every CSS/JS it links, asking for gzip or brotli."""
    accept = {"Accept-Encoding": "gzip, br"}
    status, headers, body = http_get(port, path, accept)
    if status != 200:
        raise RuntimeError(f"GET {path} answered {status}")
    encoding = headers.get("Content-Encoding", "")
    if encoding == "gzip":
        page = gzip.decompress(body)
    elif encoding:
        page = http_get(port, path)[2]  # no brotli decoder here: ask again, uncompressed
    else:
        page = body
    items = [{"path": path, "bytes": len(body), "encoding": encoding, "raw_bytes": len(page)}]
    parser = _Assets()
    parser.feed(page.decode())
    for link in dict.fromkeys(parser.paths):
        url = urlsplit(urljoin(f"http://{HOST}:{port}{path}", link))
        if url.hostname != HOST:
            items.append({"path": link, "bytes": None, "encoding": "external", "raw_bytes": None})
            continue
        asset_path = url.path + (f"?{url.query}" if url.query else "")
        status, headers, body = http_get(port, asset_path, accept)
        if status != 200:
            raise RuntimeError(f"GET {asset_path} answered {status}")
        raw = http_get(port, asset_path)[2]
        items.append(
            {
                "path": asset_path,
                "bytes": len(body),
                "encoding": headers.get("Content-Encoding", ""),
                "raw_bytes": len(raw),
                "cache_control": headers.get("Cache-Control", ""),
            }
        )
    return {
        "total_bytes": sum(item["bytes"] or 0 for item in items),
        "raw_bytes": sum(item["raw_bytes"] or 0 for item in items),
        "items": items,
    }


# --- Processes --------------------------------------------------------------------------------


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


def manage(env: dict[str, str], *arguments: str, timeout: float = 1200) -> str:
    completed = subprocess.run(  # noqa: S603 -- our interpreter and manage.py
        [sys.executable, "manage.py", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    if completed.returncode:
        raise RuntimeError(
            f"manage.py {' '.join(arguments)} failed:\n{completed.stdout}\n{completed.stderr}"
        )
    return completed.stdout


def inprocess(env: dict[str, str], *arguments: str) -> Any:
    completed = subprocess.run(  # noqa: S603 -- our interpreter and our module
        [sys.executable, "-m", "bench.inprocess", *arguments],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    if completed.returncode:
        raise RuntimeError(
            f"bench.inprocess {arguments[0]} failed:\n{completed.stdout}\n{completed.stderr}"
        )
    return json.loads(completed.stdout.strip().splitlines()[-1])


@contextlib.contextmanager
def gunicorn(env: dict[str, str], workers: int, log_file: Path) -> Iterator[tuple[int, int]]:
    """gunicorn on a free loopback port, answering /healthz; (port, pid); stopped on exit."""
    port = free_port()
    with log_file.open("ab") as output:
        server = subprocess.Popen(  # noqa: S603 -- our interpreter and gunicorn
            [
                sys.executable,
                "-m",
                "gunicorn",
                "config.wsgi:application",
                f"--bind={HOST}:{port}",
                f"--workers={workers}",
                "--worker-class=sync",
                "--timeout=60",
                "--log-level=warning",
            ],
            cwd=ROOT,
            env=env,
            stdout=output,
            stderr=output,
        )
    try:
        deadline = time.monotonic() + 60
        while True:
            if server.poll() is not None:
                raise RuntimeError(f"gunicorn exited with {server.returncode}; see {log_file}")
            with contextlib.suppress(OSError):
                if http_get(port, "/healthz")[0] == 200:
                    break
            if time.monotonic() > deadline:
                raise RuntimeError(f"gunicorn did not answer within 60 s; see {log_file}")
            time.sleep(0.2)
        yield port, server.pid
    finally:
        server.send_signal(signal.SIGTERM)
        try:
            server.wait(30)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()


CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
QUIET_CORES = 0.25


def _process_seconds(pid: int) -> tuple[int, float]:
    """(parent pid, user + system CPU seconds) of a live process, from /proc."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return int(fields[1]), (int(fields[11]) + int(fields[12])) / CLOCK_TICKS


def cpu_seconds(server_pid: int) -> dict[str, float]:
    """CPU seconds so far: the whole machine, gunicorn (master and workers), this bench."""
    busy = Path("/proc/stat").read_text().split("\n", 1)[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq = (int(value) for value in busy[:7])
    server = 0.0
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        with contextlib.suppress(OSError, ValueError, IndexError):
            parent, seconds = _process_seconds(int(entry.name))
            if int(entry.name) == server_pid or parent == server_pid:
                server += seconds
    own = resource.getrusage(resource.RUSAGE_SELF)
    children = resource.getrusage(resource.RUSAGE_CHILDREN)  # wrk, once it has exited
    return {
        "wall": time.monotonic(),
        "machine": (user + nice + system + irq + softirq) / CLOCK_TICKS,
        "server": server,
        "bench": own.ru_utime + own.ru_stime + children.ru_utime + children.ru_stime,
    }


# --- Databases --------------------------------------------------------------------------------


def is_postgres(url: str) -> bool:
    return urlsplit(url).scheme in {"postgres", "postgresql", "pgsql", "postgis"}


def _with_database(url: str, name: str) -> str:
    parts = urlsplit(url)
    return urlunsplit(parts._replace(path=f"/{name}"))


def _admin_connection(url: str):
    import psycopg

    try:
        return psycopg.connect(url, autocommit=True, connect_timeout=10)
    except psycopg.OperationalError:
        # DATABASE_URL may name a database that does not exist yet: the server's default one.
        return psycopg.connect(_with_database(url, "postgres"), autocommit=True, connect_timeout=10)


def create_pg_database(url: str, name: str) -> str:
    from psycopg import sql

    with _admin_connection(url) as connection:
        connection.execute(sql.SQL("DROP DATABASE IF EXISTS {}").format(sql.Identifier(name)))
        connection.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    return _with_database(url, name)


def drop_pg_database(url: str, name: str) -> None:
    from psycopg import sql

    with _admin_connection(url) as connection:
        connection.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


def postgres_version(url: str) -> str:
    with _admin_connection(url) as connection:
        row = connection.execute("SELECT current_setting('server_version')").fetchone()
    return row[0] if row else "unknown"


# --- One configuration ------------------------------------------------------------------------


def endpoints(profile_id: int, session: str) -> list[dict[str, Any]]:
    cookie = {"Cookie": f"sessionid={session}"}
    return [
        {"name": "healthz", "path": "/healthz", "headers": {}},
        {"name": "home", "path": f"/?{QUERY}", "headers": {}},
        {"name": "fragment", "path": f"/?{QUERY}", "headers": {"HX-Request": "true"}},
        {
            "name": "fragment_new",
            "path": f"/?{QUERY}",
            "headers": {"HX-Request": "true"},
            "vary": NEW_QUERY_PARAMETER,
        },
        {
            "name": "fragment_new_total",
            "path": f"/?{QUERY}",
            "headers": {"HX-Request": "true"},
            "vary": NEW_TOTAL_PARAMETER,
        },
        {"name": "api", "path": f"/api/estimate?{QUERY}", "headers": {}},
        {
            "name": "api_new",
            "path": f"/api/estimate?{QUERY}",
            "headers": {},
            "vary": NEW_QUERY_PARAMETER,
        },
        {"name": "dashboard", "path": "/dashboard/", "headers": cookie, "login": True},
        {"name": "profile", "path": f"/profiles/{profile_id}/", "headers": cookie, "login": True},
    ]


def measuring_order(names: Iterable[str], baseline: str = report.BASELINE) -> Iterator[str]:
    """The baseline before the first endpoint and after every one (B, E1, B, E2, …, En, B), so
    that each endpoint is compared with the machine's speed around it, not at the start."""
    yield baseline
    for name in names:
        if name != baseline:
            yield name
            yield baseline


def check_endpoint(port: int, endpoint: dict[str, Any]) -> None:
    """One request first: a 302 to the login page or a full page for the fragment would make
    a fast, meaningless measure."""
    status, _headers, body = http_get(port, endpoint["path"], endpoint["headers"])
    name = endpoint["name"]
    if status != 200:
        raise RuntimeError(f"{name}: GET {endpoint['path']} answered {status}")
    text = body.decode()
    if name.startswith("fragment") and "<html" in text:
        raise RuntimeError("fragment: the HTMX request got a full page")
    if name in {"home", "dashboard", "profile"} and "<html" not in text:
        raise RuntimeError(f"{name}: not a full page")
    if name in {"dashboard", "profile"} and "bench.sixty" not in text:
        raise RuntimeError(f"{name}: the bench creator's profile is not on the page")
    if name.startswith("api"):
        json.loads(text)


def measure(
    port: int, server_pid: int, endpoint: dict[str, Any], args: argparse.Namespace, use_wrk: bool
) -> dict[str, Any]:
    def load(duration: float) -> loadgen.LoadResult:
        if use_wrk:
            return loadgen.wrk_load(
                HOST,
                port,
                endpoint["path"],
                headers=endpoint["headers"],
                connections=args.connections,
                duration=duration,
                vary=endpoint.get("vary"),
            )
        return loadgen.python_load(
            HOST,
            port,
            endpoint["path"],
            headers=endpoint["headers"],
            connections=args.connections,
            duration=duration,
            vary=endpoint.get("vary"),
        )

    if args.warmup > 0:
        load(args.warmup)  # every worker has parsed its templates and the rate card
    best: dict[str, Any] | None = None
    for attempt in range(1 + max(args.retries, 0)):
        waited = wait_for_quiet(server_pid, args.quiet_wait) if args.quiet_wait > 0 else 0.0
        before = cpu_seconds(server_pid)
        result = load(args.duration).as_dict()
        after = cpu_seconds(server_pid)
        spent = {key: after[key] - before[key] for key in before}
        # CPU used meanwhile by the rest of the machine, in cores: 0 on a quiet machine.
        others = spent["machine"] - spent["server"] - spent["bench"]
        result["other_cpu_cores"] = round(max(others, 0) / spent["wall"], 2)
        result["server_cpu_cores"] = round(spent["server"] / spent["wall"], 2)
        result["waited_for_quiet_s"] = waited
        result["attempts"] = attempt + 1
        if best is None or result["other_cpu_cores"] < best["other_cpu_cores"]:
            best = result
        if best["other_cpu_cores"] < QUIET_CORES:
            break
        if attempt < args.retries:
            log(f"  disturbed: other processes used {result['other_cpu_cores']} cores; again")
    assert best is not None
    return best


def _other_cores(server_pid: int, seconds: float) -> float:
    before = cpu_seconds(server_pid)
    time.sleep(seconds)
    after = cpu_seconds(server_pid)
    spent = {key: after[key] - before[key] for key in before}
    return (spent["machine"] - spent["server"] - spent["bench"]) / spent["wall"]


def wait_for_quiet(server_pid: int, max_wait: float) -> float:
    """On a shared machine, wait (at most ``max_wait`` s) until the other processes use less
    than a quarter of a core before measuring; the seconds waited."""
    started = time.monotonic()
    while _other_cores(server_pid, 1.0) >= QUIET_CORES:
        if time.monotonic() - started >= max_wait:
            break
    return round(time.monotonic() - started, 1)


def bench_env(database_url: str, static_root: Path) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_", "DATABASE_URL"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="config.settings",
        DJANGO_STATIC_ROOT=str(static_root),
        DATABASE_URL=database_url,
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY=secrets.token_urlsafe(50),
        DJANGO_ALLOWED_HOSTS=HOST,
        DJANGO_SECURE_SSL_REDIRECT="false",
        DJANGO_LOG_LEVEL="WARNING",
        DJANGO_RATE_LIMITS="false",  # the load comes from one address, far past the API's limit
        PYTHONDONTWRITEBYTECODE="1",
    )
    return env


def run_configuration(
    engine: str,
    creators: int,
    database_url: str,
    workdir: Path,
    static_root: Path,
    args: argparse.Namespace,
    use_wrk: bool,
) -> dict[str, Any]:
    label = f"{report.ENGINE_LABELS[engine]}, {creators:,} creators × {args.months} months"
    env = bench_env(database_url, static_root)
    log(f"{label}: migrate")
    manage(env, "migrate", "--no-input", "-v0")
    if not static_root.joinpath("staticfiles.json").exists():
        log("collectstatic into a temp STATIC_ROOT")
        manage(env, "collectstatic", "--no-input", "-v0")
    password = secrets.token_urlsafe(16)
    log(f"{label}: seed_bench")
    started = time.perf_counter()
    seeded = manage(
        env,
        "seed_bench",
        f"--creators={creators}",
        f"--months={args.months}",
        f"--long-months={LONG_MONTHS}",
        f"--password={password}",
    )
    seed_seconds = time.perf_counter() - started
    log(f"{label}: {seeded.strip()}")
    data = inprocess(env, "info")
    run: dict[str, Any] = {
        "engine": engine,
        "creators": creators,
        "months": args.months,
        "data": data,
        "seed_seconds": round(seed_seconds, 1),
        "load_average_before": os.getloadavg(),
        "cores": os.cpu_count(),
    }
    if engine == "sqlite":
        run["database_bytes"] = Path(urlsplit(database_url).path).stat().st_size
    with gunicorn(env, args.workers, workdir / "gunicorn.log") as (port, server_pid):
        session = log_in(port, data["username"], password)
        pages = endpoints(data["long_profile_id"], session)
        for endpoint in pages:
            check_endpoint(port, endpoint)
        run["page_weight"] = page_weight(port)
        by_name = {endpoint["name"]: endpoint for endpoint in pages}
        order = list(measuring_order(by_name))
        measures = []
        for step, name in enumerate(order, 1):
            log(f"{label}: {name} for {args.duration:g} s ({step}/{len(order)})")
            result = measure(port, server_pid, by_name[name], args, use_wrk)
            result["path"] = by_name[name]["path"]
            measures.append((name, result))
    run["load_average_after"] = os.getloadavg()
    run["endpoints"] = report.bracket_baseline(measures)
    report.add_ratios(run["endpoints"])
    pages_file = workdir / "pages.json"
    pages_file.write_text(json.dumps(pages))
    for name, counted in inprocess(env, "queries", str(pages_file)).items():
        run["endpoints"][name]["queries"] = counted["queries"]
    log(f"{label}: import of a 365-day export")
    run["import"] = inprocess(env, "import", str(args.import_runs))
    if args.recalculation and creators == max(int(size) for size in args.sizes.split(",")):
        log(f"{label}: recalculation of every stored month on one worker")
        run["recalculation"] = measure_recalculation(env, workdir)
    return run


def measure_recalculation(env: dict[str, str], workdir: Path) -> dict[str, Any]:
    """Months recalculated per second by one task worker (``run_worker --burst``, not niced):
    from the moment the work is split into batches to the last batch done."""
    started = inprocess(env, "recalculate")
    clock = time.perf_counter()
    log_file = workdir / "worker.log"
    with log_file.open("ab") as out:
        worker = subprocess.run(
            [sys.executable, "manage.py", "run_worker", "--burst", "--nice", "0", "-v0"],
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            timeout=3 * 3600,
            check=False,
        )
    wall = time.perf_counter() - clock
    result = inprocess(env, "recalculated", str(started["recalculation_id"]))
    result["worker_wall_s"] = round(wall, 1)
    result["worker_exit"] = worker.returncode
    result["backend"] = "RQ" if env.get("REDIS_URL") else "database"
    return result


# --- Machine ----------------------------------------------------------------------------------


def _first_line(path: str, prefix: str) -> str:
    with contextlib.suppress(OSError):
        for line in Path(path).read_text().splitlines():
            if line.startswith(prefix):
                return line.split(":", 1)[-1].split("=", 1)[-1].strip().strip('"')
    return "unknown"


def machine(pg_url: str | None, use_wrk: bool) -> dict[str, Any]:
    import django

    memory = _first_line("/proc/meminfo", "MemTotal")
    info: dict[str, Any] = {
        "cpu": _first_line("/proc/cpuinfo", "model name"),
        "cores": os.cpu_count(),
        "memory": memory,
        "os": _first_line("/etc/os-release", "PRETTY_NAME"),
        "kernel": platform.release(),
        "python": platform.python_version(),
        "django": django.get_version(),
        "sqlite": sqlite3.sqlite_version,
        "postgresql": None,
        "load_generator": "wrk" if use_wrk else "python (bench/loadgen.py)",
    }
    if use_wrk:
        completed = subprocess.run(
            ["wrk", "--version"],  # noqa: S607 -- found on PATH by wrk_available()
            capture_output=True,
            text=True,
            check=False,
        )
        info["wrk"] = (completed.stdout or completed.stderr).split("[")[0].strip()
    if pg_url:
        info["postgresql"] = postgres_version(pg_url)
    return info


# --- Main -------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    paragraphs = __doc__.split("\n\n")
    parser = argparse.ArgumentParser(
        description=paragraphs[0],
        epilog=next(text for text in paragraphs if text.startswith("Ratios")),
    )
    parser.add_argument(
        "--duration",
        type=float,
        default=10.0,
        help="seconds per measure (the baseline: before the first endpoint and after each)",
    )
    parser.add_argument("--warmup", type=float, default=2.0, help="seconds before each measure")
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=DEFAULT_WORKERS, help="gunicorn's")
    parser.add_argument("--months", type=int, default=MONTHS)
    parser.add_argument(
        "--sizes",
        default=",".join(str(size) for size in SIZES),
        help="creators per run, comma-separated (default: 10,10000)",
    )
    parser.add_argument(
        "--engines",
        default="sqlite,postgresql",
        help="sqlite and/or postgresql (the latter only when DATABASE_URL is PostgreSQL)",
    )
    parser.add_argument("--loadgen", choices=("auto", "wrk", "python"), default="auto")
    parser.add_argument("--import-runs", type=int, default=5)
    parser.add_argument(
        "--quiet-wait",
        type=float,
        default=10.0,
        help="before each measure, wait up to this many seconds for the rest of the machine "
        "to go quiet (default 10; 0: never wait)",
    )
    parser.add_argument(
        "--retries",
        type=int,
        default=1,
        help="measure again (keeping the quietest) when other processes used a quarter of a "
        "core or more meanwhile (default 1)",
    )
    parser.add_argument(
        "--nice",
        type=int,
        default=0,
        help="change the bench's priority (inherited by gunicorn and wrk); negative needs root",
    )
    parser.add_argument(
        "--no-recalculation",
        dest="recalculation",
        action="store_false",
        help="skip the recalculation rate (measured at the largest size, one worker)",
    )
    parser.add_argument("--output", type=Path, default=ROOT / "bench-results.json")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.nice:
        os.nice(args.nice)
    use_wrk = args.loadgen == "wrk" or (args.loadgen == "auto" and loadgen.wrk_available())
    if use_wrk and not loadgen.wrk_available():
        print("wrk is not installed", file=sys.stderr)
        return 2
    pg_url = os.environ.get("DATABASE_URL", "").strip()
    pg_url = pg_url if is_postgres(pg_url) else ""
    wanted = {engine.strip() for engine in args.engines.split(",")}
    engines = [engine for engine in ("sqlite", "postgresql") if engine in wanted]
    if not pg_url and "postgresql" in engines:
        engines.remove("postgresql")
    sizes = [int(size) for size in args.sizes.split(",")]
    started = time.perf_counter()
    results: dict[str, Any] = {
        "date": datetime.datetime.now().astimezone().isoformat(timespec="seconds"),
        "machine": machine(pg_url or None, use_wrk),
        "settings": {
            "connections": args.connections,
            "duration_s": args.duration,
            "warmup_s": args.warmup,
            "gunicorn_workers": args.workers,
            "gunicorn_worker_class": "sync",
            "nice": args.nice,
            "quiet_wait_s": args.quiet_wait,
            "retries": args.retries,
            "query": QUERY,
            "django_debug": False,
            "ratios": "to the mean of the baseline measured just before and just after each "
            "endpoint",
        },
        "runs": [],
    }
    log(
        f"bench: {', '.join(engines)} × {sizes} creators, {args.connections} connections, "
        f"{args.duration:g} s per endpoint, {args.workers} gunicorn workers, "
        f"{results['machine']['load_generator']}"
    )
    workdir = Path(tempfile.mkdtemp(prefix="planner-bench-"))
    static_root = workdir / "static"
    status = 0
    try:
        for engine in engines:
            for creators in sizes:
                if engine == "sqlite":
                    folder = workdir / f"sqlite-{creators}"
                    folder.mkdir()
                    run = run_configuration(
                        engine,
                        creators,
                        f"sqlite:///{folder / 'db.sqlite3'}",
                        workdir,
                        static_root,
                        args,
                        use_wrk,
                    )
                else:
                    name = f"bench_planner_{secrets.token_hex(4)}"
                    database_url = create_pg_database(pg_url, name)
                    try:
                        run = run_configuration(
                            engine, creators, database_url, workdir, static_root, args, use_wrk
                        )
                    finally:
                        drop_pg_database(pg_url, name)
                results["runs"].append(run)
                print()
                print(report.run_table(run), flush=True)
                print()
    except Exception:
        traceback.print_exc()
        log(f"the bench broke; gunicorn's log: {workdir / 'gunicorn.log'}")
        results["error"] = traceback.format_exc()
        status = 1
    finally:
        results["targets"] = report.evaluate(results["runs"])
        results["summary"] = report.summary(results["targets"])
        results["duration_s"] = round(time.perf_counter() - started, 1)
        args.output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n")
        if status == 0:
            shutil.rmtree(workdir, ignore_errors=True)
    print(report.targets_table(results["targets"]))
    log(f"wrote {args.output} in {results['duration_s']:.0f} s")
    return status


if __name__ == "__main__":
    sys.exit(main())
