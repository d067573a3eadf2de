"""Session limits and the two-factor requirement for program staff."""

from __future__ import annotations

import time
from collections.abc import Callable

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django_otp.middleware import is_verified

from reconnect.core.outbox import NOT_SENT, OUTBOX_COOKIE, OUTBOX_HEADER

SIGNED_IN_AT = "reconnect_signed_in_at"
LAST_SEEN = "reconnect_last_seen"
LAST_SEEN_PRECISION = 30  # seconds
# Sent whenever a session ends on a device, however it ends: the browser drops its cached pages
# and the service worker's offline copies (the safety plan, the outbox), so the next person at a
# shared device finds nothing (security-reference #18). Never "cookies": that would forget the
# discreet look too; the cookies that end with a session are expired one by one instead.
CLEAR_SITE_DATA = '"cache", "storage"'


def tell_of_an_unsent_check_in(request: HttpRequest, response: HttpResponse) -> None:
    """On the answer that ends a session (and so empties the phone's outbox): if the page had
    flagged a check-in still waiting there, the next page says so, kindly; the flag goes."""
    if request.COOKIES.get(OUTBOX_COOKIE) == "1":
        messages.info(request, NOT_SENT)
        response.delete_cookie(OUTBOX_COOKIE, samesite="Lax")


# Pages a signed-in member of staff may reach before confirming their second factor.
TWO_FACTOR_OPEN_PATHS = (
    "/static/",
    "/crisis/",
    "/sign-out/",
    "/quick-exit/",
    "/two-factor/",
    "/session/",
    "/manifest.webmanifest",
    "/favicon.ico",
    "/sw.js",  # the browser fetches it on its own; a redirect would only fail to register
)


def idle_limit_seconds(user: object) -> int:
    """Staff are signed out after 15 idle minutes by default, everyone else after 30."""
    minutes = (
        settings.STAFF_IDLE_MINUTES
        if getattr(user, "is_program_staff", False)
        else settings.CLIENT_IDLE_MINUTES
    )
    return minutes * 60


def start_session_clock(request: HttpRequest) -> None:
    """Called at sign-in: the absolute and idle limits count from now."""
    now = int(time.time())
    request.session[SIGNED_IN_AT] = now
    request.session[LAST_SEEN] = now


class SessionLimitsMiddleware:
    """Sign people out after the idle limit and after the absolute limit (security-ref #18)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if user.is_authenticated and not request.path.startswith("/static/"):
            now = int(time.time())
            signed_in_at = request.session.get(SIGNED_IN_AT, now)
            last_seen = request.session.get(LAST_SEEN, now)
            absolute = settings.SESSION_ABSOLUTE_HOURS * 3600
            if now - last_seen > idle_limit_seconds(user) or now - signed_in_at > absolute:
                logout(request)
                return self._signed_out(request)
            request.session.setdefault(SIGNED_IN_AT, signed_in_at)
            # Writing the session on every request would cost a database write per page view;
            # half a minute of precision is plenty for a 15- or 30-minute idle limit. A check-in
            # sent from the phone's outbox is not the person's activity: it keeps nobody in.
            fresh = now - last_seen >= LAST_SEEN_PRECISION or LAST_SEEN not in request.session
            if fresh and OUTBOX_HEADER not in request.headers:
                request.session[LAST_SEEN] = now
        response = self.get_response(request)
        if request.headers.get(OUTBOX_HEADER) == "0" and request.user.is_authenticated:
            response.delete_cookie(OUTBOX_COOKIE, samesite="Lax")  # the outbox is empty now
        return response

    def _signed_out(self, request: HttpRequest) -> HttpResponse:
        response: HttpResponse
        if request.path.startswith("/api/") or request.headers.get("HX-Request"):
            response = JsonResponse(
                {"detail": "Your session ended. Please sign in again."}, status=401
            )
        else:
            messages.info(
                request,
                "You were signed out after a while without activity, to keep your information "
                "private. Please sign in again.",
            )
            response = redirect(_sign_in_returning_to(request))
        response["Clear-Site-Data"] = CLEAR_SITE_DATA
        tell_of_an_unsent_check_in(request, response)
        return response


# Pages it makes no sense to come back to after signing in again.
NOT_RETURNED_TO = ("/sign-in/", "/sign-out/", "/quick-exit/", "/session/", "/two-factor/")


def _sign_in_returning_to(request: HttpRequest) -> str:
    """The sign-in page, with `next` the page the person was on. The idle timer in the browser
    opens the sign-in page itself with `next` set, so that one is carried over (when safe)."""
    sign_in = reverse("accounts:sign_in")
    here = request.GET.get("next", "") if request.path == sign_in else request.get_full_path()
    safe = url_has_allowed_host_and_scheme(
        here, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    )
    if not (safe and here.startswith("/")) or here.startswith(NOT_RETURNED_TO):
        return sign_in
    query = QueryDict(mutable=True)
    query["next"] = here
    return f"{sign_in}?{query.urlencode(safe='/')}"


class StaffTwoFactorMiddleware:
    """Clinicians, supervisors and admins reach nothing else until their code is confirmed."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = request.user
        if (
            user.is_authenticated
            and user.is_program_staff
            and not is_verified(user)  # user.otp_device, set by OTPMiddleware
            and not request.path.startswith(TWO_FACTOR_OPEN_PATHS)
        ):
            if request.path.startswith("/api/"):
                return JsonResponse({"detail": "Two-factor sign-in is required."}, status=401)
            return redirect("accounts:two_factor")
        return self.get_response(request)
