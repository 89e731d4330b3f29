"""Importing TikTok Studio files in a real browser: upload two CSVs, check, confirm, see them."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible
from tests.creators.factories import PASSWORD, make_profile, make_user

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLES = Path(__file__).parent.parent / "creators" / "data" / "tiktok"


def log_in(page, email: str) -> None:
    page.goto("/en/account/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label(re.compile(r"^\s*Password")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/en/dashboard/$"))


def test_upload_two_studio_csvs_preview_confirm_and_see_the_months(page):
    user = make_user("importer@example.com")
    profile = make_profile(owner=user, handle="lea.import")
    log_in(page, user.email)

    page.goto(f"/en/profiles/{profile.pk}/")
    page.get_by_role("link", name="Import from TikTok Studio").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import from TikTok Studio")
    assert_accessible(page)

    page.get_by_label("TikTok Studio files").set_input_files(
        [SAMPLES / "Overview.csv", SAMPLES / "FollowerHistory.csv"]
    )
    page.get_by_label("Export date (optional)").fill("2026-10-21")
    page.get_by_role("button", name="Preview the import").click()

    preview = page.locator("#import-preview")
    expect(preview.get_by_role("heading", name="Check before writing")).to_be_visible()
    expect(preview.locator("tbody tr")).to_have_count(5)
    expect(page.locator("#import-2026-06")).to_contain_text("partial")
    expect(page.locator("#import-2026-09")).to_contain_text("408,094")
    assert_accessible(page)

    page.get_by_role("button", name="Confirm the import").click()
    # With JavaScript the confirmation is sent by htmx (hx-boost: progress shown, button
    # disabled), which follows the redirect without its #months.
    expect(page).to_have_url(re.compile(rf"/en/profiles/{profile.pk}/(#months)?$"))
    expect(page.get_by_role("status").first).to_contain_text("5 months imported")
    expect(page.locator(".months-table tbody tr")).to_have_count(5)
    expect(page.locator("#month-2026-10")).to_contain_text("12,500")
    expect(page.locator("#month-2026-09")).to_contain_text("408,094")


def test_a_broken_file_comes_back_with_its_line_named(page, tmp_path):
    user = make_user("broken@example.com")
    profile = make_profile(owner=user, handle="lea.broken")
    broken = tmp_path / "Overview.csv"
    broken.write_text("Date,Video Views,Profile Views,Likes,Comments,Shares\nJune 1,lots,1,1,1,1\n")
    log_in(page, user.email)

    page.goto(f"/en/profiles/{profile.pk}/import/")
    page.get_by_label("TikTok Studio files").set_input_files([broken])
    page.get_by_role("button", name="Preview the import").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Overview.csv, line 2, column “Video Views”: “lots”: this is not a whole number."
    )
    assert_accessible(page)


def test_the_import_works_without_javascript(page_without_js):
    page = page_without_js
    user = make_user("nojs@example.com")
    profile = make_profile(owner=user, handle="lea.nojs")
    log_in(page, user.email)

    page.goto(f"/en/profiles/{profile.pk}/import/")
    page.get_by_label("TikTok Studio files").set_input_files(
        [SAMPLES / "Overview_1792540800.zip", SAMPLES / "Followers_sample_creator.zip"]
    )
    page.get_by_role("button", name="Preview the import").click()
    expect(page.locator("#import-preview tbody tr")).to_have_count(5)
    page.get_by_role("button", name="Confirm the import").click()
    expect(page.locator(".months-table tbody tr")).to_have_count(5)
    expect(page.locator("#month-2026-06")).to_contain_text("7,693")
