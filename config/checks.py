"""Deployment checks of our own, run by `manage.py check --deploy`."""

from __future__ import annotations

from django.conf import settings
from django.core import checks

SMTP_BACKEND = "django.core.mail.backends.smtp.EmailBackend"


@checks.register(checks.Tags.security, deploy=True)
def check_mail_is_configured(app_configs, **kwargs) -> list[checks.CheckMessage]:
    """Password reset needs mail: an SMTP backend without a host sends nothing, silently."""
    mailer = getattr(settings, "MAILERS", {}).get("default", {})
    backend = mailer.get("BACKEND", SMTP_BACKEND)
    if backend == SMTP_BACKEND and not mailer.get("OPTIONS", {}).get("host"):
        return [
            checks.Error(
                "No way to send mail is configured: password reset mails would never leave.",
                hint="Set DJANGO_EMAIL_HOST (localhost for this machine's own mail server).",
                id="planner.E001",
            )
        ]
    return []
