"""The TikTok client against a fake TikTok on loopback (issue 19, acceptance 1), the connect /
disconnect views, tokens encrypted at rest (acceptance 4)."""

from __future__ import annotations

import datetime
import http.client
import urllib.parse

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.db import connection as db
from django.urls import reverse
from django.utils import translation

from creators import tiktok_client as client
from creators.models import TikTokConnection, TikTokDailySnapshot, TikTokVideo
from tests.creators.factories import PASSWORD, make_profile
from tests.support.fake_tiktok import add_videos, point_settings_at, running_fake_tiktok

REDIRECT_URI = "http://testserver/tiktok/callback/"


@pytest.fixture
def fake(settings):
    with running_fake_tiktok() as fake:
        point_settings_at(settings, fake, REDIRECT_URI)
        yield fake


def authorize_at_fake(url: str, decision: str = "allow") -> dict[str, str]:
    """What a creator does on TikTok's page: open it, press a button; the redirect's query."""
    parts = urllib.parse.urlsplit(url)
    http_connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    http_connection.request("GET", f"{parts.path}?{parts.query}")
    page = http_connection.getresponse()
    assert page.status == 200, page.read()
    page.read()
    form = dict(urllib.parse.parse_qsl(parts.query))
    body = urllib.parse.urlencode(
        {name: form[name] for name in ("client_key", "redirect_uri", "scope", "state")}
        | {"decision": decision}
    )
    http_connection.request(
        "POST", parts.path, body, {"Content-Type": "application/x-www-form-urlencoded"}
    )
    answer = http_connection.getresponse()
    answer.read()
    assert answer.status == 302
    location = urllib.parse.urlsplit(answer.getheader("Location"))
    assert f"{location.scheme}://{location.netloc}{location.path}" == REDIRECT_URI
    return dict(urllib.parse.parse_qsl(location.query))


# --- The client against the fake ---------------------------------------------------------------


def test_the_authorization_code_is_exchanged_for_tokens(fake):
    url = client.authorize_url("the-state")
    assert url.startswith(f"{fake.url}/v2/auth/authorize/?")
    query = dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(url).query))
    assert query["scope"] == "user.info.basic,user.info.stats,video.list"
    assert query["response_type"] == "code"

    answer = authorize_at_fake(url)
    assert answer["state"] == "the-state"
    tokens = client.exchange_code(answer["code"])

    assert tokens.open_id == fake.open_id
    assert tokens.access_token in fake.access_tokens
    assert "video.list" in tokens.scope
    assert tokens.access_expires_at > datetime.datetime.now(tz=datetime.UTC)


def test_a_used_code_is_refused_with_the_oauth_error(fake):
    code = authorize_at_fake(client.authorize_url("s"))["code"]
    client.exchange_code(code)
    with pytest.raises(client.TikTokError) as refused:
        client.exchange_code(code)
    assert refused.value.code == "invalid_grant"
    assert refused.value.needs_reconnect


def test_refreshing_rotates_the_refresh_token(fake):
    issued = fake.issue_tokens()
    tokens = client.refresh(issued["refresh_token"])
    assert tokens.refresh_token != issued["refresh_token"]
    assert client.user_stats(tokens.access_token).follower_count == 12_000
    with pytest.raises(client.TikTokError) as refused:
        client.refresh(issued["refresh_token"])
    assert refused.value.code == "invalid_grant"


def test_user_info_gives_the_stats(fake):
    add_videos(fake, 3)
    stats = client.user_stats(fake.issue_tokens()["access_token"])
    assert (stats.follower_count, stats.following_count, stats.likes_count, stats.video_count) == (
        12_000,
        80,
        250_000,
        3,
    )


def test_the_video_list_is_read_to_the_last_page(fake):
    add_videos(fake, 45)
    videos = client.all_videos(fake.issue_tokens()["access_token"])

    assert sorted(video.id for video in videos) == sorted(video.id for video in fake.videos)
    pages = [data for method, path, data in fake.requests if path == "/v2/video/list/"]
    assert len(pages) == 3
    assert all(page["body"]["max_count"] <= 20 for page in pages)
    assert "cursor" not in pages[0]["body"]
    assert pages[1]["body"]["cursor"] == videos[19].create_time * 1000
    assert set(pages[0]["fields"].split(",")) >= {"id", "create_time", "duration", "view_count"}


