"""Keystroke to update: the breakdown follows the form within 250 ms (p95) after the last
keystroke, measured in the browser (performance.now() from the last `input` event to htmx's
`afterSwap` of the breakdown: the new numbers are in the page), over 20 new values, on loopback.

The issue asks for this timed browser test explicitly. A loaded machine measures more than CI:
the numbers are printed (pytest -s) and kept in the test report's properties.
"""

from __future__ import annotations

import math
import random

import pytest

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLES = 20
P95_BUDGET_MS = 250

INSTRUMENT = """() => {
    window.__latencies = [];
    let lastInput = null;
    const field = document.getElementById("id_views_30d");
    document.addEventListener("input", () => { lastInput = performance.now(); }, true);
    document.body.addEventListener("htmx:afterSwap", (event) => {
        // Only the answer to the value now in the field counts (not an earlier, queued one).
        const asked = new URL(event.detail.xhr.responseURL).searchParams.get("views_30d");
        if (lastInput !== null && event.detail.target.id === "breakdown" && asked === field.value) {
            window.__latencies.push(performance.now() - lastInput);
            lastInput = null;
        }
    });
}"""


def p95(values: list[float]) -> float:
    """Nearest-rank 95th percentile."""
    ordered = sorted(values)
    return ordered[math.ceil(0.95 * len(ordered)) - 1]


def test_keystroke_to_update_p95_is_within_250_ms(page, record_property):
    page.goto("/en/?followers=20000&views_30d=300000")
    page.evaluate(INSTRUMENT)
    field = page.get_by_label("Views in the last 30 days")
    numbers = random.Random(14).sample(range(100_000, 999_999), SAMPLES)  # new questions only
    for count, number in enumerate(numbers, start=1):
        field.click()
        field.press("Control+a")
        field.press_sequentially(str(number), delay=40)
        page.wait_for_function(
            "(count) => window.__latencies.length >= count", arg=count, timeout=5_000
        )
        # The update shown is the one for the last keystroke.
        assert page.input_value("#id_views_30d") == str(number)
    latencies = page.evaluate("window.__latencies")
    result = p95(latencies)
    # How much of it is the request itself (the rest: the 100 ms wait after the last keystroke,
    # and the swap).
    requests = page.evaluate(
        """() => performance.getEntriesByType("resource")
            .filter(entry => entry.initiatorType === "xmlhttprequest")
            .map(entry => entry.duration)"""
    )
    record_property("request_ms", [round(value) for value in requests])
    record_property("keystroke_to_update_ms", [round(value) for value in latencies])
    record_property("keystroke_to_update_p95_ms", round(result))
    print(
        f"\nkeystroke to update over {len(latencies)} values: p95 {result:.0f} ms, "
        f"median {sorted(latencies)[len(latencies) // 2]:.0f} ms, max {max(latencies):.0f} ms; "
        f"requests: median {sorted(requests)[len(requests) // 2]:.0f} ms over {len(requests)}"
    )
    assert result <= P95_BUDGET_MS, f"p95 {result:.0f} ms > {P95_BUDGET_MS} ms: {latencies}"
