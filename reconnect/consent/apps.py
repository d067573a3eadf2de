"""Consent: what a client shares with whom (42 CFR Part 2 consents), and the disclosure ledger."""

from django.apps import AppConfig


class ConsentConfig(AppConfig):
    name = "reconnect.consent"
    label = "consent"
    verbose_name = "Consent and disclosures"
