from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import quote_plus

from django import forms
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.response import TemplateResponse
from django.urls import get_script_prefix, get_urlconf, reverse
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import replace_url

from config.deferred import deferred
from estimator import calculations as calc
from estimator import openapi, planning, response_cache, serializers
from estimator.diversification import Diversification, SourceAmount, diversification
from estimator.forms import EstimateForm, PlanForm
from estimator.planner_page import plan_context
from estimator.presentation import (
    SOURCE_BASIS,
    SOURCE_LABELS,
    SourceView,
    assumption_lines,
    card_text,
    format_amounts,
    format_formula,
    source_view,
    source_view_key,
)
from estimator.price_list import grouped, price_rows
from estimator.snapshot import active_card_stamp, load_active_rates


def breakdown_diversification(breakdown: calc.Breakdown) -> Diversification:
    return diversification(
        {s.key: SourceAmount(s.eligible, s.amounts.expected) for s in breakdown.sources},
        breakdown.suggested_post_price.expected,
    )


def form_section(key: str, label, fields: list, basis: str = "") -> dict:
    """A folded group of fields; open when it holds a value or an error, so nothing typed hides."""
    filled = any(
        field.errors or (field.data not in (None, "", False) and field.data != field.initial)
        for field in fields
    )
    return {"key": key, "label": label, "fields": fields, "basis": basis, "open": filled}


# Shareable queries by form and raw query string (a function of it), so that a question asked
# again is answered without parsing its parameters: its fragment is kept, and its link with it.
_shareable_queries: dict[tuple[type, str], str] = {}
_LONGEST_KEPT_QUERY = 1024  # characters: every field of the form filled in takes about 400


_URL_SAFE = re.compile(r"[A-Za-z0-9_.~-]*")


def _quoted(value: str) -> str:
    """``quote_plus(value)``, skipped for what it would leave as it is (most values typed)."""
    return value if _URL_SAFE.fullmatch(value) else quote_plus(value)


def _shareable_query(request: HttpRequest, form_class: type[forms.Form]) -> str:
    """The filled-in parameters only, so a shared link stays short."""
    key = (form_class, request.META.get("QUERY_STRING", ""))
    query = _shareable_queries.get(key)
    if query is None:
        given = request.GET
        # As urlencode() writes it; the names are the form's (letters and "_"), never quoted.
        query = "&".join(
            f"{name}={_quoted(value)}"
            for name in form_class.base_fields
            if (value := given.get(name))
        )
        if len(_shareable_queries) >= 1024:
            _shareable_queries.clear()
        if len(key[1]) <= _LONGEST_KEPT_QUERY:  # a memory bound that does not trust the input
            _shareable_queries[key] = query
    return query


class _Answer:
    """What the form and the breakdown show, each computed on first use."""

    def __init__(self, request: HttpRequest, stamp: tuple | None) -> None:
        self.request = request
        self.stamp = stamp

    @functools.cached_property
    def rates(self) -> calc.Rates:
        return load_active_rates(self.stamp)

    @functools.cached_property
    def form(self) -> EstimateForm:
        # The fragment lists the form's errors but never draws its fields.
        drawn = not self.request.htmx
        return EstimateForm(self.request.GET or None, rates=self.rates, drawn=drawn)

    @functools.cached_property
    def inputs(self) -> calc.Inputs:
        return self.form.to_inputs()

    @functools.cached_property
    def breakdown(self) -> calc.Breakdown:
        return calc.estimate(self.inputs, self.rates)

    @functools.cached_property
    def query(self) -> str:
        return _shareable_query(self.request, EstimateForm)

    @functools.cached_property
    def share_url(self) -> str:
        return self.request.path + (f"?{self.query}" if self.query else "")

    @functools.cached_property
    def sections(self) -> list[dict]:
        account = form_section("account", _("Your account"), self.form.account_fields())
        return [account, *source_sections(self.form, calc.SOURCES, with_basis=True)]

    @functools.cached_property
    def source_parts(self) -> list[SourcePart]:
        breakdown = self.breakdown
        country = self.rates.countries.get(self.inputs.country)
        return [
            SourcePart(
                shown=source_view_key(estimate, breakdown, country),
                view=functools.partial(source_view, estimate, breakdown, country),
            )
            for estimate in breakdown.sources
        ]

    @functools.cached_property
    def sources_shown(self) -> tuple:
        """What the list of source cards shows: each card's values (kept whole when none
        changed, each card kept apart otherwise)."""
        return tuple(part.shown for part in self.source_parts)

    @functools.cached_property
    def total_shown(self) -> tuple:
        """What the total shows: its amounts, in their currency."""
        return (self.breakdown.total, self.breakdown.currency)

    @functools.cached_property
    def prices_shown(self) -> tuple:
        """What the prices card shows: the two suggested prices and their formulas (its price
        list shows the prices by the card's multipliers: the card's stamp is in its key)."""
        breakdown = self.breakdown
        return (
            breakdown.suggested_post_price,
            breakdown.suggested_post_formula,
            breakdown.suggested_ugc_price,
            breakdown.suggested_ugc_formula,
            breakdown.currency,
        )

    @functools.cached_property
    def total(self) -> dict[str, str]:
        return format_amounts(self.breakdown.total, self.breakdown.currency)

    @functools.cached_property
    def post_price(self) -> dict[str, str]:
        return format_amounts(self.breakdown.suggested_post_price, self.breakdown.currency)

    @functools.cached_property
    def post_formula(self) -> str:
        return format_formula(self.breakdown.suggested_post_formula)

    @functools.cached_property
    def ugc_price(self) -> dict[str, str]:
        return format_amounts(self.breakdown.suggested_ugc_price, self.breakdown.currency)

    @functools.cached_property
    def ugc_formula(self) -> str:
        return format_formula(self.breakdown.suggested_ugc_formula)

    @functools.cached_property
    def price_list_shown(self) -> tuple:
        """What the price list shows: the two suggested prices (by the card's multipliers)."""
        breakdown = self.breakdown
        return (breakdown.suggested_post_price, breakdown.suggested_ugc_price, breakdown.currency)

    @functools.cached_property
    def price_groups(self) -> list:
        return grouped(price_rows(self.breakdown, self.rates, self.breakdown.currency))

    @functools.cached_property
    def assumptions_shown(self) -> tuple[calc.Assumption, ...]:
        """What the assumptions show: the rates used (named and dated by the card)."""
        return self.breakdown.assumptions

    @functools.cached_property
    def assumptions(self) -> list:
        return assumption_lines(self.breakdown, self.rates.countries)

    @functools.cached_property
    def card_name(self) -> str:
        return card_text(self.rates.card_name)

    @functools.cached_property
    def plan_url(self) -> str:
        return _plan_path(get_urlconf(), get_script_prefix(), get_language()) + (
            f"?{self.query}" if self.query else ""
        )

    @functools.cached_property
    def diversification(self) -> Diversification:
        return breakdown_diversification(self.breakdown)

    @functools.cached_property
    def form_key(self) -> str:
        """The form and the breakdown are kept per URL, language, host and card."""
        return response_cache.cache_key(self.request, self.stamp, "estimate_form")

    @functools.cached_property
    def answer_key(self) -> str:
        return response_cache.cache_key(self.request, self.stamp, "breakdown")


