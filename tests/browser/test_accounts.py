"""A visitor signs up, finds their account, logs out and logs in again, in a real browser.

The English pages are used so the labels do not change when the French catalogue grows.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.browser.conftest import assert_accessible, confirm_sign_up

pytestmark = pytest.mark.django_db(transaction=True)

EMAIL = "zoe@example.com"
PASSWORD = "a-long-and-rare-passphrase"


def header(page):
    return page.get_by_role("navigation", name="Main navigation")


def test_sign_up_see_the_account_log_out_and_log_in_again(page):
    page.goto("/en/account/signup/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Sign up")
    assert_accessible(page)

    page.get_by_label("Email").fill("Zoe@Example.com")
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^\s*Password confirmation")).fill(PASSWORD)
    page.get_by_role("button", name="Create my account").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Check your email")
    assert_accessible(page)
    confirm_sign_up(page)
    expect(page).to_have_url(re.compile(r"/en/dashboard/$"))

    page.goto("/en/")
    expect(header(page).get_by_role("button", name="Log out")).to_be_visible()
    expect(header(page).get_by_role("link", name="Log in")).to_have_count(0)
    header(page).get_by_role("link", name="My account").click()
    expect(page).to_have_url(re.compile(r"/en/account/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text("My account")
    expect(page.get_by_text(EMAIL)).to_be_visible()
    expect(page.get_by_role("link", name="Download my data (JSON)")).to_be_visible()
    assert_accessible(page)

    header(page).get_by_role("button", name="Log out").click()
    expect(page).to_have_url(re.compile(r"/en/$"))
    expect(header(page).get_by_role("link", name="Log in")).to_be_visible()

    header(page).get_by_role("link", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Log in")
    assert_accessible(page)
    page.get_by_label("Email").fill("ZOE@example.com")
    page.get_by_label(re.compile(r"^\s*Password")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page).to_have_url(re.compile(r"/en/dashboard/$"))


def test_sign_up_errors_are_shown_next_to_the_fields_and_accessible(page):
    page.goto("/en/account/signup/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label(re.compile(r"^\s*Password\W*$")).fill(PASSWORD)
    page.get_by_label(re.compile(r"^\s*Password confirmation")).fill("something-else-entirely")
    page.get_by_role("button", name="Create my account").click()

    confirmation = page.get_by_label(re.compile(r"^\s*Password confirmation"))
    expect(confirmation).to_have_attribute("aria-invalid", "true")
    expect(page.get_by_label("Email")).to_have_value(EMAIL)
    assert_accessible(page)


def test_the_password_and_delete_pages_are_accessible(page, django_user_model):
    django_user_model.objects.create_user(username=EMAIL, email=EMAIL, password=PASSWORD)
    page.goto("/en/account/password/reset/")
    assert_accessible(page)

    page.goto("/en/account/login/?next=/en/account/password/")
    page.get_by_label("Email").fill(EMAIL)
    page.get_by_label(re.compile(r"^\s*Password")).fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Change my password")
    assert_accessible(page)

    page.goto("/en/account/delete/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Delete my account")
    assert_accessible(page)
