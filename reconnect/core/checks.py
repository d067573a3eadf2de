"""System checks: the SQLite settings Reconnect relies on."""

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
