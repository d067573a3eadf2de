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


# A form sent without its security token: kept open past the end of its session, or sent from
# another site.
FORM_EXPIRED = (
    "That form had expired, so nothing was saved. Please go back, reload the page and try again."
)


def error_response(request: HttpRequest, status: int, message: str | None = None) -> HttpResponse:
    """An error answer without any detail of the failure (ASVS 16.5.1)."""
    message = message or MESSAGES[status]
    if request.path.startswith("/api/"):
        return JsonResponse({"detail": message}, status=status)
    return render(request, "error.html", {"status": status, "message": message}, status=status)


def service_unavailable(request: HttpRequest) -> HttpResponse:
    return error_response(request, 503)
