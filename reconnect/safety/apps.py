"""Safety: the client's safety plan (versioned), crisis resources and the regulation toolkit."""

from django.apps import AppConfig


class SafetyConfig(AppConfig):
    name = "reconnect.safety"
    label = "safety"
    verbose_name = "Safety"
