"""``manage.py seed_demo``: the demo account, its two profiles and their 18 months."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from django.utils import timezone

from creators.estimates import expected_by_source
from creators.management.commands.seed_demo import (
    DEMO_EMAIL,
    DEMO_PASSWORD,
    add_months,
    previous_month,
)
from creators.models import COUNT_FIELDS, CreatorProfile, MonthlyStat
from estimator.snapshot import load_active_rates

pytestmark = pytest.mark.django_db

LAST_MONTH = datetime.date(2026, 10, 1)


@pytest.fixture
def debug(settings):
    settings.DEBUG = True


def seed() -> None:
    call_command("seed_demo", "--last-month=2026-10", stdout=_Quiet())


class _Quiet:
    def write(self, text: str) -> None:
        pass

    def flush(self) -> None:
        pass


def test_it_creates_the_demo_account(debug):
    seed()
    user = get_user_model().objects.get(username=DEMO_EMAIL)
    assert user.email == DEMO_EMAIL
    assert user.is_active
    assert user.check_password(DEMO_PASSWORD)


def test_the_demo_user_can_log_in_with_the_documented_password(debug, client):
    seed()
    response = client.post(
        "/account/login/", {"username": "demo@example.com", "password": "demo-planner-2026"}
    )
    assert response.status_code == 302
    assert "_auth_user_id" in client.session


def test_it_creates_two_profiles_as_documented(debug):
    seed()
    profiles = {
        profile.handle: profile
        for profile in CreatorProfile.objects.filter(owner__username=DEMO_EMAIL)
    }
    assert set(profiles) == {"lea.finance", "maxime.cuisine"}
    lea, maxime = profiles["lea.finance"], profiles["maxime.cuisine"]
    assert (lea.country, lea.niche, lea.account_type) == ("FR", "finance", "personal")
    assert (maxime.country, maxime.niche, maxime.account_type) == ("CA", "food", "business")


def test_each_profile_has_eighteen_consecutive_months_ending_with_the_given_month(debug):
    seed()
    for profile in CreatorProfile.objects.all():
        months = list(
            MonthlyStat.objects.for_profile(profile).chronological().values_list("month", flat=True)
        )
        assert months == [add_months(LAST_MONTH, offset) for offset in range(-17, 1)]


def test_by_default_the_months_end_with_last_month(debug):
    call_command("seed_demo", stdout=_Quiet())
    last = MonthlyStat.objects.order_by("-month").values_list("month", flat=True).first()
    assert last == previous_month(timezone.localdate())


def test_previous_month_crosses_the_new_year():
    assert previous_month(datetime.date(2027, 1, 15)) == datetime.date(2026, 12, 1)


def test_every_count_is_filled_typed_and_engagement_is_plausible(debug):
    seed()
    for stat in MonthlyStat.objects.all():
        for name, _label in COUNT_FIELDS:
            assert getattr(stat, name) is not None, (stat, name)
            assert stat.origins[name] == "typed"
        assert Decimal(3) <= stat.engagement_rate <= Decimal(10), stat
        assert stat.long_video_views <= stat.video_views
        assert stat.qualified_views <= stat.long_video_views


def test_followers_grow_from_about_6000_to_14000_for_lea(debug):
    seed()
    followers = list(
        MonthlyStat.objects.filter(profile__handle="lea.finance")
        .chronological()
        .values_list("followers", flat=True)
    )
    assert followers[0] == 6_000
    assert followers[-1] == 14_000
    assert followers == sorted(followers)


def test_maxime_has_live_diamonds_and_a_couple_of_sponsored_posts(debug):
    seed()
    stats = MonthlyStat.objects.filter(profile__handle="maxime.cuisine")
    assert all(stat.diamonds > 0 for stat in stats)
    assert sum(stat.sponsored_posts for stat in stats) == 2


def test_some_months_have_actual_revenue_typed(debug):
    seed()
    with_actuals = [stat for stat in MonthlyStat.objects.all() if stat.actual_total is not None]
    assert 0 < len(with_actuals) < MonthlyStat.objects.count()
    for stat in with_actuals:
        assert any(name.startswith("actual_") for name in stat.origins)


def test_every_month_is_estimated_with_the_active_rate_card(debug):
    seed()
    card_id = load_active_rates().card_id
    for stat in MonthlyStat.objects.all():
        assert stat.rate_card_id == card_id
        assert stat.estimate is not None
        assert stat.estimated_total is not None
        assert expected_by_source(stat)


def test_lea_becomes_eligible_for_creator_rewards_and_maxime_never_does(debug):
    seed()
    lea = MonthlyStat.objects.filter(profile__handle="lea.finance").chronological()
    eligible = [stat.estimate["sources"]["creator_rewards"]["eligible"] for stat in lea]
    assert not eligible[0]
    assert eligible[-1]
    maxime = MonthlyStat.objects.filter(profile__handle="maxime.cuisine")
    assert not any(stat.estimate["sources"]["creator_rewards"]["eligible"] for stat in maxime)
    assert all(stat.estimate["currency"] == "CAD" for stat in maxime)


def test_running_it_twice_leaves_the_same_account_and_numbers(debug):
    seed()
    first = list(MonthlyStat.objects.order_by("profile__handle", "month").values())
    seed()
    assert get_user_model().objects.filter(username=DEMO_EMAIL).count() == 1
    assert CreatorProfile.objects.count() == 2
    assert MonthlyStat.objects.count() == 36
    second = list(MonthlyStat.objects.order_by("profile__handle", "month").values())
    ignored = {"id", "profile_id", "updated_at"}

    def strip(rows):
        return [{k: v for k, v in row.items() if k not in ignored} for row in rows]

    assert strip(second) == strip(first)


def test_it_leaves_other_users_alone(debug, django_user_model):
    other = django_user_model.objects.create_user(username="other@example.com", password="x")
    CreatorProfile.objects.create(owner=other, handle="lea.finance")
    seed()
    seed()
    assert CreatorProfile.objects.filter(owner=other).count() == 1


def test_it_is_refused_when_debug_is_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEBUG"):
        seed()
    assert not get_user_model().objects.filter(username=DEMO_EMAIL).exists()


def test_a_malformed_last_month_is_refused(debug):
    with pytest.raises(CommandError, match="2026-10"):
        call_command("seed_demo", "--last-month=October", stdout=_Quiet())


@pytest.mark.slow  # over a second (README: the fast tier)
def test_observed_creates_60_consenting_creators_shown_on_the_admin_page(debug, client):
    from tests.estimator.test_observed_rates_admin import cell_row

    call_command("seed_demo", "--last-month=2026-10", "--observed", stdout=_Quiet())
    call_command("seed_demo", "--last-month=2026-10", "--observed", stdout=_Quiet())  # resets
    sharing = CreatorProfile.objects.sharing_observed_rates()
    assert sharing.count() == 60
    assert not sharing.filter(owner__username=DEMO_EMAIL).exists()
    assert (
        not get_user_model().objects.get(username="observed-01@example.com").has_usable_password()
    )
    admin = get_user_model().objects.create_superuser("admin", "admin@example.com", "x")
    client.force_login(admin)
    with time_machine.travel(datetime.datetime(2026, 11, 15, 12, 0), tick=False):
        text = client.get("/en/admin/estimator/observedrates/").text
    assert cell_row(text, "FR-general-rpm")[4] == "25"
    assert cell_row(text, "FR-general-diamond_value")[4] == "25"
    assert cell_row(text, "CA-general-rpm")[4] == "12"
    assert cell_row(text, "FR-beauty-rpm") is None
