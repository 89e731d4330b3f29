"""How a breakdown reads: labels, formulas, gaps and amounts in the active language.

The calculation module returns plain values and stable keys; this module is the only place that
turns them into words and locale-formatted numbers (templates and the JSON API both use it).
"""

from __future__ import annotations

import functools
import re
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import Decimal

from babel import Locale
from babel.numbers import get_currency_symbol
from django.utils.formats import get_format, number_format
from django.utils.html import urlize
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _

from estimator import calculations as calc
from estimator.choices import country_name
from estimator.models import RateKey

# The registry's texts (marked there for the catalogue), translated when shown.
SOURCE_LABELS = {source.key: _(source.label) for source in calc.SOURCES}
SOURCE_BASIS = {source.key: _(source.basis) for source in calc.SOURCES}


def _count_unit(unit: str, count: Decimal) -> str | None:
    """ "1 vidéo", "2 vidéos": each count with its unit, plural by ngettext."""
    n = int(count) if count == count.to_integral_value() else 2  # a fraction reads as plural
    text = {
        "views": lambda: ngettext("%(n)s view per video", "%(n)s views per video", n),
        "long_views": lambda: ngettext(
            "%(n)s view on videos over 1 min", "%(n)s views on videos over 1 min", n
        ),
        "qualified_views": lambda: ngettext("%(n)s qualified view", "%(n)s qualified views", n),
        "followers": lambda: ngettext("%(n)s follower", "%(n)s followers", n),
        "diamonds": lambda: ngettext("%(n)s diamond", "%(n)s diamonds", n),
        "subscribers": lambda: ngettext("%(n)s subscriber", "%(n)s subscribers", n),
        "posts": lambda: ngettext("%(n)s sponsored video", "%(n)s sponsored videos", n),
        "sales": lambda: ngettext("%(n)s sale", "%(n)s sales", n),
        "units": lambda: ngettext("%(n)s unit", "%(n)s units", n),
        "videos": lambda: ngettext("%(n)s video", "%(n)s videos", n),
    }.get(unit)
    return text() % {"n": format_count(count)} if text else None


SHARE_LABELS = {
    "qualified_share": _("%(p)s qualified"),
    "subscription_share": _("%(p)s for you"),
    "shop_commission": _("%(p)s commission"),
    "affiliate_commission": _("%(p)s commission"),
}
MULTIPLIER_LABELS = {"niche": _("niche"), "engagement": _("engagement")}
HINTS = {
    "age_assumed": _("Age not given: we assume you are old enough."),
    "views_assumed": _(
        "30-day views not given: the views condition is assumed met. Enter them to check it."
    ),
    "posts_assumed": _(
        "Videos posted not given: the videos condition is assumed met. Enter them to check it."
    ),
    "country_not_in_programme": _("This programme does not run in your country."),
    "shop_threshold_assumed": _(
        "No published follower threshold for your country: France's is assumed."
    ),
    "live_access_required": _("Subscriptions need LIVE access (same conditions as LIVE gifts)."),
    "direct_deals_only": _(
        "Below the Creator Marketplace thresholds: direct deals with brands only."
    ),
    "enter_long_video_views": _(
        "Enter your views on videos over one minute (or your qualified views): "
        "total views are not enough to estimate this programme."
    ),
    # With a breakdown, hint_text() says the card's range instead.
    "qualified_share_estimated": _(
        "Qualified share unknown: estimated from your long-video views."
    ),
    "enter_diamonds": _("Enter the diamonds you receive per month."),
    "enter_subscribers": _("Enter your number of paying subscribers."),
    "enter_subscription_price": _("Enter your subscription price."),
    "own_rate_used": _("Your own figure replaces our default: the range narrows."),
    "default_rate_used": _("Market default used: enter your own figure to narrow the range."),
    "median_views_estimated": _("Views per video estimated as 30-day views ÷ videos posted."),
    "followers_based": _(
        "No views given: price estimated from followers (less reliable than views)."
    ),
    "engagement_unknown": _("Engagement rate unknown: no bonus or penalty applied."),
    "enter_median_views": _("Enter your median views per video, or your followers."),
    "enter_sponsored_posts": _("Enter how many sponsored videos you make per month."),
    "enter_affiliate_sales": _("Enter your affiliate sales per month."),
    "enter_affiliate_order_value": _("Enter the average order value."),
    "enter_shop_sales": _("Enter your TikTok Shop sales per month."),
    "enter_shop_order_value": _("Enter the average order value."),
    "enter_product_units": _("Enter the units you sell per month."),
    "enter_product_margin": _("Enter your margin per unit."),
    "enter_ugc_videos": _("Enter how many UGC videos you make per month."),
}
CONFIDENCE_LABELS = {
    calc.Confidence.LOW: _("low"),
    calc.Confidence.MEDIUM: _("medium"),
    calc.Confidence.HIGH: _("high"),
}


