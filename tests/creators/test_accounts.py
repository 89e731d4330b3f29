"""Accounts: sign up and log in by email, passwords, delete everything, download everything."""

from __future__ import annotations

import datetime
import json
import re
from decimal import Decimal

import pytest
from django.contrib.auth import SESSION_KEY
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from creators.models import (
    AccountSettings,
    AudienceSnapshot,
    CreatorProfile,
    DigestSubscription,
    MediaKit,
    MonthlyStat,
)

pytestmark = pytest.mark.django_db

PASSWORD = "a-long-and-rare-passphrase"
NEW_PASSWORD = "another-long-and-rare-passphrase"


@pytest.fixture
def ana(django_user_model):
    return django_user_model.objects.create_user(
        username="ana@example.com", email="ana@example.com", password=PASSWORD
    )


@pytest.fixture
def logged_in(client, ana):
    client.force_login(ana)
    return client


def make_profile(owner, handle="ana.creates", months=2) -> CreatorProfile:
    profile = CreatorProfile.objects.create(owner=owner, handle=handle, display_name="Ana")
    for number in range(1, months + 1):
        MonthlyStat.objects.create(
            profile=profile,
            month=datetime.date(2025, number, 1),
            followers=1000 * number,
            actual_creator_rewards=Decimal("12.50"),
        )
    return profile


def signup(client, email="ana@example.com", password=PASSWORD, confirmation=None):
    return client.post(
        reverse("signup"),
        {"email": email, "password1": password, "password2": confirmation or password},
    )


def log_in(client, email="ana@example.com", password=PASSWORD, **extra):
    return client.post(reverse("login"), {"username": email, "password": password, **extra})


def is_logged_in(client) -> bool:
    return SESSION_KEY in client.session


# Sign up


def without_secrets(html: str) -> str:
    """A page without what differs on every response: the CSP nonce, the CSRF token."""
    html = re.sub(r'nonce="[^"]+"', "", html)
    return re.sub(r"[A-Za-z0-9]{64}", "", html)


def mailed_link(message) -> str:
    return re.search(r"https?://testserver(/\S+)", message.body).group(1)


def test_sign_up_creates_an_inactive_user_and_mails_the_link(client, django_user_model, mailoutbox):
    response = signup(client, email="Ana@Example.com")
    assert response.status_code == 302
    assert response["Location"] == reverse("signup_sent")
    user = django_user_model.objects.get()
    assert user.username == "ana@example.com"
    assert user.email == "ana@example.com"
    assert user.check_password(PASSWORD)
    assert not user.is_active
    assert not is_logged_in(client)
    (message,) = mailoutbox
    assert message.to == ["ana@example.com"]
    assert "/account/signup/confirm/" in mailed_link(message)


def test_the_mailed_link_confirms_the_account_once_and_logs_in(
    client, django_user_model, mailoutbox
):
    signup(client)
    link = mailed_link(mailoutbox[0])
    page = client.get(link)
    assert page.status_code == 200
    assert 'method="post"' in page.text
    assert not django_user_model.objects.get().is_active  # opening the link activates nothing
    response = client.post(link)
    assert response["Location"] == reverse("dashboard")
    assert django_user_model.objects.get().is_active
    assert is_logged_in(client)
    client.logout()
    used = client.get(link)
    assert used.context["valid"] is False
    assert client.post(link).context["valid"] is False
    assert not is_logged_in(client)
    assert log_in(client).status_code == 302


def test_an_unconfirmed_account_cannot_log_in(client, mailoutbox):
    signup(client)
    assert log_in(client).status_code == 200
    assert not is_logged_in(client)


def test_a_forged_link_confirms_nothing(client, django_user_model, mailoutbox):
    signup(client)
    link = mailed_link(mailoutbox[0])
    forged = link.rstrip("/")[:-3] + "abc/"
    assert client.post(forged).context["valid"] is False
    assert not django_user_model.objects.get().is_active


def test_sign_up_page_is_a_csrf_protected_form(client):
    response = client.get(reverse("signup"))
    assert response.status_code == 200
    assert 'name="csrfmiddlewaretoken"' in response.text
    assert 'type="email"' in response.text


