"""Conversation routes: the client's under /me/, the care team's under /clients/<id>/."""

from django.urls import path

from reconnect.conversations import views

app_name = "conversations"
urlpatterns = [
    path("me/messages/", views.my_messages, name="mine"),
    path("messages/", views.inbox, name="inbox"),
    path("clients/<int:client_id>/messages/", views.client_messages, name="client"),
    path("program/hours/", views.program_hours, name="hours"),
]
