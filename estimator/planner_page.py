"""What the goal planner page shows: shared by the planner's view and the profile planner of
``creators``, which so imports no view and no form of the estimator."""

from __future__ import annotations

from django.http import QueryDict

from estimator import calculations as calc
from estimator import planning
from estimator.forms import PlanForm
from estimator.presentation import (
    HINTS,
    PLAN_ASSUMPTIONS,
    ROUTE_LABELS,
    format_amounts,
    format_count,
    format_missing,
    format_money,
    format_next_step,
    format_step,
)


def plan_context(data: QueryDict | None, rates: calc.Rates) -> dict:
    """What the planner page shows for a query (None: the empty form); the profile planner
    (creators) adds its months at pace."""
    form = PlanForm(data, rates=rates)
    result = planning.plan(form.goal_value(), form.to_inputs(), rates)
    currency = result.currency
    country = rates.countries.get(form.to_inputs().country)
    return {
        "form": form,
        "plan": result,
        "routes": [
            {
                "route": route,
                "label": ROUTE_LABELS[route.key],
                "steps": [format_step(step, currency) for step in route.steps],
                "assumptions": [str(PLAN_ASSUMPTIONS[key]) for key in route.assumptions],
                "views": format_count(route.qualified_views),
                "views_low": format_count(route.qualified_views_range[0]),
                "views_high": format_count(route.qualified_views_range[1]),
                "long_views": format_count(route.long_video_views),
                "missing": [format_missing(missing, country) for missing in route.missing],
            }
            for route in result.routes
        ],
        "unavailable": [
            {"label": ROUTE_LABELS[item.key], "hint": HINTS[item.hint]}
            for item in result.unavailable
        ],
        "next_step": format_next_step(result.next_step, currency) if result.next_step else "",
        "goal": format_money(result.goal, currency),
        "current": format_amounts(result.current, currency),
        "gap": format_money(result.gap, currency),
    }


def default_goal() -> str:
    """The goal the planner plans for when none is typed (the form's initial value)."""
    return str(PlanForm.base_fields["goal"].initial)
