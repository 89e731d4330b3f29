"""A new question draws only the parts of the breakdown it changes; what is kept reads exactly as
what would be drawn anew, and a card change draws every part again."""

from __future__ import annotations

import re
from urllib.parse import urlencode

import pytest
from django.core.cache import caches
from django.test import RequestFactory
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from estimator import views
from estimator.forms import EstimateForm, _read_only
from estimator.models import RateCard
from estimator.presentation import _formula_text, format_formula
from estimator.snapshot import load_active_rates
from estimator.templatetags import kept

pytestmark = pytest.mark.django_db

HTMX = {"hx-request": "true"}
# A creator who fills in every source: each of the eight cards shows an amount and a formula.
QUESTION = {
    "country": "FR",
    "age": "24",
    "niche": "beauty",
    "followers": "25000",
    "views_30d": "420000",
    "posts_30d": "18",
    "long_video_views": "160000",
    "diamonds": "4000",
    "subscribers": "12",
    "subscription_price": "4.99",
    "sponsored_posts": "1",
    "engagement_rate": "6.5",
    "affiliate_sales": "15",
    "affiliate_order_value": "32",
    "affiliate_commission": "10",
    "ugc_videos": "2",
}
# What a creator typing in the form sends next: one input changed.
NEXT_QUESTION = {**QUESTION, "views_30d": "430000"}


@pytest.fixture
def drawn_sources(monkeypatch):
    """The keys of the source cards drawn (not found in the cache)."""
    drawn = []
    real = views.source_view

    def counting(estimate, *args, **kwargs):
        drawn.append(estimate.key)
        return real(estimate, *args, **kwargs)

    monkeypatch.setattr(views, "source_view", counting)
    return drawn


def forget_everything_kept() -> None:
    for cache in caches.all():
        cache.clear()
    kept.forget()
    _formula_text.cache_clear()


def blanked(text: str) -> str:
    """The page without what changes on every request (CSP nonce, CSRF token)."""
    text = re.sub(r'nonce="[^"]+"', 'nonce=""', text)
    text = re.sub(r'value="[^"]{30,}"', 'value=""', text)  # the CSRF token
    return re.sub(r'"X-CSRFToken": "[^"]+"', '"X-CSRFToken": ""', text)


@pytest.mark.parametrize("path", ["/", "/en/"], ids=["fr", "en"])
def test_a_new_question_draws_only_the_sources_it_changes(client, drawn_sources, path):
    client.get(path, QUESTION, headers=HTMX)
    assert len(drawn_sources) == 8
    drawn_sources.clear()

    client.get(path, NEXT_QUESTION, headers=HTMX)
    assert 0 < len(drawn_sources) < 8
    assert "live_gifts" not in drawn_sources  # the diamonds did not change


def test_a_question_that_changes_no_amount_reads_the_list_of_cards_whole(
    client, drawn_sources, monkeypatch
):
    looked_up = []
    real = kept.KeptNode.render

    def counting(node, context):
        looked_up.append(node.name)
        return real(node, context)

    monkeypatch.setattr(kept.KeptNode, "render", counting)
    client.get("/en/", QUESTION, headers=HTMX)
    drawn_sources.clear()
    looked_up.clear()

    answer = client.get("/en/", {**QUESTION, "views_30d": "420001"}, headers=HTMX)
    assert drawn_sources == []
    assert "estimate_sources" in looked_up
    assert "estimate_source" not in looked_up  # the list was kept whole, no card looked up
    assert "views_30d=420001" in answer["HX-Replace-Url"]
    assert "views_30d=420001" in answer.text  # the links are drawn anew


@pytest.mark.parametrize("path", ["/", "/en/"], ids=["fr", "en"])
@pytest.mark.parametrize("headers", [HTMX, {}], ids=["fragment", "page"])
@pytest.mark.parametrize(
    "next_question",
    [
        NEXT_QUESTION,
        # LIVE gifts grow tenfold: every other source's share of the total changes.
        {**QUESTION, "diamonds": "40000"},
        # Another country: its currency, its notes, its programmes.
        {**QUESTION, "country": "US"},
        # One view more: every amount as before (the views per video are rounded), new links.
        {**QUESTION, "views_30d": "420001"},
        # One more UGC video: that card and the total change, the prices do not.
        {**QUESTION, "ugc_videos": "3"},
    ],
    ids=["views", "shares", "country", "links", "total"],
)
def test_what_kept_parts_make_reads_exactly_as_drawn_anew(client, path, headers, next_question):
    client.get(path, QUESTION, headers=headers)
    from_kept_parts = client.get(path, next_question, headers=headers)

    forget_everything_kept()
    drawn_anew = client.get(path, next_question, headers=headers)
    assert blanked(from_kept_parts.text) == blanked(drawn_anew.text)
    assert from_kept_parts.get("HX-Replace-Url") == drawn_anew.get("HX-Replace-Url")


def test_each_language_has_its_own_parts(client):
    client.get("/", QUESTION, headers=HTMX)
    english = client.get("/en/", QUESTION, headers=HTMX).text
    forget_everything_kept()
    assert blanked(english) == blanked(client.get("/en/", QUESTION, headers=HTMX).text)
    assert "Assumptions and sources" in english
    assert "Price list per deliverable" in english
    assert "views on videos over 1 min" in english
    assert "Hypothèses" not in english
    assert "vues sur les vidéos" not in english


