"""Sending a notification that is due, once: by text or by email, and recording what happened."""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from django.core.mail import send_mail
from django.utils import timezone

from reconnect.notifications.actions import send_text
from reconnect.notifications.models import (
    Notification,
    NotificationChannel,
    NotificationKind,
    NotificationState,
    TextPurpose,
    TextStatus,
)
from reconnect.notifications.reach import details_for, is_discreet, public_link
from reconnect.notifications.wording import client_email, group_email, staff_email
from reconnect.people.models import User
from reconnect.people.timezones import zone_name_for

logger = logging.getLogger(__name__)


def deliver_due(now: dt.datetime | None = None) -> int:
    """Send every notification whose quiet hours are over; returns how many were tried."""
    now = now or timezone.now()
    ids = list(Notification.objects.due(now).values_list("pk", flat=True)[:500])
    return sum(deliver(notification_id=pk, now=now) for pk in ids)


def deliver(*, notification_id: int, now: dt.datetime | None = None) -> bool:
    """Send one waiting notification, once (whoever claims it first sends it)."""
    now = now or timezone.now()
    claimed = (
        Notification.objects.due(now)
        .filter(pk=notification_id)
        .update(state=NotificationState.SENT, sent_at=now)
    )
    if not claimed:
        return False
    note = Notification.objects.select_related("recipient", "client__program", "client__user").get(
        pk=notification_id
    )
    if note.channel == NotificationChannel.TEXT:
        _by_text(note, now)
    else:
        _by_email(note, now)
    return True


def _by_text(note: Notification, now: dt.datetime) -> None:
    result = send_text(
        client=note.client,
        purpose=TextPurpose.NEW_MESSAGE,
        body_template="new_message",
        asked_for=False,
        now=now,
    )
    if result.text is None:
        _finish(note, NotificationState.SKIPPED, result.refused)
    elif result.text.status == TextStatus.FAILED:
        _finish(note, NotificationState.FAILED, "text failed", text_id=result.text.pk)
    else:
        _finish(note, NotificationState.SENT, "", text_id=result.text.pk)


def _by_email(note: Notification, now: dt.datetime) -> None:
    recipient: User = note.recipient
    if note.kind != NotificationKind.MESSAGE:
        address = recipient.email
        local = note.created_at.astimezone(ZoneInfo(zone_name_for(recipient)))
        email = group_email(
            kind=note.kind, sent_at=local.strftime("%H:%M on %d %b"), link=public_link()
        )
    elif recipient.pk == note.client.user_id:
        details = details_for(note.client)
        address = details.email_to_use if details else recipient.email
        email = client_email(
            discreet=is_discreet(details), program=note.client.program.name, link=public_link()
        )
    else:
        address = recipient.email
        local = note.created_at.astimezone(ZoneInfo(zone_name_for(recipient)))
        email = staff_email(
            urgent=note.urgent, sent_at=local.strftime("%H:%M on %d %b"), link=public_link()
        )
    try:
        send_mail(email.subject, email.body, None, [address])
    except Exception as exc:  # any transport failure is recorded, never hidden
        logger.warning("notification %s failed: %s", note.pk, type(exc).__name__)
        _finish(note, NotificationState.FAILED, type(exc).__name__)


def _finish(note: Notification, state: str, detail: str, *, text_id: int | None = None) -> None:
    Notification.objects.filter(pk=note.pk).update(
        state=state, detail=detail[:100], text_id=text_id
    )
