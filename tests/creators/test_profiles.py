"""Creating, editing and listing creator profiles."""

from __future__ import annotations

import datetime

import pytest
import time_machine

from creators.models import CreatorProfile
from tests.creators.factories import make_history, make_month, make_profile, make_user

pytestmark = pytest.mark.django_db

VALID = {
    "handle": "@Lea.Finance",
    "display_name": "Léa",
    "country": "FR",
    "niche": "finance",
    "account_type": "personal",
    "birth_year": "1998",
    "currency": "",
}


@pytest.fixture
def user(client):
    user = make_user()
    client.force_login(user)
    return user


def test_a_profile_is_created_for_the_logged_in_user(client, user):
    response = client.post("/profiles/new/", VALID)
    profile = CreatorProfile.objects.get()
    assert response.status_code == 302
    assert response["Location"] == f"/profiles/{profile.pk}/"
    assert profile.owner == user
    assert profile.handle == "Lea.Finance"


@pytest.mark.parametrize("handle", ["a", "with space", "x" * 25, "émoji"])
def test_an_invalid_handle_is_refused(client, user, handle):
    response = client.post("/profiles/new/", {**VALID, "handle": handle})
    assert response.status_code == 200
    assert "is-invalid" in response.text
    assert not CreatorProfile.objects.exists()


def test_a_handle_is_unique_per_owner_whatever_its_case(client, user):
    make_profile(owner=user, handle="lea.finance")
    response = client.post("/profiles/new/", VALID)
    assert response.status_code == 200
    assert CreatorProfile.objects.count() == 1


def test_two_owners_may_use_the_same_handle(client, user):
    make_profile(handle="Lea.Finance")
    assert client.post("/profiles/new/", VALID).status_code == 302


def test_an_agent_manages_several_profiles(client, user):
    client.post("/profiles/new/", VALID)
    client.post("/profiles/new/", {**VALID, "handle": "maxime"})
    assert CreatorProfile.objects.filter(owner=user).count() == 2


@pytest.mark.parametrize(
    ("birth", "month", "age"),
    [
        ({"birth_date": datetime.date(2008, 6, 15)}, datetime.date(2026, 5, 1), 17),
        ({"birth_date": datetime.date(2008, 6, 15)}, datetime.date(2026, 6, 1), 18),
        ({"birth_year": 2008}, datetime.date(2026, 11, 1), 17),
        ({"birth_year": 2008}, datetime.date(2026, 12, 1), 18),
        ({}, datetime.date(2026, 12, 1), None),
    ],
)
def test_age_is_derived_per_month(birth, month, age):
    assert make_profile(**birth).age_in(month) == age


@time_machine.travel(datetime.datetime(2026, 11, 21, 12, 0), tick=False)
def test_the_dashboard_lists_my_profiles_with_their_next_threshold(
    client, user, django_assert_max_num_queries
):
    first = make_profile(owner=user, display_name="Léa")
    make_history(first, 3)
    second = make_profile(owner=user, display_name="Maxime")
    make_month(second, 2026, 11, followers=900)
    make_profile(display_name="Someone else")
    with django_assert_max_num_queries(5):
        response = client.get("/en/dashboard/")
    text = response.text
    assert "Léa" in text and "Maxime" in text
    assert "Someone else" not in text
    assert "Next threshold" in text
    assert "this month is not tracked yet" in text  # Léa's last month is October


def test_the_dashboard_needs_an_account(client):
    response = client.get("/dashboard/")
    assert response.status_code == 302


def test_deleting_a_profile_removes_its_months(client, user):
    profile = make_profile(owner=user)
    make_history(profile, 3)
    response = client.post(f"/profiles/{profile.pk}/delete/")
    assert response.status_code == 302
    assert not CreatorProfile.objects.exists()
