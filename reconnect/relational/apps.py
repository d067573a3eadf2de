"""Relational feedback: session transcripts coded locally, private to the clinician."""

from django.apps import AppConfig


class RelationalConfig(AppConfig):
    name = "reconnect.relational"
    label = "relational"
    verbose_name = "Relational feedback"

    def ready(self) -> None:
        from reconnect.relational import checks  # noqa: F401 (registers the start-up check)
