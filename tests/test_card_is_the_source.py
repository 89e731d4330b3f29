"""The rate card is the only home of countries, currencies and niches: a country with a new
currency and a new niche, added through the admin's own forms, appear in the estimator, the
planner and the profile form, their amounts in that currency, without any code change."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from django.utils import translation

from creators.models import CreatorProfile
from estimator import snapshot
from estimator.models import RateCard
from estimator.presentation import format_money
from tests.creators.factories import make_history, make_profile, make_user

CHECKED = {"source": "Test: a Swiss card", "checked_on": "2026-11-30", "confidence": "2"}
SWITZERLAND = {
    "code": "CH",
    "name_fr": "Suisse",
    "name_en": "Switzerland",
    "currency": "CHF",
    "creator_rewards": "on",
    "tiktok_shop": "",
    "shop_min_followers": "",
    "subscription_share_low": "0.5",
    "subscription_share_expected": "0.5",
    "subscription_share_high": "0.7",
    "note": "",
    **CHECKED,
}
PETS = {
    "slug": "pets",
    "label_fr": "Animaux",
    "label_en": "Pets",
    "position": "5",
    "rpm_multiplier": "1.1",
    "brand_multiplier": "1.2",
    **CHECKED,
}
# Only euros to francs: dollars reach francs through the euro, as the engine converts.
EUR_TO_CHF = {"from_currency": "EUR", "to_currency": "CHF", "rate": "0.93", **CHECKED}

# A Swiss creator in the new niche, with sponsored videos: a brand estimate in francs.
QUERY = {
    "country": "CH",
    "niche": "pets",
    "followers": "40000",
    "views_30d": "600000",
    "posts_30d": "20",
    "sponsored_posts": "2",
}


@pytest.fixture(autouse=True)
def _forget_parsed_rate_cards(monkeypatch):
    # Card ids are reused once a test's transaction is rolled back.
    monkeypatch.setattr(snapshot, "_rates_by_card", {})


@pytest.fixture(autouse=True)
def _in_french():
    # The unprefixed addresses are the French ones, whatever an earlier request activated.
    with translation.override("fr"):
        yield


def change_form_data(page) -> dict[str, str]:
    """The change form as a browser posts it back, unchanged."""
    forms = [page.context["adminform"].form]
    for inline in page.context["inline_admin_formsets"]:
        forms += [inline.formset.management_form, *inline.formset.forms]
    data = {}
    for form in forms:
        for field in form:
            value = field.value()
            if value is True:
                data[field.html_name] = "on"
            elif value is not False:
                data[field.html_name] = "" if value is None else str(value)
    return data


def add_row(data: dict[str, str], prefix: str, values: dict[str, str]) -> None:
    """One more row in the inline `prefix`, as the admin's "Add another" does."""
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data.update({f"{prefix}-{index}-{name}": value for name, value in values.items()})


def add_switzerland_and_pets_in_the_admin(admin_client) -> RateCard:
    active = RateCard.objects.get(is_active=True)
    changelist = reverse("admin:estimator_ratecard_changelist")
    admin_client.post(changelist, {"action": "clone_card", "_selected_action": [active.pk]})
    draft = RateCard.objects.get(cloned_from=active)
    change_url = reverse("admin:estimator_ratecard_change", args=[draft.pk])
    data = change_form_data(admin_client.get(change_url))
    add_row(data, "countries", SWITZERLAND)
    add_row(data, "niches", PETS)
    add_row(data, "exchange_rates", EUR_TO_CHF)
    saved = admin_client.post(change_url, data)
    assert saved.status_code == 302, saved.context and [
        formset.errors for formset in saved.context["inline_admin_formsets"]
    ]
    admin_client.post(changelist, {"action": "activate_card", "_selected_action": [draft.pk]})
    draft.refresh_from_db()
    assert draft.is_active
    return draft


