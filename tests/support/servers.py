"""Real processes for the tests that need them: free ports, a small HTTP client, process groups."""

from __future__ import annotations

import contextlib
import http.client
import os
import re
import signal
import socket
import subprocess
import time
import urllib.parse
from http.cookies import SimpleCookie
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PYTHON = str(ROOT / ".venv" / "bin" / "python") if (ROOT / ".venv").exists() else "python"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def manage(env: dict[str, str], *args: str, timeout: float = 600) -> str:
    """Run ``manage.py`` with ``args``; its output, or an AssertionError with it."""
    result = subprocess.run(  # noqa: S603 (our own commands)
        [PYTHON, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    assert result.returncode == 0, f"manage.py {' '.join(args)}:\n{result.stdout}{result.stderr}"
    return result.stdout


def start(env: dict[str, str], args: list[str], log: Path) -> subprocess.Popen:
    """A process in its own group (so stopping it stops its children), logging to ``log``."""
    with log.open("ab") as out:
        return subprocess.Popen(  # noqa: S603 (our own commands)
            args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True
        )


def stop(process: subprocess.Popen, sig: int = signal.SIGTERM) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, sig)
    try:
        process.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=15)


def wait_until_serving(port: int, process: subprocess.Popen, log: Path, timeout=60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert process.poll() is None, f"server exited:\n{log.read_text()}"
        try:
            status, _body, _headers = Client(port).get("/healthz")
            if status == 200:
                return
        except OSError:
            pass
        time.sleep(0.2)
    raise AssertionError(f"server on port {port} did not answer:\n{log.read_text()}")


class Client:
    """A browser-like client for plain HTTP: keeps cookies (even Secure ones) across servers."""

    def __init__(self, port: int, cookies: dict[str, str] | None = None):
        self.port = port
        self.cookies = cookies if cookies is not None else {}

    def request(self, method: str, path: str, data: dict | None = None, port: int | None = None):
        connection = http.client.HTTPConnection("127.0.0.1", port or self.port, timeout=30)
        headers = {"Host": "127.0.0.1"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        body = None
        if data is not None:
            body = urllib.parse.urlencode(data, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        content = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            for name, morsel in SimpleCookie(header).items():
                self.cookies[name] = morsel.value
        connection.close()
        return response.status, content, response.headers

    def get(self, path: str, port: int | None = None):
        return self.request("GET", path, port=port)

    def post(self, path: str, data: dict, port: int | None = None):
        return self.request("POST", path, data, port=port)

    def csrf_token(self, path: str, port: int | None = None) -> str:
        status, content, _headers = self.get(path, port=port)
        assert status == 200, (path, status)
        match = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', content)
        assert match, f"no CSRF token on {path}"
        return match.group(1)
