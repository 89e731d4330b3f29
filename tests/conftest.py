"""Shared test set-up: hypothesis profiles, test tiers, fast hashing, plain static files."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings as hypothesis_settings

from tests.support.tiers import PROFILES, hypothesis_profile

# Property and fuzz tests draw few examples on a developer's machine and many in CI (CI=true);
# HYPOTHESIS_PROFILE=ci or =dev chooses one explicitly.
for _name, _examples in PROFILES.items():
    hypothesis_settings.register_profile(_name, max_examples=_examples, deadline=None)
hypothesis_settings.load_profile(hypothesis_profile(os.environ))


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    # Everything under tests/browser/ is a browser test, so `-m "not browser"` can leave it out.
    # Both browser and slow tests are left out by `make test-fast`; `make test` runs them all.
    for item in items:
        if item.nodeid.startswith("tests/browser/"):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)


@pytest.fixture(autouse=True)
def _fast_and_plain_settings(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
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
