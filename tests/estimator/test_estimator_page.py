"""The estimator page at /: a GET form, a breakdown fragment for HTMX, shareable links."""

from __future__ import annotations

import pytest
from django.core.cache import caches

pytestmark = pytest.mark.django_db

EXAMPLE = {
    "followers": "6800",
    "views_30d": "500000",
    "long_video_views": "500000",
    "age": "25",
}


def test_full_page_without_hx_request(client):
    response = client.get("/", EXAMPLE)
    assert response.status_code == 200
    assert "<html" in response.text
    assert 'id="estimate-form"' in response.text
    assert 'id="breakdown"' in response.text


def test_htmx_request_returns_only_the_breakdown(client):
    response = client.get("/", EXAMPLE, headers={"hx-request": "true"})
    assert response.status_code == 200
    assert "<html" not in response.text
    assert 'id="estimate-form"' not in response.text
    assert response.text.lstrip().startswith('<section id="breakdown"')
    assert "HX-Request" in response["Vary"]


def test_htmx_response_puts_a_short_shareable_address_in_the_bar(client):
    response = client.get(
        "/", {**EXAMPLE, "diamonds": "", "niche": "general"}, headers={"hx-request": "true"}
    )
    url = response["HX-Replace-Url"]
    assert url.startswith("/?")
    assert "followers=6800" in url
    assert "diamonds" not in url


def test_the_form_is_a_get_form_that_works_without_javascript(client):
    response = client.get("/")
    assert 'method="get"' in response.text
    assert 'action="/"' in response.text
    assert 'type="submit"' in response.text


def test_it_reports_the_exact_follower_gap(client):
    response = client.get("/", EXAMPLE)
    # 10 000 required, 6 800 typed: 3 200 missing, formatted for French.
    assert "+3\u00a0200" in response.text or "+3\u202f200" in response.text


def test_the_creator_rewards_formula_is_shown_with_the_numbers_filled_in(client):
    response = client.get("/en/", {"long_video_views": "500000", "followers": "20000"})
    assert "500,000 views on videos over 1 min × 75% qualified × €1.00 / 1000 = €375.00" in (
        response.text
    )


def test_amounts_are_formatted_for_the_language(client):
    params = {"ugc_videos": "5", "ugc_price": "246.91"}
    french = client.get("/", params).text
    english = client.get("/en/", params).text
    assert "1\u00a0234,55\u00a0€" in french or "1\u202f234,55\u00a0€" in french
    assert "€1,234.55" in english


def test_canadian_amounts_are_in_canadian_dollars(client):
    response = client.get("/en/", {"country": "CA", "ugc_videos": "1", "ugc_price": "1234.56"})
    assert "CA$1,234.56" in response.text


def test_an_ineligible_source_shows_what_it_would_earn(client):
    response = client.get("/en/", {"qualified_views": "100000", "followers": "500"})
    section = response.text.split('id="source-creator_rewards"')[1].split("</li>")[0]
    assert "not yet" in section
    assert "Once eligible" in section
    assert "€100.00" in section


@pytest.mark.parametrize(
    "query",
    [
        {"country": "CA", "qualified_views": "100000", "followers": "20000", "age": "30"},
        {"qualified_views": "100000", "followers": "20000", "age": "17"},
        {"qualified_views": "100000", "followers": "20000", "account_type": "business"},
    ],
    ids=["country", "age", "business"],
)
def test_a_source_growth_cannot_open_is_not_available_without_once_eligible(client, query):
    response = client.get("/en/", query)
    section = response.text.split('id="source-creator_rewards"')[1].split("</li>")[0]
    assert "not available" in section
    assert "not yet" not in section
    assert "Once eligible" not in section
    assert 'data-amount="expected"' not in section


def test_bad_values_come_back_with_field_errors_and_status_200(client):
    response = client.get(
        "/",
        {"followers": "-5", "age": "200", "engagement_rate": "abc"},
        headers={"hx-request": "true"},
    )
    assert response.status_code == 200
    assert 'role="alert"' in response.text
    assert 'href="#id_followers"' in response.text
    assert 'href="#id_age"' in response.text
    assert 'href="#id_engagement_rate"' in response.text


def test_bad_values_keep_what_was_typed_on_the_full_page(client):
    response = client.get("/", {"followers": "douze", "views_30d": "120000"})
    assert response.status_code == 200
    assert 'value="douze"' in response.text
    assert 'value="120000"' in response.text
    assert "is-invalid" in response.text


def test_valid_fields_still_count_when_another_is_invalid(client):
    response = client.get("/en/", {"followers": "x", "ugc_videos": "2"})
    assert "€600.00" in response.text


def test_assumptions_panel_lists_rates_with_source_and_date_least_certain_first(client):
    response = client.get("/en/", {"long_video_views": "500000", "followers": "20000"})
    panel = response.text.split('class="assumptions')[1]
    assert "napolify.com" in panel
    assert "21/11/2026" in panel or "11/21/2026" in panel
    rows = panel.split('<tr class="confidence-')[1:]
    levels = [int(row[0]) for row in rows]
    assert levels == sorted(levels)
    assert levels[0] == 1


def test_people_can_type_numbers_the_french_way(client):
    response = client.get("/en/", {"ugc_videos": "2", "ugc_price": "1 000,50"})
    assert "€2,001.00" in response.text


@pytest.mark.parametrize("path", ["/", "/en/"])
def test_the_fragment_makes_at_most_three_queries(client, django_assert_max_num_queries, path):
    client.get(path, EXAMPLE, headers={"hx-request": "true"})  # the first request parses the card
    caches["estimates"].clear()  # computed again, not the kept answer (test_response_cache.py)
    with django_assert_max_num_queries(3):
        response = client.get(path, EXAMPLE, headers={"hx-request": "true"})
    assert response.status_code == 200


def test_the_first_request_of_a_process_also_stays_within_three_queries(
    client, django_assert_max_num_queries
):
    from estimator import snapshot

    snapshot._rates_by_card.clear()
    with django_assert_max_num_queries(3):
        client.get("/", EXAMPLE, headers={"hx-request": "true"})


def test_a_creator_living_off_one_tiktok_programme_is_warned(client):
    response = client.get(
        "/en/",
        {
            "qualified_views": "900000",
            "followers": "20000",
            "views_30d": "1000000",
            "ugc_videos": "0",
            "median_views": "20000",
        },
    )
    assert 'data-dominant="creator_rewards"' in response.text
    assert "Brand partnerships" in response.text.split('data-dominant="creator_rewards"')[1][:800]


def test_a_diversified_creator_is_not_warned(client):
    response = client.get(
        "/en/",
        {
            "qualified_views": "300000",
            "followers": "20000",
            "views_30d": "1000000",
            "ugc_videos": "2",
        },
    )
    assert "data-dominant" not in response.text


def test_a_formula_computes_with_the_views_per_video_it_shows_and_plurals_agree(client):
    response = client.get(
        "/en/",
        {"views_30d": "100000", "posts_30d": "3", "sponsored_posts": "1", "ugc_videos": "1"},
    )
    brand = response.text.split('id="source-brand_partnerships"')[1].split('id="source-')[0]
    ugc = response.text.split('id="source-ugc"')[1].split("</ol>")[0]
    # 33 333 (not 33 333,33) × 15 $ / 1000 × 0,86 = 429,9957 → 430,00 €, as shown.
    assert (
        "1 sponsored video × 33,333 views per video × US$15.00 × 0.86 (USD→EUR) × 1 (niche) "
        "/ 1000 = €430.00"
    ) in brand
    assert "1 video × €300.00 = €300.00" in ugc
