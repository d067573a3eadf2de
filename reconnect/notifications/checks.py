"""System checks: a text backend that can work, before the server takes its first request."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from reconnect.notifications import quiet


@register()
def text_settings(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    errors = []
    backend = settings.RECONNECT["SMS_BACKEND"]
    if backend not in ("outbox", "twilio"):
        errors.append(Error("RECONNECT_SMS_BACKEND must be outbox or twilio.", id="reconnect.E030"))
    if backend == "twilio":
        missing = [
            name
            for name in ("TWILIO_ACCOUNT_SID", "TWILIO_AUTH_TOKEN", "TWILIO_FROM_NUMBER")
            if not getattr(settings, name)
        ]
        if not settings.RECONNECT["PUBLIC_URL"]:
            missing.append("RECONNECT_PUBLIC_URL")
        if missing:
            errors.append(
                Error(f"The twilio text backend needs {', '.join(missing)}.", id="reconnect.E031")
            )
    try:
        quiet.parse(settings.RECONNECT["QUIET_HOURS"])
    except ValueError as exc:
        errors.append(Error(str(exc), id="reconnect.E032"))
    return errors
