"""Notification routes: the provider's two webhooks and the program admin's outbox."""

from django.urls import path

from reconnect.notifications import views, webhooks

app_name = "notifications"
urlpatterns = [
    path("hooks/sms/status/", webhooks.sms_status, name="sms_status"),
    path("hooks/sms/inbound/", webhooks.sms_inbound, name="sms_inbound"),
    path("program/outbox/", views.outbox, name="outbox"),
]
