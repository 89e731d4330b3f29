"""deploy/nginx-planner.conf, served by the real nginx in front of gunicorn (DEBUG off).

Run by .ci/steps/13-proxy.sh once nginx is installed (outside `make test`'s tests/ on purpose:
nginx is a deployment component, installed by that step). Ports are free ones, the certificate
a throw-away one; everything else is the shipped file.
"""

from __future__ import annotations

import os
import re
import shutil
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
HOST = "planner.example"
NGINX = shutil.which("nginx") or "/usr/sbin/nginx"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def wait_for_port(port: int, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.2)
    raise AssertionError(f"nothing listens on port {port}")


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Iterator[dict]:
    if not Path(NGINX).exists():
        pytest.fail("nginx is missing: .ci/steps/13-proxy.sh installs it")
    work = tmp_path_factory.mktemp("nginx")
    work.chmod(0o755)
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key != "DATABASE_URL"
    }
    env.update(
        DJANGO_DEBUG="false",
        DJANGO_SECRET_KEY="s" * 60,
        DJANGO_ALLOWED_HOSTS=HOST,
        DATABASE_URL=f"sqlite:///{work / 'db.sqlite3'}",
        DJANGO_EMAIL_HOST="localhost",
        DJANGO_TRUSTED_PROXY_COUNT="1",
        DJANGO_SECURE_PROXY_SSL_HEADER="true",
        DJANGO_STATIC_ROOT=str(work / "static"),
        DJANGO_LOG_LEVEL="WARNING",
    )
    for command in (["migrate", "--no-input"], ["collectstatic", "--no-input"]):
        subprocess.run(
            [sys.executable, "manage.py", *command],
            cwd=ROOT, env=env, check=True, capture_output=True, timeout=300,
        )  # fmt: skip
    app_port, http_port, https_port = free_port(), free_port(), free_port()
    # One sync worker: a single stalled request would stall the whole site without the proxy.
    gunicorn = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "config.wsgi", "--bind", f"127.0.0.1:{app_port}",
         "--workers", "1", "--timeout", "60"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    subprocess.run(
        ["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1",
         "-subj", f"/CN={HOST}", "-keyout", str(work / "privkey.pem"),
         "-out", str(work / "fullchain.pem")],
        check=True, capture_output=True, timeout=60,
    )  # fmt: skip
    conf = (ROOT / "deploy" / "nginx-planner.conf").read_text()
    conf = conf.replace(f"/etc/letsencrypt/live/{HOST}", str(work))
    conf = conf.replace("server 127.0.0.1:8000", f"server 127.0.0.1:{app_port}")
    conf = re.sub(r"\n\s*listen \[::\]:\d+[^;]*;", "", conf)
    conf = re.sub(r"listen 80\b", f"listen 127.0.0.1:{http_port}", conf)
    conf = re.sub(r"listen 443\b", f"listen 127.0.0.1:{https_port}", conf)
    (work / "planner.conf").write_text(conf)
    (work / "nginx.conf").write_text(
        f"pid {work}/nginx.pid;\nerror_log stderr;\nevents {{}}\nhttp {{\n"
        f"  access_log off;\n  client_body_temp_path {work}/body;\n"
        f"  proxy_temp_path {work}/proxy;\n  fastcgi_temp_path {work}/fastcgi;\n"
        f"  uwsgi_temp_path {work}/uwsgi;\n  scgi_temp_path {work}/scgi;\n"
        f"  include {work}/planner.conf;\n}}\n"
    )
    nginx = subprocess.Popen(
        [NGINX, "-e", "stderr", "-p", str(work), "-c", str(work / "nginx.conf"),
         "-g", "daemon off;"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip
    try:
        wait_for_port(app_port)
        wait_for_port(https_port)
        yield {"http": http_port, "https": https_port, "app": app_port}
    finally:
        nginx.terminate()
        gunicorn.terminate()
        nginx.wait(timeout=30)
        gunicorn.wait(timeout=30)


def curl(site: dict, path: str, *args: str, scheme: str = "https", host: str = HOST):
    port = site[scheme]
    result = subprocess.run(
        ["curl", "-sk", "--max-time", "10", "--resolve", f"{host}:{port}:127.0.0.1",
         "-o", "-", "-w", "\n%{http_code}", *args, f"{scheme}://{host}:{port}{path}"],
        capture_output=True, text=True, timeout=30, check=False,
    )  # fmt: skip
    body, _newline, status = result.stdout.rpartition("\n")
    return int(status or 0), body


def test_the_app_answers_through_the_proxy_over_https(site):
    assert curl(site, "/healthz") == (200, "ok")
    status, body = curl(site, "/en/")
    assert status == 200
    assert "TikTok" in body


def test_plain_http_is_redirected_to_https(site):
    status, _body = curl(site, "/en/", "-D", "-", scheme="http")
    assert status == 301


def test_other_host_names_get_no_answer(site):
    status, _body = curl(site, "/healthz", scheme="http", host="other.example")
    assert status == 0  # closed without an answer (444)
    status, _body = curl(site, "/healthz", host="other.example")
    assert status == 0  # TLS handshake refused


def test_a_body_over_the_limit_is_refused_by_the_proxy(site, tmp_path):
    big = tmp_path / "big.bin"
    big.write_bytes(b"0" * (22 * 1024 * 1024))
    status, _body = curl(site, "/en/", "-X", "POST", "--data-binary", f"@{big}")
    assert status == 413


def half_open_request(port: int, *, tls: bool = True) -> socket.socket:
    """A client that sends part of a request, then nothing (what stalled gunicorn alone)."""
    stream = socket.create_connection(("127.0.0.1", port), timeout=10)
    if tls:
        context = ssl.create_default_context()
        context.check_hostname = False
        context.verify_mode = ssl.CERT_NONE
        stream = context.wrap_socket(stream, server_hostname=HOST)
    stream.sendall(
        f"POST /en/account/login/ HTTP/1.1\r\nHost: {HOST}\r\n"
        "Content-Type: application/x-www-form-urlencoded\r\nContent-Length: 1000\r\n\r\n"
        "username=".encode()
    )
    return stream


def test_half_open_requests_do_not_hold_the_single_worker(site):
    stalled = [half_open_request(site["https"]) for _client in range(3)]
    try:
        # nginx waits for the bodies itself: gunicorn's one worker is free for /healthz.
        assert curl(site, "/healthz") == (200, "ok")
    finally:
        for stream in stalled:
            stream.close()


def test_without_the_proxy_the_same_clients_stall_the_worker(site):
    """Why the proxy is there: straight to gunicorn, /healthz waits behind the stalled bodies."""
    stalled = [half_open_request(site["app"], tls=False) for _client in range(3)]
    try:
        result = subprocess.run(
            ["curl", "-s", "--max-time", "3", "-o", "/dev/null", "-w", "%{http_code}",
             "-H", f"Host: {HOST}", f"http://127.0.0.1:{site['app']}/healthz"],
            capture_output=True, text=True, timeout=30, check=False,
        )  # fmt: skip
        assert result.stdout == "000"  # no answer within 3 s
    finally:
        for stream in stalled:
            stream.close()
