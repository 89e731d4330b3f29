"""Every page, as a phone (390 px) and a laptop (1280 px) see it: no sideways scrolling, 0 axe
violations, no console or CSP error (the `page` fixture fails on any).

To cover a new page, add its address to ANONYMOUS_PAGES, USER_PAGES or ADMIN_PAGES; `{profile}`,
`{new_profile}`, `{month}`, `{kit}` and `{card}` are filled in from the data made below.
"""

from __future__ import annotations

import datetime

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

from estimator.models import RateCard
from tests.browser.conftest import assert_accessible
from tests.creators.factories import make_history, make_profile, make_user

pytestmark = pytest.mark.django_db(transaction=True)

WIDTHS = (390, 1280)

ANONYMOUS_PAGES = [
    "/",
    "/en/",
    "/?followers=20000&views_30d=400000&qualified_views=100000&sponsored_posts=2"
    "&ugc_videos=1&diamonds=5000&affiliate_sales=30&shop_sales=12",
    "/?followers=-3&views_30d=douze",
    "/plan/",
    "/plan/?goal=2000&followers=20000&views_30d=300000&age=25",
    "/account/login/",
    "/account/signup/",
    "/account/password/reset/",
    "/account/signup/sent/",
    "/kit/{kit}/",
    "/page-that-does-not-exist/",
]
USER_PAGES = [
    "/dashboard/",
    "/en/dashboard/",
    "/profiles/new/",
    "/profiles/{profile}/",
    "/profiles/{profile}/?period=all",
    "/en/profiles/{profile}/",
    "/profiles/{new_profile}/",
    "/profiles/{profile}/edit/",
    "/profiles/{profile}/delete/",
    "/profiles/{profile}/months/new/",
    "/profiles/{profile}/months/{month}/",
    "/profiles/{profile}/import/",
    "/profiles/{profile}/plan/",
    "/profiles/{profile}/media-kit/",
    "/account/",
    "/account/password/",
    "/account/delete/",
]
ADMIN_PAGES = [
    "/admin/",
    "/admin/estimator/ratecard/",
    "/admin/estimator/ratecard/{card}/change/",
    "/admin/estimator/ratecard/{draft}/change/",
    "/admin/auth/user/",
    "/admin/estimator/observedrates/",
    "/admin/creators/recalculation/",
]
CASES = [
    *(("anonymous", path) for path in ANONYMOUS_PAGES),
    *(("user", path) for path in USER_PAGES),
    *(("admin", path) for path in ADMIN_PAGES),
]


def _last_complete_month() -> datetime.date:
    first_of_this_month = datetime.date.today().replace(day=1)
    return (first_of_this_month - datetime.timedelta(days=1)).replace(day=1)


@pytest.fixture
def places() -> dict:
    user = make_user("creator@example.com")
    profile = make_profile(user, handle="lea.finance.and.a.rather.long.handle", niche="finance")
    last = _last_complete_month()
    make_history(profile, 14, end=last)
    profile.enable_media_kit()
    profile.save()
    new_profile = make_profile(user, handle="nouveau")
    card = RateCard.objects.get(is_active=True)
    return {
        "user": user,
        "profile": profile.pk,
        "new_profile": new_profile.pk,
        "month": last.strftime("%Y-%m"),
        "kit": profile.media_kit_token,
        "card": card.pk,
        "draft": card.clone(name="Brouillon").pk,
    }


def _log_in(page, live_server, user) -> None:
    """A session made by Django's test client, handed to the browser as its cookie."""
    client = Client()
    client.force_login(user)
    page.context.add_cookies(
        [
            {
                "name": settings.SESSION_COOKIE_NAME,
                "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
                "url": live_server.url,
            }
        ]
    )


def horizontal_overflow(page) -> int:
    """How many pixels the page is wider than the window (0: no sideways scrolling)."""
    return page.evaluate(
        "Math.max(document.documentElement.scrollWidth, document.body.scrollWidth)"
        " - document.documentElement.clientWidth"
    )


def wide_elements(page) -> list[str]:
    """The elements that stick out on the right, to say what to fix."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth + 1;
            const clipped = e => {
                for (let a = e.parentElement; a; a = a.parentElement) {
                    if (getComputedStyle(a).overflowX !== "visible") return true;
                }
                return false;
            };
            const sticksOut = e => e.getBoundingClientRect().right > width;
            return Array.from(document.querySelectorAll("body *"))
                .filter(e => sticksOut(e) && !sticksOut(e.parentElement) && !clipped(e))
                .slice(0, 8)
                .map(e => `${e.tagName}.${e.className} ${e.getBoundingClientRect().right}`);
        }"""
    )


@pytest.mark.parametrize(("audience", "path"), CASES)
def test_every_page_fits_the_screen_and_is_accessible(page, live_server, places, audience, path):
    if audience == "user":
        _log_in(page, live_server, places["user"])
    elif audience == "admin":
        admin = get_user_model().objects.create_superuser(
            "admin@example.com", "admin@example.com", "pw-admin-123"
        )
        _log_in(page, live_server, admin)
    url = path.format(**places)
    for width in WIDTHS:
        page.set_viewport_size({"width": width, "height": 844 if width < 800 else 900})
        response = page.goto(url)
        page.wait_for_load_state("load")
        if response.status == 404:  # the 404 page itself: its status is no console error
            page.console_errors[:] = [e for e in page.console_errors if "404" not in e]
        assert horizontal_overflow(page) <= 0, (
            f"{url} scrolls sideways at {width} px: {wide_elements(page)}"
        )
        assert_accessible(page)
