"""The bench's targets (README, "Performance"), checked against its results; the table.

Ratios: the machine's speed drifts (±30 % over a minute on the 2-core VM), so one baseline
measured at the start made every ratio noisy. The baseline is measured before the first
endpoint and again after each one; an endpoint's req/s, p50 and p95 are divided by the mean of
the two baseline measures just before and just after it (its "baseline_bracket"). Results
without brackets (older JSON) are divided by the baseline's single row.
"""

from __future__ import annotations

import operator
import statistics
from collections.abc import Iterable
from typing import Any

BASELINE = "healthz"
PAGES = (
    "home",
    "fragment",
    "fragment_new",
    "fragment_new_total",
    "api",
    "api_new",
    "dashboard",
    "profile",
)
ENDPOINT_LABELS = {
    "healthz": "/healthz (baseline)",
    "home": "estimator page /",
    "fragment": "HTMX fragment",
    "fragment_new": "HTMX fragment, new question",
    "fragment_new_total": "HTMX fragment, new total",
    "api": "/api/estimate",
    "api_new": "/api/estimate, new question",
    "dashboard": "dashboard (logged in)",
    "profile": "profile, 60 months",
}
LABEL_WIDTH = max(len(label) for label in ENDPOINT_LABELS.values()) + 1
ENGINE_LABELS = {"sqlite": "SQLite", "postgresql": "PostgreSQL"}
# The targets (README, "Performance"); set for SQLite, the others reported for information.
OFFICIAL_ENGINE = "sqlite"
# "_new": every request asks a question never asked before, so no kept answer can serve it: the
# answer is computed, hence the lower targets.
RPS_RATIO_MINIMUM = {"fragment": 0.5, "fragment_new": 0.3, "api": 0.6, "api_new": 0.5}
PROFILE_P95_MS = 100.0
SCALE_P95_RATIO = 1.3
IMPORT_SECONDS = 0.5
PAGE_WEIGHT_BYTES = 150_000  # 150 KB, 1 KB = 1 000 bytes
COMPARISONS = {">=": operator.ge, "<": operator.lt, "<=": operator.le}


RATIO_KEYS = ("rps", "p50_ms", "p95_ms")


def _mean(values: Iterable[float | None]) -> float | None:
    values = list(values)
    return None if not values or None in values else statistics.fmean(values)


def _median(values: Iterable[float | None]) -> float | None:
    known = [value for value in values if value is not None]
    return round(statistics.median(known), 3) if known else None


def bracket_baseline(measures: Iterable[tuple[str, dict[str, Any]]]) -> dict[str, dict[str, Any]]:
    """The endpoints' results from (name, result) measures taken in the measuring order (the
    baseline before the first endpoint and after every one). Each endpoint keeps, as
    "baseline_bracket", the baseline's req/s, p50 and p95 just before and just after it. The
    baseline's row is the median of its measures (its other fields from the measure whose req/s
    is the median, the lower one for an even count), with every measure under "runs"."""
    measures = list(measures)
    endpoints: dict[str, dict[str, Any]] = {}
    runs = [result for name, result in measures if name == BASELINE]
    for index, (name, result) in enumerate(measures):
        if name == BASELINE:
            endpoints.setdefault(BASELINE, {})
            continue
        before = [r for n, r in reversed(measures[:index]) if n == BASELINE][:1]
        after = [r for n, r in measures[index + 1 :] if n == BASELINE][:1]
        around = before + after  # both when measured in order; one if the order was cut short
        endpoints[name] = dict(result)
        if around:
            endpoints[name]["baseline_bracket"] = {
                key: [measure.get(key) for measure in around] for key in RATIO_KEYS
            }
    if runs:
        middle = statistics.median_low(result["rps"] for result in runs)
        row = dict(next(result for result in runs if result["rps"] == middle))
        row.update({key: _median(result.get(key) for result in runs) for key in RATIO_KEYS})
        row["runs"] = [dict(result) for result in runs]
        endpoints[BASELINE] = row
    return endpoints


