"""CPU instructions per request, counted by valgrind: a measure the machine's noise cannot move.

    python -m bench.instructions [NAME ...]      (names: healthz fragment fragment_new
                                                  fragment_new_total api_new; default: all)

Wall-clock figures on a shared 2-core VM drift by ±30 % within a minute; the number of
instructions a request executes does not. Each name is run in-process through Django's WSGI
handler (every middleware, DEBUG off) against a scratch SQLite database seeded as the bench's
smallest one, under valgrind's cachegrind (about 50 times slower): once with N requests and once
with 2N after the same warm-up, and the difference divided by N is what one request costs.
Needs valgrind (`apt-get install valgrind`). Compare names with each other and a change with
the code before it; the numbers are not seconds.
"""

from __future__ import annotations

import io
import itertools
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

REQUESTS = 100
WARMUP = 30
# name: (path, HX-Request?, the parameter made new on every request or None)
REQUESTS_BY_NAME = {
    "healthz": ("/healthz", False, None),
    "fragment": ("/", True, None),
    "fragment_new": ("/", True, "views_30d"),
    "fragment_new_total": ("/", True, "diamonds"),
    "api_new": ("/api/estimate", False, "views_30d"),
}
_REFS = re.compile(r"I\s+refs:\s+([\d,]+)")


def instructions(valgrind_output: str) -> int:
    """The total of instructions cachegrind reports ("I refs: 1,234")."""
    found = _REFS.search(valgrind_output)
    if found is None:
        raise RuntimeError(f"valgrind reported no instruction count:\n{valgrind_output[-2000:]}")
    return int(found.group(1).replace(",", ""))


def _serve(name: str, count: int) -> None:
    """In the measured process: warm every request up, then ``count`` requests of ``name``."""
    import django

    django.setup()
    from django.core.handlers.wsgi import WSGIHandler

    from bench.run import QUERY

    application = WSGIHandler()
    numbers = itertools.count(10_000_001)

    def ask(path: str, htmx: bool, vary: str | None) -> None:
        query = "" if path == "/healthz" else QUERY + (f"&{vary}={next(numbers)}" if vary else "")
        environ = {
            "REQUEST_METHOD": "GET",
            "PATH_INFO": path,
            "QUERY_STRING": query,
            "SERVER_NAME": "127.0.0.1",
            "SERVER_PORT": "8000",
            "HTTP_HOST": "127.0.0.1",
            "REMOTE_ADDR": "127.0.0.1",
            "SERVER_PROTOCOL": "HTTP/1.1",
            "wsgi.input": io.BytesIO(),
            "wsgi.url_scheme": "http",
            "wsgi.errors": sys.stderr,
        }
        if htmx:
            environ["HTTP_HX_REQUEST"] = "true"
        statuses = []
        body = application(environ, lambda status, headers, exc_info=None: statuses.append(status))
        b"".join(body)
        body.close()
        if not statuses[0].startswith("200"):
            raise RuntimeError(f"{name}: {path}?{query} answered {statuses[0]}")

    for request in REQUESTS_BY_NAME.values():
        for _ in range(WARMUP):
            ask(*request)
    for _ in range(count):
        ask(*REQUESTS_BY_NAME[name])


def _count(env: dict[str, str], name: str, requests: int) -> int:
    completed = subprocess.run(  # noqa: S603 -- valgrind, our interpreter and module
        [
            shutil.which("valgrind") or "valgrind",
            "--tool=cachegrind",
            "--cache-sim=no",
            "--cachegrind-out-file=/dev/null",
            sys.executable,
            "-m",
            "bench.instructions",
            "--serve",
            name,
            str(requests),
        ],
        cwd=Path(__file__).resolve().parent.parent,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if completed.returncode:
        raise RuntimeError(f"{name} failed:\n{completed.stderr[-3000:]}")
    return instructions(completed.stderr)


def main(argv: list[str]) -> int:
    if argv[:1] == ["--serve"]:
        _serve(argv[1], int(argv[2]))
        return 0
    names = argv or list(REQUESTS_BY_NAME)
    unknown = [name for name in names if name not in REQUESTS_BY_NAME]
    if unknown or shutil.which("valgrind") is None:
        print(__doc__, file=sys.stderr)
        print("unknown: " + ", ".join(unknown) if unknown else "valgrind is not installed")
        return 2
    from bench.run import bench_env, manage

    with tempfile.TemporaryDirectory(prefix="bench-instructions-") as folder:
        env = bench_env(f"sqlite:///{folder}/db.sqlite3", Path(folder) / "static")
        env["PYTHONHASHSEED"] = "0"  # the same dictionaries, the same count
        manage(env, "migrate", "--no-input", "-v0")
        manage(env, "collectstatic", "--no-input", "-v0")
        manage(env, "seed_bench", "--creators=10", "--months=12", "--long-months=60")
        for name in names:
            once = _count(env, name, REQUESTS)
            twice = _count(env, name, 2 * REQUESTS)
            print(f"{name:<20} {(twice - once) // REQUESTS:>12,} instructions per request")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
