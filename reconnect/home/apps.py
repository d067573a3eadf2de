"""Home: each role's home page and the demo program, composed from every other app."""

from django.apps import AppConfig


class HomeConfig(AppConfig):
    name = "reconnect.home"
    label = "home"
    verbose_name = "Home pages"
