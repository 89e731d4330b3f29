"""The estimator form: one GET form whose field names are the JSON API's parameters."""

from __future__ import annotations

import copy
import dataclasses
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from estimator import calculations as calc
from estimator.choices import ACCOUNT_TYPES, DEFAULT_NICHE, country_choices, niche_choices
from estimator.fields import (
    AmountField,
    CountField,
    FlagInput,
    FocusFirstErrorMixin,
    PercentField,
)

# Field names per section of the page, in display order: a quick estimate first.
QUICK_FIELDS = ("country", "followers", "views_30d", "posts_30d")
ACCOUNT_FIELDS = ("age", "niche", "account_type", "has_strike")
PROFILE_FIELDS = (
    "country",
    "age",
    "niche",
    "account_type",
    "has_strike",
    "followers",
    "views_30d",
    "posts_30d",
)


INPUT_NAMES = frozenset(field.name for field in dataclasses.fields(calc.Inputs))


class EstimateForm(FocusFirstErrorMixin, forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False, initial="FR")
    age = forms.IntegerField(
        label=_("Age"),
        required=False,
        min_value=13,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    # The rate card's niches and countries (set per card in __init__).
    niche = forms.ChoiceField(label=_("Niche"), required=False, initial=DEFAULT_NICHE)
    account_type = forms.ChoiceField(
        label=_("Account type"), choices=ACCOUNT_TYPES, required=False, initial="personal"
    )
    has_strike = forms.BooleanField(
        label=_("My account has a strike (community guidelines)"),
        required=False,
        widget=FlagInput,
    )
    followers = CountField(label=_("Followers"))
    views_30d = CountField(label=_("Views in the last 30 days"))
    posts_30d = CountField(label=_("Videos posted in the last 30 days"))
    long_video_views = CountField(
        label=_("Views on videos over 1 minute (30 days)"),
        help_text=_("In TikTok Studio: filter your videos longer than one minute."),
    )
    qualified_views = CountField(
        label=_("Qualified views (30 days)"),
        help_text=_("If you are in the programme, TikTok Studio shows them: the range narrows."),
    )
    diamonds = CountField(label=_("Diamonds received per month"))
    subscribers = CountField(label=_("Paying subscribers"))
    subscription_price = AmountField(label=_("Monthly subscription price"))
    sponsored_posts = CountField(label=_("Sponsored videos per month"))
    median_views = CountField(
        label=_("Median views per video"),
        help_text=_("What brands look at. Leave empty to use views ÷ videos."),
    )
    engagement_rate = PercentField(
        label=_("Engagement rate (%)"),
        help_text=_("(likes + comments + shares) ÷ views × 100"),
    )
    rate_per_post = AmountField(
        label=_("Your own price per sponsored video"),
        help_text=_("If you already have one: it replaces our estimate."),
    )
    affiliate_sales = CountField(label=_("Affiliate sales per month"))
    affiliate_order_value = AmountField(label=_("Average order value"))
    affiliate_commission = PercentField(label=_("Commission (%)"))
    shop_sales = CountField(label=_("TikTok Shop sales per month"))
    shop_order_value = AmountField(label=_("Average order value"))
    shop_commission = PercentField(label=_("Commission (%)"))
    product_units = CountField(label=_("Units sold per month"))
    product_margin = AmountField(label=_("Margin per unit"))
    ugc_videos = CountField(label=_("UGC videos per month"))
    ugc_price = AmountField(
        label=_("Your price per UGC video"), help_text=_("Leave empty to use market prices.")
    )

    def __init__(self, data=None, *, rates: calc.Rates, drawn: bool = True, **kwargs):
        """``drawn=False``: a form only read (validated, its errors listed), never drawn as
        HTML, shares its fields with the other such forms of the card and the language instead
        of deep-copying 27 fields, which was a third of the API's time (see ``_read_only``)."""
        if data is not None:
            # A shared link may leave out the choices: show the defaults the estimate uses.
            # The last value of a repeated parameter wins, as QueryDict.get says.
            data = data.dict() if hasattr(data, "dict") else dict(data)
            for name in ("country", "niche", "account_type"):
                value = str(data.get(name) or "").strip()
                data[name] = value or self.base_fields[name].initial
            data["country"] = data["country"].upper()
        self.drawn = drawn
        if not drawn:
            self.base_fields = _read_only(type(self), rates)
        super().__init__(data, **kwargs)
        self.rates = rates
        if drawn:
            self.fields["country"].choices = country_choices(rates, with_currency=True)
            self.fields["niche"].choices = niche_choices(rates)

    def _clean_fields(self) -> None:
        """Django's, but for a form only read, each value is cleaned once per card and language
        (its fields are shared, see ``_read_only``): a new question cleans only the inputs it
        changes, as a creator typing changes one at a time. Errors are never kept, nor values
        longer than anything typed in a field (a memory bound that does not trust the input)."""
        if self.drawn:
            return super()._clean_fields()
        cleaned = self.base_fields.cleaned  # the shared fields' (set in __init__)
        if len(cleaned) > 20_000:
            cleaned.clear()
        for name, field in self.fields.items():
            value = field.widget.value_from_datadict(self.data, self.files, self.add_prefix(name))
            key = (name, value)
            # One read (another thread may empty the dict between a test and a read).
            kept = cleaned.get(key, _NOT_KEPT)
            if kept is not _NOT_KEPT:
                self.cleaned_data[name] = kept
            else:
                try:
                    self.cleaned_data[name] = field.clean(value)
                except ValidationError as error:
                    self.add_error(name, error)
                    continue
                if not isinstance(value, str) or len(value) <= _LONGEST_KEPT:
                    cleaned[key] = self.cleaned_data[name]
            if hasattr(self, f"clean_{name}"):
                try:
                    self.cleaned_data[name] = getattr(self, f"clean_{name}")()
                except ValidationError as error:
                    self.add_error(name, error)
        return None

    def clean_niche(self) -> str:
        niche = self.cleaned_data["niche"]
        if niche not in self.rates.niches:
            raise ValidationError(_("This niche is not in the current rate card."))
        return niche

    def to_inputs(self) -> calc.Inputs:
        """The valid fields as calculation inputs; invalid or empty ones count as unknown."""
        if not self.is_bound:
            return calc.Inputs()
        self.is_valid()
        values = {
            name: value
            for name, value in self.cleaned_data.items()
            if name in INPUT_NAMES and name not in self.errors and value is not None
        }
        return calc.Inputs(**values)

    def profile_fields(self):
        return [self[name] for name in PROFILE_FIELDS]

    def quick_fields(self):
        return [self[name] for name in QUICK_FIELDS]

    def account_fields(self):
        return [self[name] for name in ACCOUNT_FIELDS]

    def source_fields(self, source: calc.Source):
        """The source's own fields, those the registry declares as its inputs."""
        return [self[name] for name in source.inputs]


_NOT_KEPT = object()
_LONGEST_KEPT = 40  # characters: the longest value a creator types (a number, a code)


class _SharedFields(dict):
    """Fields that forms share: Django deep-copies a form's fields so that each form may change
    its own; copied this way, the fields themselves are shared. As they never change, a value
    cleans the same way every time: ``cleaned`` keeps what each value cleaned to."""

    def __init__(self, fields: dict) -> None:
        super().__init__(fields)
        self.cleaned: dict[tuple[str, object], object] = {}

    def __deepcopy__(self, memo: dict) -> dict:
        return dict(self)


# Per form class and language (the choices carry the language's labels): the active
# card's rates (kept to compare by identity: a new card is a new object) and the fields with the
# card's choices.
_read_only_fields: dict[tuple[type, str], tuple[calc.Rates, _SharedFields]] = {}


def _read_only(form_class: type[EstimateForm], rates: calc.Rates) -> _SharedFields:
    """The fields of ``form_class`` with ``rates``' choices, shared by the forms made with
    ``drawn=False``. Nothing changes them: such a form sets no autofocus (FocusFirstErrorMixin)
    and draws no widget (crispy-forms adds classes to a widget it draws)."""
    key = (form_class, get_language() or "")
    kept = _read_only_fields.get(key)
    if kept is not None and kept[0] is rates:
        return kept[1]
    fields = _SharedFields(copy.deepcopy(form_class.base_fields))
    fields["country"].choices = country_choices(rates, with_currency=True)
    fields["niche"].choices = niche_choices(rates)
    _read_only_fields[key] = (rates, fields)
    return fields


class PlanForm(EstimateForm):
    """The estimator's fields and the monthly goal."""

    goal = AmountField(
        label=_("Monthly goal"),
        initial=Decimal(1000),
        help_text=_("What you want to earn per month, in your country's currency."),
    )

    field_order = ["goal"]

    def clean_goal(self) -> Decimal:
        goal = self.cleaned_data.get("goal")
        return Decimal(1000) if goal is None else goal

    def goal_value(self) -> Decimal:
        if not self.is_bound:
            return Decimal(1000)
        self.is_valid()
        return Decimal(1000) if "goal" in self.errors else self.cleaned_data["goal"]
