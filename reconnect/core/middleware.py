"""Request-wide middleware: the health probe, request ids for the audit trail, no-store on
private pages."""

from __future__ import annotations

import contextvars
import uuid
from collections.abc import Callable
from dataclasses import dataclass

from django.db import OperationalError
from django.http import HttpRequest, HttpResponse

from reconnect.core.errors import AuditUnavailable, service_unavailable
from reconnect.core.network import client_ip
from reconnect.core.views import healthz


@dataclass(frozen=True)
class RequestContext:
    request_id: str
    ip_address: str


_current: contextvars.ContextVar[RequestContext | None] = contextvars.ContextVar(
    "reconnect_request", default=None
)


def current_request() -> RequestContext | None:
    """The request being served on this thread, for the audit trail (None in commands)."""
    return _current.get()


class HealthProbeMiddleware:
    """Answer /healthz before anything that needs the public host name or a session.

    A proxy or monitor on the machine probes by address (Host: 127.0.0.1:8000), which
    ALLOWED_HOSTS rightly refuses for pages; the answer names no host and no person, so it is
    the same whoever asks. It sits after SecurityMiddleware, which adds its headers and exempts
    the path from the HTTPS redirect (SECURE_REDIRECT_EXEMPT)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        if request.path_info == "/healthz":
            return healthz(request)
        return self.get_response(request)


class RequestIdMiddleware:
    """Give each request an id (echoed as X-Request-ID) and expose it to the access gate."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = uuid.uuid4().hex
        request.request_id = request_id  # type: ignore[attr-defined]
        token = _current.set(RequestContext(request_id, client_ip(request)))
        try:
            response = self.get_response(request)
        finally:
            _current.reset(token)
        response["X-Request-ID"] = request_id
        return response

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, AuditUnavailable | OperationalError):
            # Fail closed: no record content leaves without its audit row (security-ref #11),
            # and a write the database refused (disk full, unreachable) is never acknowledged:
            # the transaction rolled back, so the caller may safely retry (#30, #35).
            response = service_unavailable(request)
            response["Retry-After"] = "30"
            return response
        return None


class NoStoreMiddleware:
    """Signed-in pages and API answers must never be kept by a browser or proxy cache."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if not request.path.startswith("/static/"):
            response["Cache-Control"] = "no-store"
            response["Pragma"] = "no-cache"
        return response