def test_sign_up_answers_the_same_for_an_existing_email_and_mails_its_owner(
    client, ana, django_user_model, mailoutbox
):
    new = signup(client, email="someone.new@example.com")
    existing = signup(client, email="ANA@example.COM")
    assert (existing.status_code, existing["Location"]) == (new.status_code, new["Location"])
    assert without_secrets(client.get(existing["Location"]).text) == without_secrets(
        client.get(new["Location"]).text
    )
    assert django_user_model.objects.filter(username="ana@example.com").count() == 1
    ana.refresh_from_db()
    assert ana.check_password(PASSWORD)  # nothing about the account changed
    assert not is_logged_in(client)
    to_ana = [message for message in mailoutbox if message.to == ["ana@example.com"]]
    assert len(to_ana) == 1
    assert "/account/login/" in to_ana[0].body
    assert "/account/password/reset/" in to_ana[0].body
    assert "/signup/confirm/" not in to_ana[0].body  # no link that would open an account


def test_signing_up_again_before_confirming_mails_the_link_again(client, mailoutbox):
    signup(client)
    signup(client)
    assert len(mailoutbox) == 2
    assert all("/account/signup/confirm/" in message.body for message in mailoutbox)


@pytest.mark.parametrize("password", ["12345678", "password", "short"])
def test_a_weak_password_is_refused(client, password, django_user_model):
    response = signup(client, password=password)
    assert response.status_code == 200
    # Under the password itself, marked and focused; not under its confirmation.
    form = response.context["form"]
    assert form.errors["password1"]
    assert "password2" not in form.errors
    field = re.search(r'<input[^>]*name="password1"[^>]*>', response.text).group()
    assert 'aria-invalid="true"' in field
    assert "autofocus" in field
    assert 'id="id_password1_error"' in response.text
    assert not django_user_model.objects.exists()


def test_a_password_too_close_to_the_email_is_refused(client, django_user_model):
    response = signup(client, email="marguerite.duras@example.com", password="marguerite.duras")
    assert response.context["form"].has_error("password1", "password_too_similar")
    assert not django_user_model.objects.exists()


def test_a_mismatched_confirmation_is_refused(client, django_user_model):
    response = signup(client, confirmation=NEW_PASSWORD)
    assert response.context["form"].has_error("password2", "password_mismatch")
    assert not django_user_model.objects.exists()


def test_a_logged_in_user_is_sent_from_sign_up_to_the_dashboard(logged_in):
    response = logged_in.get(reverse("signup"))
    assert response["Location"] == reverse("dashboard")


# Log in and log out


def test_log_in_by_email_in_any_case(client, ana):
    response = log_in(client, email="  ANA@Example.com ")
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard")
    assert is_logged_in(client)


def test_a_wrong_password_is_refused(client, ana):
    response = log_in(client, password="not-the-password")
    assert response.status_code == 200
    assert response.context["form"].has_error("__all__", "invalid_login")
    assert not is_logged_in(client)


def test_the_login_field_is_labelled_email(client):
    with translation.override("en"):
        response = client.get(reverse("login"))
    assert re.search(r'<label\s+for="id_username"[^>]*>\s*Email\b', response.text)
    assert 'autocomplete="username"' in response.text


def test_log_in_follows_a_local_next(client, ana):
    response = log_in(client, next=reverse("account"))
    assert response["Location"] == reverse("account")


def test_log_in_ignores_a_next_to_another_site(client, ana):
    response = log_in(client, next="https://evil.example/steal")
    assert response["Location"] == reverse("dashboard")


def test_the_login_page_keeps_next_in_the_form(client):
    response = client.get(reverse("login"), {"next": reverse("account")})
    assert f'name="next" value="{reverse("account")}"' in response.text


def test_logout_is_post_only(logged_in):
    assert logged_in.get(reverse("logout")).status_code == 405
    assert is_logged_in(logged_in)

    response = logged_in.post(reverse("logout"))
    assert response["Location"] == reverse("home")
    assert not is_logged_in(logged_in)


# Passwords


