"""The goal planner in a browser, with and without JavaScript."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible

pytestmark = pytest.mark.django_db(transaction=True)


def fill_eligible(page) -> None:
    page.get_by_label("Age", exact=True).fill("25")
    page.get_by_label("Followers", exact=True).fill("20000")
    page.get_by_label("Views in the last 30 days").fill("300000")


def test_the_plan_updates_in_place_as_the_goal_changes(page):
    page.goto("/en/plan/")
    assert_accessible(page)
    page.evaluate("window.__no_reload_marker = 7")
    fill_eligible(page)
    page.get_by_label("Monthly goal").fill("100")
    views_only = page.locator('[data-route="views_only"] [data-views]')
    expect(views_only).to_have_attribute("data-views", "100000")
    page.get_by_label("Monthly goal").fill("1000")
    expect(views_only).to_have_attribute("data-views", "1000000")
    expect(page).to_have_url(re.compile(r"goal=1000"))
    assert page.evaluate("window.__no_reload_marker") == 7
    assert_accessible(page)


def test_without_javascript_the_plan_button_gives_the_same_plan(page_without_js):
    page = page_without_js
    page.goto("/en/plan/")
    fill_eligible(page)
    page.get_by_label("Monthly goal").fill("1000")
    page.get_by_role("button", name="Plan").click()
    expect(page).to_have_url(re.compile(r"goal=1000"))
    expect(page.locator('[data-route="views_only"] [data-views]')).to_have_attribute(
        "data-views", "1000000"
    )
