"""Access: the one gate to a client's record, and the audit trail it writes."""

from django.apps import AppConfig


class AccessConfig(AppConfig):
    name = "reconnect.access"
    label = "access"
    verbose_name = "Access"
