"""The estimator in a real browser: in-place updates with JavaScript, the same result without."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible


def open_section(page, key: str) -> None:
    """Sections other than the quick estimate start folded (<details>): open one, as a tap."""
    page.locator(f"#fields-{key} > summary").click()


def test_typing_updates_the_breakdown_in_place_and_the_address(page):
    page.goto("/en/")
    assert_accessible(page)
    page.evaluate("window.__no_reload_marker = 42")
    rewards = page.locator("#source-creator_rewards")
    expect(rewards.locator("[data-amount=expected]")).to_have_text("€0.00")

    page.get_by_label("Followers", exact=True).fill("20000")
    page.get_by_label("Views in the last 30 days").fill("200000")
    open_section(page, "creator_rewards")
    page.get_by_label("Qualified views (30 days)").fill("100000")

    expect(rewards.locator("[data-amount=expected]")).to_have_text("€100.00")
    expect(rewards).to_contain_text("eligible")
    expect(page).to_have_url(re.compile(r"qualified_views=100000"))
    assert page.evaluate("window.__no_reload_marker") == 42, "the page was reloaded"
    assert_accessible(page)


def test_a_bad_value_shows_an_error_without_losing_what_was_typed(page):
    page.goto("/en/")
    page.get_by_label("Followers", exact=True).fill("-3")
    open_section(page, "ugc")
    page.get_by_label("UGC videos per month").fill("2")
    alert = page.locator("#breakdown [role=alert]")
    expect(alert).to_contain_text("Followers")
    expect(page.locator("#source-ugc [data-amount=expected]")).to_have_text("€600.00")
    expect(page.get_by_label("Followers", exact=True)).to_have_value("-3")
    assert_accessible(page)


def test_the_shared_link_opens_the_same_result(page):
    page.goto("/en/?qualified_views=1000000&followers=50000&views_30d=1500000")
    expect(page.locator("#source-creator_rewards [data-amount=expected]")).to_have_text("€1,000.00")


def test_without_javascript_the_submit_button_gives_the_same_result(page_without_js):
    page = page_without_js
    page.goto("/en/")
    page.get_by_label("Followers", exact=True).fill("20000")
    page.get_by_label("Views in the last 30 days").fill("200000")
    open_section(page, "creator_rewards")  # <details>: opens without JavaScript
    page.get_by_label("Qualified views (30 days)").fill("100000")
    page.get_by_role("button", name="Estimate").click()
    expect(page).to_have_url(re.compile(r"qualified_views=100000"))
    expect(page.locator("#source-creator_rewards [data-amount=expected]")).to_have_text("€100.00")
    expect(page.get_by_label("Followers", exact=True)).to_have_value("20000")
    # axe itself is JavaScript: the same page is checked with it in the tests above.


def test_the_estimator_in_french_is_accessible_and_formats_euros(page):
    page.goto("/?ugc_videos=5&ugc_price=246.91")
    expect(page.locator("#source-ugc [data-amount=expected]")).to_have_text(
        re.compile(r"1\s234,55\s€")
    )
    assert_accessible(page)
