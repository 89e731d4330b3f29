"""Acceptance 3: the kit as a one-page A4 PDF drawn on the server, same content as the page."""

from __future__ import annotations

import io
import re
import unicodedata

import pytest
from pypdf import PdfReader

from creators.models import MediaKit, MediaKitPhoto
from tests.creators.factories import make_month, make_profile

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # WeasyPrint draws each PDF (about a second)

A4_POINTS = (595, 842)


@pytest.fixture
def profile():
    profile = make_profile(handle="lea.beaute", niche="beauty", display_name="Léa")
    make_month(profile, 2026, 10, followers=50_000, video_views=400_000, likes=30_000, comments=900)
    MediaKit.objects.create(profile=profile, language="en", bio="Organic beauty routines.")
    profile.enable_media_kit()
    profile.save()
    return profile


def pdf_text(client, profile) -> tuple[PdfReader, str]:
    response = client.get(f"/kit/{profile.media_kit_token}/pdf/")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    reader = PdfReader(io.BytesIO(response.content))
    text = " ".join(page.extract_text() for page in reader.pages)
    return reader, unicodedata.normalize("NFKC", text)  # "ﬁ" ligatures back to letters


def page_prices(client, profile) -> list[str]:
    html = client.get(f"/kit/{profile.media_kit_token}/").text
    return re.findall(r'data-price="[a-z_0-9]+">([^<]+)</td>', html)


def test_the_pdf_is_one_a4_page_with_the_handle_and_the_prices(client, profile):
    reader, text = pdf_text(client, profile)
    assert len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert (round(float(box.width)), round(float(box.height))) == A4_POINTS
    flat = " ".join(text.split())
    assert "@lea.beaute" in flat
    assert "Organic beauty routines." in flat
    prices = page_prices(client, profile)
    assert len(prices) == 12
    for price in prices:  # the same prices as the page, every one of them
        assert " ".join(price.replace("\u00a0", " ").split()) in flat.replace("\u00a0", " ")


def test_the_pdf_stays_one_page_with_the_full_audience_and_a_photo(client, profile):
    from creators import audience, photos
    from creators.studio.reading import read_exports
    from tests.creators.test_audience import sample_exports
    from tests.creators.test_kit_photo import jpeg_with_gps

    result = read_exports(sample_exports(), __import__("datetime").date(2026, 11, 21))
    audience.apply(profile, result.audience)
    photo = photos.process(jpeg_with_gps())
    MediaKitPhoto.objects.create(
        profile=profile,
        data=photo.data,
        content_type=photo.content_type,
        width=photo.width,
        height=photo.height,
        digest=photo.digest,
    )
    reader, text = pdf_text(client, profile)
    assert len(reader.pages) == 1
    assert "Routine beauté #15" in text
    assert reader.pages[0].images  # the photo, inlined


def test_a_revoked_kit_has_no_pdf(client, profile):
    token = profile.media_kit_token
    profile.disable_media_kit()
    profile.save()
    assert client.get(f"/kit/{token}/pdf/").status_code == 404


def test_the_same_kit_is_drawn_once_and_a_change_is_drawn_again(client, profile, monkeypatch):
    from creators import pdf

    drawn = []
    render = pdf._render
    monkeypatch.setattr(pdf, "_render", lambda html: drawn.append(html) or render(html))
    pdf_text(client, profile)
    pdf_text(client, profile)
    assert len(drawn) == 1

    profile.kit.own_prices = {"story": "321"}
    profile.kit.save()
    _reader, text = pdf_text(client, profile)
    assert len(drawn) == 2
    assert "€321.00" in text
