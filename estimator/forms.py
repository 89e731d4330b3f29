"""The estimator form: one GET form whose field names are the JSON API's parameters."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from estimator import calculations as calc

MAX_COUNT = 10**12
MAX_MONEY = Decimal(10**9)
NICHES = (
    ("general", _("General")),
    ("finance", _("Finance")),
    ("tech", _("Tech")),
    ("education", _("Education")),
    ("beauty", _("Beauty")),
    ("fashion", _("Fashion")),
    ("food", _("Food")),
    ("gaming", _("Gaming")),
    ("travel", _("Travel")),
    ("fitness", _("Fitness")),
    ("entertainment", _("Entertainment")),
)
ACCOUNT_TYPES = (("personal", _("Personal")), ("business", _("Business")))

_SPACES = re.compile(r"[\s\u00a0\u202f']")
_GROUPED = re.compile(r"^\d{1,3}([.,]\d{3})+$")
# What TikTok Studio and creators write after a number: "400K", "1,2M", "3 Md".
_SUFFIXES = {"k": 3, "m": 6, "md": 9, "mrd": 9, "b": 9}
_WITH_SUFFIX = re.compile(r"^([+-]?\d+(?:[.,]\d+)?)(k|m|md|mrd|b)$", re.IGNORECASE)
_BOTH_SEPARATORS = re.compile(r"^[+-]?\d{1,3}(?:([.,])\d{3})*(?!\1)[.,]\d+$")


def _plain(value: Decimal) -> str:
    """A decimal as Django's number fields read it: "1200000", not "1.2E+6"."""
    if value == value.to_integral_value():
        return str(int(value))
    return format(value.normalize(), "f")


def normalise_number(value: str, *, integer: bool) -> str:
    """Accept what people type: "10 000", "10,000", "1,5", "1.5", "1 234,56", "400K", "1,2M".

    A value this cannot read is returned as it came, for the field to refuse with its message.
    """
    value = _SPACES.sub("", value)
    suffixed = _WITH_SUFFIX.match(value)
    if suffixed:
        number, suffix = suffixed.groups()
        scaled = Decimal(number.replace(",", ".")).scaleb(_SUFFIXES[suffix.lower()])
        return _plain(scaled)
    if integer and _GROUPED.match(value):
        return re.sub(r"[.,]", "", value)
    if _BOTH_SEPARATORS.match(value):
        # "1.234,56" or "1,234.56": the last separator is the decimal one.
        decimal_separator = value[max(value.rfind(","), value.rfind("."))]
        grouping = "." if decimal_separator == "," else ","
        return value.replace(grouping, "").replace(decimal_separator, ".")
    if value.count(",") == 1 and "." not in value:
        return value.replace(",", ".")
    return value


class FocusFirstErrorMixin:
    """Puts `autofocus` on the first field with an error (and on no other field), so a form
    sent back with errors, with or without JavaScript, lands on what needs fixing."""

    def full_clean(self) -> None:
        super().full_clean()
        if not self._errors:
            return
        first = next((name for name in self.fields if name in self._errors), None)
        for name, field in self.fields.items():
            if name == first:
                field.widget.attrs["autofocus"] = True
            else:
                field.widget.attrs.pop("autofocus", None)


class CountField(forms.IntegerField):
    """A count as creators write it ("12 000", "400K", "1,2M"); empty stays unknown (None).

    No numeric keyboard on phones: it has no K or M.
    """

    widget = forms.TextInput(attrs={"autocomplete": "off"})

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", 0)
        kwargs.setdefault("max_value", MAX_COUNT)
        super().__init__(**kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = normalise_number(value, integer=True)
        return super().to_python(value)


class AmountField(forms.DecimalField):
    """An amount as creators write it ("6,5", "1 234,56", "1,2K"); empty stays unknown (None)."""

    widget = forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"})

    def __init__(self, *, max_value: Decimal = MAX_MONEY, **kwargs):
        kwargs.setdefault("required", False)
        kwargs.setdefault("min_value", Decimal(0))
        kwargs.setdefault("max_digits", 14)
        kwargs.setdefault("decimal_places", 2)
        super().__init__(max_value=max_value, **kwargs)

    def to_python(self, value):
        if isinstance(value, str):
            value = normalise_number(value, integer=False)
        return super().to_python(value)


def PercentField(**kwargs) -> AmountField:
    return AmountField(max_value=Decimal(100), **kwargs)


class FlagInput(forms.CheckboxInput):
    """A checkbox that also understands the API's has_strike=0/false/no."""

    def value_from_datadict(self, data, files, name):
        value = data.get(name)
        if isinstance(value, str) and value.strip().lower() in {"", "0", "false", "no", "off"}:
            return False
        return super().value_from_datadict(data, files, name)


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
SOURCE_FIELDS = {
    "creator_rewards": ("long_video_views", "qualified_views"),
    "live_gifts": ("diamonds",),
    "subscriptions": ("subscribers", "subscription_price"),
    "brand_partnerships": ("sponsored_posts", "median_views", "engagement_rate", "rate_per_post"),
    "affiliate": ("affiliate_sales", "affiliate_order_value", "affiliate_commission"),
    "tiktok_shop": ("shop_sales", "shop_order_value", "shop_commission"),
    "own_products": ("product_units", "product_margin"),
    "ugc": ("ugc_videos", "ugc_price"),
}


INPUT_NAMES = frozenset(field.name for field in dataclasses.fields(calc.Inputs))
PRIMARY_COUNTRIES = ("FR", "BE", "CA")
COUNTRY_NAMES = {
    "FR": _("France"),
    "BE": _("Belgium"),
    "CA": _("Canada"),
    "US": _("United States"),
    "DE": _("Germany"),
}


def _audience_first(item: tuple[str, calc.Country]) -> tuple[int, str]:
    code = item[0]
    if code in PRIMARY_COUNTRIES:
        return (PRIMARY_COUNTRIES.index(code), code)
    return (len(PRIMARY_COUNTRIES), code)


class EstimateForm(FocusFirstErrorMixin, forms.Form):
    country = forms.ChoiceField(label=_("Country"), required=False, initial="FR")
    age = forms.IntegerField(
        label=_("Age"),
        required=False,
        min_value=13,
        max_value=120,
        widget=forms.TextInput(attrs={"inputmode": "numeric", "autocomplete": "off"}),
    )
    niche = forms.ChoiceField(label=_("Niche"), choices=NICHES, required=False, initial="general")
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

    def __init__(self, data=None, *, rates: calc.Rates, **kwargs):
        if data is not None:
            # A shared link may leave out the choices: show the defaults the estimate uses.
            data = data.copy()
            for name in ("country", "niche", "account_type"):
                value = str(data.get(name) or "").strip()
                data[name] = value or self.base_fields[name].initial
            data["country"] = data["country"].upper()
        super().__init__(data, **kwargs)
        self.rates = rates
        self.fields["country"].choices = [
            (code, f"{COUNTRY_NAMES.get(code, code)} ({country.currency})")
            for code, country in sorted(rates.countries.items(), key=_audience_first)
        ]

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

    def source_fields(self, key: str):
        return [self[name] for name in SOURCE_FIELDS[key]]


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
