"""Texts in the demo outbox: reminders by text that were delivered, some that failed, and a STOP."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from reconnect.contact.models import Channel, ContactDetails
from reconnect.journal.models import (
    DeliveryOutcome,
    ReminderChannel,
    ReminderDelivery,
    ReminderPreference,
)
from reconnect.notifications.models import (
    InboundKind,
    InboundText,
    OutboundText,
    TextPurpose,
    TextStatus,
)
from reconnect.notifications.reach import is_discreet
from reconnect.notifications.wording import text_body
from reconnect.people.models import Client

DAYS = 10
STOPPED_AGO = dt.timedelta(days=3, hours=2)
LINK = "https://reconnect.example.org/"
UNREACHABLE = "30003"  # the carriers' "unreachable destination"


def seed_texts(client: Client) -> None:
    """For a demo client who prefers texts: their recent reminders went by text, with outcomes
    (delivered; not delivered while their phone was off; none after they replied STOP)."""
    details = ContactDetails.objects.for_client(client).first()
    if details is None or details.preferred_channel != Channel.TEXT or not details.ok_text:
        return
    if not ReminderPreference.objects.filter(client=client).update(channel=ReminderChannel.TEXT):
        return
    now = timezone.now()
    stopped = now - STOPPED_AGO if details.texts_stopped_at is not None else None
    body = text_body(
        "checkin_reminder", discreet=is_discreet(details), program=client.program.name, link=LINK
    )
    recent = list(
        ReminderDelivery.objects.filter(
            client=client, for_date__gte=now.date() - dt.timedelta(days=DAYS)
        )
    )
    texts = []
    for delivery in recent:
        delivery.channel = ReminderChannel.TEXT
        if stopped is not None and delivery.attempted_at >= stopped:
            delivery.outcome, delivery.detail = DeliveryOutcome.FAILED, "texts off: replied STOP"
            continue
        status, code = _outcome(delivery)
        delivery.outcome, delivery.detail = _reminder_outcome(status, code)
        texts.append(
            OutboundText(
                client=client,
                to=details.phone_e164,
                body=body,
                purpose=TextPurpose.REMINDER,
                status=status,
                provider_sid=f"SM{client.pk:08d}{delivery.for_date:%Y%m%d}{0:016d}",
                error_code=code,
                created_at=delivery.attempted_at,
                status_at=delivery.attempted_at + dt.timedelta(seconds=9),
                reminder_delivery=delivery,
            )
        )
    ReminderDelivery.objects.bulk_update(recent, ["channel", "outcome", "detail"])
    OutboundText.objects.bulk_create(texts)
    if stopped is not None:
        ContactDetails.objects.filter(pk=details.pk).update(texts_stopped_at=stopped)
        InboundText.objects.create(
            client=client,
            kind=InboundKind.STOP,
            provider_sid=f"SM{client.pk:08d}{0:024d}",
            received_at=stopped,
        )


def _outcome(delivery: ReminderDelivery) -> tuple[str, str]:
    if delivery.outcome == DeliveryOutcome.BOUNCED:  # a drifting client whose phone is off
        return TextStatus.UNDELIVERED, UNREACHABLE
    return TextStatus.DELIVERED, ""


def _reminder_outcome(status: str, code: str) -> tuple[str, str]:
    outcome = {
        TextStatus.DELIVERED: DeliveryOutcome.DELIVERED,
        TextStatus.UNDELIVERED: DeliveryOutcome.UNDELIVERED,
    }[TextStatus(status)]
    return outcome, f"text {status}" + (f" (error {code})" if code else "")