# --- numbers --------------------------------------------------------------------------------


@functools.lru_cache(maxsize=16)
def _separators(language: str | None) -> tuple[str, str, object]:
    return (
        get_format("DECIMAL_SEPARATOR", language, use_l10n=True),
        get_format("THOUSAND_SEPARATOR", language, use_l10n=True),
        get_format("NUMBER_GROUPING", language, use_l10n=True),
    )


@functools.lru_cache(maxsize=16)
def _cutoff(places: int) -> Decimal:
    return Decimal("0." + "1".rjust(places, "0"))


def _number(value: Decimal, places: int, language: str | None = None) -> str:
    """Exactly ``number_format(value, places, use_l10n=True, force_grouping=True)`` (digits
    beyond ``places`` cut, not rounded; below the last place, 0), without its lookups of the
    language's formats on every call: a fragment formats about a hundred numbers, and those
    lookups were a sixth of its time. Grouping other than by threes is left to Django."""
    decimal_separator, thousand_separator, grouping = _separators(language or get_language())
    _sign, digits, exponent = value.as_tuple()
    if grouping != 3 or not value.is_finite() or abs(exponent) + len(digits) > 200:
        return number_format(value, decimal_pos=places, use_l10n=True, force_grouping=True)
    if abs(value) < _cutoff(places):
        value = Decimal(0)
    text = f"{value:f}"
    sign = "-" if text.startswith("-") else ""
    whole, _point, fraction = text.removeprefix("-").partition(".")
    fraction = fraction[:places].ljust(places, "0")
    grouped = f"{int(whole):,}".replace(",", thousand_separator)
    return sign + grouped + (decimal_separator + fraction if fraction else "")


def format_count(value: int | Decimal) -> str:
    return _number(Decimal(value), 0)


def format_decimal(value: Decimal) -> str:
    """Shortest faithful form: 1.6 stays 1,6; 1.250 becomes 1,25."""
    normal = value.normalize()
    places = max(0, -normal.as_tuple().exponent)
    return _number(value, places)


def format_percent(fraction: Decimal) -> str:
    number = format_decimal((fraction * 100).quantize(Decimal("0.01")))
    return f"{number}\u00a0%" if _french() else f"{number}%"


# Babel's locale per interface language. English is CLDR's world English ("US$", "CA$"): the
# audience is not American, so a dollar says which one it is.
_BABEL_LOCALES = {"fr": "fr", "en": "en_001"}
# French writes the country letters of a symbol apart: "$ CA", "$ US" (Babel: "$CA").
_SIGN_AND_COUNTRY = re.compile(r"^([^\w\s]+)([A-Z]{2})$")


@functools.lru_cache(maxsize=128)
def currency_affixes(language: str, currency: str) -> tuple[str, str]:
    """What goes before and after the number for ``currency`` in ``language``: the symbol and
    its place from Babel (CLDR), for any ISO 4217 code; kept per language and currency."""
    french = language.startswith("fr")
    locale = Locale.parse(_BABEL_LOCALES["fr" if french else "en"])
    symbol = get_currency_symbol(currency, locale)
    if french:
        symbol = _SIGN_AND_COUNTRY.sub("\\1\u00a0\\2", symbol)
    pattern = locale.currency_formats["standard"].pattern.split(";")[0]
    if pattern.startswith("¤"):
        # CLDR's currency spacing: a symbol ending in a letter ("CHF") is set apart.
        return (f"{symbol}\u00a0" if symbol[-1:].isalpha() else symbol), ""
    return "", f"\u00a0{symbol}"


def format_money(amount: Decimal, currency: str, *, places: int = 2) -> str:
    """ "1 234,56 €" in French, "€1,234.56" / "CA$1,234.56" in English; any currency."""
    return _money_text(amount, currency, places, get_language())


