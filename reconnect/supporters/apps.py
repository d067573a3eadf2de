"""Supporters: family and friends a client invites, their calm view, guidance and messages."""

from django.apps import AppConfig


class SupportersConfig(AppConfig):
    name = "reconnect.supporters"
    label = "supporters"
    verbose_name = "Supporters"
