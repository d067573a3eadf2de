"""Core: what every app needs (base layout, middleware, database checks, the language check)."""

from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "reconnect.core"
    label = "core"
    verbose_name = "Core"

    def ready(self) -> None:
        from reconnect.core import checks, db  # noqa: F401  (registers checks and signal hooks)
