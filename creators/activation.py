"""Confirming a sign-up by email, and telling an existing account's owner about a sign-up.

The activation token changes once the account is active, so a link works until then only
(and for PASSWORD_RESET_TIMEOUT at most, three days by default).
"""

from __future__ import annotations

import logging
import smtplib

from django.contrib.auth import get_user_model
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes, force_str
from django.utils.http import urlsafe_base64_decode, urlsafe_base64_encode
from django.utils.translation import gettext as _

User = get_user_model()
logger = logging.getLogger(__name__)


class ActivationTokenGenerator(PasswordResetTokenGenerator):
    key_salt = "creators.activation.ActivationTokenGenerator"

    def _make_hash_value(self, user, timestamp: int) -> str:
        return f"{user.pk}{user.is_active}{user.password}{user.email}{timestamp}"


activation_token = ActivationTokenGenerator()


def _send(request: HttpRequest, user, subject: str, template: str, context: dict) -> None:
    body = render_to_string(template, {"user": user, **context}, request)
    try:
        send_mail(subject, body, None, [user.email])
    except (smtplib.SMTPException, OSError):
        # As Django's password reset does: the answer stays the same, the operator is told.
        logger.exception("Sign-up: the mail to user %s could not be sent", user.pk)


def send_activation(request: HttpRequest, user) -> None:
    path = reverse(
        "signup_confirm",
        args=[urlsafe_base64_encode(force_bytes(user.pk)), activation_token.make_token(user)],
    )
    _send(
        request,
        user,
        _("Confirm your account · TikTok revenue planner"),
        "creators/account/activation_email.txt",
        {"link": request.build_absolute_uri(path)},
    )


def send_existing_account(request: HttpRequest, user) -> None:
    _send(
        request,
        user,
        _("You already have an account · TikTok revenue planner"),
        "creators/account/existing_account_email.txt",
        {
            "login_link": request.build_absolute_uri(reverse("login")),
            "reset_link": request.build_absolute_uri(reverse("password_reset")),
        },
    )


def user_for(uidb64: str, token: str):
    """The inactive account the link was made for, or None when the link is not valid."""
    try:
        user = User.objects.get(pk=force_str(urlsafe_base64_decode(uidb64)), is_active=False)
    except (ValueError, TypeError, OverflowError, User.DoesNotExist):
        return None
    return user if activation_token.check_token(user, token) else None
