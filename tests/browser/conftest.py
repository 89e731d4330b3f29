"""Real browser tests: Playwright drives Debian's Chromium against pytest-django's live server.

Chromium missing: a loud skip on a developer machine, a failure under CI=true.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.sync_playwright import Axe

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
WCAG_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]

# Playwright's sync API runs an event loop in this thread; the ORM calls made by the
# tests themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


def _in_ci() -> bool:
    return os.environ.get("CI", "").strip().lower() in {"1", "true", "yes"}


def pytest_terminal_summary(terminalreporter) -> None:
    if not CHROMIUM.exists() and not _in_ci():
        terminalreporter.write_sep(
            "!",
            f"BROWSER TESTS SKIPPED: {CHROMIUM} is missing (apt-get install chromium)",
            red=True,
            bold=True,
        )


@pytest.fixture(scope="session")
def browser() -> Iterator:
    if not CHROMIUM.exists():
        message = f"{CHROMIUM} is missing: install it with `apt-get install -y chromium`."
        if _in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


class ConsoleErrors(list):
    """Console errors and uncaught exceptions (CSP violations show up here too)."""


@pytest.fixture
def page(browser, live_server) -> Iterator:
    context = browser.new_context(locale="fr-FR", base_url=live_server.url)
    context.set_default_timeout(10_000)
    page = context.new_page()
    errors = ConsoleErrors()
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.console_errors = errors
    yield page
    context.close()
    assert not errors, f"Console errors in the browser: {errors}"


@pytest.fixture
def page_without_js(browser, live_server) -> Iterator:
    context = browser.new_context(
        locale="fr-FR", base_url=live_server.url, java_script_enabled=False
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    yield page
    context.close()


_axe = Axe()


def assert_accessible(page) -> None:
    """0 axe violations against WCAG 2.1 A and AA."""
    results = _axe.run(page, options={"runOnly": {"type": "tag", "values": WCAG_TAGS}})
    assert results.violations_count == 0, results.generate_report()


@pytest.fixture(scope="session")
def _migrated_rate_cards(django_db_setup, django_db_blocker) -> str:
    """The rate cards as the migrations left the test database (rows and snapshots), kept
    before any live-server test flushes them. Read back from the database rather than by calling
    the data migrations' functions: those ran against the models of their own time."""
    from django.core import serializers

    from estimator.models import CHILD_RELATIONS, RateCard

    with django_db_blocker.unblock():
        objects = []
        for card in RateCard.objects.order_by("pk"):
            objects.append(card)
            for relation in CHILD_RELATIONS:
                objects += list(getattr(card, relation).all())
        return serializers.serialize("json", objects)


@pytest.fixture(autouse=True)
def default_rate_card(transactional_db, _migrated_rate_cards):
    """Live-server tests flush the database between tests, migration data included: the
    migrated rate cards are put back as they were."""
    from django.core import serializers
    from django.core.management.color import no_style
    from django.db import connection

    from estimator.models import RateCard

    if not RateCard.objects.active().exists():
        saved = list(serializers.deserialize("json", _migrated_rate_cards))
        for item in saved:
            item.save()
        # Rows came back with their ids: the next row added must not reuse one.
        models = {type(item.object) for item in saved}
        with connection.cursor() as cursor:
            for statement in connection.ops.sequence_reset_sql(no_style(), models):
                cursor.execute(statement)


def confirm_sign_up(page) -> None:
    """After "Create my account": open the link mailed to the new account and confirm it."""
    from django.core import mail

    page.wait_for_url(re.compile(r"/account/signup/sent/$"))
    link = re.search(r"https?://\S+/account/signup/confirm/\S+/", mail.outbox[-1].body).group(0)
    page.goto(link)
    page.get_by_role("button", name=re.compile("Confirm my account|Confirmer mon compte")).click()
