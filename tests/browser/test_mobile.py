"""On a phone: the total stays in sight while typing, the menu folds, the fields say what is
wrong, and slow actions show their progress. At 1280 px the header holds on one line."""

from __future__ import annotations

import re

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.browser.test_every_page import _log_in
from tests.creators.factories import make_profile, make_user

pytestmark = pytest.mark.django_db(transaction=True)

PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1280, "height": 900}


def _overlap(first: dict, second: dict) -> bool:
    return not (
        first["y"] + first["height"] <= second["y"] or second["y"] + second["height"] <= first["y"]
    )


def test_on_a_phone_the_total_is_on_screen_while_typing_in_the_first_a_middle_and_the_last_field(
    page,
):
    page.set_viewport_size(PHONE)
    page.goto("/en/")
    bar = page.locator("#total-bar")
    bar_total = bar.locator("strong")
    steps = [
        (None, "Followers", "followers", "20000"),  # the first field typed in: "Quick estimate"
        ("live_gifts", "Diamonds received per month", "diamonds", "50000"),  # a middle one
        ("ugc", "UGC videos per month", "ugc_videos", "1"),
        ("ugc", "Your price per UGC video", "ugc_price", "400"),  # the last field of the form
    ]
    for section, label, name, value in steps:
        if section and page.locator(f"#fields-{section}").get_attribute("open") is None:
            page.locator(f"#fields-{section} > summary").click()
        field = page.get_by_label(label, exact=True)
        field.click()
        field.press_sequentially(value)
        expect(page).to_have_url(re.compile(rf"{name}={value}"))  # the breakdown was updated...
        expect(bar).to_be_in_viewport()  # ...and its total is in sight
        expect(field).to_be_in_viewport()
        assert not _overlap(bar.bounding_box(), field.bounding_box()), "the bar hides the field"
        # The bar says what the breakdown says.
        expect(page.locator("#breakdown .total-amount strong")).to_have_text(bar_total.inner_text())
    assert bar_total.inner_text() != "€0.00"
    # The breakdown is one tap away.
    bar.get_by_role("link", name="See the breakdown").click()
    expect(page.locator("#breakdown-title")).to_be_in_viewport()
    assert_accessible(page)


def test_the_laptop_has_no_total_bar_the_breakdown_is_beside_the_form(page):
    page.set_viewport_size(LAPTOP)
    page.goto("/en/?followers=20000")
    expect(page.locator("#total-bar")).to_be_hidden()
    expect(page.locator("#breakdown .total-amount")).to_be_in_viewport()


def test_sections_start_folded_unless_they_hold_values(page_without_js):
    page = page_without_js
    page.goto("/en/?ugc_videos=2")
    expect(page.locator("#fields-quick")).to_be_visible()
    expect(page.get_by_label("Followers", exact=True)).to_be_visible()
    expect(page.get_by_label("Diamonds received per month")).to_be_hidden()
    expect(page.get_by_label("UGC videos per month")).to_be_visible()
    page.locator("#fields-live_gifts > summary").click()  # <details>: no JavaScript needed
    expect(page.get_by_label("Diamonds received per month")).to_be_visible()


def _nav_tops(page) -> list[float]:
    return page.evaluate(
        """() => Array.from(document.querySelectorAll(
                ".site-brand, .site-nav > li, .language-switch button"))
            .filter(e => e.offsetParent !== null)
            .map(e => e.getBoundingClientRect().top + e.getBoundingClientRect().height / 2)"""
    )


@pytest.mark.parametrize("path", ["/dashboard/", "/en/dashboard/"])
def test_logged_in_at_1280_px_the_header_holds_on_one_line_in_both_languages(
    page, live_server, path
):
    _log_in(page, live_server, make_user())
    page.set_viewport_size(LAPTOP)
    page.goto(path)
    centres = _nav_tops(page)
    assert len(centres) == 7  # brand, five links, the language button
    assert max(centres) - min(centres) < 8, f"the header wraps: {centres}"


def test_on_a_phone_the_menu_is_one_button_that_opens_without_javascript(page_without_js):
    page = page_without_js
    page.set_viewport_size(PHONE)
    page.goto("/en/")
    header = page.locator(".site-header")
    assert header.bounding_box()["height"] < 80
    log_in = page.get_by_role("link", name="Log in")
    expect(log_in).to_be_hidden()
    page.locator(".site-menu > summary").click()
    expect(log_in).to_be_visible()
    log_in.click()
    expect(page).to_have_url(re.compile(r"/en/account/login/$"))


