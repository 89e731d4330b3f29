"""The whole tracking journey in a real browser: sign up, a profile, three months, log out."""

from __future__ import annotations

import datetime
import re

import pytest
from playwright.sync_api import expect

from config.months import add_months
from tests.browser.conftest import assert_accessible, confirm_sign_up

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "a-long-and-rare-passphrase"


def months_back(count: int) -> str:
    return f"{add_months(datetime.date.today(), -count):%Y-%m}"


def sign_up(page, email: str) -> None:
    page.goto("/en/account/signup/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^\s*Password confirmation")).fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    confirm_sign_up(page)
    expect(page).to_have_url(re.compile(r"/en/dashboard/$"))


def create_profile(page, handle: str) -> None:
    page.get_by_role("link", name="Add a creator profile").first.click()
    assert_accessible(page)
    page.get_by_label("TikTok handle").fill(handle)
    page.get_by_label("Country").select_option("FR")
    page.get_by_role("button", name="Create the profile").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(handle)


def add_month(page, month: str, followers: str, views: str, videos: str) -> None:
    opener = page.get_by_role("link", name="Add a month")
    if opener.count():  # a profile with months offers the form rather than drawing it
        opener.click()
    form = page.locator("#month-form")
    form.locator("#id_month").fill(month)
    form.get_by_label("Followers at month end").fill(followers)
    form.get_by_label("Video views").fill(views)
    form.get_by_label("Videos posted", exact=True).fill(videos)
    form.get_by_role("button", name="Add the month").click()


def live_followers_bar(page):
    return page.get_by_role("progressbar", name="LIVE gifts — Followers")


def test_sign_up_create_a_profile_add_three_months_and_log_out(page):
    sign_up(page, "journey@example.com")
    assert_accessible(page)
    create_profile(page, "lea.finance")
    assert_accessible(page)
    page.evaluate("window.__no_reload_marker = 1")
    # A new profile: the month form first, no empty chart.
    expect(page.get_by_role("heading", name="Your first month")).to_be_visible()
    expect(page.locator("#chart-followers")).to_have_count(0)

    add_month(page, months_back(3), "600", "40000", "6")
    expect(page.locator("#profile-body [role=status]")).to_contain_text("added")
    expect(live_followers_bar(page)).to_have_attribute("value", "60")
    expect(page.locator("#chart-followers .chart-marker")).to_have_count(1)

    add_month(page, months_back(2), "750", "50000", "7")
    expect(page.locator(f"#month-{months_back(2)}")).to_be_visible()
    add_month(page, months_back(1), "900", "60000", "8")
    expect(page.locator(f"#month-{months_back(1)}")).to_be_visible()
    expect(live_followers_bar(page)).to_have_attribute("value", "90")
    expect(page.locator("#chart-followers .chart-marker")).to_have_count(3)
    expect(page.locator("#chart-followers polyline")).to_have_count(1)
    # +150 a month from 900: the 1 000 followers of LIVE gifts next month.
    expect(page.locator('[data-source="live_gifts"]')).to_contain_text("eligible around")
    expect(page.locator(".months-table tbody tr")).to_have_count(3)
    assert page.evaluate("window.__no_reload_marker") == 1, "the page was reloaded"
    assert_accessible(page)

    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "link", name="My progress"
    ).click()
    expect(page.get_by_text("Next threshold")).to_be_visible()
    assert_accessible(page)

    page.get_by_role("navigation", name="Main navigation").get_by_role(
        "button", name="Log out"
    ).click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    page.goto("/en/dashboard/")
    expect(page).to_have_url(re.compile(r"/account/login/"))


def test_a_bad_month_is_refused_in_place_and_keeps_what_was_typed(page):
    sign_up(page, "typo@example.com")
    create_profile(page, "typo")
    add_month(page, months_back(1), "-5", "40000", "6")
    form = page.locator("#month-form")
    expect(form.get_by_label("Followers at month end")).to_have_value("-5")
    expect(form.get_by_label("Video views")).to_have_value("40000")
    expect(form.locator("#id_followers")).to_have_class(re.compile("is-invalid"))
    expect(form.locator("#id_followers")).to_be_focused()  # the first field in error
    expect(page.locator(".months-table")).to_have_count(0)  # still no month: no table yet
    assert_accessible(page)


def test_without_javascript_a_month_is_added_and_a_bad_one_refused(page, page_without_js):
    sign_up(page, "nojs@example.com")
    create_profile(page, "nojs")
    profile_url = page.url
    cookies = page.context.cookies()
    page_without_js.context.add_cookies(cookies)

    page_without_js.goto(profile_url)
    add_month(page_without_js, months_back(1), "abc", "40000", "6")
    expect(page_without_js.locator("#id_followers")).to_have_value("abc")
    expect(page_without_js.locator("#id_followers")).to_have_class(re.compile("is-invalid"))

    add_month(page_without_js, months_back(1), "1200", "40000", "6")
    expect(page_without_js).to_have_url(re.compile(r"/profiles/\d+/#months$"))
    expect(page_without_js.locator(".months-table tbody tr")).to_have_count(1)
    expect(page_without_js.locator(".months-table")).to_contain_text("1,200")


def test_the_month_form_opens_in_place_with_the_focus_on_its_first_field(page, page_without_js):
    sign_up(page, "opener@example.com")
    create_profile(page, "opener")
    add_month(page, months_back(2), "600", "40000", "6")
    expect(page.locator("#profile-body [role=status]")).to_contain_text("added")
    page.reload()  # a profile with months: the form is offered, not drawn
    expect(page.locator("#id_followers")).to_have_count(0)
    page.evaluate("window.__no_reload_marker = 1")

    page.get_by_role("link", name="Add a month").click()
    expect(page.locator("#month-form #id_month")).to_be_focused()
    expect(page.locator("#month-form #id_month")).to_have_value(months_back(1))
    assert page.evaluate("window.__no_reload_marker") == 1, "the page was reloaded"
    assert_accessible(page)

    page_without_js.context.add_cookies(page.context.cookies())
    page_without_js.goto(page.url)
    page_without_js.get_by_role("link", name="Add a month").click()
    expect(page_without_js).to_have_url(re.compile(r"/profiles/\d+/months/new/$"))
    expect(page_without_js.locator("#id_month")).to_have_value(months_back(1))
