"""The media kit in a browser: the creator's page (no app navigation), accessible, usable at
390 px, and one clean A4 page when printed, with the imported audience on it."""

from __future__ import annotations

import datetime
import io
import unicodedata

import pytest
from playwright.sync_api import expect
from pypdf import PdfReader

from creators import audience
from creators.models import MediaKit
from creators.studio.reading import read_exports
from tests.browser.conftest import assert_accessible
from tests.creators.factories import make_month, make_profile
from tests.creators.test_audience import sample_exports

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
    MediaKit.objects.create(
        profile=profile,
        language="en",
        bio="Personal finance in plain French, one budget at a time.",
        languages="French, English",
        links="https://www.instagram.com/lea.finance\nhttps://www.youtube.com/@lea.finance",
    )
    result = read_exports(sample_exports(), datetime.date(2026, 11, 21))
    audience.apply(profile, result.audience)
    profile.enable_media_kit()
    profile.save()
    return f"/kit/{profile.media_kit_token}/"


def test_the_media_kit_is_the_creators_page_and_accessible(page, kit_url):
    page.goto(kit_url)
    expect(page.get_by_role("heading", level=1)).to_have_text("Léa")
    expect(page.locator("[data-price=dedicated_video]")).to_contain_text("€")
    expect(page.locator("[data-chart=gender]")).to_contain_text("62 %")
    expect(page.locator("[data-chart=territories]")).to_contain_text("71 %")
    expect(page.get_by_role("img", name="Active followers by hour")).to_be_visible()
    expect(page.locator("[data-video]")).to_have_count(5)
    expect(page.get_by_role("navigation")).to_have_count(0)
    expect(page.get_by_role("link", name="Log in")).to_have_count(0)
    assert_accessible(page)


def test_it_works_at_390_px_without_sideways_scroll(page, kit_url):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(kit_url)
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 390, width
    assert_accessible(page)


def test_the_print_view_is_one_clean_a4_page(page, kit_url):
    page.goto(kit_url)
    page.emulate_media(media="print")
    expect(page.get_by_role("heading", level=1)).to_be_visible()
    expect(page.get_by_text("Download as PDF")).to_be_hidden()
    pdf = page.pdf(format="A4", prefer_css_page_size=True)
    reader = PdfReader(io.BytesIO(pdf))
    assert len(reader.pages) == 1
    text = unicodedata.normalize("NFKC", reader.pages[0].extract_text())  # "ﬁ" ligatures
    assert "@lea.finance" in text
    assert "Routine beauté #15" in text


def test_the_creator_fills_in_the_kit_without_javascript_and_sees_it(
    page, page_without_js, tmp_path
):
    from tests.browser.test_tracking import create_profile, sign_up
    from tests.creators.test_kit_photo import jpeg_with_gps

    sign_up(page, "kit@example.com")
    create_profile(page, "lea.kit")
    page.get_by_role("link", name="Media kit").first.click()
    assert_accessible(page)
    page_without_js.context.add_cookies(page.context.cookies())
    page_without_js.set_viewport_size({"width": 390, "height": 844})
    page_without_js.goto(page.url)
    form = page_without_js
    photo = tmp_path / "me.jpg"
    photo.write_bytes(jpeg_with_gps())
    form.get_by_label("Photo", exact=True).set_input_files(str(photo))
    form.get_by_label("Language of the kit").select_option("en")
    form.get_by_label("Short bio").fill("Skincare that works, tested for a month.")
    form.get_by_label("Story").fill("180")
    form.get_by_role("button", name="Turn the media kit on").click()
    expect(form.locator("[data-kit-link]")).to_be_visible()
    wide = form.evaluate(
        "[...document.querySelectorAll('body *')]"
        ".filter(e => e.getBoundingClientRect().right > 391)"
        ".map(e => e.tagName + '.' + e.className).slice(0, 8)"
    )
    assert form.evaluate("document.documentElement.scrollWidth") <= 390, wide

    page.goto(form.locator("[data-kit-link]").get_attribute("href"))
    expect(page.get_by_role("img", name="Photo of @lea.kit")).to_be_visible()
    expect(page.get_by_text("Skincare that works")).to_be_visible()
    expect(page.locator("[data-price=story]")).to_have_text("€180.00")
    assert_accessible(page)