@functools.lru_cache(maxsize=4096)
def _money_text(amount: Decimal, currency: str, places: int, language: str | None) -> str:
    """An amount's text depends on its value, currency and language only, so each is written
    once per process (a page shows the same amounts again and again). Values equal as numbers
    (12.5, 12.50) write the same text, so they may share an entry."""
    normal = amount.normalize()
    places = max(places, -normal.as_tuple().exponent) if amount else places
    before, after = currency_affixes(language or "fr", currency)
    return f"{before}{_number(amount, places, language)}{after}"


def format_amounts(amounts: calc.Amounts, currency: str) -> dict[str, str]:
    return {
        "low": format_money(amounts.low, currency),
        "expected": format_money(amounts.expected, currency),
        "high": format_money(amounts.high, currency),
    }


def _french() -> bool:
    return (get_language() or "fr").startswith("fr")


# --- formulas -------------------------------------------------------------------------------


def format_factor(factor: calc.Factor, previous: calc.Factor | None = None) -> str:
    counted = _count_unit(factor.unit, factor.value)
    if counted is not None:
        return counted
    if factor.unit == "share":
        text = format_percent(factor.value)
        label = SHARE_LABELS.get(factor.label)
        return str(label % {"p": text}) if label else text
    if factor.unit == "multiplier":
        label = MULTIPLIER_LABELS.get(factor.label, "")
        return (
            f"{format_decimal(factor.value)} ({label})" if label else format_decimal(factor.value)
        )
    if factor.unit == "exchange_rate":
        source = previous.currency if previous is not None and previous.currency else "?"
        return f"{format_decimal(factor.value)} ({source}→{factor.currency})"
    return format_money(factor.value, factor.currency or "", places=2)


def format_formula(formula: calc.Formula | None) -> str:
    if formula is None or (len(formula.factors) == 1 and formula.divisor == 1):
        return ""  # "300,00 € = 300,00 €" explains nothing
    return _formula_text(formula, get_language() or "")


@functools.lru_cache(maxsize=4096)
def _formula_text(formula: calc.Formula, language: str) -> str:
    """A formula's text depends on its values and the language only (units and labels are
    words of the code, currencies Babel's), so each is written once per process: a new
    question changes one or two of the eight, and writing them was a fifth of the API's time.
    Values equal as numbers (1.0, 1.00) write the same text, so they may share an entry."""
    terms = []
    previous = None
    for factor in formula.factors:
        terms.append(format_factor(factor, previous))
        if factor.currency:
            previous = factor
    text = " × ".join(terms)
    if formula.divisor != 1:
        text += f" / {formula.divisor}"
    return f"{text} = {format_money(formula.result, formula.currency)}"


# --- gaps -----------------------------------------------------------------------------------


def format_missing(missing: calc.Missing, country: calc.Country | None = None) -> str:
    """One short line per unmet condition, e.g. "+3 200 abonnés (10 000 requis)".

    ``country``: the creator's, from the card, to name it (else its code is shown)."""
    gap = missing.gap
    if missing.rule == "min_followers":
        return gettext("+%(gap)s followers (%(required)s required)") % {
            "gap": format_count(gap or 0),
            "required": format_count(missing.required or 0),
        }
    if missing.rule == "min_views_30d":
        return gettext("+%(gap)s views in 30 days (%(required)s required)") % {
            "gap": format_count(gap or 0),
            "required": format_count(missing.required or 0),
        }
    if missing.rule == "min_posts_30d":
        return gettext("+%(gap)s videos in 30 days (%(required)s required)") % {
            "gap": format_count(gap or 0),
            "required": format_count(missing.required or 0),
        }
    if missing.rule == "min_age":
        return gettext("Minimum age: %(required)s") % {"required": missing.required}
    if missing.rule == "personal_account":
        return gettext("Personal account required (not a business account)")
    if missing.rule == "no_strike":
        return gettext("No strike on the account")
    if missing.rule == "country":
        code = str(missing.actual)
        name = country_name(country) if country is not None and country.code == code else code
        return pgettext("programme availability", "Not available in %(country)s") % {
            "country": name
        }
    return missing.rule


# --- assumptions ----------------------------------------------------------------------------


@dataclass(frozen=True)
class AssumptionLine:
    label: str
    value: str
    source: str  # HTML: the rate card's text, escaped, its addresses made links
    checked_on: object
    confidence: str
    confidence_level: int


