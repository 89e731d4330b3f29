from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CreatorsConfig(AppConfig):
    name = "creators"
    verbose_name = _("Creators")

    def ready(self) -> None:
        from config import checks  # noqa: F401 (registers the project's deployment checks)
        from creators import learning, recalculation
        from estimator import recalculation as estimator_recalculation

        # The estimator's observed rates read consenting creators' figures through this.
        learning.register()

        # The rate-card admin's "Recalculate every profile with this card".
        estimator_recalculation.register(recalculation.start_from_admin)
