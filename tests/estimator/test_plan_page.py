"""The goal planner page and GET /api/plan."""

from __future__ import annotations

import pytest

pytestmark = pytest.mark.django_db

ELIGIBLE = {"age": "25", "followers": "20000", "views_30d": "300000"}


@pytest.mark.parametrize(("goal", "views"), [("1000", 1_000_000), ("100", 100_000)])
def test_the_api_reproduces_the_faq(client, goal, views):
    data = client.get("/api/plan", {**ELIGIBLE, "goal": goal}).json()
    assert data["routes"][0]["key"] == "views_only"
    assert data["routes"][0]["qualified_views"] == views
    assert data["goal"] == f"{goal}.00"


def test_the_api_refuses_bad_input_per_field(client):
    response = client.get("/api/plan", {"goal": "-5", "followers": "x"})
    assert response.status_code == 400
    assert set(response.json()["errors"]) == {"goal", "followers"}


def test_the_page_and_its_fragment(client):
    full = client.get("/en/plan/", {**ELIGIBLE, "goal": "1000"})
    assert full.status_code == 200
    assert 'id="plan-form"' in full.text
    assert 'data-views="1000000"' in full.text
    fragment = client.get("/en/plan/", {**ELIGIBLE, "goal": "1000"}, headers={"hx-request": "true"})
    assert fragment.text.lstrip().startswith('<section id="plan"')
    assert "plan/?" in fragment["HX-Replace-Url"]


def test_without_a_goal_it_plans_for_a_thousand(client):
    data = client.get("/api/plan", ELIGIBLE).json()
    assert data["goal"] == "1000.00"


def test_the_estimator_links_to_the_planner_with_the_same_numbers(client):
    response = client.get("/en/", {"followers": "20000"})
    assert 'href="/en/plan/?followers=20000"' in response.text


def test_a_bad_goal_is_shown_and_the_page_still_answers(client):
    response = client.get("/en/plan/", {"goal": "abc"}, headers={"hx-request": "true"})
    assert response.status_code == 200
    assert 'href="#id_goal"' in response.text


def test_a_1000_goal_with_2000_followers_offers_ugc_and_names_its_assumptions(client):
    query = {"goal": "1000", "followers": "2000", "age": "25", "median_views": "5000"}
    data = client.get("/api/plan", query).json()
    routes = {route["key"]: route for route in data["routes"]}

    assert routes["ugc"]["steps"] == [
        {"source": "ugc", "quantity": 4, "unit": "videos", "amount": "1200.00", "assumed": False}
    ]
    assert routes["ugc"]["assumptions"] == ["ugc_price_default"]
    assert routes["views_and_posts"]["steps"][0]["assumed"] is True
    assert "sponsored_posts_assumed" in routes["views_and_posts"]["assumptions"]

    page = client.get("/en/plan/", query).text
    assert 'data-route="ugc"' in page
    assert "4 UGC videos → €1,200.00" in page
    assert "2 sponsored videos (assumed)" in page
    assert "Assumed: 2 sponsored videos a month" in page
    assert "Assumed: the market price of a UGC video" in page
    # 5 000 views per video price a sponsored video below a UGC video (300 €): UGC is the lever.
    assert data["next_step"]["unit"] == "videos"
    assert "One more UGC video ≈ €300.00" in page