def test_a_bad_value_marks_its_field_while_typing_and_the_fix_clears_it(page):
    page.goto("/en/")
    followers = page.get_by_label("Followers", exact=True)
    followers.fill("-3")
    expect(followers).to_have_attribute("aria-invalid", "true")
    message = page.locator("#id_followers_error")
    expect(message).to_be_visible()
    expect(message).to_contain_text("greater than or equal to 0")
    assert "id_followers_error" in followers.get_attribute("aria-describedby")
    assert_accessible(page)
    followers.fill("400K")
    expect(followers).not_to_have_attribute("aria-invalid", "true")
    expect(message).to_have_count(0)


def test_sending_the_form_with_errors_puts_the_focus_on_the_first_field_in_error(page):
    page.goto("/en/")
    page.locator("#fields-ugc > summary").click()
    page.get_by_label("UGC videos per month").fill("deux")
    page.get_by_label("Views in the last 30 days").fill("beaucoup")
    page.get_by_label("Views in the last 30 days").press("Enter")
    expect(page.get_by_label("Views in the last 30 days")).to_be_focused()
    expect(page.get_by_label("UGC videos per month")).to_have_attribute("aria-invalid", "true")


def test_the_planner_marks_its_fields_too(page):
    page.goto("/en/plan/")
    goal = page.get_by_label("Monthly goal")
    goal.fill("-5")
    expect(goal).to_have_attribute("aria-invalid", "true")
    expect(page.locator("#id_goal_error")).to_be_visible()


def _hold_posts(page, pattern: str) -> list:
    """Requests to `pattern` wait (POSTs only) until the test lets them through."""
    held = []

    def handle(route):
        if route.request.method == "POST":
            held.append(route)
        else:
            route.continue_()

    page.route(pattern, handle)
    return held


def _let_through(page, held: list) -> None:
    for _ in range(100):  # the route is called a moment after the button is disabled
        if held:
            break
        page.wait_for_timeout(50)
    assert held, "the request never left"
    for route in held:
        route.continue_()


def test_adding_a_month_disables_its_button_and_shows_progress_until_the_answer(page, live_server):
    profile = make_profile(make_user())  # a new profile: the month form is open at once
    _log_in(page, live_server, profile.owner)
    page.goto(f"/en/profiles/{profile.pk}/")
    held = _hold_posts(page, "**/months/new/")
    form = page.locator("#month-form")
    indicator = form.locator(".progress-indicator")
    expect(indicator).to_be_hidden()
    form.get_by_label("Followers at month end").fill("9000")
    button = form.get_by_role("button", name="Add the month")
    button.click()
    expect(button).to_be_disabled()
    expect(indicator).to_be_visible()
    assert_accessible(page)
    _let_through(page, held)
    expect(page.locator("#profile-body [role=status]").first).to_contain_text("added")
    expect(page.get_by_role("button", name="Add the month")).to_be_enabled()


def test_an_import_disables_its_button_and_shows_progress(page, live_server):
    profile = make_profile(make_user())
    _log_in(page, live_server, profile.owner)
    page.goto(f"/en/profiles/{profile.pk}/import/")
    held = _hold_posts(page, "**/import/")
    button = page.get_by_role("button", name="Preview the import")
    button.click()
    expect(button).to_be_disabled()
    expect(page.locator("#import-upload .progress-indicator")).to_be_visible()
    _let_through(page, held)
    expect(page.get_by_text("Choose at least one file.")).to_be_visible()
    expect(page.get_by_role("button", name="Preview the import")).to_be_enabled()


def test_without_javascript_the_import_is_a_plain_form(page_without_js, live_server):
    page = page_without_js
    admin = get_user_model().objects.create_user("x@example.com", "x@example.com", "pw-x-12345")
    profile = make_profile(admin)
    _log_in(page, live_server, admin)
    page.goto(f"/en/profiles/{profile.pk}/import/")
    page.get_by_role("button", name="Preview the import").click()
    expect(page).to_have_url(re.compile(r"/import/$"))
