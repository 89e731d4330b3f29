"""RateCard.activate() refuses, from code as from the admin, a card the estimator could not
work with, and lists what is missing; nothing changes then."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.utils import translation

from estimator import snapshot
from estimator.models import IncompleteRateCard, RateCard
from estimator.snapshot import load_active_rates

pytestmark = pytest.mark.django_db

CHECKED = {"source": "tests", "checked_on": datetime.date(2026, 11, 21)}


@pytest.fixture(autouse=True)
def _forget_parsed_rate_cards(monkeypatch):
    # Card ids are reused once a test's transaction is rolled back.
    monkeypatch.setattr(snapshot, "_rates_by_card", {})


@pytest.fixture(autouse=True)
def _in_english():
    with translation.override("en"):
        yield


@pytest.fixture
def active_card() -> RateCard:
    return RateCard.objects.get(is_active=True)


@pytest.fixture
def draft_card(active_card) -> RateCard:
    return active_card.clone(name="Draft")


def add_britain(card: RateCard) -> None:
    card.countries.create(
        code="GB",
        name_fr="Royaume-Uni",
        name_en="United Kingdom",
        currency="GBP",
        creator_rewards=True,
        tiktok_shop=True,
        subscription_share_low=Decimal("0.5"),
        subscription_share_expected=Decimal("0.5"),
        subscription_share_high=Decimal("0.7"),
        **CHECKED,
    )


def refusal(card: RateCard) -> list[str]:
    with pytest.raises(IncompleteRateCard) as refused:
        card.activate()
    return refused.value.messages


def assert_nothing_changed(active_card: RateCard, draft_card: RateCard) -> None:
    assert list(RateCard.objects.active()) == [active_card]
    draft_card.refresh_from_db()
    assert (draft_card.is_active, draft_card.activated_at, draft_card.snapshot) == (
        False,
        None,
        None,
    )
    assert load_active_rates().card_id == active_card.pk


def test_a_country_whose_currency_has_no_exchange_rate_is_refused_from_code(
    active_card, draft_card
):
    add_britain(draft_card)

    assert refusal(draft_card) == ["missing exchange rates: EUR → GBP, USD → GBP"]
    assert_nothing_changed(active_card, draft_card)


def test_with_its_exchange_rates_the_new_country_is_estimated_in_its_own_currency(
    client, draft_card
):
    add_britain(draft_card)
    draft_card.exchange_rates.create(from_currency="EUR", to_currency="GBP", rate="0.85", **CHECKED)
    draft_card.exchange_rates.create(from_currency="USD", to_currency="GBP", rate="0.74", **CHECKED)

    draft_card.activate()

    answer = client.get("/api/estimate", {"country": "GB", "ugc_videos": "1"}).json()
    assert answer["currency"] == "GBP"
    ugc = next(source for source in answer["sources"] if source["key"] == "ugc")
    assert ugc["expected"] == "255.00"  # 300 € × 0.85


def test_a_missing_eligibility_rule_is_refused(active_card, draft_card):
    draft_card.eligibility_rules.filter(source_key="live_gifts").delete()

    assert refusal(draft_card) == ["missing eligibility rules: LIVE gifts"]
    assert_nothing_changed(active_card, draft_card)


def test_a_card_without_the_default_niche_is_refused(active_card, draft_card):
    # The card's niches are what the forms offer: only the default one is required.
    draft_card.niches.filter(slug__in=["general", "travel"]).delete()

    assert refusal(draft_card) == ["missing niches: general"]
    assert_nothing_changed(active_card, draft_card)


def test_every_missing_part_is_listed_at_once(active_card, draft_card):
    draft_card.rates.filter(key="rpm").delete()
    draft_card.countries.filter(code="BE").delete()
    draft_card.engagement_bands.filter(min_rate=0).delete()
    draft_card.exchange_rates.filter(to_currency="CAD").delete()

    problems = refusal(draft_card)

    assert problems == [
        "missing rates: Creator Rewards RPM (per 1,000 qualified views)",
        "missing countries: BE",
        "no engagement band starts at an engagement rate of 0",
        "missing exchange rates: EUR → CAD, USD → CAD",
    ]
    assert draft_card.activation_problems() == problems
    assert_nothing_changed(active_card, draft_card)


def test_a_complete_copy_is_activated(active_card, draft_card):
    assert draft_card.activation_problems() == []

    draft_card.activate()

    assert list(RateCard.objects.active()) == [draft_card]
    assert load_active_rates().card_id == draft_card.pk


def test_a_card_active_before_is_judged_on_the_snapshot_it_would_serve_again(
    active_card, draft_card
):
    draft_card.activate()
    # Rows changed behind the admin's back do not matter: the snapshot is what is served.
    active_card.exchange_rates.all().delete()

    active_card.activate()

    assert load_active_rates().card_id == active_card.pk
    assert load_active_rates().exchange_rates != ()
