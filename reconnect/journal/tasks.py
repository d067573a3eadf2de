"""Background work for the journal, through Django's tasks API."""

from __future__ import annotations

import datetime as dt

from django_tasks import task

from reconnect.journal.reminders import send_reminder
from reconnect.people.models import Client


@task()
def send_checkin_reminder(client_id: int, for_date: str) -> str | None:
    """Send one client's reminder for a date; returns the recorded outcome."""
    client = Client.objects.select_related("user").filter(pk=client_id).first()
    if client is None:
        return None
    delivery = send_reminder(client, dt.date.fromisoformat(for_date))
    return delivery.outcome if delivery else None
