"""API: the /api/v1 routers. Owns no models."""

from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "reconnect.api"
    label = "api"
    verbose_name = "API"

    def ready(self) -> None:
        from reconnect.api import checks  # noqa: F401  (registers the settings checks)