def _assumption_label(key: str, countries: Mapping[str, calc.Country]) -> str:
    kind, _sep, name = key.partition(":")
    if kind == "rate":
        if name == "subscription_share":
            return gettext("Creator share of subscriptions")
        return str(dict(RateKey.choices).get(name, name))
    if kind == "fx":
        source, _dash, target = name.partition("-")
        return gettext("Exchange rate %(source)s → %(target)s") % {
            "source": source,
            "target": target,
        }
    if kind == "niche":
        return gettext("Brand deal multiplier, niche “%(niche)s”") % {"niche": name}
    if kind == "engagement":
        return gettext("Engagement multiplier (from %(rate)s %%)") % {"rate": name}
    if kind == "eligibility":
        return gettext("Eligibility: %(source)s") % {"source": SOURCE_LABELS.get(name, name)}
    if kind == "country":
        return gettext("Programmes available in %(country)s") % {
            "country": country_name(countries[name]) if name in countries else name
        }
    return key


def _assumption_value(assumption: calc.Assumption) -> str:
    kind = assumption.key.partition(":")[0]
    if kind in {"eligibility"}:
        return gettext("%(n)s followers") % {"n": format_count(assumption.expected)}
    if kind == "country":
        if not assumption.expected:
            return gettext("see note")
        return gettext("TikTok Shop from %(n)s followers") % {
            "n": format_count(assumption.expected)
        }
    if kind in {"niche", "engagement", "fx"}:
        return "× " + format_decimal(assumption.expected)

    def one(value: Decimal) -> str:
        if assumption.currency:
            return format_money(value, assumption.currency)
        return format_percent(value)

    values = [assumption.low, assumption.expected, assumption.high]
    if assumption.low is None or assumption.low == assumption.high:
        return one(assumption.expected)
    return " – ".join(one(value) for value in values if value is not None)


@functools.lru_cache(maxsize=512)
def linked_source(text: str) -> str:
    """A source as the page shows it: escaped, its addresses made links (as ``|urlize``).

    The same few dozen texts come back on every estimate and linking them is the slowest part
    of the fragment, so each is linked once per process.
    """
    return mark_safe(urlize(text, nofollow=True, autoescape=True))  # noqa: S308 (escaped by urlize)


def card_text(text: str) -> str:
    """A text of the rate card (name, source, note) in the reader's language: the default
    card's texts are in the catalogue; a text an admin typed shows as typed."""
    return gettext(text) if text else ""


def assumption_lines(
    breakdown: calc.Breakdown, countries: Mapping[str, calc.Country] | None = None
) -> list[AssumptionLine]:
    """``countries``: the card's, to name them (else their codes are shown)."""
    return [
        AssumptionLine(
            label=_assumption_label(assumption.key, countries or {}),
            value=_assumption_value(assumption),
            source=linked_source(card_text(assumption.provenance.source)),
            checked_on=assumption.provenance.checked_on,
            confidence=str(CONFIDENCE_LABELS[assumption.provenance.confidence]),
            confidence_level=int(assumption.provenance.confidence),
        )
        for assumption in breakdown.assumptions
    ]


# --- the breakdown as the page shows it -----------------------------------------------------


def hint_text(hint: str, breakdown: calc.Breakdown | None = None) -> str:
    """A hint in words. One that quotes a rate takes it from the card, through the breakdown's
    assumptions (the values the estimate used), never from a number written in the text."""
    if hint == "qualified_share_estimated" and breakdown is not None:
        share = next(
            (item for item in breakdown.assumptions if item.key == "rate:qualified_share"), None
        )
        if share is not None and share.low is not None and share.high is not None:
            return gettext(
                "Qualified share unknown: %(low)s to %(high)s of your long-video views."
            ) % {"low": format_percent(share.low), "high": format_percent(share.high)}
    return str(HINTS.get(hint, hint))


# Conditions that growth cannot meet: a source failing one is "not available", not "not yet".
BLOCKING_RULES = frozenset({"country", "min_age", "personal_account", "no_strike"})


def available(source: calc.SourceEstimate) -> bool:
    """Whether growth alone can make the source eligible (or it already is)."""
    return not any(missing.rule in BLOCKING_RULES for missing in source.missing)


@dataclass(frozen=True)
class SourceView:
    key: str
    label: str
    basis: str
    estimate: calc.SourceEstimate
    low: str
    expected: str
    high: str
    formula: str
    missing: list[str]
    hints: list[str]
    share_percent: int
    available: bool = True  # False: country, age, account type or strike; no "once eligible"
    country_note: str = ""  # under a country-gated source: why it runs there or not
    country_source: str = ""  # HTML, linked: where the note comes from


