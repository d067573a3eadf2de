"""Public pages every visitor can reach, and the error handlers."""

from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.views.decorators.http import require_GET, require_safe

from reconnect.core import appearance, health
from reconnect.core.crisis import CRISIS_LINES, TREATMENT_REFERRAL
from reconnect.core.errors import FORM_EXPIRED, error_response


def crisis(request: HttpRequest) -> HttpResponse:
    """Crisis resources: public, needs no sign-in, works without JavaScript."""
    return render(
        request,
        "core/crisis.html",
        {"crisis_lines": CRISIS_LINES, "treatment_referral": TREATMENT_REFERRAL},
    )


def service_worker(request: HttpRequest) -> HttpResponse:
    """The service worker, served from the root so it may cover the whole site."""
    body = (settings.BASE_DIR / "static" / "js" / "sw.js").read_text()
    response = HttpResponse(body, content_type="text/javascript")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_safe  # GET and HEAD, as a browser or a proxy may ask
def web_manifest(request: HttpRequest) -> HttpResponse:
    """The web app manifest, so a person can add Reconnect to their home screen; discreet
    ("Journal", a plain icon) where this device's person chose so."""
    body = appearance.manifest(appearance.look(request), static)
    return JsonResponse(body, content_type="application/manifest+json")


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    """/favicon.ico, which browsers ask for whatever the page says: the icon of this look."""
    icon = appearance.look(request).icon
    body = (settings.BASE_DIR / "static" / "icons" / f"{icon}.ico").read_bytes()
    return HttpResponse(body, content_type="image/x-icon")


LOOPBACK = frozenset({"127.0.0.1", "::1"})


@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    """For the proxy and monitoring: 503 when the database or migrations fail, 200 otherwise
    ("degraded" naming a late backup or a stuck queue). Served by HealthProbeMiddleware ahead of
    host checks and sessions; no sign-in, no PHI. Only a caller on this machine (the proxy,
    the supervisor, an operator's curl) reads the checks; anyone else gets the status alone."""
    checks = health.report()
    status, failing, code = health.verdict(checks)
    body: dict[str, Any] = {"status": status}
    if request.META.get("REMOTE_ADDR") in LOOPBACK:
        body.update(failing=failing, checks=checks)
    response = JsonResponse(body, status=code)
    response._has_been_logged = True  # type: ignore[attr-defined]  # the answer says it all
    response["Cache-Control"] = "no-store"
    response["X-Frame-Options"] = "DENY"
    response["Content-Security-Policy"] = (
        "default-src 'none'; frame-ancestors 'none'; object-src 'none'; base-uri 'none'"
    )
    return response


def not_found(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return error_response(request, 404)


def forbidden(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return error_response(request, 403)


def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    return error_response(request, 403, FORM_EXPIRED)


def bad_request(request: HttpRequest, exception: Any = None) -> HttpResponse:
    return error_response(request, 400)


def server_error(request: HttpRequest) -> HttpResponse:
    return error_response(request, 500)