def test_an_expired_token_gets_the_documented_error(fake):
    token = fake.issue_tokens()["access_token"]
    fake.expire_access_tokens()
    with pytest.raises(client.TikTokError) as refused:
        client.user_stats(token)
    assert (refused.value.code, refused.value.status) == ("access_token_invalid", 401)
    assert refused.value.log_id


def test_a_429_is_a_retryable_rate_limit_error(fake):
    fake.fail_next("/v2/video/list/", 429, "rate_limit_exceeded")
    with pytest.raises(client.TikTokError) as refused:
        client.all_videos(fake.issue_tokens()["access_token"])
    assert refused.value.code == "rate_limit_exceeded"
    assert refused.value.retryable and not refused.value.needs_reconnect


def test_a_missing_scope_asks_for_a_reconnection(fake):
    token = fake.issue_tokens(scope="user.info.basic")["access_token"]
    with pytest.raises(client.TikTokError) as refused:
        client.user_stats(token)
    assert refused.value.code == "scope_not_authorized"
    assert refused.value.needs_reconnect


def test_a_revoked_token_stops_working(fake):
    token = fake.issue_tokens()["access_token"]
    client.revoke(token)
    assert fake.revoked == [token]
    with pytest.raises(client.TikTokError):
        client.user_stats(token)


# --- The views -------------------------------------------------------------------------------


@pytest.fixture
def profile(db):
    return make_profile(handle="lea.finance")


@pytest.fixture
def logged_in(client, profile):
    client.force_login(profile.owner)
    return client


@pytest.mark.django_db
def test_without_the_app_settings_the_feature_is_hidden(logged_in, profile, settings):
    settings.TIKTOK_CLIENT_KEY = ""
    page = logged_in.get(reverse("profile_detail", args=[profile.pk]))
    assert page.status_code == 200
    assert b"tiktok-title" not in page.content
    assert logged_in.post(reverse("tiktok_connect", args=[profile.pk])).status_code == 404


def connect(logged_in, profile) -> dict[str, str]:
    start = logged_in.post(reverse("tiktok_connect", args=[profile.pk]))
    assert start.status_code == 302
    answer = authorize_at_fake(start["Location"])
    return logged_in.get(reverse("tiktok_callback"), answer)


@pytest.mark.django_db
def test_connecting_stores_the_tokens_and_takes_the_first_snapshot(fake, logged_in, profile):
    add_videos(fake, 25)
    page = logged_in.get(reverse("profile_detail", args=[profile.pk]))
    assert reverse("tiktok_connect", args=[profile.pk]).encode() in page.content

    done = connect(logged_in, profile)

    assert done.status_code == 302
    connection = TikTokConnection.objects.get(profile=profile)
    assert connection.open_id == fake.open_id
    assert connection.access_token in fake.access_tokens
    assert TikTokDailySnapshot.objects.get(profile=profile).follower_count == 12_000
    assert TikTokVideo.objects.filter(profile=profile).count() == 25
    page = logged_in.get(reverse("profile_detail", args=[profile.pk]))
    assert page.content.count(b"data-video=") == 20
    assert b'data-tiktok-status="active"' in page.content


@pytest.mark.django_db
def test_connecting_is_a_post_that_binds_a_fresh_state_to_the_session(fake, logged_in, profile):
    url = reverse("tiktok_connect", args=[profile.pk])
    assert logged_in.get(url).status_code == 405
    first = logged_in.post(url)
    state = logged_in.session["tiktok_oauth"]["state"]
    assert f"state={state}" in first["Location"]
    assert f"redirect_uri={urllib.parse.quote(REDIRECT_URI, safe='')}" in first["Location"]
    logged_in.post(url)
    assert logged_in.session["tiktok_oauth"]["state"] != state


@pytest.mark.django_db
def test_a_callback_with_another_state_connects_nothing(fake, logged_in, profile):
    start = logged_in.post(reverse("tiktok_connect", args=[profile.pk]))
    answer = authorize_at_fake(start["Location"])
    answer["state"] = "forged"
    logged_in.get(reverse("tiktok_callback"), answer)
    assert not TikTokConnection.objects.exists()
    assert not fake.access_tokens


