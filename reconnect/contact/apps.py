"""Contact details: the client's phone, email, preferred channel and safe-contact choices."""

from django.apps import AppConfig


class ContactConfig(AppConfig):
    name = "reconnect.contact"
    label = "contact"
    verbose_name = "Contact details"
