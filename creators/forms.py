"""Forms for creator profiles and monthly stats."""

from __future__ import annotations

import datetime
from decimal import Decimal

from django import forms
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from creators.estimates import apply_estimate
from creators.models import (
    COUNT_FIELDS,
    EARLIEST_MONTH,
    REVENUE_FIELDS,
    CreatorProfile,
    MonthlyStat,
    trackable_month,
)
from estimator import calculations as calc
from estimator.choices import country_choices, currency_codes, niche_choices
from estimator.fields import AmountField, CountField, FocusFirstErrorMixin


def _keeping(choices: list[tuple[str, str]], current: str) -> list[tuple[str, str]]:
    """The card's choices, and the profile's own value when a later card dropped it: saving
    other fields must not silently change it."""
    if current and current not in dict(choices):
        return [*choices, (current, current)]
    return choices


class ProfileForm(FocusFirstErrorMixin, forms.ModelForm):
    """Countries, niches and currencies are the active rate card's."""

    country = forms.ChoiceField(label=_("Country"))
    niche = forms.ChoiceField(label=_("Niche"))

    class Meta:
        model = CreatorProfile
        fields = [
            "handle",
            "display_name",
            "country",
            "niche",
            "account_type",
            "birth_date",
            "birth_year",
            "subscription_price",
            "currency",
        ]
        widgets = {"birth_date": forms.DateInput(attrs={"type": "date"})}

    def __init__(self, *args, owner, rates: calc.Rates, **kwargs):
        super().__init__(*args, **kwargs)
        self.owner = owner
        saved = self.instance if self.instance.pk else None
        self.fields["country"].choices = _keeping(
            country_choices(rates), saved.country if saved else ""
        )
        self.fields["niche"].choices = _keeping(niche_choices(rates), saved.niche if saved else "")
        self.fields["niche"].initial = CreatorProfile._meta.get_field("niche").default
        self.fields["currency"] = forms.ChoiceField(
            label=CreatorProfile._meta.get_field("currency").verbose_name.capitalize(),
            help_text=CreatorProfile._meta.get_field("currency").help_text,
            required=False,
            choices=_keeping(
                [
                    ("", _("The country's currency")),
                    *((code, code) for code in currency_codes(rates)),
                ],
                saved.currency if saved else "",
            ),
        )
        self.fields["subscription_price"] = AmountField(
            label=_("Monthly subscription price"),
            help_text=_(
                "What a paying subscriber pays per month: without it, subscribers earn nothing."
            ),
        )
        self.fields["handle"].widget.attrs.update({"autocapitalize": "none", "spellcheck": "false"})

    def clean_handle(self) -> str:
        handle = self.cleaned_data["handle"].strip().lstrip("@")
        taken = CreatorProfile.objects.owned_by(self.owner).filter(handle__iexact=handle)
        if self.instance.pk:
            taken = taken.exclude(pk=self.instance.pk)
        if taken.exists():
            raise forms.ValidationError(_("You already have a profile with this handle."))
        return handle

    def clean_birth_year(self):
        year = self.cleaned_data.get("birth_year")
        this_year = timezone.localdate().year
        if year is not None and not this_year - 120 <= year <= this_year - 10:
            raise forms.ValidationError(
                _("Enter a year between %(low)s and %(high)s.")
                % {"low": this_year - 120, "high": this_year - 10}
            )
        return year

    def clean_birth_date(self):
        date = self.cleaned_data.get("birth_date")
        if date is not None and date > timezone.localdate():
            raise forms.ValidationError(_("A birth date cannot be in the future."))
        return date


class MonthField(forms.DateField):
    """A month typed as YYYY-MM (what <input type=month> sends), stored as its first day."""

    widget = forms.DateInput(attrs={"type": "month"})
    input_formats = ["%Y-%m", "%m/%Y", "%Y-%m-%d"]

    def to_python(self, value):
        date = super().to_python(value)
        return date.replace(day=1) if date else date

    def prepare_value(self, value):
        if isinstance(value, datetime.date):
            return value.strftime("%Y-%m")
        return value


# A month estimated at a thousand billion or more is a typing mistake, not a creator's month.
MAX_STORED_TOTAL = Decimal(10**12)


class MonthlyStatForm(FocusFirstErrorMixin, forms.ModelForm):
    month = MonthField(label=_("Month"))
    # The month's revision as the form saw it: two edits of the same month in two
    # tabs must not silently overwrite each other.
    version = forms.CharField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = MonthlyStat
        fields = [
            "month",
            *(name for name, _label in COUNT_FIELDS),
            *(name for name, _label in REVENUE_FIELDS),
        ]

    def __init__(self, *args, profile: CreatorProfile, **kwargs):
        super().__init__(*args, **kwargs)
        self.profile = profile
        for name, label in COUNT_FIELDS:
            self.fields[name] = CountField(label=label)
        for name, label in REVENUE_FIELDS:
            self.fields[name] = AmountField(label=label)
        if self.instance.pk:
            self.fields["version"].initial = str(self.instance.revision)

    def clean_month(self) -> datetime.date:
        month = self.cleaned_data["month"]
        if month > timezone.localdate():
            raise forms.ValidationError(_("This month has not started yet."))
        if not trackable_month(month, timezone.localdate()):
            raise forms.ValidationError(
                _("Enter a month from %(first)s on.") % {"first": EARLIEST_MONTH.strftime("%Y-%m")}
            )
        others = MonthlyStat.objects.for_profile(self.profile).filter(month=month)
        if self.instance.pk:
            others = others.exclude(pk=self.instance.pk)
        if others.exists():
            raise forms.ValidationError(
                _("%(month)s is already in your table: edit that month instead.")
                % {"month": month.strftime("%Y-%m")}
            )
        return month

    def save_with_estimate(self, rates) -> MonthlyStat | None:
        """Save with the month's estimate, safely under concurrent writes.

        Returns None, with an error on the form, when another request created this month or
        changed it since the form was opened.
        """
        try:
            with transaction.atomic():
                if self.instance.pk:
                    current = MonthlyStat.objects.select_for_update().get(pk=self.instance.pk)
                    if self.cleaned_data.get("version") != str(current.revision):
                        self.add_error(
                            None,
                            _(
                                "This month was changed elsewhere since you "
                                "opened it: reload the page to see it."
                            ),
                        )
                        return None
                stat = self.save(commit=False)
                stat.revision += 1
                apply_estimate(self.profile, stat, rates)
                if stat.estimated_total is not None and stat.estimated_total >= MAX_STORED_TOTAL:
                    self.add_error(
                        None,
                        _(
                            "These figures give an estimate too large to be real: check the "
                            "counts (sponsored videos, subscribers, sales) and their prices."
                        ),
                    )
                    return None
                stat.save()
                return stat
        except IntegrityError:
            self.add_error("month", _("This month is already in your table: edit it instead."))
            return None

    def save(self, commit: bool = True) -> MonthlyStat:
        stat = super().save(commit=False)
        stat.profile = self.profile
        origins = dict(stat.origins or {})
        for name in self.changed_data:
            if name != "month":
                origins[name] = "typed"
        stat.origins = origins
        if commit:
            stat.save()
        return stat

    def count_fields(self):
        return [self[name] for name, _label in COUNT_FIELDS]

    def revenue_fields(self):
        return [self[name] for name, _label in REVENUE_FIELDS]


class MediaKitForm(forms.ModelForm):
    class Meta:
        model = CreatorProfile
        fields = ["media_kit_contact", "media_kit_own_price"]