def options(html: str, name: str) -> dict[str, str]:
    """The options of the select `name`: value → text."""
    select = re.search(rf'<select name="{name}".*?</select>', html, re.S)
    assert select, name
    return dict(re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', select.group(0)))


def francs(text: str, language: str) -> list[str]:
    """The amounts in Swiss francs in `text`, as the language writes them."""
    if language == "fr":
        return re.findall(r"\d[\d\u00a0]*,\d\d\u00a0CHF", text)
    return re.findall(r"CHF\u00a0\d[\d,]*\.\d\d", text)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("language", "country", "niche"),
    [("fr", "Suisse (CHF)", "Animaux"), ("en", "Switzerland (CHF)", "Pets")],
)
def test_a_country_and_a_niche_added_in_the_admin_reach_every_form(
    admin_client, client, language, country, niche
):
    add_switzerland_and_pets_in_the_admin(admin_client)
    with translation.override(language):
        urls = (reverse("home"), reverse("plan"))

    for url in urls:
        page = client.get(url, QUERY)
        assert page.status_code == 200
        html = page.text
        assert options(html, "country")["CH"] == country
        assert options(html, "niche")["pets"] == niche
        # The primary audience stays first; the new country comes after it.
        assert list(options(html, "country"))[:3] == ["FR", "BE", "CA"]
        assert francs(html, language), url
        form = page.context["form"]
        if callable(form):  # the estimator hands its parts to the template as callables
            form = form()
        assert not form.errors

    with translation.override(language):
        goal = format_money(page.context["plan"].goal, "CHF")
    assert goal in html


@pytest.mark.slow  # over a second (README: the fast tier)
@pytest.mark.django_db
def test_the_profile_form_offers_them_and_the_profile_counts_in_francs(admin_client, client):
    add_switzerland_and_pets_in_the_admin(admin_client)
    user = make_user()
    client.force_login(user)

    form_page = client.get(reverse("profile_create"))
    html = form_page.text
    assert options(html, "country")["CH"] == "Suisse"
    assert options(html, "niche")["pets"] == "Animaux"
    assert "CHF" in options(html, "currency")

    created = client.post(
        reverse("profile_create"),
        {
            "handle": "swiss.pets",
            "country": "CH",
            "niche": "pets",
            "account_type": "personal",
            "currency": "",
        },
    )
    assert created.status_code == 302, created.context["form"].errors
    profile = CreatorProfile.objects.get(owner=user)
    assert (profile.country, profile.niche) == ("CH", "pets")

    make_history(profile, 3)
    plan = client.get(reverse("profile_plan", args=[profile.pk]))
    assert plan.status_code == 200
    assert francs(plan.text, "fr")


@pytest.mark.django_db
def test_the_profile_form_refuses_a_niche_the_card_does_not_have(client):
    user = make_user()
    client.force_login(user)

    page = client.post(
        reverse("profile_create"),
        {
            "handle": "someone",
            "country": "FR",
            "niche": "pets",
            "account_type": "personal",
            "currency": "",
        },
    )

    assert page.status_code == 200
    assert list(page.context["form"].errors) == ["niche"]
    assert not CreatorProfile.objects.exists()


@pytest.mark.django_db
def test_a_profile_keeps_a_niche_a_later_card_dropped_when_saving_other_fields(client):
    user = make_user()
    client.force_login(user)
    profile = make_profile(user, handle="old.niche", niche="knitting")
    edit_url = reverse("profile_edit", args=[profile.pk])

    assert options(client.get(edit_url).text, "niche")["knitting"] == "knitting"
    saved = client.post(
        edit_url,
        {
            "handle": "old.niche",
            "display_name": "Renamed",
            "country": "FR",
            "niche": "knitting",
            "account_type": "personal",
            "currency": "",
        },
    )

    assert saved.status_code == 302, saved.context["form"].errors
    profile.refresh_from_db()
    assert (profile.display_name, profile.niche) == ("Renamed", "knitting")
