"""Radar: sessions, explained disconnection signals, outreach, and the caseload view."""

from django.apps import AppConfig


class RadarConfig(AppConfig):
    name = "reconnect.radar"
    label = "radar"
    verbose_name = "Radar"