def source_views(
    breakdown: calc.Breakdown, country: calc.Country | None = None
) -> list[SourceView]:
    return [source_view(estimate, breakdown, country) for estimate in breakdown.sources]


def source_view_key(
    estimate: calc.SourceEstimate, breakdown: calc.Breakdown, country: calc.Country | None = None
) -> tuple:
    """Everything :func:`source_view` reads, but the language and the rate card's texts: the
    estimate, the currency, the share of the total, the country and the rate a hint quotes."""
    quoted = None
    if "qualified_share_estimated" in estimate.hints:
        quoted = next(
            (item for item in breakdown.assumptions if item.key == "rate:qualified_share"), None
        )
    share_percent = round(breakdown.share(estimate.key) * 100)
    code = country.code if country is not None else None
    return (estimate, breakdown.currency, share_percent, code, quoted)


def source_view(
    estimate: calc.SourceEstimate, breakdown: calc.Breakdown, country: calc.Country | None = None
) -> SourceView:
    """One source of ``breakdown``; what it shows is listed in :func:`source_view_key`."""
    amounts = estimate.amounts
    # A source that runs in some countries only says why, with the country's note.
    gated = (
        country is not None and calc.source(estimate.key).country_programme and bool(country.note)
    )
    return SourceView(
        key=estimate.key,
        label=str(SOURCE_LABELS[estimate.key]),
        basis=str(SOURCE_BASIS[estimate.key]),
        estimate=estimate,
        low=format_money(amounts.low, breakdown.currency),
        expected=format_money(amounts.expected, breakdown.currency),
        high=format_money(amounts.high, breakdown.currency),
        formula=format_formula(estimate.formula),
        missing=[format_missing(missing, country) for missing in estimate.missing],
        hints=[hint_text(hint, breakdown) for hint in estimate.hints],
        share_percent=round(breakdown.share(estimate.key) * 100),
        available=available(estimate),
        country_note=card_text(country.note) if gated else "",
        country_source=linked_source(card_text(country.provenance.source)) if gated else "",
    )


# --- the goal planner -----------------------------------------------------------------------

ROUTE_LABELS = {
    "views_only": _("Views alone"),
    "views_and_posts": _("Views and sponsored videos"),
    "views_posts_affiliate": _("Views, sponsored videos and affiliate sales"),
    "views_posts_affiliate_live": _("Views, sponsored videos, affiliate sales and LIVE"),
    "views_posts_live": _("Views, sponsored videos and LIVE"),
    "ugc": _("UGC videos for brands (no threshold, no views needed)"),
}
PLAN_ASSUMPTIONS = {
    "sponsored_posts_assumed": _(
        "Assumed: 2 sponsored videos a month (you did not say how many you make)."
    ),
    "post_price_default": _("Assumed: the market price of a sponsored video for your views."),
    "ugc_price_default": _("Assumed: the market price of a UGC video (enter your own price)."),
}


def _step_quantity(unit: str, quantity: int) -> str:
    n = format_count(quantity)
    if unit == "posts":
        return ngettext("%(n)s sponsored video", "%(n)s sponsored videos", quantity) % {"n": n}
    if unit == "sales":
        return ngettext("%(n)s affiliate sale", "%(n)s affiliate sales", quantity) % {"n": n}
    if unit == "diamonds":
        return ngettext("%(n)s diamond", "%(n)s diamonds", quantity) % {"n": n}
    if unit == "videos":
        return ngettext("%(n)s UGC video", "%(n)s UGC videos", quantity) % {"n": n}
    return n


def format_step(step, currency: str) -> str:
    quantity = _step_quantity(step.unit, step.quantity)
    if step.assumed:
        quantity = gettext("%(quantity)s (assumed)") % {"quantity": quantity}
    return f"{quantity} → {format_money(step.amount, currency)}"


def format_next_step(step, currency: str) -> str:
    """The smallest next step, e.g. "One more sponsored video ≈ 580,00 €"."""
    amount = format_money(step.amount, currency)
    if step.unit == "posts":
        return gettext("One more sponsored video ≈ %(amount)s") % {"amount": amount}
    return gettext("One more UGC video ≈ %(amount)s") % {"amount": amount}
