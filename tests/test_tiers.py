"""Tests in tiers: hypothesis draws many examples in CI and few on a developer's machine."""

from __future__ import annotations

import os

import pytest
from hypothesis import settings

from tests.support.tiers import PROFILES, hypothesis_profile


@pytest.mark.parametrize(
    ("environ", "profile"),
    [
        ({}, "dev"),
        ({"CI": "true"}, "ci"),
        ({"CI": "1"}, "ci"),
        ({"CI": "false"}, "dev"),
        ({"CI": "true", "HYPOTHESIS_PROFILE": "dev"}, "dev"),
        ({"HYPOTHESIS_PROFILE": "ci"}, "ci"),
    ],
)
def test_the_profile_follows_the_ci_variable(environ, profile):
    assert hypothesis_profile(environ) == profile


def test_ci_draws_many_more_examples_than_a_developer_machine():
    assert PROFILES["ci"] >= 10 * PROFILES["dev"]


def test_this_run_uses_the_profile_its_environment_asks_for():
    expected = PROFILES[hypothesis_profile(os.environ)]
    assert settings.default.max_examples == expected
