"""French by default, English on /en/, and a French catalogue that is complete and compiled."""

from __future__ import annotations

from pathlib import Path

import polib
import pytest

CATALOGUE = Path(__file__).resolve().parent.parent / "locale" / "fr" / "LC_MESSAGES"


def test_every_french_message_is_translated_and_not_fuzzy():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    assert po.untranslated_entries() == []
    assert po.fuzzy_entries() == []
    assert len(po.translated_entries()) > 10


def test_the_compiled_catalogue_matches_the_source():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    mo = polib.mofile(str(CATALOGUE / "django.mo"))
    compiled = {(entry.msgctxt, entry.msgid): entry for entry in mo}
    for entry in po.translated_entries():
        assert (entry.msgctxt, entry.msgid) in compiled, f"not compiled: {entry.msgid!r}"
        assert compiled[(entry.msgctxt, entry.msgid)].msgstr == entry.msgstr


@pytest.mark.django_db
def test_home_is_french_whatever_the_browser_asks(client):
    response = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})
    assert response.status_code == 200
    assert '<html lang="fr">' in response.text
    assert "Combien pouvez-vous gagner sur TikTok\u00a0?" in response.text


@pytest.mark.django_db
def test_home_in_english_lives_under_en(client):
    response = client.get("/en/")
    assert response.status_code == 200
    assert '<html lang="en">' in response.text
    assert "How much can you earn on TikTok?" in response.text


@pytest.mark.django_db
def test_the_switcher_keeps_the_page_and_its_query(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/?followers=12"})
    assert response.status_code == 302
    assert response["Location"] == "/en/?followers=12"
    response = client.post("/i18n/setlang/", {"language": "fr", "next": "/?followers=12"})
    assert response["Location"] == "/?followers=12"


@pytest.mark.django_db
def test_the_switcher_posts_the_unprefixed_address_from_an_english_page(client):
    response = client.get("/en/?followers=12")
    assert 'name="next" value="/?followers=12"' in response.text
