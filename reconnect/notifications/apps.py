"""Notifications: texts and emails that tell a person something is waiting, never what it says."""

from django.apps import AppConfig


class NotificationsConfig(AppConfig):
    name = "reconnect.notifications"
    label = "notifications"
    verbose_name = "Notifications"

    def ready(self) -> None:
        from reconnect.notifications import checks  # noqa: F401  (registers the settings checks)
