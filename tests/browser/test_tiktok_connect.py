"""Connecting a profile to TikTok in a real browser, through the fake TikTok's authorize page
(issue 19, acceptance 2): the first snapshot shows at once; disconnecting revokes the token at
TikTok and deletes it here. Without JavaScript, accessible, at 390 px."""

from __future__ import annotations

import re
import time

import pytest
from django.test import Client
from playwright.sync_api import expect

from creators.models import TikTokConnection
from tests.browser.conftest import assert_accessible
from tests.creators.factories import make_profile
from tests.support.fake_tiktok import FakeVideo, point_settings_at, running_fake_tiktok

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def fake(settings, live_server):
    with running_fake_tiktok() as fake:
        point_settings_at(settings, fake, f"{live_server.url}/tiktok/callback/")
        settings.SECURE_CSP = {
            **settings.SECURE_CSP,
            "form-action": [*settings.SECURE_CSP["form-action"], fake.url],
        }
        now = int(time.time())
        for index, duration in enumerate((95, 45, 75)):
            fake.videos.append(
                FakeVideo(f"70000000000000000{index}", now - 600 * (index + 1), duration,
                          view_count=1_000 * (index + 1), title=f"Clip {index}")
            )  # fmt: skip
        yield fake


@pytest.fixture
def profile():
    return make_profile(handle="lea.finance", display_name="Léa")


def log_in(browser_page, live_server, user) -> None:
    client = Client()
    client.force_login(user)
    browser_page.context.add_cookies(
        [{"name": "sessionid", "value": client.cookies["sessionid"].value, "url": live_server.url}]
    )


def test_connect_see_the_first_snapshot_then_disconnect_without_javascript(
    page_without_js, live_server, fake, profile
):
    page = page_without_js
    log_in(page, live_server, profile.owner)
    page.goto(f"/en/profiles/{profile.pk}/")

    page.get_by_role("button", name="Connect TikTok").click()
    expect(page).to_have_url(re.compile(re.escape(fake.url) + r"/v2/auth/authorize/\?"))
    page.get_by_role("button", name="Authorize").click()

    expect(page).to_have_url(re.compile(rf"/profiles/{profile.pk}/"))
    section = page.locator("#tiktok")
    expect(section.locator("[data-tiktok-status=active]")).to_be_visible()
    expect(section.locator("tbody tr")).to_have_count(3)
    long_video = section.locator("tr[data-video='700000000000000000']")
    expect(long_video).to_contain_text("95")
    expect(page.locator("[data-figure=followers]")).to_contain_text("12")
    token = TikTokConnection.objects.get(profile=profile).access_token

    page.get_by_role("button", name="Disconnect TikTok").click()

    expect(page.get_by_role("button", name="Connect TikTok")).to_be_visible()
    assert fake.revoked == [token]
    assert not TikTokConnection.objects.exists()


def test_the_connected_profile_is_accessible_at_390_px(page, live_server, fake, profile):
    log_in(page, live_server, profile.owner)
    page.goto(f"/en/profiles/{profile.pk}/")
    assert_accessible(page)  # the "Connect TikTok" section
    page.set_viewport_size({"width": 390, "height": 844})
    page.get_by_role("button", name="Connect TikTok").click()
    page.get_by_role("button", name="Authorize").click()
    expect(page.locator("#tiktok tbody tr")).to_have_count(3)

    assert_accessible(page)
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    wide = page.evaluate(
        """[...document.querySelectorAll('body *')]
        .filter(e => e.getBoundingClientRect().right > 391).slice(0, 5)
        .map(e => e.tagName + '.' + e.className)"""
    )
    assert overflow <= 0, wide