@functools.lru_cache(maxsize=16)
def _plan_path(urlconf: str | None, script_prefix: str, language: str | None) -> str:
    """The planner's path, which depends on the URLconf, the script prefix and the language
    only (read by ``reverse`` from the request's state): found once for each, not per answer."""
    return reverse("plan", urlconf=urlconf)


def _home_context(answer: _Answer) -> dict:
    """The template's context. Its parts are callables (``config.deferred``, as the profile
    page's), which the template calls when it reads them: each is computed once, so a part
    found in its ``{% cache %}`` or ``{% kept %}`` needs none of them, and a new question draws
    only the parts it changes (see templates/estimator/home.html)."""
    return {**deferred(answer), "card_stamp": answer.stamp}


@dataclass(frozen=True)
class SourcePart:
    """One source's card: ``shown`` is everything it shows (its ``{% kept %}`` key, with the
    card and the language); ``view`` computes the texts, called only when the card is drawn."""

    shown: tuple
    view: Callable[[], SourceView]


@require_safe
@vary_on_headers("HX-Request")
def home(request: HttpRequest) -> HttpResponse:
    """The estimator: the form and the breakdown, partials of one template, each kept under
    what it shows (the URL, the language, the host and the active card; see
    estimator/response_cache.py). The page around them is rendered every time: it carries the
    CSP nonce and the CSRF token."""
    answer = _Answer(request, active_card_stamp())
    context = _home_context(answer)
    if request.htmx:
        response = TemplateResponse(request, "estimator/home.html#breakdown", context)
        return replace_url(response, answer.share_url)
    return TemplateResponse(request, "estimator/home.html", context)


@require_safe
@response_cache.per_rate_card("api")
def api_estimate(request: HttpRequest, stamp: tuple | None = None) -> HttpResponse:
    rates = load_active_rates(stamp)
    form = EstimateForm(request.GET, rates=rates, drawn=False)
    if not form.is_valid():
        return JsonResponse(serializers.form_errors(form.errors.get_json_data()), status=400)
    breakdown = calc.estimate(form.to_inputs(), rates)
    return JsonResponse(
        serializers.breakdown(breakdown, rates), json_dumps_params={"ensure_ascii": False}
    )


@require_safe
@vary_on_headers("HX-Request")
def plan_page(request: HttpRequest) -> HttpResponse:
    rates = load_active_rates()
    context = plan_context(request.GET or None, rates)
    query = _shareable_query(request, PlanForm)
    context["share_url"] = request.path + (f"?{query}" if query else "")
    context["sections"] = source_sections(context["form"], calc.planned_sources())
    if request.htmx:
        response = TemplateResponse(request, "estimator/plan.html#plan", context)
        return replace_url(response, context["share_url"])
    return TemplateResponse(request, "estimator/plan.html", context)


def source_sections(form: EstimateForm, sources, *, with_basis: bool = False) -> list[dict]:
    """One folded section per source, with the fields the registry declares for it."""
    return [
        form_section(
            source.key,
            SOURCE_LABELS[source.key],
            form.source_fields(source),
            basis=SOURCE_BASIS[source.key] if with_basis else "",
        )
        for source in sources
    ]


@require_safe
def api_plan(request: HttpRequest) -> JsonResponse:
    rates = load_active_rates()
    form = PlanForm(request.GET, rates=rates, drawn=False)
    if not form.is_valid():
        return JsonResponse(serializers.form_errors(form.errors.get_json_data()), status=400)
    result = planning.plan(form.goal_value(), form.to_inputs(), rates)
    return JsonResponse(serializers.plan(result), json_dumps_params={"ensure_ascii": False})


@require_safe
@response_cache.per_rate_card("openapi")
def api_openapi(request: HttpRequest, stamp: tuple | None = None) -> HttpResponse:
    """The API's OpenAPI 3.1 document, built from the forms and the serializers' schemas."""
    return JsonResponse(
        openapi.document(load_active_rates(stamp)), json_dumps_params={"ensure_ascii": False}
    )
