"""What the profile page and the dashboard show, each part computed on first use.

Both pages cache their parts (``{% cache %}`` in the templates) under ``display_version``: a
digest of the profile's own values, of its months' state (``with_months_state``: read with
the profile, no month loaded), the currency, the active card and the language. On a hit,
nothing below but the version is computed and no month is loaded; on a miss, the months are
loaded once (one query) and each part computed once, whatever the number of parts using it.
"""

from __future__ import annotations

import datetime
import hashlib
from functools import cached_property
from typing import Any

from django.utils.translation import get_language

from config.deferred import deferred
from creators import learning, overview, tiktok_views
from creators.charts.profile import profile_charts
from creators.estimates import country_of, currency_of, estimate_month
from creators.models import CreatorProfile, MonthlyStat
from estimator import calculations as calc


def display_version(profile: CreatorProfile, rates: calc.Rates, currency: str) -> str:
    """Changes with anything a cached part is drawn from (the period, the day and the rates
    switch are added to the key by the parts that depend on them). ``profile`` comes from
    ``with_months_state(rates.card_id)``."""
    values = [field.value_from_object(profile) for field in profile._meta.concrete_fields]
    values += [currency, rates.card_id, get_language()]
    values += [profile.months_count, profile.months_on_card, profile.months_written]
    return hashlib.blake2b(repr(values).encode(), digest_size=16).hexdigest()


class ProfilePage:
    def __init__(
        self,
        profile: CreatorProfile,
        rates: calc.Rates,
        *,
        period: str,
        use_card: bool,
        today: datetime.date,
    ) -> None:
        """``profile`` comes from ``with_months_state(rates.card_id)``; ``period`` is one of
        ``overview.PERIODS``; ``use_card``: the market card rather than the own rates."""
        self.profile = profile
        self.rates = rates
        self.period = period
        self.use_card = use_card
        self.today = today
        self.currency = currency_of(profile, rates)
        self.month_count = profile.months_count
        self.stale_months = profile.months_count - profile.months_on_card

    @cached_property
    def version(self) -> str:
        return display_version(self.profile, self.rates, self.currency)

    @property
    def hidden_months(self) -> int:
        shown = overview.PERIODS[self.period]
        return 0 if shown is None else max(self.month_count - shown, 0)

    # --- Computed only on a miss ----------------------------------------------------------

    @cached_property
    def stats(self) -> list[MonthlyStat]:
        return list(MonthlyStat.objects.for_profile(self.profile).chronological())

    @cached_property
    def shown(self) -> list[MonthlyStat]:
        return overview.in_period(self.stats, self.period)

    @cached_property
    def latest(self) -> MonthlyStat | None:
        return self.stats[-1] if self.stats else None

    @cached_property
    def all_rows(self) -> list[overview.MonthRow]:
        """Newest first, growth included."""
        return overview.month_rows(self.stats, self.rates)

    @cached_property
    def own_rates(self) -> learning.OwnRates:
        switch = learning.CARD if self.use_card else None
        return learning.own_rates_for(self.profile, self.stats, self.rates, switch)

    @cached_property
    def own_estimate(self) -> calc.Breakdown | None:
        if self.latest is None:
            return None
        return estimate_month(self.profile, self.latest, self.own_rates.rates)

    @cached_property
    def comparison_rows(self) -> list[tuple[overview.SourceComparison, learning.SourceAccuracy]]:
        """Estimated vs actual per source, with the typical error of those estimates."""
        accuracy = learning.accuracy_by_source(self.shown)
        return [(line, accuracy[line.key]) for line in overview.estimated_vs_actual(self.shown)]

    @cached_property
    def latest_row(self) -> overview.MonthRow | None:
        return self.all_rows[0] if self.all_rows else None

    @cached_property
    def shown_rows(self) -> list[overview.MonthRow]:
        return self.all_rows[: len(self.shown)]

    @cached_property
    def progress(self) -> list:
        return overview.profile_progress(self.profile, self.stats, self.rates, self.today)

    @cached_property
    def recalculation(self) -> overview.Recalculation | None:
        return overview.pending_recalculation(self.profile, self.stats, self.rates)

    @cached_property
    def diversification(self):
        return overview.month_diversification(self.latest)

    @cached_property
    def charts(self) -> list:
        return profile_charts(self.shown, currency=self.currency)

    @cached_property
    def country(self):
        return self.rates.countries.get(country_of(self.profile, self.rates))

    @cached_property
    def tiktok(self) -> dict | None:
        return tiktok_views.panel(self.profile)

    def context(self) -> dict[str, Any]:
        """The template's variables. The parts are callables (``config.deferred``), which the
        template calls when it first reads them: inside a ``{% cache %}`` block that hits,
        never."""
        parts = deferred(self)
        return {
            **parts,
            "rows": parts["shown_rows"],
            "profile": self.profile,
            "currency": self.currency,
            "period": self.period,
            "use_card": self.use_card,
            "today": self.today,
            "display_version": self.version,
            "month_count": self.month_count,
            "stale_months": self.stale_months,
            "hidden_months": self.hidden_months,
        }


# --- The dashboard ----------------------------------------------------------------------------

# What a dashboard card reads of a month: the latest figures and the series of the pace.
DASHBOARD_MONTH_FIELDS = (
    "profile",
    "month",
    "followers",
    "video_views",
    "videos_posted",
    "estimated_total",
    "origins",  # which months are partial: the pace leaves their views out
)


class Dashboard:
    """One card per profile of ``owner``, each cached under its profile's version and the day;
    the months of every profile are loaded at the first card that misses, in one query."""

    def __init__(self, owner, rates: calc.Rates, today: datetime.date) -> None:
        self.owner = owner
        self.rates = rates
        self.today = today
        profiles = CreatorProfile.objects.owned_by(owner).with_months_state(rates.card_id)
        self.entries = [DashboardEntry(self, profile) for profile in profiles]

    @cached_property
    def months(self) -> dict[int, list[MonthlyStat]]:
        """Each profile's months. Only a few columns: not the stored estimates, whose JSON is
        most of a month's loading time."""
        by_profile: dict[int, list[MonthlyStat]] = {}
        months = MonthlyStat.objects.owned_by(self.owner).only(*DASHBOARD_MONTH_FIELDS)
        for stat in months.order_by("profile", "month"):
            by_profile.setdefault(stat.profile_id, []).append(stat)
        return by_profile


class DashboardEntry:
    def __init__(self, dashboard: Dashboard, profile: CreatorProfile) -> None:
        self.dashboard = dashboard
        self.profile = profile
        self.version = display_version(
            profile, dashboard.rates, currency_of(profile, dashboard.rates)
        )

    @cached_property
    def card(self) -> overview.DashboardCard:
        dashboard = self.dashboard
        months = dashboard.months.get(self.profile.pk, [])
        return overview.dashboard_card(self.profile, months, dashboard.rates, dashboard.today)
