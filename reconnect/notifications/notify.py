"""Telling people a conversation has something new: by their channel, collapsed, out of quiet hours.

A notification never carries what was written. `notify_new_message` runs inside the sender's
transaction and only records who is to be told and when; the sending happens in a task after
commit (reconnect/notifications/delivery.py; one waiting out quiet hours is sent by
`reconnect send_notifications`).
"""

from __future__ import annotations

import datetime as dt
from functools import partial

from django.db import transaction
from django.utils import timezone

from reconnect.notifications.actions import quiet_hours
from reconnect.notifications.models import Notification, NotificationChannel, NotificationKind
from reconnect.notifications.reach import client_channel, client_zone, details_for
from reconnect.notifications.tasks import deliver_notification
from reconnect.people.models import CareTeamMember, Client, User
from reconnect.people.timezones import program_zone

COLLAPSE = dt.timedelta(hours=1)


def notify_new_message(*, message_id: int, client: Client, to_staff: bool, urgent: bool) -> None:
    """Queue the notifications of one new message: to the care team, or to the client."""
    now = timezone.now()
    if to_staff:
        zone = program_zone(client.program)  # the care team's hours are the program's
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


def notify_group_post(
    *, post_id: int, client: Client, facilitators: list[User], care_team: list[User]
) -> None:
    """Queue the urgent emails of a peer-group post with words that worry us: its facilitators
    (the post is held for them) and the writer's care team (an urgent radar item waits). One
    email a person: a facilitator who is also on the writer's care team is told both in one.
    Sent at once, whatever the hour, and never with the post's words or the writer's alias."""
    now = timezone.now()
    facilitating = {person.pk: person for person in facilitators}
    on_team = {person.pk: person for person in care_team}
    recipients = [
        (
            person,
            NotificationKind.GROUP_POST_BOTH if pk in on_team else NotificationKind.GROUP_POST_HELD,
        )
        for pk, person in facilitating.items()
    ]
    recipients += [
        (person, NotificationKind.GROUP_POST_WORRY)
        for pk, person in on_team.items()
        if pk not in facilitating
    ]
    notes = Notification.objects.bulk_create(
        Notification(
            recipient=person,
            client=client,
            message_id=post_id,
            kind=kind,
            channel=NotificationChannel.EMAIL,
            urgent=True,
            created_at=now,
            send_after=now,
        )
        for person, kind in recipients
        if person.is_active
    )
    for note in notes:
        transaction.on_commit(partial(deliver_notification.enqueue, note.pk))
