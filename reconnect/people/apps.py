"""People: accounts, programs, roles, care teams and supervision."""

from django.apps import AppConfig


class PeopleConfig(AppConfig):
    name = "reconnect.people"
    label = "people"
    verbose_name = "People"
