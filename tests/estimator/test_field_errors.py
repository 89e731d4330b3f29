"""Field-level errors: the field itself is marked (aria-invalid, message under it, focus on the
first), on the estimator and the planner, with or without JavaScript."""

from __future__ import annotations

import re

import pytest

pytestmark = pytest.mark.django_db


def _input(text: str, name: str) -> str:
    return re.search(rf'<input[^>]*name="{name}"[^>]*>', text).group()


@pytest.mark.parametrize("path", ["/en/", "/en/plan/"])
def test_the_full_page_marks_each_field_in_error_and_focuses_the_first(client, path):
    response = client.get(path, {"followers": "-3", "sponsored_posts": "deux", "views_30d": "1000"})
    assert response.status_code == 200
    followers = _input(response.text, "followers")
    assert 'aria-invalid="true"' in followers
    assert "autofocus" in followers
    assert 'aria-describedby="id_followers_error"' in followers
    assert 'id="id_followers_error"' in response.text
    second = _input(response.text, "sponsored_posts")
    assert 'aria-invalid="true"' in second
    assert "autofocus" not in second  # the first field in error only
    assert "aria-invalid" not in _input(response.text, "views_30d")


def test_a_section_holding_an_error_starts_open(client):
    text = client.get("/en/", {"ugc_videos": "deux"}).text
    assert re.search(r'<details class="form-section" id="fields-ugc" open>', text)
    assert re.search(r'<details class="form-section" id="fields-live_gifts">', text)


def test_a_section_holding_a_value_starts_open_the_others_folded(client):
    text = client.get("/en/", {"diamonds": "400K"}).text
    assert '<details class="form-section" id="fields-live_gifts" open>' in text
    assert '<details class="form-section" id="fields-ugc">' in text
    assert '<details class="form-section" id="fields-account">' in text
    assert 'id="fields-quick"' in text  # the quick estimate is no <details>: always open


@pytest.mark.parametrize("path", ["/en/", "/en/plan/"])
def test_the_htmx_result_names_the_fields_in_error_for_the_page_to_mark(client, path):
    response = client.get(path, {"followers": "-3"}, headers={"hx-request": "true"})
    assert response.status_code == 200
    assert 'data-field-error="followers"' in response.text


def test_a_form_without_errors_focuses_nothing(client):
    text = client.get("/en/", {"followers": "20K"}).text
    assert "autofocus" not in text


def test_the_planners_source_sections_fold_unless_they_hold_values(client):
    text = client.get("/en/plan/", {"sponsored_posts": "2"}).text
    assert '<details class="form-section" id="fields-brand_partnerships" open>' in text
    assert '<details class="form-section" id="fields-live_gifts">' in text
