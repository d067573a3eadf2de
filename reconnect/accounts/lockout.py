"""Sign-in lockout (django-axes) with a second, per-account bound (security-reference #17).

Axes pauses an (email, address) pair after AXES_FAILURE_LIMIT failures, so an attacker cannot
lock the real person out from elsewhere. On its own that lets guesses spread over many
addresses run unbounded, so the account as a whole is paused too once it collects
RECONNECT_ACCOUNT_FAILURE_LIMIT failures within the cool-off, and its holder is emailed once.

That account-wide pause must not become a way to lock the real person out, so it is skipped
where the person is already known: for a browser that finished signing in to the account before
and is still honoured (reconnect/people/devices.py), and for the "password again" forms of a
signed-in session. There only the per-(account, address) count applies.
"""

from __future__ import annotations

import logging
from typing import Any

from axes.attempts import get_cool_off_threshold
from axes.handlers.database import AxesDatabaseHandler
from axes.helpers import get_client_username, get_cool_off, get_failure_limit
from axes.models import AccessAttempt
from django.conf import settings
from django.core.mail import send_mail
from django.db.models import Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.crypto import salted_hmac

from reconnect.access.gate import record_event
from reconnect.access.models import AccessEvent, Action, Category, Outcome
from reconnect.people.devices import DEVICE_COOKIE, count_device_failure, is_known_device
from reconnect.people.models import User

log = logging.getLogger(__name__)

__all__ = ["DEVICE_COOKIE", "AccountLockoutHandler", "account_pause_applies", "lockout_response"]


def pause_minutes() -> int:
    return round(settings.AXES_COOLOFF_TIME * 60)


def attempted_username(request: HttpRequest, credentials: dict[str, Any] | None) -> str | None:
    """The email an attempt was for, as accounts store it, so case cannot split the count."""
    raw = (credentials or {}).get("username")
    if raw is None:
        raw = getattr(request, "POST", {}).get(settings.AXES_USERNAME_FORM_FIELD)
    return raw.strip().lower() if isinstance(raw, str) else raw


def client_str(
    username: str | None, ip_address: str, user_agent: str, path_info: Any, request: Any
) -> str:
    """What axes writes to the log: a keyed fingerprint of the email, never the email itself."""
    account = salted_hmac("reconnect.lockout.log", username or "").hexdigest()[:12]
    path = path_info[0] if isinstance(path_info, tuple | list) else path_info
    return f'{{account: "{account}", path: "{path}"}}'


def account_failures(request: HttpRequest, credentials: dict[str, Any] | None) -> int:
    """Failures for this email from every address within the cool-off."""
    username = get_client_username(request, credentials)
    if not username:
        return 0
    recent = AccessAttempt.objects.filter(
        username=username, attempt_time__gte=get_cool_off_threshold(request)
    )
    return recent.aggregate(total=Sum("failures_since_start"))["total"] or 0


def account_paused(request: HttpRequest, credentials: dict[str, Any] | None) -> bool:
    return account_failures(request, credentials) >= settings.RECONNECT_ACCOUNT_FAILURE_LIMIT


def account_pause_applies(request: HttpRequest, credentials: dict[str, Any] | None) -> bool:
    """The account-wide pause, except for a signed-in session's password-again forms and a
    browser that has signed in to this account before."""
    if getattr(request, "reconnect_password_again", False):
        return False
    if is_known_device(request, get_client_username(request, credentials)):
        return False
    return account_paused(request, credentials)


class AccountLockoutHandler(AxesDatabaseHandler):  # type: ignore[misc]  # axes ships no types
    """Axes' database handler, plus the per-account bound and its one email."""

    def get_failures(self, request: HttpRequest, credentials: dict[str, Any] | None = None) -> int:
        pair: int = super().get_failures(request, credentials)
        if account_pause_applies(request, credentials):
            limit: int = get_failure_limit(request, credentials)
            return max(pair, limit)
        return pair

    def user_login_failed(
        self, sender: Any, credentials: dict[str, Any], request: Any = None, **kwargs: Any
    ) -> None:
        super().user_login_failed(sender, credentials, request, **kwargs)
        if request is None:
            return
        count_device_failure(request=request, username=get_client_username(request, credentials))
        if account_paused(request, credentials):
            _tell_account_holder(get_client_username(request, credentials))


def _tell_account_holder(username: str | None) -> None:
    """Email the holder once per pause (the audit row marks it), with no address or detail."""
    user = User.objects.filter(email=username, is_active=True).first()
    if user is None:
        return
    detail = f"sign-in paused for user {user.pk}"
    since = timezone.now() - get_cool_off()
    if AccessEvent.objects.filter(action=Action.LOCKED_OUT, detail=detail, at__gte=since).exists():
        return
    record_event(
        actor=None,
        client_id=None,
        category=Category.SECURITY,
        action=Action.LOCKED_OUT,
        outcome=Outcome.DENIED,
        detail=detail,
    )
    log.warning("sign-in paused for user %s after failures from several addresses", user.pk)
    send_mail(
        "Sign-in to your Reconnect account is paused for a while",
        render_to_string(
            "people/email/account_paused.txt",
            {"user": user, "minutes": pause_minutes()},
        ),
        settings.DEFAULT_FROM_EMAIL,
        [user.email],
        fail_silently=True,
    )


def lockout_response(
    request: HttpRequest, original_response: Any = None, credentials: dict[str, Any] | None = None
) -> HttpResponse:
    """The calm page shown while sign-in is paused (the same words whether the account exists)."""
    context = {
        "account_paused": account_pause_applies(request, credentials),
        "minutes": pause_minutes(),
    }
    return render(request, "people/locked_out.html", context, status=429)