def add_ratios(endpoints: dict[str, dict[str, Any]]) -> None:
    """Each endpoint's req/s, p50 and p95 as a ratio to the baseline's, in place: to the mean of
    its "baseline_bracket" when it has one, else to the baseline's row."""
    base = endpoints.get(BASELINE)
    for result in endpoints.values():
        bracket = result.get("baseline_bracket")
        for key in RATIO_KEYS:
            value = result.get(key)
            if bracket:
                reference = _mean(bracket.get(key) or [])
            else:
                reference = base.get(key) if base else None
            result[f"{key}_ratio"] = (
                round(value / reference, 3) if value is not None and reference else None
            )


def _target(
    name: str,
    run: dict[str, Any],
    value: float | None,
    limit: float,
    comparison: str,
    description: str,
    note: str = "",
) -> dict[str, Any]:
    passed = None if value is None else COMPARISONS[comparison](value, limit)
    return {
        "target": name,
        "description": description,
        "engine": run["engine"],
        "creators": run.get("creators"),
        "official": run["engine"] == OFFICIAL_ENGINE,
        "value": value,
        "limit": limit,
        "comparison": comparison,
        "passed": passed,
        "note": note,
    }


def evaluate(runs: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    """Every target for every run (and, per engine, the large size against the small)."""
    runs = list(runs)
    targets = []
    for run in runs:
        endpoints = run["endpoints"]
        for page, minimum in RPS_RATIO_MINIMUM.items():
            targets.append(
                _target(
                    f"{page}_rps_ratio",
                    run,
                    endpoints.get(page, {}).get("rps_ratio"),
                    minimum,
                    ">=",
                    f"{ENDPOINT_LABELS[page]}: req/s ≥ {minimum}× the baseline's",
                )
            )
        targets.append(
            _target(
                "profile_p95_ms",
                run,
                endpoints.get("profile", {}).get("p95_ms"),
                PROFILE_P95_MS,
                "<",
                f"profile page with 60 months: p95 < {PROFILE_P95_MS:g} ms",
            )
        )
        imported = run.get("import") or {}
        note = ""
        if not imported.get("available", False):
            note = "not available: " + imported.get("reason", "no import command")
        elif "error" in imported:
            note = "failed: " + imported["error"]
        targets.append(
            _target(
                "import_seconds",
                run,
                imported.get("median_s"),
                IMPORT_SECONDS,
                "<",
                f"import of a 365-day export (median of runs) < {IMPORT_SECONDS:g} s",
                note,
            )
        )
        weight = run.get("page_weight") or {}
        targets.append(
            _target(
                "page_weight_bytes",
                run,
                weight.get("total_bytes"),
                PAGE_WEIGHT_BYTES,
                "<",
                "estimator page with its CSS and JS, as transferred: < 150 KB",
            )
        )
    by_engine: dict[str, list[dict[str, Any]]] = {}
    for run in runs:
        by_engine.setdefault(run["engine"], []).append(run)
    for engine_runs in by_engine.values():
        if len(engine_runs) < 2:
            continue
        small = min(engine_runs, key=lambda run: run["creators"])
        large = max(engine_runs, key=lambda run: run["creators"])
        for page in PAGES:
            before = small["endpoints"].get(page, {}).get("p95_ms")
            after = large["endpoints"].get(page, {}).get("p95_ms")
            ratio = round(after / before, 3) if before and after is not None else None
            targets.append(
                _target(
                    f"scale_p95_{page}",
                    large,
                    ratio,
                    SCALE_P95_RATIO,
                    "<=",
                    f"{ENDPOINT_LABELS[page]}: p95 at {large['creators']:,} creators within "
                    f"{SCALE_P95_RATIO}× its p95 at {small['creators']:,}",
                )
            )
    return targets


def summary(targets: list[dict[str, Any]]) -> dict[str, list[str]]:
    """The official (SQLite) targets by outcome, as "name@creators"."""
    outcome: dict[str, list[str]] = {"passed": [], "missed": [], "not_measured": []}
    for target in targets:
        if not target["official"]:
            continue
        key = {True: "passed", False: "missed", None: "not_measured"}[target["passed"]]
        outcome[key].append(f"{target['target']}@{target['creators']}")
    return outcome


def _number(value: float | None, digits: int = 1) -> str:
    return "—" if value is None else f"{value:,.{digits}f}"


def _kb(size: int | None) -> str:
    return "—" if size is None else f"{size / 1000:.1f} KB"


def run_table(run: dict[str, Any]) -> str:
    lines = [
        f"{ENGINE_LABELS.get(run['engine'], run['engine'])} · {run['creators']:,} creators × "
        f"{run['months']} months ({run['data'].get('monthly_stats', 0):,} monthly stats, "
        f"seeded in {run['seed_seconds']:.0f} s)",
        f"{'endpoint':<{LABEL_WIDTH}}{'req/s':>9}{'×base':>7}{'p50 ms':>9}{'p95 ms':>9}{'×base':>7}"
        f"{'queries':>9}{'errors':>8}{'busy':>7}",
    ]
    for name, result in run["endpoints"].items():
        problems = result.get("errors", 0) + result.get("unexpected_status", 0)
        lines.append(
            f"{ENDPOINT_LABELS.get(name, name):<{LABEL_WIDTH}}{_number(result.get('rps')):>9}"
            f"{_number(result.get('rps_ratio'), 2):>7}{_number(result.get('p50_ms')):>9}"
            f"{_number(result.get('p95_ms')):>9}{_number(result.get('p95_ms_ratio'), 2):>7}"
            f"{result.get('queries', '—')!s:>9}{problems:>8}"
            f"{_number(result.get('other_cpu_cores'), 2):>7}"
        )
    lines.append(
        "busy: cores used meanwhile by other processes of the machine (0 when quiet, of "
        f"{run.get('cores', '?')})"
    )
    imported = run.get("import") or {}
    if not imported.get("available", False):
        lines.append("import of a 365-day export: not available")
    elif "error" in imported:
        lines.append(f"import of a 365-day export: failed ({imported['error']})")
    else:
        lines.append(
            f"import of a 365-day export: median {imported['median_s']:.3f} s over "
            f"{len(imported['runs_s'])} runs (first {imported['first_s']:.3f} s), "
            f"{imported['months_written']} months"
        )
    recalculation = run.get("recalculation")
    if recalculation:
        lines.append(
            f"recalculation on one worker ({recalculation['backend']} tasks): "
            f"{_number(recalculation['months_per_second'])} months/s — "
            f"{recalculation['done_months']:,} / {recalculation['total_months']:,} months in "
            f"{recalculation['seconds']} s ({recalculation['batches']} batches, "
            f"{recalculation['failed_profiles']} failed profiles, "
            f"{recalculation['months_on_other_cards']} months left on another card)"
        )
    weight = run.get("page_weight") or {}
    if weight:
        parts = ", ".join(
            f"{item['path'].rsplit('/', 1)[-1] or '/'} {_kb(item['bytes'])}"
            f"{' ' + item['encoding'] if item['encoding'] else ''}"
            for item in weight.get("items", [])
        )
        lines.append(f"estimator page as transferred: {_kb(weight['total_bytes'])} ({parts})")
    return "\n".join(lines)


def targets_table(targets: list[dict[str, Any]]) -> str:
    lines = ["Targets (set for SQLite, PostgreSQL shown for information):"]
    for target in targets:
        state = {True: "PASS", False: "MISS", None: "n/a "}[target["passed"]]
        engine = ENGINE_LABELS.get(target["engine"], target["engine"])
        value = target["value"]
        shown = "—" if value is None else f"{value:,.3g}" if value < 1000 else f"{value:,.0f}"
        note = f" — {target['note']}" if target["note"] else ""
        lines.append(
            f"  {state}  {engine:<10} {target['creators']:>6,}  {target['description']}: "
            f"{shown}{note}"
        )
    return "\n".join(lines)
