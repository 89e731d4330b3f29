"""Account URLs, included under account/ by creators.urls.

Log in, log out and the password pages are Django's own views; the templates they use
(registration/*.html) are ours, in templates/. PasswordChangeView and
PasswordChangeDoneView carry login_required themselves.
"""

from django.contrib.auth import views as auth_views
from django.urls import path

from config.limits import failures_limited, posted_email, rate_limited
from creators import account_views
from creators.account_forms import EmailAuthenticationForm

urlpatterns = [
    path("", account_views.account, name="account"),
    path("signup/", rate_limited(("signup", "ip"))(account_views.signup), name="signup"),
    path("signup/sent/", account_views.signup_sent, name="signup_sent"),
    path(
        "signup/confirm/<uidb64>/<token>/",
        account_views.signup_confirm,
        name="signup_confirm",
    ),
    path("settings/", account_views.account_settings, name="account_settings"),
    path(
        "login/",
        failures_limited(("login_failures_address", "ip"))(
            auth_views.LoginView.as_view(
                authentication_form=EmailAuthenticationForm, redirect_authenticated_user=True
            )
        ),
        name="login",
    ),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "password/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path(
        "password/reset/",
        rate_limited(("password_reset_address", "ip"), ("password_reset_email", posted_email))(
            auth_views.PasswordResetView.as_view()
        ),
        name="password_reset",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetDoneView.as_view(),
        name="password_reset_done",
    ),
    path(
        "reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "reset/done/",
        auth_views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("delete/", account_views.account_delete, name="account_delete"),
    path("digest/", account_views.account_digest, name="account_digest"),
    path("export.json", account_views.account_export, name="account_export"),
]
