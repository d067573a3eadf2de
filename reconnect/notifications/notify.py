"""Telling people a conversation has something new: by their channel, collapsed, out of quiet hours.

A notification never carries what was written. `notify_new_message` runs inside the sender's
transaction and only records who is to be told and when; the sending happens in a task after
commit (reconnect/notifications/delivery.py; one waiting out quiet hours is sent by
`reconnect send_notifications`).
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reconnect.notifications.actions import quiet_hours
from reconnect.notifications.models import Notification, NotificationChannel
from reconnect.notifications.reach import client_channel, client_zone, details_for
from reconnect.notifications.tasks import deliver_notification
from reconnect.people.models import CareTeamMember, Client, User

COLLAPSE = dt.timedelta(hours=1)


def notify_new_message(
    *, message_id: int, conversation_client_id: int, to_staff: bool, urgent: bool
) -> None:
    """Queue the notifications of one new message: to the care team, or to the client."""
    now = timezone.now()
    client = Client.objects.select_related("user", "program").get(pk=conversation_client_id)
    if to_staff:
        zone = settings.TIME_ZONE
        team = CareTeamMember.objects.filter(client=client, clinician__is_active=True)
        team = team.select_related("clinician")
        recipients: list[tuple[User, str]] = [
            (member.clinician, NotificationChannel.EMAIL) for member in team
        ]
    else:
        zone = client_zone(client)
        channel = client_channel(details_for(client))
        recipients = [(client.user, channel)] if channel else []
    # A crisis item to staff never waits for morning.
    send_after = now if (to_staff and urgent) else quiet_hours().release(now, zone)
    for recipient, channel in recipients:
        recent = Notification.objects.recent_for(
            recipient=recipient, client=client, urgent=urgent, since=now - COLLAPSE
        )
        if recent.exists():
            continue  # one per conversation and person each hour
        note = Notification.objects.create(
            recipient=recipient,
            client=client,
            message_id=message_id,
            channel=channel,
            urgent=urgent,
            created_at=now,
            send_after=send_after,
        )
        if send_after <= now:
            transaction.on_commit(partial(deliver_notification.enqueue, note.pk))
