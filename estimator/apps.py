from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EstimatorConfig(AppConfig):
    name = "estimator"
    verbose_name = _("Estimator and rate cards")
