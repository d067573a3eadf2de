"""API rate limits per token and per client address (security-reference #22), with
django-ninja's throttles; rates come from settings.RECONNECT at each request.

Ninja keeps one throttle object per operation and stores the request being checked on it,
which threads serving at once would share; so each check uses a fresh throttle object.
"""

from __future__ import annotations

import threading
from typing import Any, Literal

from django.conf import settings
from django.http import HttpRequest
from ninja.throttling import BaseThrottle, SimpleRateThrottle

from reconnect.core.network import client_ip


class _Rate(SimpleRateThrottle):
    scope = "reconnect"

    def __init__(self, rate: str, ident: str) -> None:
        super().__init__(rate)
        self.ident = ident

    def get_cache_key(self, request: HttpRequest) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.ident}


class SettingsThrottle(BaseThrottle):
    """A throttle whose rate is the named setting ("count/period"; empty for none)."""

    setting: Literal["API_RATE_PER_TOKEN", "API_RATE_PER_IP"]
    scope = ""

    def __init__(self) -> None:
        self._last = threading.local()

    def ident(self, request: HttpRequest) -> str | None:
        raise NotImplementedError

    def allow_request(self, request: HttpRequest) -> bool:
        rate = settings.RECONNECT.get(self.setting) or ""
        ident = self.ident(request)
        if not rate or ident is None:
            self._last.check = None
            return True
        check = _Rate(rate, f"{self.scope}_{ident}")
        self._last.check = check
        return check.allow_request(request)

    def wait(self) -> Any:
        check = getattr(self._last, "check", None)
        return check.wait() if check is not None else None


class PerToken(SettingsThrottle):
    setting = "API_RATE_PER_TOKEN"
    scope = "token"

    def ident(self, request: HttpRequest) -> str | None:
        token_id = getattr(request.user, "api_token_id", None)
        return None if token_id is None else str(token_id)


class PerAddress(SettingsThrottle):
    setting = "API_RATE_PER_IP"
    scope = "ip"

    def ident(self, request: HttpRequest) -> str | None:
        return client_ip(request) or "unknown"


PER_TOKEN = PerToken()
PER_ADDRESS = PerAddress()
