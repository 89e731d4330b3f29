"""Say why, in the reader's language: Belgium and Canada show the country's note and its source
under the country-gated sources in French and in English, and no page in French shows the rate
card's English working text (name, notes, sources, conditions)."""

from __future__ import annotations

import datetime
import html
import re

import pytest
import time_machine
from django.utils import translation
from django.utils.html import strip_tags

from estimator.models import RateCard
from tests.creators.factories import make_month, make_profile

pytestmark = pytest.mark.django_db

NOVEMBER = time_machine.travel(datetime.datetime(2026, 11, 21, 12, 0), tick=False)
URL = re.compile(r"https?://\S+")


def default_snapshot() -> dict:
    """The default card as the migrations created it (the active card of a new database)."""
    return RateCard.objects.active().get().snapshot


def country_note(code: str) -> str:
    return next(row["note"] for row in default_snapshot()["countries"] if row["code"] == code)


def english_texts() -> set[str]:
    snapshot = default_snapshot()
    texts = {row["note"] for row in snapshot["countries"]}
    for table in snapshot.values():
        if isinstance(table, list):
            texts |= {row.get("source", "") for row in table}
            texts |= {row.get("conditions", "") for row in table}
    return {text for text in texts if text}


def english_fragments() -> set[str]:
    """The parts of the card's texts that are English words (not addresses or numbers)."""
    fragments = {"Default rate card"}
    for text in english_texts():
        with translation.override("fr"):
            if translation.gettext(text) == text:
                continue  # the same in both languages (addresses only)
        for part in re.split(r" ; |; |\(|\)", URL.sub("", text)):
            if len(re.findall(r"[A-Za-z]{3,}", part)) >= 3:
                fragments.add(part.strip())
    return fragments


def visible(page: str) -> str:
    return " ".join(html.unescape(strip_tags(page)).split())


@pytest.mark.parametrize("code", ["BE", "CA"])
@pytest.mark.parametrize("prefix", ["", "/en"])
def test_belgium_and_canada_say_why_with_the_source(client, code, prefix):
    page = client.get(f"{prefix}/", {"country": code, "followers": "20000"}).text
    with translation.override("en" if prefix else "fr"):
        note = translation.gettext(country_note(code))
    rewards = page.split('id="source-creator_rewards"')[1].split('id="source-')[0]
    assert "data-country-note" in rewards
    assert html.escape(note, quote=False) in rewards.replace("&#x27;", "'")
    assert "https://" in rewards.split("data-country-note")[1]  # the source, linked
    if not prefix:
        assert country_note(code) not in page  # the French page shows the French note


@NOVEMBER
def test_no_french_page_shows_the_cards_english_working_text(client):
    fragments = english_fragments()
    assert len(fragments) >= 10
    profile = make_profile(handle="lea", country="BE")
    make_month(profile, 2026, 10, followers=12_000, video_views=200_000)
    client.force_login(profile.owner)
    client.post(
        f"/profiles/{profile.pk}/media-kit/",
        {"action": "enable", "language": "fr", "price_display": "range"},
    )
    profile.refresh_from_db()
    pages = [
        "/",
        "/?country=BE&followers=20000&long_video_views=200000&diamonds=100&median_views=100",
        "/?country=CA&followers=20000&shop_sales=3&shop_order_value=20&subscribers=3&"
        "subscription_price=5&affiliate_sales=1&affiliate_order_value=10&ugc_videos=1",
        "/?country=FR&followers=20000&engagement_rate=4&niche=finance&posts_30d=4&views_30d=9000",
        "/plan/",
        "/plan/?country=CA&followers=2000",
        "/dashboard/",
        f"/profiles/{profile.pk}/",
        f"/profiles/{profile.pk}/plan/",
        f"/kit/{profile.media_kit_token}/",
    ]
    for path in pages:
        response = client.get(path)
        assert response.status_code == 200, path
        text = visible(response.text)
        for fragment in fragments:
            assert fragment not in text, (path, fragment)
