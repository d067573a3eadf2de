"""Start-up check: the relational model a program chose exists, so no upload fails later."""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.checks import Error, register

from reconnect.relational.engine import strong

CHOICES = ("default", "strong")


@register()
def relational_model_installed(app_configs: Any = None, **kwargs: Any) -> list[Error]:
    chosen = settings.RECONNECT["RELATIONAL_MODEL"]
    if chosen not in CHOICES:
        return [
            Error(
                f"RECONNECT_RELATIONAL_MODEL is {chosen!r}.",
                hint='Use "default" or "strong".',
                id="reconnect.E033",
            )
        ]
    if chosen == "strong" and not strong.available():
        return [
            Error(
                "RECONNECT_RELATIONAL_MODEL is strong, but the strong model is not installed.",
                hint=f"{strong.MODEL_FILE.name} and {strong.VOCABULARY.name} belong in "
                f"{strong.MODELS}; train them with `reconnect train_relational --data PATH "
                "--strong`, or use the default model.",
                id="reconnect.E034",
            )
        ]
    return []
