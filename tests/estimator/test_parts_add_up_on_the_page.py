"""Numbers add up where the creator reads them: on the estimator page, the total is the sum of
the eligible sources' amounts as displayed, for any input."""

from __future__ import annotations

import re
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

pytestmark = [pytest.mark.django_db, pytest.mark.slow]  # a property test

examples = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)
counts = st.none() | st.integers(min_value=0, max_value=10**9)
money = st.none() | st.decimals(min_value=0, max_value=10**6, places=2)
percents = st.none() | st.decimals(min_value=0, max_value=100, places=2)
queries = st.fixed_dictionaries(
    {
        "age": st.none() | st.integers(min_value=13, max_value=80),
        "account_type": st.sampled_from(["personal", "business"]),
        "niche": st.sampled_from(["general", "finance", "beauty"]),
        "followers": counts,
        "views_30d": counts,
        "posts_30d": counts,
        "long_video_views": counts,
        "qualified_views": counts,
        "diamonds": counts,
        "subscribers": counts,
        "subscription_price": money,
        "sponsored_posts": counts,
        "median_views": counts,
        "engagement_rate": percents,
        "affiliate_sales": counts,
        "affiliate_order_value": money,
        "affiliate_commission": percents,
        "shop_sales": counts,
        "shop_order_value": money,
        "product_units": counts,
        "product_margin": money,
        "ugc_videos": counts,
        "ugc_price": money,
    }
)
AMOUNT = re.compile(r'<strong data-amount="expected">€([\d,]+\.\d\d)</strong>')
TOTAL = re.compile(r'<p class="total-amount mb-1"><strong>€([\d,]+\.\d\d)</strong>')


def euros(text: str) -> Decimal:
    return Decimal(text.replace(",", ""))


@examples
@given(queries)
def test_the_total_shown_is_the_sum_of_the_eligible_parts_shown(client, query):
    params = {name: str(value) for name, value in query.items() if value is not None}
    page = client.get("/en/", params, headers={"hx-request": "true"}).text

    cards = page.split('<li class="source card mb-2 ')[1:]
    assert len(cards) == 8
    shown = []
    for card in cards:
        if card.startswith("is-eligible"):
            shown.append(euros(AMOUNT.search(card)[1]))
    assert euros(TOTAL.search(page)[1]) == sum(shown, Decimal(0))
