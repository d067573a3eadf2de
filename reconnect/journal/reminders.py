"""Gentle check-in reminders: who is due, sending one, and recording every delivery outcome."""

from __future__ import annotations

import datetime as dt
import logging
from zoneinfo import ZoneInfo

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string

from reconnect.journal.models import (
    CheckIn,
    DeliveryOutcome,
    ReminderChannel,
    ReminderDelivery,
    ReminderPreference,
)
from reconnect.notifications.actions import send_text
from reconnect.notifications.models import TextPurpose
from reconnect.people.models import Client
from reconnect.people.timezones import client_zone_name

logger = logging.getLogger(__name__)
TIMEZONES = (
    "America/New_York",
    "America/Chicago",
    "America/Denver",
    "America/Phoenix",
    "America/Los_Angeles",
    "America/Anchorage",
    "Pacific/Honolulu",
    "America/Puerto_Rico",
    "UTC",
)


def zone_of(preference: ReminderPreference) -> ZoneInfo:
    """The client's own time zone (their account setting, else their program's)."""
    return ZoneInfo(client_zone_name(preference.client))


def local_date(preference: ReminderPreference, now: dt.datetime) -> dt.date:
    return now.astimezone(zone_of(preference)).date()


def is_due(preference: ReminderPreference, now: dt.datetime) -> bool:
    """On, not paused, and past the chosen local time today."""
    if not preference.enabled:
        return False
    local = now.astimezone(zone_of(preference))
    if preference.paused_until and local.date() <= preference.paused_until:
        return False
    return local.time() >= preference.time_of_day


def due_reminders(now: dt.datetime) -> list[tuple[Client, dt.date]]:
    """Clients to remind now: due, not yet reminded today, and not already checked in today."""
    due = []
    preferences = ReminderPreference.objects.filter(enabled=True, client__user__is_active=True)
    for preference in preferences.select_related("client__user", "client__program"):
        if not is_due(preference, now):
            continue
        today = local_date(preference, now)
        zone = zone_of(preference)
        start = dt.datetime.combine(today, dt.time.min, tzinfo=zone)
        if ReminderDelivery.objects.filter(client=preference.client, for_date=today).exists():
            continue
        if CheckIn.objects.filter(client=preference.client, recorded_at__gte=start).exists():
            continue
        due.append((preference.client, today))
    return due


def send_reminder(client: Client, for_date: dt.date) -> ReminderDelivery | None:
    """Send one reminder by the client's channel and record the outcome; one per client and day."""
    channel = (
        ReminderPreference.objects.filter(client=client).values_list("channel", flat=True).first()
        or ReminderChannel.EMAIL
    )
    try:
        with transaction.atomic():
            delivery = ReminderDelivery.objects.create(
                client=client,
                for_date=for_date,
                channel=channel,
                outcome=DeliveryOutcome.SENT,
            )
    except IntegrityError:
        return None
    if channel == ReminderChannel.TEXT:
        return _send_by_text(client, delivery)
    try:
        send_mail(
            "A gentle check-in reminder",
            render_to_string("journal/email/reminder.txt", {"name": client.user.get_short_name()}),
            None,
            [client.user.email],
        )
    except Exception as exc:  # any transport failure is recorded, never hidden
        logger.warning("reminder %s failed: %s", delivery.pk, type(exc).__name__)
        ReminderDelivery.objects.filter(pk=delivery.pk).update(
            outcome=DeliveryOutcome.FAILED, detail=type(exc).__name__[:200]
        )
        delivery.refresh_from_db()
    return delivery


def _send_by_text(client: Client, delivery: ReminderDelivery) -> ReminderDelivery:
    """The provider's later reports (delivered, failed) update the outcome through the text."""
    result = send_text(
        client=client,
        purpose=TextPurpose.REMINDER,
        body_template="checkin_reminder",
        reminder_delivery=delivery,
    )
    if result.refused:
        ReminderDelivery.objects.filter(pk=delivery.pk).update(
            outcome=DeliveryOutcome.FAILED, detail=result.refused[:200]
        )
    delivery.refresh_from_db()
    return delivery


def mark_bounced(client: Client, for_date: dt.date, detail: str = "") -> int:
    """Record that the mail server bounced a reminder (from a bounce report)."""
    return ReminderDelivery.objects.filter(client=client, for_date=for_date).update(
        outcome=DeliveryOutcome.BOUNCED, detail=detail[:200]
    )