def test_password_change_requires_login(client):
    response = client.get(reverse("password_change"))
    assert response["Location"].startswith(reverse("login") + "?next=")


def test_password_change_sets_the_new_password_and_keeps_the_session(logged_in, ana):
    response = logged_in.post(
        reverse("password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("password_change_done")
    ana.refresh_from_db()
    assert ana.check_password(NEW_PASSWORD)
    assert logged_in.get(reverse("password_change_done")).status_code == 200


def test_password_change_refuses_a_wrong_old_password(logged_in, ana):
    response = logged_in.post(
        reverse("password_change"),
        {"old_password": "wrong", "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response.context["form"].has_error("old_password", "password_incorrect")
    ana.refresh_from_db()
    assert ana.check_password(PASSWORD)


def test_password_reset_mails_a_link_that_sets_a_new_password(client, ana, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "ANA@example.com"})
    assert response["Location"] == reverse("password_reset_done")
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert mail.to == ["ana@example.com"]
    assert "\n" not in mail.subject
    link = re.search(r"https?://testserver(/\S+)", mail.body).group(1)

    form_page = client.get(link, follow=True)
    assert form_page.context["validlink"]
    response = client.post(
        form_page.redirect_chain[-1][0],
        {"new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert response["Location"] == reverse("password_reset_complete")

    assert log_in(client, password=NEW_PASSWORD)["Location"] == reverse("dashboard")
    assert is_logged_in(client)


def test_password_reset_for_an_unknown_email_sends_nothing_and_says_the_same(client, mailoutbox):
    response = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert response["Location"] == reverse("password_reset_done")
    assert mailoutbox == []


def test_a_used_reset_link_no_longer_works(client, ana, mailoutbox):
    client.post(reverse("password_reset"), {"email": "ana@example.com"})
    link = re.search(r"https?://testserver(/\S+)", mailoutbox[0].body).group(1)
    ana.set_password(NEW_PASSWORD)
    ana.save()
    assert client.get(link).context["validlink"] is False


# Account overview


def test_the_account_page_requires_login(client):
    response = client.get(reverse("account"))
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('login')}?next={reverse('account')}"


def test_the_account_page_shows_the_email_and_links(logged_in):
    response = logged_in.get(reverse("account"))
    assert response.status_code == 200
    assert "ana@example.com" in response.text
    for name in ("password_change", "account_export", "account_delete"):
        assert f'href="{reverse(name)}"' in response.text


# Delete the account


def test_the_delete_page_says_what_will_be_deleted(logged_in, ana):
    make_profile(ana, "first", months=2)
    make_profile(ana, "second", months=1)
    response = logged_in.get(reverse("account_delete"))
    assert response.status_code == 200
    assert response.context["profile_count"] == 2
    assert response.context["month_count"] == 3
    assert 'name="csrfmiddlewaretoken"' in response.text


def test_delete_requires_login(client):
    response = client.post(reverse("account_delete"), {"password": PASSWORD})
    assert response["Location"].startswith(reverse("login"))


def test_delete_with_the_wrong_password_deletes_nothing(logged_in, ana, django_user_model):
    make_profile(ana)
    response = logged_in.post(reverse("account_delete"), {"password": "wrong"})
    assert response.status_code == 200
    assert response.context["form"].has_error("password", "password_incorrect")
    assert django_user_model.objects.filter(pk=ana.pk).exists()
    assert CreatorProfile.objects.count() == 1
    assert MonthlyStat.objects.count() == 2
    assert is_logged_in(logged_in)


def test_delete_with_the_password_removes_the_user_their_profiles_and_months_and_logs_out(
    logged_in, ana, django_user_model
):
    make_profile(ana)
    bob = django_user_model.objects.create_user("bob@example.com", "bob@example.com", PASSWORD)
    make_profile(bob, "bob.films", months=1)

    response = logged_in.post(reverse("account_delete"), {"password": PASSWORD}, follow=True)

    assert response.redirect_chain == [(reverse("home"), 302)]
    assert [message.level_tag for message in response.context["messages"]] == ["success"]
    assert not django_user_model.objects.filter(pk=ana.pk).exists()
    assert list(CreatorProfile.objects.values_list("handle", flat=True)) == ["bob.films"]
    assert MonthlyStat.objects.count() == 1
    assert not is_logged_in(logged_in)


# Download my data


def test_export_requires_login(client):
    response = client.get(reverse("account_export"))
    assert response["Location"].startswith(reverse("login"))


def test_export_is_a_dated_json_attachment(logged_in):
    response = logged_in.get(reverse("account_export"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    filename = f"tiktok-planner-data-{timezone.localdate():%Y-%m-%d}.json"
    assert response["Content-Disposition"] == f'attachment; filename="{filename}"'
    assert "no-store" in response["Cache-Control"]


def test_export_contains_my_profiles_and_months_and_not_another_users(
    logged_in, ana, django_user_model
):
    make_profile(ana, "ana.creates", months=2)
    bob = django_user_model.objects.create_user("bob@example.com", "bob@example.com", PASSWORD)
    make_profile(bob, "bob.films", months=1)

    data = json.loads(logged_in.get(reverse("account_export")).content)

    assert data["user"]["email"] == "ana@example.com"
    assert data["user"]["date_joined"].startswith(f"{ana.date_joined:%Y-%m-%d}")
    assert "last_login" in data["user"]
    [profile] = data["profiles"]
    assert profile["handle"] == "ana.creates"
    assert profile["display_name"] == "Ana"
    assert profile["country"] == "FR"
    assert "bob" not in json.dumps(data)
    assert [month["month"] for month in profile["months"]] == ["2025-01-01", "2025-02-01"]
    first = profile["months"][0]
    assert first["followers"] == 1000
    assert first["actual_creator_rewards"] == "12.50"


def test_export_has_every_field_of_profiles_and_months(logged_in, ana):
    make_profile(ana, months=1)
    [profile] = json.loads(logged_in.get(reverse("account_export")).content)["profiles"]
    profile_fields = {field.attname for field in CreatorProfile._meta.concrete_fields}
    month_fields = {field.attname for field in MonthlyStat._meta.concrete_fields}
    assert profile_fields <= set(profile)
    assert month_fields <= set(profile["months"][0])


def test_export_has_the_media_kit_the_audience_and_the_accounts_choices(logged_in, ana):
    profile = make_profile(ana, "kit")
    MediaKit.objects.create(profile=profile, bio="Finance en 60 s", own_prices={"story": "90"})
    AudienceSnapshot.objects.create(profile=profile, export_date=datetime.date(2026, 10, 21))
    AccountSettings.objects.create(user=ana, share_observed_rates=True)
    DigestSubscription.objects.create(user=ana, language="fr")

    data = json.loads(logged_in.get(reverse("account_export")).content)

    assert data["user"]["share_observed_rates"] is True
    assert data["user"]["monthly_digest"] == {"language": "fr"}
    [exported] = data["profiles"]
    assert exported["media_kit"]["bio"] == "Finance en 60 s"
    assert exported["media_kit"]["own_prices"] == {"story": "90"}
    assert exported["media_kit"]["photo"] is False
    assert [snapshot["export_date"] for snapshot in exported["audience"]] == ["2026-10-21"]


def test_export_queries_do_not_grow_with_the_number_of_profiles(logged_in, ana):
    make_profile(ana, "first")
    with CaptureQueriesContext(connection) as one_profile:
        logged_in.get(reverse("account_export"))

    make_profile(ana, "second", months=3)
    make_profile(ana, "third", months=1)
    with CaptureQueriesContext(connection) as three_profiles:
        response = logged_in.get(reverse("account_export"))

    assert len(json.loads(response.content)["profiles"]) == 3
    assert len(three_profiles) == len(one_profile)


def test_export_takes_thirteen_queries(logged_in, ana, django_assert_num_queries):
    make_profile(ana)
    # Session, user, months, profiles; TikTok connections, daily, video snapshots, videos;
    # media kits, photos, audiences; the account's choices and its digest.
    with django_assert_num_queries(13):
        logged_in.get(reverse("account_export"))
