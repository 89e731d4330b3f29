"""The monthly digest: opt-in, received by a real SMTP server, once per month and person."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from creators import digest
from creators.models import DigestSubscription, MonthlyDigest
from tests.creators.factories import make_history, make_month, make_profile, make_user
from tests.support.smtp import running_smtp_server

OCTOBER = datetime.date(2026, 10, 1)


@pytest.fixture
def smtp(settings):
    with running_smtp_server() as server:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": server.port, "use_tls": False},
            }
        }
        yield server


@pytest.fixture
def lea(db):
    user = make_user("lea@example.com")
    profile = make_profile(owner=user, handle="lea.finance")
    make_history(profile, 6, end=OCTOBER, long_video_views=None)
    return user


def subscribe(user, language="fr"):
    DigestSubscription.objects.create(user=user, language=language)


def test_it_is_off_by_default(lea, smtp):
    call_command("send_monthly_digests", "--month", "2026-10")
    assert smtp.messages == []


def test_a_subscribed_creator_receives_one_digest_per_month(lea, smtp):
    subscribe(lea, "en")
    call_command("send_monthly_digests", "--month", "2026-10")
    assert len(smtp.messages) == 1
    message = smtp.messages[0]
    assert message["To"] == "lea@example.com"
    assert message["Subject"] == "Your TikTok month: October 2026"
    body = message.get_content()
    assert "@lea.finance" in body
    assert "Followers at month end: 7,500 (+7.1 %)" in body  # 7 000 → 7 500
    # No long-video views nor diamonds typed: nothing is priced, so the total is unknown, not 0 €.
    assert "Estimated income for the month (expected): unknown" in body
    assert "€0.00" not in body
    assert "Next threshold: Views in 30 days +15,000 to reach 100,000" in body  # 85 000 views
    assert "Not typed yet" in body and "Views on videos over 1 minute" in body

    call_command("send_monthly_digests", "--month", "2026-10")  # run twice: nothing sent again
    digest.send_digest.enqueue(lea.pk, OCTOBER.isoformat())  # even when enqueued again
    assert len(smtp.messages) == 1
    assert MonthlyDigest.objects.filter(user=lea, month=OCTOBER).count() == 1

    call_command("send_monthly_digests", "--month", "2026-11")  # the next month is another digest
    assert len(smtp.messages) == 2
    assert "No figures for November 2026 yet" in smtp.messages[1].get_content()


def test_it_is_written_in_the_language_chosen_when_subscribing(lea, smtp):
    subscribe(lea, "fr")
    call_command("send_monthly_digests", "--month", "2026-10")
    (message,) = smtp.messages
    assert message["Subject"] == "Votre mois TikTok : octobre 2026"
    assert "Abonnés en fin de mois" in message.get_content()


def test_the_database_refuses_a_second_digest_for_the_same_month(lea):
    MonthlyDigest.objects.create(user=lea, month=OCTOBER)
    with pytest.raises(IntegrityError), transaction.atomic():
        MonthlyDigest.objects.create(user=lea, month=OCTOBER)


def test_a_failed_send_records_nothing_so_it_can_be_retried(lea, settings):
    subscribe(lea)
    settings.MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": 9, "use_tls": False, "timeout": 2},
        }
    }
    with pytest.raises(OSError):
        digest.send_digest.call(lea.pk, OCTOBER.isoformat())
    assert not MonthlyDigest.objects.exists()


def test_the_command_defaults_to_last_month(lea, smtp, monkeypatch):
    subscribe(lea, "en")
    monkeypatch.setattr(digest, "today", lambda: datetime.date(2026, 11, 2))
    call_command("send_monthly_digests")
    assert MonthlyDigest.objects.get().month == OCTOBER


def test_the_account_page_turns_it_on_and_off(client, lea):
    client.force_login(lea)
    page = client.get("/en/account/")
    assert 'name="monthly_digest"' in page.text and " checked" not in page.text
    client.post("/en/account/digest/", {"monthly_digest": "on"})
    assert DigestSubscription.objects.get(user=lea).language == "en"
    assert " checked" in client.get("/en/account/").text
    client.post("/en/account/digest/", {})
    assert not DigestSubscription.objects.exists()


def test_the_account_digest_page_needs_a_login_and_a_post(client, lea):
    assert client.post("/en/account/digest/", {"monthly_digest": "on"}).status_code == 302
    assert not DigestSubscription.objects.exists()
    client.force_login(lea)
    assert client.get("/en/account/digest/").status_code == 405


def test_a_priced_month_gives_its_amount(db, smtp):
    user = make_user("sam@example.com")
    profile = make_profile(owner=user, handle="sam")
    make_month(profile, 2026, 10, followers=20_000, video_views=300_000, diamonds=10_000)
    subscribe(user, "en")
    call_command("send_monthly_digests", "--month", "2026-10")
    body = smtp.messages[0].get_content()
    assert "Estimated income for the month (expected): €" in body
    assert "unknown" not in body.split("Estimated income")[1].splitlines()[0]


def test_growth_is_not_computed_across_a_gap(db, smtp):
    user = make_user("gap@example.com")
    profile = make_profile(owner=user, handle="gap")
    make_month(profile, 2026, 7, followers=1_000, video_views=10_000)
    make_month(profile, 2026, 10, followers=2_000, video_views=10_000)
    subscribe(user, "en")
    call_command("send_monthly_digests", "--month", "2026-10")
    body = smtp.messages[0].get_content()
    followers = next(line for line in body.splitlines() if line.startswith("Followers"))
    assert followers == "Followers at month end: 2,000"  # no "(+100 %)" against July
