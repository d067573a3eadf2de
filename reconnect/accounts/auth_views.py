"""Signing in and out, two-factor codes, the idle keep-alive, and account settings."""

from __future__ import annotations

from base64 import b32encode
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import AuthenticationForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST
from django_otp import login as otp_login
from django_otp.plugins.otp_totp.models import TOTPDevice

from reconnect.access.gate import record_event
from reconnect.access.models import Action, Category, Outcome
from reconnect.accounts.actions import create_api_token, end_all_sessions, revoke_api_token
from reconnect.accounts.forms import CodeForm, SignInForm, TokenForm, code_problem
from reconnect.accounts.preference_forms import account_forms
from reconnect.accounts.reauth import PasswordChangeAgainForm
from reconnect.core.appearance import DISCREET_COOKIES
from reconnect.people.decorators import AuthenticatedHttpRequest
from reconnect.people.devices import forget_devices, remember_device
from reconnect.people.middleware import (
    CLEAR_SITE_DATA,
    start_session_clock,
    tell_of_an_unsent_check_in,
)
from reconnect.people.models import ApiToken, Role, User


class SignInView(auth_views.LoginView):
    """Email and password; a new session id at sign-in; failures counted by django-axes."""

    template_name = "people/sign_in.html"
    authentication_form = SignInForm
    redirect_authenticated_user = True

    def form_valid(self, form: AuthenticationForm) -> HttpResponse:
        response = super().form_valid(form)
        start_session_clock(self.request)
        user = form.get_user()
        if not user.is_program_staff:  # staff are remembered once their code is confirmed
            remember_device(request=self.request, response=response, user=user)
        record_event(
            actor=form.get_user(), client_id=None, category=Category.SECURITY, action=Action.SIGN_IN
        )
        return response

    def form_invalid(self, form: AuthenticationForm) -> HttpResponse:
        record_event(
            actor=None,
            client_id=None,
            category=Category.SECURITY,
            action=Action.SIGN_IN_FAILED,
            outcome=Outcome.DENIED,
        )
        return super().form_invalid(form)


@require_POST
def sign_out(request: HttpRequest) -> HttpResponse:
    """Sign out here and everywhere else this person is signed in; clear the browser's data."""
    user = request.user
    if user.is_authenticated:
        record_event(actor=user, client_id=None, category=Category.SECURITY, action=Action.SIGN_OUT)
        end_all_sessions(user)
        forget_devices(user=user, except_on=request)
    logout(request)
    messages.info(request, "You've signed out. Take care.")
    response = redirect("accounts:sign_in")
    response["Clear-Site-Data"] = CLEAR_SITE_DATA
    tell_of_an_unsent_check_in(request, response)
    return response


@require_GET
def quick_exit(request: HttpRequest) -> HttpResponse:
    """Quick exit: end the session on this device, make the browser forget this site, and
    leave for the neutral site. A plain link, so it works at once and without JavaScript; being
    signed out by a link from elsewhere costs nothing, so it needs no CSRF token that could
    expire at the worst moment.

    The browser is told to forget this site only when the person pressed the button here (a
    top-level navigation from this site or typed in), signed in or not: an image or link on
    another site pointing at /quick-exit/ may sign them out but must not wipe their offline
    safety plan. A browser too old to send Sec-Fetch-Site at all still has a signed-in
    session's data cleared, as before.

    With JavaScript the button asks here in the background (the X-Quick-Exit header, which no
    other site can send without our permission) and leaves for the neutral site itself with
    location.replace: that answer is an empty one, with the same instruction to forget."""
    user = request.user
    signed_in = user.is_authenticated
    if user.is_authenticated:
        record_event(
            actor=user,
            client_id=None,
            category=Category.SECURITY,
            action=Action.SIGN_OUT,
            detail="quick exit",
        )
    logout(request)
    site = request.headers.get("Sec-Fetch-Site")
    from_script = request.headers.get("X-Quick-Exit") == "1" and site in ("same-origin", None)
    response = (
        HttpResponse(status=204) if from_script else redirect(settings.RECONNECT["QUICK_EXIT_URL"])
    )
    pressed_here = request.headers.get("Sec-Fetch-Mode") == "navigate" and site in (
        "same-origin",
        "none",
    )
    if pressed_here or from_script or (signed_in and site is None):
        forget_all_but_the_look(request, response)
    return response


def forget_all_but_the_look(request: HttpRequest, response: HttpResponse) -> None:
    """Make the browser forget this site, but for the discreet look's flag: its cached pages
    and stored data (the service worker's copies, the outbox) by Clear-Site-Data, and every
    cookie one by one, the session's and the CSRF token's always. Clear-Site-Data's "cookies"
    would forget "Journal" too, and the very next page this phone shows (Back, the home-screen
    icon) would say "Reconnect" to whoever is looking."""
    response["Clear-Site-Data"] = CLEAR_SITE_DATA
    names = {settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME, *request.COOKIES}
    for name in sorted(names - DISCREET_COOKIES):
        response.delete_cookie(name, samesite="Lax")


