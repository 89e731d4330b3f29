"""Account forms: sign up and log in by email, delete the account after typing the password.

Django's default User model is kept: the username *is* the email, lowercased, so the
unique username column also makes emails unique whatever their case.
"""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.contrib.auth.forms import AuthenticationForm, BaseUserCreationForm, UsernameField
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from creators.models import AccountSettings
from estimator.fields import FocusFirstErrorMixin

User = get_user_model()

# The username column holds the email, and it is 150 characters long.
EMAIL_MAX_LENGTH = User._meta.get_field("username").max_length


class SignupForm(FocusFirstErrorMixin, BaseUserCreationForm):
    email = forms.EmailField(
        label=_("Email"),
        max_length=EMAIL_MAX_LENGTH,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
    )

    class Meta:
        model = User
        fields = ("email",)

    def clean_email(self) -> str:
        # Whether an account already uses it is not said here (that would tell anyone which
        # emails have an account): the sign-up view mails its owner instead.
        return self.cleaned_data["email"].lower()

    def existing_account(self):
        """The account already using the (valid) email, if any."""
        email = self.cleaned_data["email"]
        return User.objects.filter(Q(username__iexact=email) | Q(email__iexact=email)).first()

    def validate_password_for_user(self, user, **kwargs):
        # What is wrong with the password goes under the password, not under its confirmation.
        super().validate_password_for_user(user, password_field_name="password1")  # noqa: S106

    def clean(self):
        # Before the password validators run, so they can compare the password with it.
        if email := self.cleaned_data.get("email"):
            self.instance.username = email
        return super().clean()


class LoginEmailField(UsernameField):
    """The login's username field: an email, matched in any case."""

    def to_python(self, value):
        return super().to_python(value).lower()


class EmailAuthenticationForm(AuthenticationForm):
    username = LoginEmailField(label=_("Email"), widget=forms.EmailInput(attrs={"autofocus": True}))

    error_messages = {
        **AuthenticationForm.error_messages,
        "invalid_login": _("This email and password do not match an account."),
    }


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Your current password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )

    def __init__(self, user, *args, **kwargs):
        self.user = user
        super().__init__(*args, **kwargs)

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise ValidationError(
                _("This is not your current password: nothing was deleted."),
                code="password_incorrect",
            )
        return password


class AccountSettingsForm(forms.ModelForm):
    class Meta:
        model = AccountSettings
        fields = ("share_observed_rates",)
