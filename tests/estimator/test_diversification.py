from __future__ import annotations

from decimal import Decimal

from estimator.diversification import SourceAmount, diversification


def amounts(**values):
    return {
        key: SourceAmount(eligible, Decimal(expected))
        for key, (eligible, expected) in values.items()
    }


def test_more_than_70_percent_from_one_tiktok_programme_is_flagged():
    result = diversification(
        amounts(creator_rewards=(True, 800), brand_partnerships=(True, 100), ugc=(True, 100))
    )
    assert result.shares["creator_rewards"] == Decimal("0.8")
    assert result.dominant == "creator_rewards"
    assert result.next_source in {"brand_partnerships", "ugc"}


def test_seventy_percent_exactly_is_not_flagged():
    result = diversification(amounts(live_gifts=(True, 70), affiliate=(True, 30)))
    assert result.dominant is None


def test_a_brand_dependent_creator_is_not_a_tiktok_dependency():
    result = diversification(amounts(brand_partnerships=(True, 900), creator_rewards=(True, 100)))
    assert result.dominant is None


def test_the_next_source_is_the_best_other_one_even_if_not_yet_eligible():
    result = diversification(
        amounts(creator_rewards=(True, 900), tiktok_shop=(False, 300), affiliate=(True, 50))
    )
    assert result.next_source == "tiktok_shop"


def test_with_nothing_else_a_sponsored_video_is_suggested():
    result = diversification(amounts(live_gifts=(True, 200), ugc=(True, 0)), Decimal(150))
    assert result.next_source == "brand_partnerships"
    result = diversification(amounts(live_gifts=(True, 200), ugc=(True, 0)))
    assert result.next_source == "ugc"