def activate_a_copy(name: str) -> RateCard:
    card = RateCard.objects.get(is_active=True).clone(name=name)
    card.countries.filter(code="FR").update(note="Programme note of the new card.")
    card.deliverables.filter(key="story").update(low=3, expected=3, high=3)
    card.activate()
    return card


def test_a_card_change_draws_every_part_again(client, drawn_sources):
    before = client.get("/en/", QUESTION, headers=HTMX).text
    assert "Programme note of the new card." not in before
    drawn_sources.clear()

    activate_a_copy("Card of the next quarter")
    # Not the same URL: the whole breakdown is not kept, its parts would be if the card had not
    # changed (none of them differs in its values).
    after = client.get("/en/", {**QUESTION, "niche": "beauty "}, headers=HTMX).text
    assert len(drawn_sources) == 8
    assert "Card of the next quarter" in after  # the assumptions
    assert "Programme note of the new card." in after  # the Creator Rewards card
    assert "×3" in after and "×3" not in before  # the price list


def test_a_form_only_read_shares_its_fields_and_leaves_them_untouched(client):
    rates = load_active_rates()
    for _ in range(2):
        assert client.get("/api/estimate", {"followers": "douze"}).status_code == 400
        fragment = client.get("/en/", {"followers": "douze"}, headers=HTMX)
        assert 'data-field-error="followers"' in fragment.text

    with translation.override("fr"):
        shared = _read_only(EstimateForm, rates)
        form = EstimateForm({"followers": "douze"}, rates=rates, drawn=False)
        assert form.errors and form.fields["followers"] is shared["followers"]
    for field in shared.values():
        assert "autofocus" not in field.widget.attrs
        assert "class" not in field.widget.attrs  # crispy-forms never drew them

    # A drawn form gets its own fields: its first error is focused, and only there.
    page = client.get("/en/", {"age": "200"}).text
    assert re.search(r'<input[^>]*name="age"[^>]*autofocus', page)
    assert len(re.findall("autofocus", page)) == 1


def test_a_kept_formula_is_written_in_the_language_asked():
    rates = load_active_rates()
    form = EstimateForm({"long_video_views": "500000", "followers": "20000"}, rates=rates)
    from estimator import calculations

    formula = calculations.estimate(form.to_inputs(), rates).source("creator_rewards").formula
    with translation.override("en"):
        english = format_formula(formula)
    with translation.override("fr"):
        french = format_formula(formula)
    with translation.override("en"):
        assert format_formula(formula) == english
    assert english == "500,000 views on videos over 1 min × 75% qualified × €1.00 / 1000 = €375.00"
    assert french.startswith("500\u202f000") or french.startswith("500\u00a0000")
    assert french != english


@pytest.mark.parametrize(
    "data",
    [
        QUESTION,
        {"followers": "douze", "age": "200", "engagement_rate": "abc", "niche": "nope"},
        {"country": "us", "followers": "15k", "long_video_views": "1,2M", "has_strike": "on"},
        {"country": "XX", "subscription_price": "4,99", "has_strike": "false", "diamonds": ""},
        {"followers": "-3", "views_30d": "1 200 000", "ugc_price": "1.234,56"},
    ],
    ids=["filled", "invalid", "suffixes", "unknown-country", "separators"],
)
def test_a_form_only_read_cleans_as_a_drawn_form_the_first_time_and_after(data):
    rates = load_active_rates()
    drawn = EstimateForm(data, rates=rates)
    for _ in range(2):  # cleaned, then from what was kept
        read = EstimateForm(data, rates=rates, drawn=False)
        assert read.is_valid() == drawn.is_valid()
        assert read.cleaned_data == drawn.cleaned_data
        assert read.errors.get_json_data() == drawn.errors.get_json_data()
        assert read.to_inputs() == drawn.to_inputs()


def test_a_form_only_read_keeps_no_value_longer_than_one_typed():
    """What is kept is bounded by what a creator types, not by what a client sends: a value
    padded to 5 000 characters cleans as any other, and is not kept."""
    rates = load_active_rates()
    padded = "1" + " " * 5000
    with translation.override("fr"):
        first = EstimateForm({"followers": padded}, rates=rates, drawn=False)
        assert first.is_valid() and first.cleaned_data["followers"] == 1
        kept = _read_only(EstimateForm, rates).cleaned
        assert ("followers", padded) not in kept
        typed = EstimateForm({"followers": "12 000"}, rates=rates, drawn=False)
        assert typed.is_valid()
        assert kept[("followers", "12 000")] == 12_000


def test_a_share_link_is_kept_for_a_query_a_creator_could_type_only(client):
    typed = "followers=12000&views_30d=300000"
    padded = typed + "&" + "x=" + "y" * 5000
    for query in (typed, padded):
        response = client.get(f"/en/?{query}", headers=HTMX)
        assert response["HX-Replace-Url"] == f"/en/?{typed}"
    kept = {raw for _form, raw in views._shareable_queries}
    assert typed in kept
    assert padded not in kept


@given(
    st.dictionaries(
        st.sampled_from([*EstimateForm.base_fields, "unknown"]),
        st.text(st.characters(blacklist_categories=("Cs",)), max_size=12),
        max_size=8,
    )
)
def test_a_share_link_writes_the_filled_fields_as_urlencode_does(values):
    request = RequestFactory().get("/", values)
    sent = request.GET
    filled = [(name, sent[name]) for name in EstimateForm.base_fields if sent.get(name)]
    assert views._shareable_query(request, EstimateForm) == urlencode(filled)
