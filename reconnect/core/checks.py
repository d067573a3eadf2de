"""System checks: the SQLite settings Reconnect relies on, and no email printed to logs in
production."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register


@register()
def sqlite_durability(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    db = settings.DATABASES["default"]
    if "sqlite" not in db["ENGINE"]:
        return []
    options = db.get("OPTIONS", {})
    errors = []
    if options.get("transaction_mode") != "IMMEDIATE":
        errors.append(Error("SQLite must use transaction_mode IMMEDIATE.", id="reconnect.E001"))
    if options.get("timeout", 5) < 20:
        errors.append(Error("SQLite timeout must be at least 20 seconds.", id="reconnect.E002"))
    init = options.get("init_command", "")
    for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
        if pragma not in init:
            errors.append(Error(f"SQLite init_command must set {pragma}.", id="reconnect.E003"))
    return errors


# Backends that write every email, sign-in and reset links included, where others can read it.
EMAIL_TO_LOGS = {
    "django.core.mail.backends.console.EmailBackend",
    "django.core.mail.backends.filebased.EmailBackend",
}


@register()
def no_console_email_in_production(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    if not getattr(settings, "PRODUCTION", False) or settings.ALLOW_CONSOLE_EMAIL:
        return []
    if settings.EMAIL_BACKEND not in EMAIL_TO_LOGS:
        return []
    return [
        Error(
            "Production would print every email, sign-in and reset links included, into the "
            "logs or onto disk.",
            hint="Set EMAIL_BACKEND to an SMTP (or provider) backend, or set "
            "RECONNECT_ALLOW_CONSOLE_EMAIL=1 if you mean it.",
            id="reconnect.E010",
        )
    ]
