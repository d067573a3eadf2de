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


def notify_new_message(*, message_id: int, client: Client, to_staff: bool, urgent: bool) -> None:
    """Queue the notifications of one new message: to the care team, or to the client."""
    now = timezone.now()
    if to_staff:
        zone = settings.TIME_ZONE
        team = CareTeamMember.objects.filter(client=client, clinician__is_active=True)
        recipients: list[tuple[User, str]] = [
            (member.clinician, NotificationChannel.EMAIL)
            for member in team.select_related("clinician")
        ]
    else:
        zone = client_zone(client)
        channel = client_channel(details_for(client))
        recipients = [(client.user, channel)] if channel else []
    if not recipients:
        return
    # One per conversation and person each hour: one query finds who was told lately.
    told = set(
        Notification.objects.recent_for_any(
            recipients=[person for person, _ in recipients],
            client=client,
            urgent=urgent,
            since=now - COLLAPSE,
        ).values_list("recipient_id", flat=True)
    )
    # A crisis item to staff never waits for morning.
    send_after = now if (to_staff and urgent) else quiet_hours().release(now, zone)
    notes = Notification.objects.bulk_create(
        Notification(
            recipient=recipient,
            client=client,
            message_id=message_id,
            channel=channel,
            urgent=urgent,
            created_at=now,
            send_after=send_after,
        )
        for recipient, channel in recipients
        if recipient.pk not in told
    )
    if send_after <= now:
        for note in notes:
            transaction.on_commit(partial(deliver_notification.enqueue, note.pk))
