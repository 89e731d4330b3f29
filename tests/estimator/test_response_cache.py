"""The fragment and the API reuse their answers per rate card, and never across a change."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches

from estimator import calculations
from estimator.models import RateCard
from estimator.presentation import linked_source
from estimator.snapshot import active_card_stamp

pytestmark = pytest.mark.django_db

QUERY = {"long_video_views": "500000", "followers": "20000", "age": "25"}
HTMX = {"hx-request": "true"}


@pytest.fixture
def estimates_counted(monkeypatch):
    """How many times the calculation engine ran."""
    calls = []
    real = calculations.estimate

    def counting(*args, **kwargs):
        calls.append(1)
        return real(*args, **kwargs)

    monkeypatch.setattr(calculations, "estimate", counting)
    return calls


def activate_a_copy_with_rpm(rpm: str) -> RateCard:
    copy = RateCard.objects.get(is_active=True).clone(name="Higher RPM")
    copy.rates.filter(key="rpm").update(low=rpm, expected=rpm, high=rpm)
    copy.activate()
    return copy


@pytest.mark.parametrize(
    ("path", "headers"), [("/en/", HTMX), ("/api/estimate", {})], ids=["fragment", "api"]
)
def test_the_same_question_is_answered_again_without_computing(
    client, estimates_counted, django_assert_num_queries, path, headers
):
    first = client.get(path, QUERY, headers=headers)
    assert len(estimates_counted) == 1
    with django_assert_num_queries(1):  # which card is active, nothing else
        again = client.get(path, QUERY, headers=headers)
    assert len(estimates_counted) == 1
    assert again.status_code == 200
    assert again.content == first.content
    assert again["Content-Type"] == first["Content-Type"]
    assert again.get("HX-Replace-Url") == first.get("HX-Replace-Url")
    assert again["Content-Security-Policy"]  # middleware still adds its headers


def test_another_question_is_computed(client, estimates_counted):
    client.get("/api/estimate", QUERY)
    client.get("/api/estimate", {**QUERY, "followers": "20001"})
    assert len(estimates_counted) == 2


@pytest.mark.parametrize(
    ("path", "headers"),
    [("/en/", HTMX), ("/en/", {}), ("/api/estimate", {})],
    ids=["fragment", "page", "api"],
)
def test_activating_another_card_changes_the_very_next_answer(client, path, headers):
    before = client.get(path, QUERY, headers=headers)
    assert "375.00" in before.text  # 500 000 × 75 % × 1.00 / 1000

    activate_a_copy_with_rpm("2.00")
    after = client.get(path, QUERY, headers=headers)
    assert "750.00" in after.text
    assert "375.00" not in after.text


def test_each_language_gets_its_own_answer(client):
    english = client.get("/en/", QUERY, headers=HTMX)
    french = client.get("/", QUERY, headers=HTMX)
    assert "Your estimated monthly income" in english.text
    assert "Vos revenus mensuels estimés" in french.text


def test_the_share_link_keeps_the_host_it_was_asked_on(client, settings):
    settings.ALLOWED_HOSTS = ["a.example", "b.example"]
    first = client.get("/en/", QUERY, headers=HTMX, HTTP_HOST="a.example")
    second = client.get("/en/", QUERY, headers=HTMX, HTTP_HOST="b.example")
    assert "http://a.example/en/?" in first.text
    assert "http://b.example/en/?" in second.text


def test_only_answers_that_succeeded_are_kept(client):
    kept = caches["estimates"]._cache  # LocMemCache's own store: what it holds, and no more
    assert client.get("/api/estimate", {**QUERY, "followers": "-3"}).status_code == 400
    assert len(kept) == 0
    assert client.get("/api/estimate", QUERY).status_code == 200
    assert len(kept) == 1


def nonces(response) -> set[str]:
    return set(re.findall(r'nonce="([^"]+)"', response.text))


def test_the_page_reuses_its_form_and_breakdown_but_never_its_nonce(client, estimates_counted):
    first = client.get("/en/", QUERY)
    second = client.get("/en/", QUERY)
    assert len(estimates_counted) == 1
    assert nonces(first) and nonces(second)
    assert nonces(first).isdisjoint(nonces(second))
    for response in (first, second):
        (nonce,) = nonces(response)
        assert f"'nonce-{nonce}'" in response["Content-Security-Policy"]

    fragment = client.get("/en/", QUERY, headers=HTMX)
    assert len(estimates_counted) == 1  # the page's breakdown, reused as the fragment
    assert fragment.text.strip() in second.text


def test_the_form_keeps_what_was_typed_and_its_errors(client):
    for _ in range(2):  # computed, then kept
        page = client.get("/en/", {**QUERY, "followers": "douze"})
        assert 'value="douze"' in page.text
        assert "is-invalid" in page.text


def test_the_stamp_names_the_active_card_and_none_without_one():
    card = RateCard.objects.get(is_active=True)
    assert active_card_stamp()[0] == card.pk
    RateCard.objects.update(is_active=False)
    assert active_card_stamp() is None


def test_sources_are_escaped_and_their_addresses_linked():
    html = linked_source('<script>x</script> see https://example.com/a?b=1&c=2 "quoted"')
    assert "<script>" not in html
    assert "&lt;script&gt;" in html
    assert '<a href="https://example.com/a?b=1&amp;c=2" rel="nofollow">' in html
    assert "&quot;quoted&quot;" in html
