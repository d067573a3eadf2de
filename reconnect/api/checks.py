"""System checks: the API's rate limits and the trusted proxies setting must parse."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register
from django.core.exceptions import ImproperlyConfigured
from ninja.throttling import SimpleRateThrottle

from reconnect.core.network import trusted_proxies


@register()
def rate_limits_and_proxies(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    for name in ("API_RATE_PER_TOKEN", "API_RATE_PER_IP"):
        rate = settings.RECONNECT.get(name) or ""
        try:
            SimpleRateThrottle.parse_rate(SimpleRateThrottle, rate or None)  # type: ignore[arg-type]
        except ValueError:
            errors.append(
                Error(
                    f"RECONNECT_{name} must look like 600/m (count/period: s, m, h or d).",
                    id="reconnect.E020",
                )
            )
    try:
        trusted_proxies(settings.RECONNECT_TRUSTED_PROXIES)
    except ImproperlyConfigured as exc:
        errors.append(Error(str(exc), id="reconnect.E021"))
    return errors