@pytest.mark.django_db
def test_declining_on_tiktok_says_so_in_plain_words(fake, logged_in, profile):
    with translation.override("en"):
        start = logged_in.post(reverse("tiktok_connect", args=[profile.pk]))
    answer = authorize_at_fake(start["Location"], decision="deny")
    page = logged_in.get(reverse("tiktok_callback"), answer, follow=True)
    assert page.redirect_chain[-1][0].startswith("/en/")
    assert not TikTokConnection.objects.exists()
    assert "You declined the connection on TikTok" in page.content.decode()


@pytest.mark.django_db
def test_another_user_cannot_connect_or_disconnect_a_profile(fake, client, profile):
    other = make_profile()
    client.force_login(other.owner)
    assert client.post(reverse("tiktok_connect", args=[profile.pk])).status_code == 404
    assert client.post(reverse("tiktok_disconnect", args=[profile.pk])).status_code == 404


@pytest.mark.django_db
def test_disconnecting_revokes_at_tiktok_and_deletes_the_token(fake, logged_in, profile):
    connect(logged_in, profile)
    token = TikTokConnection.objects.get(profile=profile).access_token

    logged_in.post(reverse("tiktok_disconnect", args=[profile.pk]))

    assert fake.revoked == [token]
    assert not TikTokConnection.objects.exists()


@pytest.mark.django_db
def test_deleting_the_account_revokes_the_token(fake, logged_in, profile):
    connect(logged_in, profile)
    token = TikTokConnection.objects.get(profile=profile).access_token

    logged_in.post(reverse("account_delete"), {"password": PASSWORD})

    assert fake.revoked == [token]
    assert not TikTokConnection.objects.exists()


# --- Tokens at rest (acceptance 4) ---------------------------------------------------------------


@pytest.mark.django_db
def test_tokens_are_unreadable_in_the_database_without_the_key(fake, logged_in, profile, settings):
    settings.TIKTOK_TOKEN_KEYS = [Fernet.generate_key().decode()]
    connect(logged_in, profile)
    access = TikTokConnection.objects.get(profile=profile).access_token
    refresh_token = next(iter(fake.refresh_tokens))

    with db.cursor() as cursor:
        cursor.execute(
            "SELECT access_token_encrypted, refresh_token_encrypted FROM creators_tiktokconnection"
        )
        raw_access, raw_refresh = cursor.fetchone()

    assert access not in raw_access and access.removeprefix("act.") not in raw_access
    assert refresh_token not in raw_refresh
    with pytest.raises(InvalidToken):
        Fernet(Fernet.generate_key()).decrypt(raw_access.encode())
    assert Fernet(settings.TIKTOK_TOKEN_KEYS[0]).decrypt(raw_access.encode()).decode() == access


@pytest.mark.slow  # over a second (README: the fast tier)
def test_with_the_app_settings_forms_may_lead_to_tiktok_and_nowhere_else():
    from tests.test_settings import run_manage

    show = "from django.conf import settings; print(settings.SECURE_CSP['form-action'])"
    configured = {
        "TIKTOK_CLIENT_KEY": "key",
        "TIKTOK_CLIENT_SECRET": "secret",
        "TIKTOK_REDIRECT_URI": "https://planner.example/tiktok/callback/",
    }
    assert "https://www.tiktok.com" in run_manage(configured, "shell", "-c", show).stdout
    assert "tiktok" not in run_manage({}, "shell", "-c", show).stdout


@pytest.mark.django_db
def test_the_data_download_has_the_snapshots_but_no_token(fake, logged_in, profile):
    import json

    add_videos(fake, 3)
    connect(logged_in, profile)
    stored = TikTokConnection.objects.get(profile=profile)

    download = logged_in.get(reverse("account_export"))

    tiktok = json.loads(download.content)["profiles"][0]["tiktok"]
    assert tiktok["connection"]["open_id"] == fake.open_id
    assert [day["follower_count"] for day in tiktok["daily"]] == [12_000]
    assert sorted(len(video["days"]) for video in tiktok["videos"]) == [1, 1, 1]
    for secret in (stored.access_token, stored.refresh_token, stored.access_token_encrypted):
        assert secret.encode() not in download.content
