"""Every action that can take time disables its button and shows a spinner while htmx works
(the browser tests watch it happen: tests/browser/test_mobile.py); without JavaScript the same
forms are plain forms with a real action."""

from __future__ import annotations

import re

import pytest

from estimator.models import RateCard
from tests.creators.factories import make_month, make_profile

pytestmark = pytest.mark.django_db

BUSY = 'hx-disabled-elt="find button[type=submit]"'


@pytest.fixture
def profile(client):
    profile = make_profile()
    client.force_login(profile.owner)
    return profile


def _form(text: str, action: str) -> str:
    """The <form …> … </form> whose action is `action`."""
    match = re.search(rf'<form[^>]*action="{re.escape(action)}"[^>]*>.*?</form>', text, re.S)
    assert match, f"no form for {action}"
    return match.group()


def _assert_busy_while_sent(form: str) -> None:
    assert 'method="post"' in form
    assert BUSY in form
    assert "htmx-indicator" in form and "spinner-border" in form
    assert "hx-post" in form or 'hx-boost="true"' in form


def test_the_recalculation_shows_its_progress(client, profile):
    make_month(profile, 2026, 10, followers=12_000, qualified_views=100_000, estimated_total=1)
    copy = RateCard.objects.get(is_active=True).clone(name="New")
    copy.activate()
    text = client.get(f"/en/profiles/{profile.pk}/").text
    _assert_busy_while_sent(_form(text, f"/en/profiles/{profile.pk}/recalculate/"))


def test_the_import_upload_and_its_confirmation_show_their_progress(client, profile):
    text = client.get(f"/en/profiles/{profile.pk}/import/").text
    _assert_busy_while_sent(_form(text, f"/en/profiles/{profile.pk}/import/"))


def test_adding_a_month_shows_its_progress(client, profile):
    text = client.get(f"/en/profiles/{profile.pk}/").text
    _assert_busy_while_sent(_form(text, f"/en/profiles/{profile.pk}/months/new/"))


def test_the_spinner_is_hidden_until_a_request_runs(settings):
    # htmx is told not to inject its own indicator styles (CSP): ours must hide it.
    css = (settings.BASE_DIR / "static" / "css" / "app.css").read_text()
    assert ".htmx-indicator { visibility: hidden; }" in css
    assert ".htmx-request .htmx-indicator" in css
