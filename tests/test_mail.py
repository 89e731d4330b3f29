"""Mail really leaves: a password reset through a real SMTP server, and production refuses to
run `check --deploy` without a way to send mail."""

from __future__ import annotations

import re

import pytest

from tests.creators.factories import make_user
from tests.support.smtp import running_smtp_server
from tests.test_security import PRODUCTION
from tests.test_settings import run_manage


@pytest.mark.slow  # a subprocess
def test_the_deploy_check_fails_naming_the_variable_when_no_mail_can_be_sent():
    without_mail = {key: value for key, value in PRODUCTION.items() if key != "DJANGO_EMAIL_HOST"}
    result = run_manage(without_mail, "check", "--deploy")
    assert result.returncode != 0
    assert "planner.E001" in result.stderr
    assert "DJANGO_EMAIL_HOST" in result.stderr


@pytest.mark.slow  # a subprocess
def test_the_deploy_check_passes_with_a_mail_host():
    result = run_manage(PRODUCTION, "check", "--deploy", "--fail-level", "WARNING")
    assert result.returncode == 0, result.stdout + result.stderr


@pytest.mark.django_db
def test_a_password_reset_mail_reaches_a_real_smtp_server_and_its_link_works(client, settings):
    user = make_user("forgetful@example.com")
    with running_smtp_server() as smtp:
        settings.MAILERS = {
            "default": {
                "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
                "OPTIONS": {"host": "127.0.0.1", "port": smtp.port, "use_tls": False},
            }
        }
        response = client.post("/en/account/password/reset/", {"email": "forgetful@example.com"})
        assert response.status_code == 302
        (message,) = smtp.wait_for(1)
    assert message["To"] == "forgetful@example.com"
    body = message.get_body(preferencelist=("plain",)).get_content()
    link = re.search(r"https?://testserver(/\S*/reset/\S+/)", body).group(1)

    response = client.get(link, follow=True)
    assert response.status_code == 200
    form_url = response.redirect_chain[-1][0]
    new_password = "a-brand-new-passphrase-2026"
    response = client.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.check_password(new_password)
    response = client.post(
        "/en/account/login/", {"username": "forgetful@example.com", "password": new_password}
    )
    assert response.status_code == 302
    assert client.session["_auth_user_id"] == str(user.pk)
