"""No input makes the form, the page, the fragment or the API answer 500."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from estimator.forms import EstimateForm

pytestmark = [pytest.mark.django_db, pytest.mark.slow]

FIELDS = sorted(EstimateForm.base_fields)

numberish = st.one_of(
    st.integers(min_value=-(10**15), max_value=10**15).map(str),
    st.decimals(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["", " ", "1 000", "1,5", "10,000", "1e308", "-0", "NaN", "FR", "0x10"]),
    st.text(max_size=30),
)
params = st.dictionaries(st.sampled_from(FIELDS), numberish, max_size=len(FIELDS))
# How many examples: the hypothesis profile (tests/conftest.py). The client fixture is reused
# across examples on purpose: every request is independent.
fuzz = settings(suppress_health_check=[HealthCheck.function_scoped_fixture])


@fuzz
@given(query=params)
def test_the_api_answers_200_or_400_never_500(client, query):
    response = client.get("/api/estimate", query)
    assert response.status_code in {200, 400}
    data = response.json()
    assert ("errors" in data) == (response.status_code == 400)


@fuzz
@given(query=params)
def test_the_fragment_always_answers_200(client, query):
    response = client.get("/", query, headers={"hx-request": "true"})
    assert response.status_code == 200
    assert 'id="breakdown"' in response.text


@fuzz
@given(query=params)
def test_the_full_page_always_answers_200(client, query):
    response = client.get("/en/", query)
    assert response.status_code == 200
