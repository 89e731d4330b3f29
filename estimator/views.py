from __future__ import annotations

import functools
from urllib.parse import urlencode

from django import forms
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.decorators.vary import vary_on_headers
from django_htmx.http import replace_url

from estimator import calculations as calc
from estimator import openapi, planning, response_cache, serializers
from estimator.diversification import Diversification, SourceAmount, diversification
from estimator.forms import SOURCE_FIELDS, EstimateForm, PlanForm
from estimator.planner_page import plan_context
from estimator.presentation import (
    SOURCE_LABELS,
    assumption_lines,
    card_text,
    format_amounts,
    format_formula,
    source_views,
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


def _shareable_query(request: HttpRequest, form_class: type[forms.Form]) -> str:
    """The filled-in parameters only, so a shared link stays short."""
    values = [(name, request.GET[name]) for name in form_class.base_fields if request.GET.get(name)]
    return urlencode(values)


def _home_context(request: HttpRequest, rates: calc.Rates, share_url: str, query: str) -> dict:
    """What the form and the breakdown show."""
    form = EstimateForm(request.GET or None, rates=rates)
    breakdown = calc.estimate(form.to_inputs(), rates)
    sources = source_views(breakdown, rates.countries.get(form.to_inputs().country))
    return {
        "form": form,
        "sections": [
            form_section("account", _("Your account"), form.account_fields()),
            *(
                form_section(
                    source.key,
                    source.label,
                    [form[name] for name in SOURCE_FIELDS[source.key]],
                    basis=source.basis,
                )
                for source in sources
            ),
        ],
        "breakdown": breakdown,
        "sources": sources,
        "total": format_amounts(breakdown.total, breakdown.currency),
        "post_price": format_amounts(breakdown.suggested_post_price, breakdown.currency),
        "post_formula": format_formula(breakdown.suggested_post_formula),
        "ugc_price": format_amounts(breakdown.suggested_ugc_price, breakdown.currency),
        "ugc_formula": format_formula(breakdown.suggested_ugc_formula),
        "price_groups": grouped(price_rows(breakdown, rates, breakdown.currency)),
        "assumptions": assumption_lines(breakdown, rates.countries),
        "rates": rates,
        "card_name": card_text(rates.card_name),
        "share_url": share_url,
        "plan_url": reverse("plan") + (f"?{query}" if query else ""),
        "diversification": breakdown_diversification(breakdown),
    }


@require_safe
@vary_on_headers("HX-Request")
def home(request: HttpRequest) -> HttpResponse:
    """The estimator: the form and the breakdown, each kept per rate card once rendered (both
    are functions of the URL, the language and the card; see estimator/response_cache.py). The
    page around them is rendered every time: it carries the CSP nonce and the CSRF token."""
    stamp = active_card_stamp()

    @functools.cache
    def context() -> dict:
        query = _shareable_query(request, EstimateForm)
        share_url = request.path + (f"?{query}" if query else "")
        return _home_context(request, load_active_rates(stamp), share_url, query)

    def render(part: str) -> str:
        # Kept as a plain str: what the template engine rendered, escaped where it had to be.
        return str(render_to_string(f"estimator/home.html#{part}", context(), request))

    breakdown, share_url = response_cache.kept(
        request, stamp, "breakdown", lambda: (render("breakdown"), context()["share_url"])
    )
    if request.htmx:
        return replace_url(HttpResponse(breakdown), share_url)
    form = response_cache.kept(request, stamp, "estimate_form", lambda: render("estimate_form"))
    return TemplateResponse(
        request,
        "estimator/home.html",
        {"form_html": mark_safe(form), "breakdown_html": mark_safe(breakdown)},  # noqa: S308
    )


@require_safe
@response_cache.per_rate_card("api")
def api_estimate(request: HttpRequest, stamp: tuple | None = None) -> HttpResponse:
    rates = load_active_rates(stamp)
    form = EstimateForm(request.GET, rates=rates)
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
    context["sections"] = _sections(context["form"])
    if request.htmx:
        response = TemplateResponse(request, "estimator/plan.html#plan", context)
        return replace_url(response, context["share_url"])
    return TemplateResponse(request, "estimator/plan.html", context)


def _sections(form: PlanForm) -> list:
    return [
        form_section(source.key, SOURCE_LABELS[source.key], [form[name] for name in source.inputs])
        for source in calc.planned_sources()
    ]


@require_safe
def api_plan(request: HttpRequest) -> JsonResponse:
    rates = load_active_rates()
    form = PlanForm(request.GET, rates=rates)
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
