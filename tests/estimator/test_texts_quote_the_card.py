"""Texts that quote a rate take it from the card: change the rate, the words change."""

from __future__ import annotations

import dataclasses
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils import translation

from estimator import calculations as calc
from estimator.diversification import SourceAmount, diversification
from estimator.presentation import source_views
from tests.estimator.rates_factory import make_rates


def creator_rewards_hints(rates: calc.Rates) -> list[str]:
    breakdown = calc.estimate(calc.Inputs(long_video_views=500_000), rates)
    [view] = [view for view in source_views(breakdown) if view.key == "creator_rewards"]
    return view.hints


def with_qualified_share(low: str, high: str) -> calc.Rates:
    rates = make_rates()
    share = dataclasses.replace(
        rates.rates["qualified_share"], low=Decimal(low), expected=Decimal(low), high=Decimal(high)
    )
    return dataclasses.replace(rates, rates={**rates.rates, "qualified_share": share})


def test_the_qualified_share_hint_quotes_the_cards_range() -> None:
    with translation.override("fr"):
        assert any(
            "de 50\u00a0% à 100\u00a0%" in hint for hint in creator_rewards_hints(make_rates())
        )
        assert any(
            "de 40\u00a0% à 90\u00a0%" in hint
            for hint in creator_rewards_hints(with_qualified_share("0.40", "0.90"))
        )
    with translation.override("en"):
        assert any(
            "40% to 90%" in hint
            for hint in creator_rewards_hints(with_qualified_share("0.40", "0.90"))
        )


def warning(diversification) -> str:
    return render_to_string(
        "estimator/diversification_alert.html", {"diversification": diversification}
    )


def test_the_dependency_warning_quotes_the_threshold_it_applies() -> None:
    dominant = {"live_gifts": SourceAmount(True, Decimal(80)), "ugc": SourceAmount(True, 20)}
    with translation.override("fr"):
        assert "Plus de 70\u00a0% de vos revenus" in warning(diversification(dominant))
        lower = dataclasses.replace(diversification(dominant), threshold=Decimal("0.6"))
        assert "Plus de 60\u00a0% de vos revenus" in warning(lower)
    with translation.override("en"):
        assert "More than 70% of your estimated income" in warning(diversification(dominant))
