"""Journal: check-ins, the support circle, reaching-out moments, tool use and reminders."""

from django.apps import AppConfig


class JournalConfig(AppConfig):
    name = "reconnect.journal"
    label = "journal"
    verbose_name = "Journal"
