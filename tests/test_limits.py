"""Client address behind a proxy, the login caps, and the rate limits (429 with Retry-After)."""

from __future__ import annotations

import pytest
from django.core import mail
from django.test import RequestFactory

from config.security import client_ip
from tests.creators.factories import PASSWORD, make_user

PROXY = "127.0.0.1"  # the reverse proxy, as gunicorn sees it


@pytest.fixture
def limits_on(settings):
    settings.RATELIMIT_ENABLE = True
    return settings


@pytest.fixture
def behind_one_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    return settings


def post_login(client, email, password, client_address):
    """A login sent through the proxy: it appends the client's address to X-Forwarded-For."""
    return client.post(
        "/en/account/login/",
        {"username": email, "password": password},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=client_address,
    )


@pytest.mark.parametrize(
    ("count", "forwarded", "expected"),
    [
        (0, "203.0.113.9", PROXY),  # no trusted proxy: the header is anyone's to write
        (1, "203.0.113.9", "203.0.113.9"),
        (1, "198.51.100.1, 203.0.113.9", "203.0.113.9"),  # the left part is the client's lie
        (2, "198.51.100.1, 203.0.113.9", "198.51.100.1"),
        (1, "", PROXY),  # did not come through the proxy
        (2, "203.0.113.9", PROXY),
        (1, "not-an-address", PROXY),
        (1, "2001:db8::1", "2001:db8::1"),
    ],
)
def test_the_client_address_is_the_one_the_trusted_proxies_saw(
    settings, count, forwarded, expected
):
    settings.TRUSTED_PROXY_COUNT = count
    request = RequestFactory().get("/", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=forwarded)
    assert client_ip(request) == expected


@pytest.mark.django_db
def test_a_request_without_remote_addr_is_limited_not_crashed(client, limits_on):
    """gunicorn on a Unix socket gives no REMOTE_ADDR: the limits still answer."""
    response = client.get("/api/estimate", REMOTE_ADDR="")
    assert response.status_code == 200


@pytest.mark.django_db
def test_five_failures_from_one_address_do_not_lock_the_owner_out_from_another(
    client, behind_one_proxy
):
    owner = make_user("owner@example.com")
    for _attempt in range(5):
        post_login(client, owner.email, "wrong", "203.0.113.66")
    assert post_login(client, owner.email, PASSWORD, "203.0.113.66").status_code == 429
    response = post_login(client, owner.email, PASSWORD, "198.51.100.7")
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(owner.pk)


@pytest.mark.django_db
def test_the_axes_lockout_answers_429_with_retry_after(client, behind_one_proxy):
    owner = make_user("owner@example.com")
    for _attempt in range(5):
        response = post_login(client, owner.email, "wrong", "203.0.113.66")
    assert response.status_code == 429
    assert response["Retry-After"] == "3600"


@pytest.mark.django_db
def test_the_per_address_cap_stops_a_password_spray(client, limits_on, behind_one_proxy):
    limits_on.RATE_LIMITS = {**limits_on.RATE_LIMITS, "login_failures_address": "20/h"}
    victim = make_user("victim@example.com")
    for index in range(20):  # one try per email: django-axes' per-email lock never triggers
        response = post_login(client, f"user{index}@example.com", "Summer2026!", "203.0.113.66")
        assert response.status_code == 200
    response = post_login(client, victim.email, PASSWORD, "203.0.113.66")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 3600
    assert "Too many requests" in response.text
    assert "_auth_user_id" not in client.session
    # The cap is on that address only: the victim logs in from home.
    assert post_login(client, victim.email, PASSWORD, "198.51.100.7").status_code == 302


@pytest.mark.django_db
def test_successful_logins_do_not_count_toward_the_cap(client, limits_on, behind_one_proxy):
    limits_on.RATE_LIMITS = {**limits_on.RATE_LIMITS, "login_failures_address": "3/h"}
    user = make_user("regular@example.com")
    for _attempt in range(5):
        assert post_login(client, user.email, PASSWORD, "203.0.113.5").status_code == 302
        client.logout()


@pytest.mark.django_db
def test_sign_up_is_limited_per_address(client, limits_on, behind_one_proxy):
    limits_on.RATE_LIMITS = {**limits_on.RATE_LIMITS, "signup": "3/h"}

    def sign_up(index, address):
        client.logout()
        return client.post(
            "/en/account/signup/",
            {
                "email": f"new{index}@example.com",
                "password1": "a-long-passphrase-2026",
                "password2": "a-long-passphrase-2026",
            },
            REMOTE_ADDR=PROXY,
            HTTP_X_FORWARDED_FOR=address,
        )

    for index in range(3):
        assert sign_up(index, "203.0.113.66").status_code == 302
    response = sign_up(3, "203.0.113.66")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert sign_up(4, "198.51.100.7").status_code == 302


def reset(client, email, address):
    return client.post(
        "/en/account/password/reset/",
        {"email": email},
        REMOTE_ADDR=PROXY,
        HTTP_X_FORWARDED_FOR=address,
    )


@pytest.mark.django_db
def test_password_reset_mails_to_one_email_are_limited_whatever_the_address(
    client, limits_on, behind_one_proxy
):
    limits_on.RATE_LIMITS = {**limits_on.RATE_LIMITS, "password_reset_email": "3/h"}
    make_user("victim@example.com")
    for index in range(3):
        assert reset(client, "victim@example.com", f"203.0.113.{index + 1}").status_code == 302
    response = reset(client, " Victim@Example.com", "203.0.113.50")
    assert response.status_code == 429
    assert int(response["Retry-After"]) > 0
    assert len(mail.outbox) == 3


@pytest.mark.django_db
def test_password_resets_from_one_address_are_limited(client, limits_on, behind_one_proxy):
    limits_on.RATE_LIMITS = {**limits_on.RATE_LIMITS, "password_reset_address": "4/h"}
    for index in range(4):
        assert reset(client, f"user{index}@example.com", "203.0.113.66").status_code == 302
    assert reset(client, "user9@example.com", "203.0.113.66").status_code == 429
    assert reset(client, "user9@example.com", "198.51.100.7").status_code == 302


@pytest.mark.django_db
@pytest.mark.parametrize("url", ["/api/estimate?followers=1000", "/api/plan?goal=100"])
def test_the_apis_are_limited_per_address_with_a_json_429(client, limits_on, behind_one_proxy, url):
    limits_on.RATE_LIMITS = {**limits_on.RATE_LIMITS, "api": "5/m"}
    for _request in range(5):
        assert client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.66").status_code == 200
    response = client.get(url, HTTP_X_FORWARDED_FOR="203.0.113.66")
    assert response.status_code == 429
    assert 0 < int(response["Retry-After"]) <= 60
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"] == "too_many_requests"
    assert client.get(url, HTTP_X_FORWARDED_FOR="198.51.100.7").status_code == 200


@pytest.mark.slow  # a subprocess
@pytest.mark.django_db
def test_the_limits_use_their_own_cache_kept_even_while_developing():
    from tests.test_settings import run_manage

    result = run_manage(
        {"DJANGO_DEBUG": "true"},
        "shell",
        "-c",
        "from django.conf import settings; print(settings.CACHES['limits']['BACKEND'],"
        " settings.RATELIMIT_USE_CACHE)",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == (
        "django.core.cache.backends.locmem.LocMemCache limits"
    )
