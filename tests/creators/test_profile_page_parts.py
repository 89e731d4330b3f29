"""The profile page draws only what is asked for, and never shows a stale copy of a part."""

from __future__ import annotations

import datetime
import re

import pytest
import time_machine

from creators import pages
from creators.models import MonthlyStat
from estimator.models import RateCard
from tests.creators.factories import make_history, make_profile

pytestmark = pytest.mark.django_db
NOVEMBER = time_machine.travel(datetime.datetime(2026, 11, 21, 12, 0), tick=False)
HTMX = {"hx-request": "true"}


@pytest.fixture
def profile(client):
    profile = make_profile(handle="lea", niche="finance")
    client.force_login(profile.owner)
    return profile


def table_rows(html: str) -> list[str]:
    body = html.split('class="table table-sm months-table"')[1].split("</tbody>")[0]
    return re.findall(r'<tr id="month-(\d{4}-\d{2})"', body)


def table_row(html: str, month: str) -> str:
    return html.split(f'<tr id="month-{month}">')[1].split("</tr>")[0]


@pytest.fixture
def charts_drawn(monkeypatch):
    calls = []
    real = pages.profile_charts

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(pages, "profile_charts", counting)
    return calls


# --- the month form, on demand ----------------------------------------------------------------


@NOVEMBER
def test_with_months_the_page_offers_the_form_instead_of_drawing_it(client, profile):
    make_history(profile, 3)
    page = client.get(f"/en/profiles/{profile.pk}/").text
    button = re.search(r'<a class="btn btn-primary open-month-form"[^>]*>', page).group(0)
    assert f'href="/en/profiles/{profile.pk}/months/new/"' in button  # works without JS
    assert f'hx-get="/en/profiles/{profile.pk}/months/new/"' in button
    assert 'name="followers"' not in page


@NOVEMBER
def test_a_new_profile_shows_the_form_at_once(client, profile):
    page = client.get(f"/en/profiles/{profile.pk}/").text
    assert 'name="followers"' in page
    assert "open-month-form" not in page


@NOVEMBER
def test_the_form_comes_as_a_fragment_with_the_next_month(client, profile):
    make_history(profile, 3, end=datetime.date(2026, 9, 1))
    response = client.get(f"/en/profiles/{profile.pk}/months/new/", headers=HTMX)
    assert response.status_code == 200
    assert response.text.lstrip().startswith('<div id="month-form"')
    assert re.search(
        r'<input type="month" name="month" value="2026-10"[^>]* autofocus', response.text
    )
    full = client.get(f"/en/profiles/{profile.pk}/months/new/")
    assert "<html" in full.text
    assert 'value="2026-10"' in full.text
    assert "autofocus" not in full.text


@NOVEMBER
def test_after_adding_a_month_the_form_stays_open_for_the_next(client, profile):
    make_history(profile, 3, end=datetime.date(2026, 8, 1))
    response = client.post(
        f"/en/profiles/{profile.pk}/months/new/",
        {"month": "2026-09", "followers": "7000"},
        headers=HTMX,
    )
    assert "September 2026 added" in response.text
    assert 'name="followers"' in response.text
    assert 'value="2026-10"' in response.text


@NOVEMBER
def test_after_editing_a_month_the_form_closes(client, profile):
    make_history(profile, 3)
    stat = MonthlyStat.objects.get(profile=profile, month=datetime.date(2026, 10, 1))
    response = client.post(
        f"/en/profiles/{profile.pk}/months/2026-10/",
        {"month": "2026-10", "followers": "9999", "version": str(stat.revision)},
        headers=HTMX,
    )
    assert "October 2026 saved" in response.text
    assert 'name="followers"' not in response.text
    assert "open-month-form" in response.text


# --- the table shows the chosen period --------------------------------------------------------


