"""Measures: validated questionnaires, scoring, schedules, safety flags and FHIR."""

from django.apps import AppConfig


class MeasuresConfig(AppConfig):
    name = "reconnect.measures"
    label = "measures"
    verbose_name = "Measures"
