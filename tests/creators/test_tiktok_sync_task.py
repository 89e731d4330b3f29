"""The daily snapshot task: retries within TikTok's rate limit, a revoked token stops it and
asks the creator to reconnect (issue 19, acceptance 5); the scheduling command."""

from __future__ import annotations

import datetime
import io

import pytest
from django.core.management import call_command
from django.tasks import default_task_backend
from django.urls import reverse
from django.utils import timezone, translation

from creators import tiktok_client as client
from creators.models import TikTokConnection, TikTokDailySnapshot
from creators.tasks import MAX_ATTEMPTS, sync_tiktok_profile
from tests.creators.factories import make_profile
from tests.support.fake_tiktok import add_videos, point_settings_at, running_fake_tiktok

pytestmark = pytest.mark.django_db


@pytest.fixture
def fake(settings):
    with running_fake_tiktok() as fake:
        point_settings_at(settings, fake, "http://testserver/tiktok/callback/")
        yield fake


@pytest.fixture
def deferred(settings):
    """A backend that keeps what is enqueued (with its run_after) instead of running it."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.dummy.DummyBackend"}}
    return default_task_backend


def connected_profile(fake, **token_overrides):
    profile = make_profile()
    connection = TikTokConnection(profile=profile, open_id=fake.open_id)
    issued = fake.issue_tokens()
    now = timezone.now()
    connection.store_tokens(
        client.Tokens(
            issued["access_token"],
            issued["refresh_token"],
            token_overrides.get("access_expires_at", now + datetime.timedelta(days=1)),
            now + datetime.timedelta(days=365),
            fake.open_id,
            issued["scope"],
        )
    )
    connection.save()
    return profile


def test_a_429_is_retried_after_the_rate_window_not_before(fake, deferred):
    add_videos(fake, 45)  # three pages of /v2/video/list/
    fake.rate_limit = 2  # the third page in the same minute gets TikTok's 429
    profile = connected_profile(fake)
    before = timezone.now()

    outcome = sync_tiktok_profile.call(profile.pk)

    assert outcome == "retry"
    assert fake.count("/v2/video/list/") == 3
    (retry,) = deferred.results
    assert retry.args == [profile.pk, 2]
    assert retry.task.run_after >= before + datetime.timedelta(minutes=1)
    connection = TikTokConnection.objects.get(profile=profile)
    assert connection.last_error_code == "rate_limit_exceeded"
    assert connection.retry_at == retry.task.run_after
    assert not TikTokDailySnapshot.objects.exists()  # nothing half-written


def test_the_creator_reads_the_error_in_plain_words(fake, deferred, client):
    profile = connected_profile(fake)
    fake.fail_next("/v2/user/info/", 429, "rate_limit_exceeded")
    sync_tiktok_profile.call(profile.pk)
    client.force_login(profile.owner)
    with translation.override("en"):
        page = client.get(reverse("profile_detail", args=[profile.pk])).content.decode()
    assert "TikTok asked us to slow down: we will try again a little later." in page
    assert "Next try:" in page
    assert "rate_limit_exceeded" not in page


def test_server_errors_back_off_and_stop_after_the_last_attempt(fake, deferred):
    profile = connected_profile(fake)
    fake.fail_next("/v2/user/info/", 500, "internal_error", times=MAX_ATTEMPTS)
    delays = []
    for attempt in range(1, MAX_ATTEMPTS + 1):
        start = timezone.now()
        outcome = sync_tiktok_profile.call(profile.pk, attempt)
        if attempt < MAX_ATTEMPTS:
            assert outcome == "retry"
            delays.append(deferred.results[-1].task.run_after - start)
        else:
            assert outcome == "failed"
    assert len(deferred.results) == MAX_ATTEMPTS - 1
    seconds = [round(delay.total_seconds()) for delay in delays]
    assert seconds == [30, 60, 120, 240]


def test_the_retry_succeeds_once_tiktok_answers_again(fake, deferred):
    add_videos(fake, 5)
    profile = connected_profile(fake)
    fake.fail_next("/v2/video/list/", 503, "internal_error")
    assert sync_tiktok_profile.call(profile.pk) == "retry"
    assert sync_tiktok_profile.call(*deferred.results[0].args) == "ok"
    assert TikTokDailySnapshot.objects.filter(profile=profile).count() == 1
    assert TikTokConnection.objects.get(profile=profile).last_error_code == ""


def test_a_revoked_token_stops_the_task_and_asks_to_reconnect(fake, deferred, client):
    profile = connected_profile(fake)
    fake.revoke_user()  # the creator removed the app in TikTok's settings

    assert sync_tiktok_profile.call(profile.pk) == "reconnect"

    assert deferred.results == []  # no retry
    connection = TikTokConnection.objects.get(profile=profile)
    assert connection.needs_reconnect
    assert fake.count("/v2/oauth/token/") == 1  # one refresh tried, then stopped
    assert sync_tiktok_profile.call(profile.pk) == "skipped"
    assert fake.count("/v2/user/info/") == 1
    client.force_login(profile.owner)
    with translation.override("en"):
        page = client.get(reverse("profile_detail", args=[profile.pk]))
    assert b'data-tiktok-status="reconnect"' in page.content
    assert "Reconnect TikTok" in page.content.decode()
    assert "expired or was withdrawn" in page.content.decode()


def test_an_access_token_about_to_expire_is_refreshed_first(fake, deferred):
    profile = connected_profile(
        fake, access_expires_at=timezone.now() + datetime.timedelta(minutes=2)
    )
    old = TikTokConnection.objects.get(profile=profile).access_token

    assert sync_tiktok_profile.call(profile.pk) == "ok"

    connection = TikTokConnection.objects.get(profile=profile)
    assert connection.access_token != old
    assert connection.access_token in fake.access_tokens
    assert fake.count("/v2/oauth/token/") == 1


def test_an_expired_access_token_is_refreshed_not_reported(fake, deferred):
    profile = connected_profile(fake)
    fake.expire_access_tokens()
    assert sync_tiktok_profile.call(profile.pk) == "ok"
    assert not TikTokConnection.objects.get(profile=profile).needs_reconnect


def test_the_command_enqueues_one_snapshot_per_connected_profile(fake, deferred):
    first, second = connected_profile(fake), connected_profile(fake)
    waiting = connected_profile(fake)
    TikTokConnection.objects.filter(profile=waiting).update(status="reconnect")
    make_profile()  # not connected

    output = io.StringIO()
    call_command("sync_tiktok", stdout=output)

    assert "2 TikTok snapshot(s) enqueued." in output.getvalue()
    assert sorted(result.args[0] for result in deferred.results) == [first.pk, second.pk]


def test_the_client_never_sends_more_than_the_limit_in_a_minute():
    now = [0.0]
    sent = []

    def sleep(seconds):
        now[0] += seconds

    limiter = client.SlidingWindowLimiter(10, clock=lambda: now[0], sleep=sleep)
    for _ in range(35):
        limiter.wait("/v2/video/list/")
        sent.append(now[0])
        now[0] += 0.5  # the request itself

    for index, moment in enumerate(sent):
        in_window = [other for other in sent[index:] if other < moment + 60]
        assert len(in_window) <= 10
    assert sent[-1] >= 180  # 35 calls at 10 a minute need three full windows


def test_two_workers_do_not_both_spend_the_rotating_refresh_token(fake, deferred):
    from creators.tiktok_sync import refresh_tokens

    profile = connected_profile(
        fake, access_expires_at=timezone.now() + datetime.timedelta(minutes=2)
    )
    first = TikTokConnection.objects.get(profile=profile)
    second = TikTokConnection.objects.get(profile=profile)  # loaded before the first refreshed

    refresh_tokens(first)
    refresh_tokens(second)

    assert fake.count("/v2/oauth/token/") == 1
    assert second.access_token == first.access_token
    assert second.refresh_token in fake.refresh_tokens


def test_a_malformed_token_key_stops_the_settings_with_one_line():
    from tests.test_settings import run_manage

    result = run_manage({"TIKTOK_TOKEN_KEYS": "not-a-key"}, "check")
    assert result.returncode != 0
    assert "TIKTOK_TOKEN_KEYS must be Fernet keys" in result.stderr.strip().splitlines()[-1]


def test_reconnecting_after_a_revocation_resumes_the_snapshots(fake, deferred, client):
    from tests.creators.test_tiktok_api import authorize_at_fake

    profile = connected_profile(fake)
    fake.revoke_user()
    assert sync_tiktok_profile.call(profile.pk) == "reconnect"
    client.force_login(profile.owner)

    start = client.post(reverse("tiktok_connect", args=[profile.pk]))
    client.get(reverse("tiktok_callback"), authorize_at_fake(start["Location"]))

    connection = TikTokConnection.objects.get(profile=profile)
    assert not connection.needs_reconnect
    assert sync_tiktok_profile.call(profile.pk) == "ok"


def test_tokens_unreadable_after_a_key_change_ask_to_reconnect(fake, deferred, settings):
    from cryptography.fernet import Fernet

    profile = connected_profile(fake)
    settings.TIKTOK_TOKEN_KEYS = [Fernet.generate_key().decode()]  # the old key is gone

    assert sync_tiktok_profile.call(profile.pk) == "reconnect"
    assert TikTokConnection.objects.get(profile=profile).last_error_code == "token_unreadable"