@login_required
@require_POST
def keep_alive(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The idle warning's "Stay signed in" button: any request resets the idle clock."""
    return HttpResponse(status=204)


def _confirmed_device(user: User) -> TOTPDevice | None:
    return TOTPDevice.objects.filter(user=user, confirmed=True).first()


@login_required
def two_factor(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Ask for the current code of a confirmed authenticator; send staff without one to set up."""
    device = _confirmed_device(request.user)
    if device is None:
        return redirect("accounts:two_factor_setup")
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wrong = "That code didn't work. Codes change every 30 seconds; try the newest one."
        problem = code_problem(device, form.cleaned_data["code"], wrong=wrong)
        if problem is None:
            otp_login(request, device)
            record_event(
                actor=request.user,
                client_id=None,
                category=Category.SECURITY,
                action=Action.TWO_FACTOR,
            )
            response = redirect("home:home")
            remember_device(request=request, response=response, user=request.user)
            return response
        form.add_error("code", problem)
    return render(request, "people/two_factor.html", {"form": form})


@login_required
def two_factor_setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Register an authenticator app: scan the QR code (or type the key), then confirm a code."""
    user = request.user
    if _confirmed_device(user) is not None:
        return redirect("accounts:two_factor")
    device, _ = TOTPDevice.objects.get_or_create(
        user=user, confirmed=False, defaults={"name": "Authenticator app"}
    )
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        wrong = "That code didn't match. Check the app shows Reconnect, then retry."
        problem = code_problem(device, form.cleaned_data["code"], wrong=wrong)
        if problem is None:
            device.confirmed = True
            device.save(update_fields=["confirmed"])
            otp_login(request, device)
            record_event(
                actor=user, client_id=None, category=Category.SECURITY, action=Action.TWO_FACTOR
            )
            messages.success(request, "Two-factor sign-in is set up.")
            response = redirect("home:home")
            remember_device(request=request, response=response, user=user)
            return response
        form.add_error("code", problem)
    qr = segno.make(device.config_url, error="m")
    context: dict[str, Any] = {
        "form": form,
        "otpauth_url": device.config_url,
        "qr_data_uri": qr.svg_data_uri(scale=4, dark="#1d2a33"),
        "secret": _group(device.bin_key),
        "required": user.is_program_staff,
    }
    return render(request, "people/two_factor_setup.html", context)


def _group(key: bytes) -> str:
    text = b32encode(key).decode().rstrip("=")
    return " ".join(text[i : i + 4] for i in range(0, len(text), 4))


def _account_page(
    request: AuthenticatedHttpRequest,
    token_form: TokenForm,
    status: int = 200,
    **settings_forms: Any,
) -> HttpResponse:
    tokens = ApiToken.objects.filter(user=request.user).order_by("-created_at")
    return render(
        request,
        "people/account.html",
        {
            "tokens": tokens,
            "token_form": token_form,
            "has_device": _confirmed_device(request.user) is not None,
            "new_token": request.session.pop("new_token", None),
            "is_client": request.user.role == Role.CLIENT,
            "now": timezone.now(),
            # The time zone and (for clients) "About you" sections: accounts/preference_views.
            **account_forms(request.user, **settings_forms),
        },
        status=status,
    )


@login_required
def account(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Account settings: password, two-factor sign-in, API tokens."""
    return _account_page(request, TokenForm(request=request))


@login_required
@require_POST
def token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A new token needs the password again (and the two-factor code where there is one)."""
    form = TokenForm(request.POST, request=request)
    if not form.is_valid():
        return _account_page(request, form, status=429 if form.paused else 400)
    _, raw = create_api_token(
        user=request.user, name=form.cleaned_data["name"], days=form.cleaned_data["days"]
    )
    # Shown once on the next page, then gone: the raw token is never stored.
    request.session["new_token"] = raw
    return redirect("accounts:account")


@login_required
@require_POST
def token_revoke(request: AuthenticatedHttpRequest, token_id: int) -> HttpResponse:
    token = get_object_or_404(ApiToken, pk=token_id, user=request.user)
    revoke_api_token(token=token, revoked_by=request.user)
    messages.success(request, f"The token “{token.name}” no longer works.")
    return redirect("accounts:account")


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing the password ends every other session (Django's session hash covers it) and
    every API token (User.save); the current password is checked through the sign-in lockout."""

    request: AuthenticatedHttpRequest  # Django's view is behind login_required
    template_name = "people/password_change.html"
    success_url = "/account/"
    form_class = PasswordChangeAgainForm

    def get_form_kwargs(self) -> dict[str, Any]:
        return {**super().get_form_kwargs(), "request": self.request}

    def form_invalid(self, form: PasswordChangeAgainForm) -> HttpResponse:
        response = super().form_invalid(form)
        if form.paused:
            response.status_code = 429
        return response

    def form_valid(self, form: PasswordChangeAgainForm) -> HttpResponse:
        response = super().form_valid(form)
        record_event(
            actor=self.request.user,
            client_id=None,
            category=Category.SECURITY,
            action=Action.PASSWORD_CHANGED,
        )
        messages.success(
            self.request,
            "Your password is changed. Other devices are signed out, and your API tokens no "
            "longer work: create new ones below if you need them.",
        )
        return response
