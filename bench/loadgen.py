"""Load generators: Debian's wrk when installed, else a small Python one; the same result.

The Python generator is a fallback, bounded in requests and in time, and only ever talks to a
loopback address. It keeps one HTTP/1.1 connection per worker thread (reopened when the server
closes it, as gunicorn's sync workers do after every response). Being Python, it shares the
CPU and the GIL with what it measures, so its figures are lower than wrk's: compare ratios, not
absolute numbers, across generators.
"""

from __future__ import annotations

import http.client
import ipaddress
import json
import math
import shutil
import subprocess
import threading
import time
from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

WRK_SCRIPT = Path(__file__).with_name("report.lua")
MAX_REQUESTS = 200_000  # per endpoint: far above what 10 s can reach here, a safety net only
MAX_DURATION = 120.0  # seconds, whatever the caller asks


def percentile(sorted_values: Sequence[float], percent: float) -> float | None:
    """Nearest-rank percentile of already sorted values: the smallest value with at least
    ``percent`` % of the values at or below it. None for no values."""
    if not 0 < percent <= 100:
        raise ValueError(f"percent must be in ]0, 100], not {percent}")
    if not sorted_values:
        return None
    rank = math.ceil(percent / 100 * len(sorted_values))
    return sorted_values[rank - 1]


@dataclass(frozen=True)
class LoadResult:
    """One endpoint under load. Latencies in milliseconds; None when nothing was measured."""

    tool: str
    requests: int
    duration_s: float
    rps: float
    p50_ms: float | None
    p95_ms: float | None
    p99_ms: float | None
    max_ms: float | None
    errors: int  # connection/read errors and timeouts
    unexpected_status: int  # answers other than 200
    bytes_read: int

    def as_dict(self) -> dict:
        return asdict(self)


def summarize(
    latencies_s: Sequence[float],
    elapsed_s: float,
    *,
    errors: int = 0,
    unexpected_status: int = 0,
    bytes_read: int = 0,
    tool: str = "python",
) -> LoadResult:
    """Requests per second over ``elapsed_s`` and latency percentiles of completed requests."""
    ordered = sorted(latencies_s)

    def ms(value: float | None) -> float | None:
        return None if value is None else round(value * 1000, 3)

    return LoadResult(
        tool=tool,
        requests=len(ordered),
        duration_s=round(elapsed_s, 3),
        rps=round(len(ordered) / elapsed_s, 1) if elapsed_s > 0 else 0.0,
        p50_ms=ms(percentile(ordered, 50)),
        p95_ms=ms(percentile(ordered, 95)),
        p99_ms=ms(percentile(ordered, 99)),
        max_ms=ms(ordered[-1] if ordered else None),
        errors=errors,
        unexpected_status=unexpected_status,
        bytes_read=bytes_read,
    )


def require_loopback(host: str) -> None:
    try:
        loopback = ipaddress.ip_address(host).is_loopback
    except ValueError:
        loopback = False
    if not loopback:
        raise ValueError(f"the load generator only talks to a loopback address, not {host!r}")


def python_load(
    host: str,
    port: int,
    path: str,
    *,
    headers: Mapping[str, str] | None = None,
    connections: int = 8,
    duration: float = 10.0,
    max_requests: int = MAX_REQUESTS,
    timeout: float = 10.0,
    vary: str | None = None,
) -> LoadResult:
    """``connections`` threads sending GET ``path`` back to back until ``duration`` seconds
    have passed or ``max_requests`` were sent, whichever comes first. With ``vary``, each
    request adds that query parameter with a number never sent before (no cache can answer)."""
    require_loopback(host)
    if connections < 1:
        raise ValueError("at least one connection")
    duration = min(duration, MAX_DURATION)
    headers = {"User-Agent": "planner-bench", **(headers or {})}
    lock = threading.Lock()
    latencies: list[float] = []
    counts = {"sent": 0, "errors": 0, "unexpected": 0, "bytes": 0}
    started = time.perf_counter()
    deadline = started + duration

    def take_ticket() -> int | None:
        with lock:
            if counts["sent"] >= max_requests:
                return None
            counts["sent"] += 1
            return counts["sent"]

    separator = "&" if "?" in path else "?"

    def worker() -> None:
        conn = http.client.HTTPConnection(host, port, timeout=timeout)
        mine: list[float] = []
        errors = unexpected = received = 0
        try:
            while time.perf_counter() < deadline and (ticket := take_ticket()) is not None:
                target = f"{path}{separator}{vary}={10_000_000 + ticket}" if vary else path
                began = time.perf_counter()
                try:
                    conn.request("GET", target, headers=headers)
                    response = conn.getresponse()
                    body = response.read()
                except (OSError, http.client.HTTPException):
                    errors += 1
                    conn.close()
                    continue
                mine.append(time.perf_counter() - began)
                received += len(body)
                if response.status != 200:
                    unexpected += 1
                if response.will_close:
                    conn.close()  # the next request opens a new connection
        finally:
            conn.close()
            with lock:
                latencies.extend(mine)
                counts["errors"] += errors
                counts["unexpected"] += unexpected
                counts["bytes"] += received

    threads = [threading.Thread(target=worker, daemon=True) for _ in range(connections)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(duration + timeout + 5)
    elapsed = time.perf_counter() - started
    with lock:
        return summarize(
            list(latencies),
            elapsed,
            errors=counts["errors"],
            unexpected_status=counts["unexpected"],
            bytes_read=counts["bytes"],
        )


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def wrk_load(
    host: str,
    port: int,
    path: str,
    *,
    headers: Mapping[str, str] | None = None,
    connections: int = 8,
    duration: float = 10.0,
    threads: int = 2,
    vary: str | None = None,
) -> LoadResult:
    """The same measure with wrk (its Lua script prints the figures as one JSON line)."""
    require_loopback(host)
    command = [
        "wrk",
        f"--threads={min(threads, connections)}",
        f"--connections={connections}",
        f"--duration={max(1, round(min(duration, MAX_DURATION)))}s",
        "--timeout=10s",
        f"--script={WRK_SCRIPT}",
    ]
    for name, value in (headers or {}).items():
        command += ["--header", f"{name}: {value}"]
    command.append(f"http://{host}:{port}{path}")
    if vary:
        command += ["--", vary]
    completed = subprocess.run(  # noqa: S603 -- fixed program, our own arguments
        command, capture_output=True, text=True, timeout=duration + 60, check=False
    )
    return parse_wrk_output(completed.stdout, completed.stderr)


def parse_wrk_output(stdout: str, stderr: str = "") -> LoadResult:
    for line in stdout.splitlines():
        if line.startswith("BENCH_JSON "):
            data = json.loads(line.removeprefix("BENCH_JSON "))
            break
    else:
        raise RuntimeError(f"wrk printed no result:\n{stdout}\n{stderr}".strip())
    duration = data["duration_us"] / 1e6
    requests = data["requests"]

    def ms(microseconds: float) -> float | None:
        return round(microseconds / 1000, 3) if requests else None

    return LoadResult(
        tool="wrk",
        requests=requests,
        duration_s=round(duration, 3),
        rps=round(requests / duration, 1) if duration else 0.0,
        p50_ms=ms(data["p50_us"]),
        p95_ms=ms(data["p95_us"]),
        p99_ms=ms(data["p99_us"]),
        max_ms=ms(data["max_us"]),
        errors=data["connect_errors"]
        + data["read_errors"]
        + data["write_errors"]
        + data["timeouts"],
        unexpected_status=data["non_200"],
        bytes_read=data["bytes"],
    )
