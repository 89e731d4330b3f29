"""The media kit in a browser: accessible, and a clean A4 page when printed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.creators.factories import make_month, make_profile

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def kit_url():
    profile = make_profile(
        handle="lea.finance",
        niche="finance",
        display_name="Léa",
        media_kit_contact="partenariats@lea.example",
    )
    for month, followers in ((9, 12_000), (10, 13_000)):
        make_month(
            profile,
            2026,
            month,
            followers=followers,
            video_views=200_000,
            videos_posted=10,
            likes=10_000,
            comments=500,
            shares=500,
        )
    profile.enable_media_kit()
    profile.save()
    return f"/en/kit/{profile.media_kit_token}/"


def test_the_media_kit_is_accessible(page, kit_url):
    page.goto(kit_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Léa")
    expect(page.locator("[data-price=post]")).to_contain_text("€")
    assert_accessible(page)


def test_the_print_view_is_one_clean_a4_page(page, kit_url):
    page.goto(kit_url)
    page.emulate_media(media="print")
    expect(page.locator(".site-header")).to_be_hidden()
    expect(page.locator(".site-footer")).to_be_hidden()
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")
    pages = re.findall(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)", pdf)
    assert pages == [b"1"], pages
