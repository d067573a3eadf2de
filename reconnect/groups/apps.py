"""Peer groups: small, moderated circles of people in recovery, under aliases."""

from django.apps import AppConfig


class GroupsConfig(AppConfig):
    name = "reconnect.groups"
    label = "groups"
    verbose_name = "Peer groups"
