"""Calm error answers, as pages or JSON depending on who asked."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render


class AuditUnavailable(RuntimeError):
    """The audit row could not be written, so the access must not happen (fail closed)."""


MESSAGES = {
    400: "Something in that request didn't look right. Please go back and try again.",
    403: "This page isn't available to your account.",
    404: "We couldn't find that page. It may have moved, or it may not be yours to see.",
    500: "Something went wrong on our side. Nothing you did caused this; please try again.",
    503: "Reconnect can't safely show this right now. Please try again in a moment.",
}


def error_response(request: HttpRequest, status: int) -> HttpResponse:
    """An error answer without any detail of the failure (ASVS 16.5.1)."""
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": MESSAGES[status]}, status=status)
    return render(
        request, "error.html", {"status": status, "message": MESSAGES[status]}, status=status
    )


def service_unavailable(request: HttpRequest) -> HttpResponse:
    return error_response(request, 503)
