"""The choices the estimator's forms and the creator profiles share: niches, account types,
countries' names. Plain data (no form, no view), so models of either app can use them."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

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

# The primary audience: listed first in the forms, and a rate card must cover each of them.
PRIMARY_COUNTRIES = ("FR", "BE", "CA")
COUNTRY_NAMES = {
    "FR": _("France"),
    "BE": _("Belgium"),
    "CA": _("Canada"),
    "US": _("United States"),
    "DE": _("Germany"),
}
