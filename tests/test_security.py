"""Security by default: production settings, headers, login throttling, error pages."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.test import override_settings
from django.urls import path

from tests.creators.factories import PASSWORD, make_profile, make_user
from tests.test_settings import run_manage

PRODUCTION = {
    "DJANGO_DEBUG": "false",
    "DJANGO_SECRET_KEY": "k" * 20 + "-production-secret-with-enough-entropy-0123456789",
    "DJANGO_ALLOWED_HOSTS": "planner.example",
    "DATABASE_URL": "sqlite:////tmp/planner-deploy-check.sqlite3",
    "DJANGO_EMAIL_HOST": "localhost",
}


@pytest.mark.slow  # a subprocess
def test_the_deploy_check_passes_with_only_the_four_variables():
    result = run_manage(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.slow  # a subprocess
def test_production_settings_are_hardened():
    code = (
        "from django.conf import settings as s; print(s.SECURE_HSTS_SECONDS,"
        " s.SECURE_HSTS_INCLUDE_SUBDOMAINS, s.SECURE_SSL_REDIRECT, s.SECURE_REDIRECT_EXEMPT,"
        " s.SESSION_COOKIE_SECURE, s.CSRF_COOKIE_SECURE, s.SESSION_COOKIE_HTTPONLY,"
        " s.SESSION_COOKIE_SAMESITE, getattr(s, 'SECURE_PROXY_SSL_HEADER', None))"
    )
    result = run_manage(PRODUCTION, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "31536000 True True ['^healthz$'] True True True Lax None"
    )


@pytest.mark.slow  # a subprocess
def test_the_proxy_header_and_the_redirect_are_opt_in_and_opt_out():
    code = (
        "from django.conf import settings as s;"
        " print(s.SECURE_PROXY_SSL_HEADER, s.SECURE_SSL_REDIRECT)"
    )
    env = {
        **PRODUCTION,
        "DJANGO_SECURE_PROXY_SSL_HEADER": "true",
        "DJANGO_SECURE_SSL_REDIRECT": "false",
    }
    result = run_manage(env, "shell", "-c", code)
    assert result.stdout.strip().splitlines()[-1] == "('HTTP_X_FORWARDED_PROTO', 'https') False"


@pytest.mark.django_db
@override_settings(SECURE_SSL_REDIRECT=True, SECURE_REDIRECT_EXEMPT=[r"^healthz$"])
def test_https_redirect_spares_the_health_check(client):
    assert client.get("/").status_code == 301
    assert client.get("/healthz").status_code == 200


@pytest.mark.django_db
@pytest.mark.parametrize(
    "url", ["/", "/en/", "/api/estimate", "/healthz", "/account/login/", "/nope/"]
)
def test_every_response_carries_the_security_headers(client, url):
    response = client.get(url)
    csp = response["Content-Security-Policy"]
    assert "unsafe-inline" not in csp
    assert "unsafe-eval" not in csp
    assert "frame-ancestors 'none'" in csp
    assert re.search(r"script-src 'self'( 'nonce-[^']+')?;", csp)
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_pages_have_no_inline_style_or_script_without_nonce(client):
    user = make_user()
    profile = make_profile(owner=user)
    client.force_login(user)
    for url in ["/", "/dashboard/", f"/profiles/{profile.pk}/", "/account/"]:
        html = client.get(url).text
        assert " style=" not in html, url
        assert "<style" not in html, url
        for tag in re.findall(r"<script[^>]*>", html):
            assert "src=" in tag or "nonce=" in tag, (url, tag)


def post_login(client, email, password, address="10.0.0.1"):
    return client.post(
        "/en/account/login/", {"username": email, "password": password}, REMOTE_ADDR=address
    )


@pytest.mark.django_db
def test_five_failures_lock_the_email_and_address_pair_with_a_429_page(client):
    user = make_user("locked@example.com")
    for _attempt in range(4):
        assert post_login(client, user.email, "wrong").status_code == 200
    assert post_login(client, user.email, "wrong").status_code == 429  # the fifth failure locks
    response = post_login(client, user.email, PASSWORD)
    assert response.status_code == 429
    assert "Too many attempts" in response.text
    assert "_auth_user_id" not in client.session


@pytest.mark.django_db
def test_changing_the_case_of_the_email_does_not_escape_the_lock(client):
    make_user("case@example.com")
    for index in range(5):
        post_login(client, "CASE@example.com" if index % 2 else "case@example.com", "wrong")
    assert post_login(client, "Case@Example.com", PASSWORD).status_code == 429


@pytest.mark.django_db
def test_the_lock_is_for_that_pair_only(client):
    user = make_user()
    for _attempt in range(5):
        post_login(client, user.email, "wrong", address="10.0.0.1")
    assert post_login(client, user.email, PASSWORD, address="10.0.0.2").status_code == 302


@pytest.mark.django_db
def test_the_lock_ends_after_an_hour(client):
    user = make_user()
    with time_machine.travel(datetime.datetime(2026, 11, 21, 10, 0, tzinfo=datetime.UTC)) as clock:
        for _attempt in range(5):
            post_login(client, user.email, "wrong")
        assert post_login(client, user.email, PASSWORD).status_code == 429
        clock.shift(datetime.timedelta(minutes=61))
        assert post_login(client, user.email, PASSWORD).status_code == 302


@pytest.mark.django_db
def test_a_success_resets_the_count(client):
    user = make_user()
    for _attempt in range(4):
        post_login(client, user.email, "wrong")
    assert post_login(client, user.email, PASSWORD).status_code == 302
    client.logout()
    for _attempt in range(4):
        post_login(client, user.email, "wrong")
    assert post_login(client, user.email, PASSWORD).status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize(("prefix", "text"), [("", "Page introuvable"), ("/en", "Page not found")])
def test_the_404_page_speaks_both_languages(client, prefix, text):
    response = client.get(f"{prefix}/no-such-page/")
    assert response.status_code == 404
    assert text in response.text


def broken_view(request):
    raise RuntimeError("secret internals: DATABASE_PASSWORD=hunter2")


urlpatterns = [path("broken/", broken_view), path("en/broken/", broken_view)]


@pytest.mark.django_db
@override_settings(ROOT_URLCONF=__name__)
@pytest.mark.parametrize(("url", "text"), [("/broken/", "Une erreur"), ("/en/broken/", "An error")])
def test_the_500_page_leaks_nothing_and_speaks_both_languages(client, url, text, caplog):
    client.raise_request_exception = False
    if url.startswith("/en/"):
        client.cookies["django_language"] = "en"
    response = client.get(url)
    assert response.status_code == 500
    assert "hunter2" not in response.text
    assert "Traceback" not in response.text
    assert "RuntimeError" in caplog.text  # logged, for the operator


def test_the_user_model_is_django_s():
    assert get_user_model()._meta.label == "auth.User"


@pytest.mark.slow  # a subprocess
def test_logs_go_to_standard_output():
    code = "import logging; logging.getLogger('planner.test').warning('log line for the operator')"
    result = run_manage(PRODUCTION, "shell", "-c", code)
    assert result.returncode == 0, result.stderr
    assert "log line for the operator" in result.stdout
    assert "log line for the operator" not in result.stderr
