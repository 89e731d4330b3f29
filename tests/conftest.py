"""Shared test set-up: fast hashing, plain static files, helpers."""

from __future__ import annotations

import pytest


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Everything under tests/browser/ is a browser test, so `-m "not browser"` can leave it out.
    for item in items:
        if item.nodeid.startswith("tests/browser/"):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(autouse=True)
def _fast_and_plain_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Tests send many requests from one address; the tests of the limits turn them on.
    settings.RATELIMIT_ENABLE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture(autouse=True)
def _empty_caches(settings):
    """Production's caches (debug keeps nothing), empty: no test sees what another one left."""
    from django.core.cache import caches

    from config.settings import KEPT_CACHES

    settings.CACHES = KEPT_CACHES
    for cache in caches.all():
        cache.clear()
