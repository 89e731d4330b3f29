"""The admin's observed rates: distributions per country × niche × source from consenting
creators only, hidden under 10 creators, "Draft a card from observed rates", card accuracy."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
import time_machine
from django.contrib.admin.models import ADDITION, LogEntry
from django.db import connection
from django.test.utils import CaptureQueriesContext

from creators.models import AccountSettings
from estimator import snapshot
from estimator.models import RateCard
from tests.creators.factories import make_consenting_creators, make_earning_creator

pytestmark = [
    pytest.mark.django_db,
    pytest.mark.usefixtures("_december"),
]
PAGE = "/en/admin/estimator/observedrates/"
DRAFT = "/en/admin/estimator/observedrates/draft/"


@pytest.fixture
def _december():
    with time_machine.travel(datetime.datetime(2026, 12, 15, 12, 0), tick=False):
        yield


@pytest.fixture(autouse=True)
def _forget_parsed_rate_cards(monkeypatch):
    monkeypatch.setattr(snapshot, "_rates_by_card", {})


@pytest.fixture
def admin_client(client, django_user_model):
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "x")
    client.force_login(admin)
    return client


def cell_row(text: str, cell: str) -> list[str] | None:
    row = re.search(rf'<tr data-cell="{cell}">(.*?)</tr>', text, re.S)
    if row is None:
        return None
    return [value.strip() for value in re.findall(r"<td[^>]*>(.*?)</td>", row.group(1), re.S)]


def test_the_page_shows_the_distributions_of_60_consenting_creators(admin_client):
    make_consenting_creators()
    text = admin_client.get(PAGE).text
    # Country, niche, source, rate, creators, p10, median, p90, the card's low / expected / high.
    # FR × general: 25 own RPMs 0,48 … 0,72 €: p10 0,504, median 0,60, p90 0,696.
    assert cell_row(text, "FR-general-rpm")[4:] == [
        "25",
        "€0.50",
        "€0.60",
        "€0.70",
        "€0.40 / €1.00 / €1.20",
    ]
    assert cell_row(text, "FR-finance-rpm")[4] == "14"
    # Canada: paid in CAD, shown in the card's currency (0,81 $ CA / 1,62 = 0,50 €).
    assert cell_row(text, "CA-general-rpm")[4:7] == ["12", "€0.42", "€0.50"]


def test_a_cell_with_9_creators_is_hidden(admin_client):
    make_consenting_creators()
    text = admin_client.get(PAGE).text
    assert cell_row(text, "FR-beauty-rpm") is None
    assert "1 cell hidden: fewer than 10 creators." in text


def test_creators_without_consent_are_not_counted(admin_client):
    for index in range(12):
        make_earning_creator(Decimal("0.6"), consent=index < 10)
    assert cell_row(admin_client.get(PAGE).text, "FR-general-rpm")[4] == "10"


def test_a_creator_who_withdraws_consent_disappears_from_the_counts(client, django_user_model):
    profiles = make_consenting_creators()
    admin = django_user_model.objects.create_superuser("admin", "a@example.com", "x")
    client.force_login(admin)
    assert cell_row(client.get(PAGE).text, "FR-general-rpm")[4] == "25"
    leaving = profiles[0].owner
    client.force_login(leaving)
    response = client.post("/en/account/settings/", {})  # the box unticked
    assert response.status_code == 302
    assert not AccountSettings.objects.get(user=leaving).share_observed_rates
    client.force_login(admin)
    assert cell_row(client.get(PAGE).text, "FR-general-rpm")[4] == "24"


def test_months_older_than_12_months_do_not_count(admin_client):
    for _index in range(10):
        make_earning_creator(Decimal("0.6"), end=datetime.date(2025, 11, 1))
    text = admin_client.get(PAGE).text
    assert cell_row(text, "FR-general-rpm") is None


def test_no_creator_is_named(admin_client):
    profiles = make_consenting_creators()
    text = admin_client.get(PAGE).text
    for profile in profiles:
        assert f"{profile.handle}<" not in text and f"{profile.handle} " not in text


def test_staff_without_permission_cannot_see_the_page(client, django_user_model):
    staff = django_user_model.objects.create_user("staff", "s@example.com", "x", is_staff=True)
    client.force_login(staff)
    assert client.get(PAGE).status_code == 403
    assert client.post(DRAFT).status_code == 403


# --- Draft a card -----------------------------------------------------------------------------


def test_draft_a_card_creates_an_inactive_clone_with_the_observed_values(admin_client):
    # Ten creators with own RPMs 0,50, 0,55 … 0,95 €: by hand, p10 = 0,50 + 0,9 × 0,05 = 0,545,
    # median = (0,70 + 0,75) / 2 = 0,725, p90 = 0,90 + 0,1 × 0,05 = 0,905.
    for index in range(10):
        make_earning_creator(Decimal("0.50") + Decimal("0.05") * index)
    active = RateCard.objects.get(is_active=True)
    response = admin_client.post(DRAFT)
    draft = RateCard.objects.exclude(pk=active.pk).get()
    assert response.status_code == 302 and response.url.endswith(f"/ratecard/{draft.pk}/change/")
    assert not draft.is_active and not draft.is_frozen and draft.cloned_from == active
    rpm = draft.rates.get(key="rpm")
    assert (rpm.low, rpm.expected, rpm.high) == (
        Decimal("0.545"),
        Decimal("0.725"),
        Decimal("0.905"),
    )
    assert rpm.currency == "EUR"
    assert rpm.source == "observed, n = 10, 2026-12"
    assert rpm.checked_on == datetime.date(2026, 12, 15)
    # Rates without enough observations keep the active card's values and sources.
    diamond, active_diamond = (card.rates.get(key="diamond_value") for card in (draft, active))
    assert (diamond.expected, diamond.source) == (active_diamond.expected, active_diamond.source)
    assert RateCard.objects.get(is_active=True) == active
    assert LogEntry.objects.filter(object_id=str(draft.pk), action_flag=ADDITION).exists()


def test_draft_with_too_few_creators_creates_nothing(admin_client):
    for index in range(9):
        make_earning_creator(Decimal("0.50") + Decimal("0.05") * index)
    response = admin_client.post(DRAFT)
    assert response.status_code == 302
    assert RateCard.objects.count() == 1


def test_draft_needs_a_post(admin_client):
    assert admin_client.get(DRAFT).status_code == 405


# --- Accuracy per card ------------------------------------------------------------------------


def test_the_accuracy_per_card_matches_a_hand_computed_example(admin_client):
    # The card estimates 100 000 qualified views × 1,00 € = 100 € a month. Five creators
    # received 80 € (|100 − 80| / 80 = 25 %), five 125 € (|100 − 125| / 125 = 20 %), four
    # months each: forty errors, median (25 + 20) / 2 = 22,5 %.
    for rpm in ("0.80",) * 5 + ("1.25",) * 5:
        make_earning_creator(Decimal(rpm))
    active = RateCard.objects.get(is_active=True)
    text = admin_client.get(PAGE).text
    row = re.search(rf'<tr data-accuracy="{active.pk}-creator_rewards">(.*?)</tr>', text, re.S)
    cells = re.findall(r"<td[^>]*>(.*?)</td>", row.group(1))
    assert cells[2:] == ["22.5%", "40", "10"]


def test_the_accuracy_per_card_needs_10_creators(admin_client):
    for _index in range(9):
        make_earning_creator(Decimal("0.80"))
    assert "data-accuracy=" not in admin_client.get(PAGE).text


def page_queries(client) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(PAGE).status_code == 200
    return len(queries)


def test_the_page_makes_as_many_queries_with_30_creators_as_with_10(admin_client):
    for _index in range(10):
        make_earning_creator(Decimal("0.6"))
    admin_client.get(PAGE)  # the active card parsed once per process
    with_ten = page_queries(admin_client)
    for _index in range(20):
        make_earning_creator(Decimal("0.7"), niche="finance")
    assert page_queries(admin_client) == with_ten
