"""The welcome link: a new person chooses their password, once, within 24 hours.

Staff then set up their own authenticator before anything else opens (StaffTwoFactorMiddleware):
nobody else ever holds their second factor. The link's token is its own kind (a reset link
cannot stand in for it), and it stops working once a password is chosen or anyone signs in.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.tokens import PasswordResetTokenGenerator
from django.core.mail import send_mail
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.views.decorators.http import require_POST

from reconnect.access.gate import record_event
from reconnect.access.models import Action, Category
from reconnect.accounts.forms import NewPasswordForm
from reconnect.people.backends import SIGN_IN_BACKEND
from reconnect.people.decorators import AuthenticatedHttpRequest, program_of, role_required
from reconnect.people.middleware import start_session_clock
from reconnect.people.models import Role, User


class WelcomeTokenGenerator(PasswordResetTokenGenerator):
    """Expires after PASSWORD_RESET_TIMEOUT (24 hours); bound to the password and last sign-in,
    so choosing a password (or signing in) spends it."""

    key_salt = "reconnect.people.welcome"


welcome_tokens = WelcomeTokenGenerator()


def send_welcome(request: HttpRequest, user: User) -> None:
    """Email a new person their single-use link to choose a password."""
    membership = user.membership
    context = {
        "protocol": "https" if request.is_secure() else "http",
        "domain": request.get_host(),
        "uid": urlsafe_base64_encode(force_bytes(user.pk)),
        "token": welcome_tokens.make_token(user),
        "staff": user.is_program_staff,
        "hours": settings.PASSWORD_RESET_TIMEOUT // 3600,
        "name": user.display_name or user.email,
        "program": membership.program.name if membership else settings.RECONNECT["PROGRAM_NAME"],
    }
    send_mail(
        render_to_string("people/email/welcome_subject.txt").strip(),
        render_to_string("people/email/welcome.txt", context),
        None,
        [user.email],
    )


class WelcomeView(auth_views.PasswordResetConfirmView):
    """Choose a password from the welcome link; signed in, staff go on to their authenticator."""

    template_name = "people/welcome.html"
    form_class = NewPasswordForm
    token_generator = welcome_tokens
    post_reset_login = True
    post_reset_login_backend = SIGN_IN_BACKEND
    reset_url_token = "choose-password"  # noqa: S105 (a URL segment, not a secret)

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        context["staff"] = bool(self.user and self.user.is_program_staff)
        context["hours"] = settings.PASSWORD_RESET_TIMEOUT // 3600
        return context

    def form_valid(self, form: Any) -> HttpResponse:
        response = super().form_valid(form)
        start_session_clock(self.request)
        record_event(
            actor=form.user,
            client_id=None,
            category=Category.SECURITY,
            action=Action.SIGN_IN,
            detail="welcome link",
        )
        return response

    def get_success_url(self) -> str:
        if self.user.is_program_staff:
            return reverse("accounts:two_factor_setup")
        return reverse("home:home")


@role_required(Role.ADMIN)
@require_POST
def welcome_resend(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    """Send a fresh welcome link to someone in this program who has not signed in yet."""
    person = get_object_or_404(
        User,
        pk=user_id,
        memberships__program=program_of(request),
        is_active=True,
        last_login__isnull=True,
    )
    send_welcome(request, person)
    messages.success(request, f"A new welcome link is on its way to {person.display_name}.")
    return redirect("accounts:program")
