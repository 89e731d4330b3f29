"""The admin keeps working under the strict Content-Security-Policy (no console violation)."""

from __future__ import annotations

import pytest
from django.contrib.auth import get_user_model
from playwright.sync_api import expect

from estimator.models import RateCard

pytestmark = pytest.mark.django_db(transaction=True)


def log_in_as_admin(page) -> None:
    get_user_model().objects.create_superuser(
        "admin@example.com", "admin@example.com", "pw-admin-123"
    )
    page.goto("/en/admin/login/")
    page.get_by_label("Username").fill("admin@example.com")
    page.get_by_label("Password").fill("pw-admin-123")
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Rates and accounts")).to_be_visible()


def test_the_rate_card_pages_and_their_inlines_work_under_the_csp(page):
    log_in_as_admin(page)
    active = RateCard.objects.get(is_active=True)
    draft = active.clone(name="Draft")

    page.goto(f"/en/admin/estimator/ratecard/{active.pk}/change/")
    expect(page.get_by_text("Default rate card").first).to_be_visible()

    page.goto(f"/en/admin/estimator/ratecard/{draft.pk}/change/")
    rates = page.locator("#rates-group")
    expect(rates).to_be_visible()
    # Inline JavaScript of the admin (add another / delete row) runs under the CSP.
    add_niche = page.locator("#niches-group").get_by_text("Add another Niche")
    add_niche.click()
    expect(page.locator("#niches-group tr.dynamic-niches")).to_have_count(draft.niches.count() + 1)
    page.goto("/en/admin/estimator/ratecard/")
    expect(page.get_by_role("link", name="Draft")).to_be_visible()
    # The `page` fixture fails the test on any console error, CSP violations included.
