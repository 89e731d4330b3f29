"""How a threshold reads: "+3 200 followers — eligible around March 2027 at the current pace"."""

from __future__ import annotations

from django import template
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from creators.progress import Status, Threshold
from estimator.presentation import HINTS, card_text, format_count, linked_source

register = template.Library()


@register.simple_tag
def rule_label(threshold: Threshold) -> str:
    labels = {
        "min_followers": _("Followers"),
        "min_views_30d": _("Views in 30 days"),
        "min_posts_30d": _("Videos in 30 days"),
        "min_age": _("Age"),
        "personal_account": _("Personal account"),
    }
    return labels.get(threshold.rule, threshold.rule)


def _month(date) -> str:
    return date_format(date, "YEAR_MONTH_FORMAT")


@register.simple_tag
def threshold_gap(threshold: Threshold) -> str:
    if threshold.met or threshold.gap is None:
        return ""
    if threshold.rule == "min_age":
        return _("%(required)s years old required") % {"required": threshold.required}
    return _("+%(gap)s to reach %(required)s") % {
        "gap": format_count(threshold.gap),
        "required": format_count(threshold.required),
    }


@register.simple_tag
def threshold_outlook(threshold: Threshold) -> str:
    if threshold.status == Status.MET:
        if threshold.reached_in:
            return _("reached in %(month)s") % {"month": _month(threshold.reached_in)}
        return _("reached")
    if threshold.status == Status.PROJECTED:
        if threshold.rule == "min_age":
            return _("from %(month)s") % {"month": _month(threshold.projected)}
        return _("eligible around %(month)s at the current pace") % {
            "month": _month(threshold.projected)
        }
    if threshold.status == Status.NOT_AT_THIS_PACE:
        return _("not at this pace")
    if threshold.status == Status.NOT_ENOUGH_HISTORY:
        return _("add another month to see when")
    if threshold.status == Status.UNKNOWN:
        return _("not given: assumed met (type it in a month to check)")
    return _("requires a personal (not business) account")


@register.simple_tag
def hint_text(key: str) -> str:
    """What to type, e.g. for an unknown source in the estimated vs actual table."""
    return str(HINTS.get(key, "")) if key else ""


@register.inclusion_tag("creators/country_note.html")
def country_note(country) -> dict:
    """Why a programme does (not) run in the profile's country, with the source: translated."""
    if country is None or not country.note:
        return {"note": ""}
    return {
        "note": card_text(country.note),
        "source": linked_source(card_text(country.provenance.source)),
    }
