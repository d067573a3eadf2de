"""Conversations: the client's messages with their care team, and the hours the team keeps."""

from django.apps import AppConfig


class ConversationsConfig(AppConfig):
    name = "reconnect.conversations"
    label = "conversations"
    verbose_name = "Conversations"
