"""Routes for signing in and out, two-factor, account settings, joining and administration."""

from django.contrib.auth import views as django_auth
from django.urls import path, reverse_lazy

from reconnect.accounts import (
    auth_views,
    email_change,
    preference_views,
    program_views,
    welcome_views,
)
from reconnect.accounts.forms import NewPasswordForm

app_name = "accounts"

_reset = {"success_url": reverse_lazy("accounts:password_reset_done")}
urlpatterns = [
    path("sign-in/", auth_views.SignInView.as_view(), name="sign_in"),
    path("sign-out/", auth_views.sign_out, name="sign_out"),
    path("quick-exit/", auth_views.quick_exit, name="quick_exit"),
    path("session/keep-alive/", auth_views.keep_alive, name="keep_alive"),
    path("two-factor/", auth_views.two_factor, name="two_factor"),
    path("two-factor/setup/", auth_views.two_factor_setup, name="two_factor_setup"),
    path("account/", auth_views.account, name="account"),
    path("account/password/", auth_views.PasswordChangeView.as_view(), name="password_change"),
    path("account/time-zone/", preference_views.time_zone, name="time_zone"),
    path("account/about-you/", preference_views.about_you, name="about_you"),
    path("account/email/<str:token>/", email_change.email_confirm, name="email_confirm"),
    path("account/tokens/", auth_views.token_create, name="token_create"),
    path("account/tokens/<int:token_id>/revoke/", auth_views.token_revoke, name="token_revoke"),
    path(
        "password-reset/",
        django_auth.PasswordResetView.as_view(
            template_name="people/password_reset.html",
            email_template_name="people/email/password_reset.txt",
            subject_template_name="people/email/password_reset_subject.txt",
            **_reset,
        ),
        name="password_reset",
    ),
    path(
        "password-reset/sent/",
        django_auth.PasswordResetDoneView.as_view(template_name="people/password_reset_done.html"),
        name="password_reset_done",
    ),
    path(
        "password-reset/<uidb64>/<token>/",
        django_auth.PasswordResetConfirmView.as_view(
            template_name="people/password_reset_confirm.html",
            form_class=NewPasswordForm,
            success_url=reverse_lazy("accounts:sign_in"),
            post_reset_login=False,
        ),
        name="password_reset_confirm",
    ),
    path("welcome/<uidb64>/<token>/", welcome_views.WelcomeView.as_view(), name="welcome"),
    path("program/", program_views.program, name="program"),
    path("program/time-zone/", preference_views.program_time_zone, name="program_time_zone"),
    path(
        "program/people/<int:user_id>/disable/",
        program_views.person_disable,
        name="person_disable",
    ),
    path(
        "program/people/<int:user_id>/welcome/",
        welcome_views.welcome_resend,
        name="welcome_resend",
    ),
    path("program/clients/<int:client_id>/care-team/", program_views.care_team, name="care_team"),
    path("program/supervision/", program_views.supervision_add, name="supervision_add"),
]