@NOVEMBER
@pytest.mark.parametrize(("period", "rows"), [("", 12), ("12", 12), ("24", 24), ("all", 60)])
def test_the_table_shows_the_chosen_period_newest_first(client, profile, period, rows):
    make_history(profile, 60)
    page = client.get(f"/en/profiles/{profile.pk}/?period={period}").text
    months = table_rows(page)
    assert len(months) == rows
    assert months[0] == "2026-10"
    assert months == sorted(months, reverse=True)
    if rows < 60:
        assert f"{60 - rows} older months are not shown." in page
        assert 'href="?period=all#months-title"' in page
    else:
        assert "older month" not in page


@NOVEMBER
def test_growth_of_the_oldest_row_shown_still_compares_with_the_month_before(client, profile):
    make_history(profile, 13)  # +500 followers a month from 5 000
    page = client.get(f"/en/profiles/{profile.pk}/").text
    oldest = table_row(page, table_rows(page)[-1])
    assert "+10%" in oldest  # 5 500 against the 5 000 of a month not shown


# --- drawn once, drawn again whenever anything shown changes ----------------------------------


@NOVEMBER
def test_charts_are_drawn_once_for_the_same_data(client, profile, charts_drawn):
    make_history(profile, 24)
    client.get(f"/en/profiles/{profile.pk}/")
    client.get(f"/en/profiles/{profile.pk}/")
    assert len(charts_drawn) == 1
    client.get(f"/en/profiles/{profile.pk}/?period=24")
    assert len(charts_drawn) == 2


@NOVEMBER
def test_an_edit_shows_at_once_in_the_table_and_the_charts(client, profile, charts_drawn):
    make_history(profile, 12)
    before = client.get(f"/en/profiles/{profile.pk}/").text
    assert "10,500" in table_row(before, "2026-10")

    stat = MonthlyStat.objects.get(profile=profile, month=datetime.date(2026, 10, 1))
    client.post(
        f"/en/profiles/{profile.pk}/months/2026-10/",
        {"month": "2026-10", "followers": "12345", "version": str(stat.revision)},
    )
    after = client.get(f"/en/profiles/{profile.pk}/").text
    assert "12,345" in table_row(after, "2026-10")
    assert "12,345" in after.split('id="chart-followers"')[1]
    assert len(charts_drawn) == 2


@NOVEMBER
def test_a_change_made_behind_the_forms_back_is_shown_too(client, profile):
    """An import or a script writes with bulk updates: the page notices all the same."""
    make_history(profile, 12)
    client.get(f"/en/profiles/{profile.pk}/")
    MonthlyStat.objects.filter(profile=profile, month=datetime.date(2026, 10, 1)).update(
        followers=54_321
    )
    page = client.get(f"/en/profiles/{profile.pk}/").text
    assert "54,321" in table_row(page, "2026-10")


@NOVEMBER
def test_a_new_rate_card_and_a_recalculation_are_shown_at_once(client, profile):
    client.post(
        f"/profiles/{profile.pk}/months/new/",
        {"month": "2026-10", "followers": "12000", "qualified_views": "100000"},
    )
    assert "old rates" not in client.get(f"/en/profiles/{profile.pk}/").text

    copy = RateCard.objects.get(is_active=True).clone(name="New RPM")
    copy.rates.filter(key="rpm").update(expected="1.50", high="1.60")
    copy.activate()
    row = table_row(client.get(f"/en/profiles/{profile.pk}/").text, "2026-10")
    assert "€100.00" in row
    assert "old rates" in row

    client.post(f"/profiles/{profile.pk}/recalculate/")
    row = table_row(client.get(f"/en/profiles/{profile.pk}/").text, "2026-10")
    assert "€150.00" in row
    assert "old rates" not in row


@NOVEMBER
def test_each_language_and_currency_gets_its_own_copy(client, profile):
    client.post(
        f"/profiles/{profile.pk}/months/new/",
        {"month": "2026-10", "followers": "12000", "qualified_views": "100000"},
    )
    assert "October 2026" in table_row(client.get(f"/en/profiles/{profile.pk}/").text, "2026-10")
    assert "octobre 2026" in table_row(client.get(f"/profiles/{profile.pk}/").text, "2026-10")

    profile.currency = "USD"
    profile.save()
    row = table_row(client.get(f"/en/profiles/{profile.pk}/").text, "2026-10")
    assert "$" in row
    assert "€" not in row
