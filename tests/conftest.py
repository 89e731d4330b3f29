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


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption(
        "--scale-out",
        action="store_true",
        help="Run only the scale_out tests (two servers and a worker; .ci/steps/16-scale-out.sh).",
    )


@pytest.hookimpl(tryfirst=True)
def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    # Everything under tests/browser/ is a browser test, so `-m "not browser"` can leave it out.
    # Both browser and slow tests are left out by `make test-fast`; `make test` runs them all.
    for item in items:
        if item.nodeid.startswith("tests/browser/"):
            item.add_marker(pytest.mark.browser)
            item.add_marker(pytest.mark.slow)
    # The scale-out tests start servers over PostgreSQL and Redis: their own CI step runs them
    # (with --scale-out), the normal runs leave them out (deselected, not skipped).
    wanted = config.getoption("--scale-out")
    kept, left = [], []
    for item in items:
        (kept if bool(item.get_closest_marker("scale_out")) == wanted else left).append(item)
    if left:
        config.hook.pytest_deselected(items=left)
        items[:] = kept


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
def _immediate_tasks(settings):
    """Tasks run at once, in the test, unless a test is about the worker itself."""
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


@pytest.fixture(autouse=True)
def _empty_caches(settings):
    """Production's caches (debug keeps nothing), empty: no test sees what another one left;
    nor any part of a page kept in the process ({% kept %})."""
    from django.core.cache import caches

    from config.settings import KEPT_CACHES
    from estimator.templatetags import kept

    settings.CACHES = KEPT_CACHES
    for cache in caches.all():
        cache.clear()
    kept.forget()
