"""A signed-in client's own choice decides whether Reconnect looks discreet ("Journal"), and the
device's cookie is made to match, so the sign-in page and the home-screen icon stay neutral
after signing out (core/appearance.py)."""

from __future__ import annotations

from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse

from reconnect.contact.models import ContactDetails
from reconnect.core.appearance import (
    DISCREET_COOKIE,
    DISCREET_COOKIE_DAYS,
    DISCREET_COOKIES,
    device_is_discreet,
)
from reconnect.people.models import Role

SKIPPED = ("/static/", "/api/", "/healthz")


class DiscreetLookMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = self._chosen(request)
        if chosen is not None:
            request.discreet = chosen  # type: ignore[attr-defined]  # read by appearance.look
        response = self.get_response(request)
        # Also on the answer that ends a session (sign-out, Quick exit): none of them forgets
        # this flag, so a device that did not have it yet keeps it from here on.
        if chosen is None:
            return response
        remembered = device_is_discreet(request)
        if chosen and request.COOKIES.get(DISCREET_COOKIE) != "1":
            response.set_cookie(
                DISCREET_COOKIE,
                "1",
                max_age=DISCREET_COOKIE_DAYS * 24 * 3600,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        elif remembered and not chosen:
            for name in DISCREET_COOKIES & request.COOKIES.keys():
                response.delete_cookie(name, samesite="Lax")
        return response

    @staticmethod
    def _chosen(request: HttpRequest) -> bool | None:
        """The client's stored choice, or None for anyone else (their device's cookie counts)."""
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated or user.role != Role.CLIENT:
            return None
        if request.path.startswith(SKIPPED):
            return None
        found = (
            ContactDetails.objects.filter(client__user_id=user.pk)
            .values_list("discreet", flat=True)
            .first()
        )
        return bool(found)
