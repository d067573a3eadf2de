"""Writes: sending a text, recording the provider's status reports, answering inbound texts."""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from phonenumbers import PhoneNumber

from reconnect.contact import phones
from reconnect.contact.actions import resume_texts, stop_texts
from reconnect.contact.models import ContactDetails
from reconnect.core import worry
from reconnect.journal.models import DeliveryOutcome, ReminderDelivery
from reconnect.notifications import keywords, quiet
from reconnect.notifications.backends import SendFailed, get_backend
from reconnect.notifications.models import (
    STATUS_RANK,
    InboundKind,
    InboundText,
    OutboundText,
    StatusCallback,
    TextPurpose,
    TextStatus,
)
from reconnect.notifications.reach import (
    client_zone,
    details_for,
    is_discreet,
    public_link,
    why_no_texts,
)
from reconnect.notifications.wording import text_body
from reconnect.people.models import Client
from reconnect.radar.actions import raise_worrying_words

logger = logging.getLogger(__name__)
DAILY_LIMIT_REACHED = "daily text limit reached"
QUIET_HOURS = "quiet hours"
# What the urgent item says to do: the text itself is not kept, so there is nothing to read.
REACH_OUT = "the text is not kept; reach out now"
# What a text's status means for the check-in reminder it carried (radar reads these).
OUTCOME_OF = {
    TextStatus.SENT: DeliveryOutcome.SENT,
    TextStatus.DELIVERED: DeliveryOutcome.DELIVERED,
    TextStatus.UNDELIVERED: DeliveryOutcome.UNDELIVERED,
    TextStatus.FAILED: DeliveryOutcome.FAILED,
}


@dataclass(frozen=True)
class TextResult:
    """The text handed to the provider, or why none was sent (a reason people may read)."""

    text: OutboundText | None
    refused: str = ""


def quiet_hours() -> quiet.QuietHours:
    return quiet.parse(settings.RECONNECT["QUIET_HOURS"])


def send_text(
    *,
    client: Client,
    purpose: str,
    body_template: str,
    when: str = "",
    reminder_delivery: ReminderDelivery | None = None,
    asked_for: bool = True,
    discreet: bool = False,
    now: dt.datetime | None = None,
) -> TextResult:
    """Text the client from a fixed template, if they allowed texts and the day's limit allows.

    `discreet` asks for the discreet words even when the client did not (an appointment
    with a discreet title); the client's "someone else may see" always makes them discreet.

    `asked_for` is what the client chose to get at its time (a reminder): it goes in quiet
    hours too; anything else is refused then, for the caller to hold. Never call this inside
    a transaction: the provider is called after the text is stored."""
    if purpose not in TextPurpose.values:
        raise ValueError(f"unknown text purpose {purpose!r}")
    now = now or timezone.now()
    details = details_for(client)
    refused = why_no_texts(details)
    if refused or details is None:
        return TextResult(None, refused)
    zone = client_zone(client)
    if not asked_for and quiet_hours().contains(now.astimezone(ZoneInfo(zone)).time()):
        return TextResult(None, QUIET_HOURS)
    body = text_body(
        body_template,
        discreet=discreet or is_discreet(details),
        program=client.program.name,
        link=public_link(),
        when=when,
    )
    text = _queue(
        client=client,
        to=details.phone_e164,
        body=body,
        purpose=purpose,
        reminder_delivery=reminder_delivery,
        day_start=_day_start(now, zone),
        now=now,
    )
    if text is None:
        return TextResult(None, DAILY_LIMIT_REACHED)
    return TextResult(_hand_over(text))


def _day_start(now: dt.datetime, zone: str) -> dt.datetime:
    local = now.astimezone(ZoneInfo(zone))
    return dt.datetime.combine(local.date(), dt.time.min, tzinfo=ZoneInfo(zone))


@transaction.atomic
def _queue(
    *,
    client: Client,
    to: str,
    body: str,
    purpose: str,
    reminder_delivery: ReminderDelivery | None,
    day_start: dt.datetime,
    now: dt.datetime,
) -> OutboundText | None:
    """Store the text unless the client's day is full; the client's row is the lock, so two
    senders for one client count one after the other."""
    Client.objects.select_for_update().filter(pk=client.pk).first()
    limit = settings.RECONNECT["SMS_DAILY_LIMIT"]
    if OutboundText.objects.initiated_since(client, day_start).count() >= limit:
        return None
    return OutboundText.objects.create(
        client=client,
        to=to,
        body=body,
        purpose=purpose,
        created_at=now,
        status_at=now,
        reminder_delivery=reminder_delivery,
    )


def _hand_over(text: OutboundText) -> OutboundText:
    """Give a stored text to the provider and record what it said."""
    callback = public_link(reverse("notifications:sms_status"))
    try:
        accepted = get_backend().send(to=text.to, body=text.body, status_callback=callback)
    except (SendFailed, ImproperlyConfigured) as exc:
        code = exc.code if isinstance(exc, SendFailed) else "not configured"
        logger.warning("text %s failed: %s", text.pk, code)
        _apply_status(text, TextStatus.FAILED, error_code=code, now=timezone.now())
    else:
        if accepted.sid:
            OutboundText.objects.filter(pk=text.pk).update(provider_sid=accepted.sid)
        status = accepted.status if accepted.status in TextStatus.values else TextStatus.QUEUED
        _apply_status(text, status, now=timezone.now())
    text.refresh_from_db()
    return text


def _apply_status(
    text: OutboundText, status: str, *, error_code: str = "", now: dt.datetime
) -> bool:
    """Move the text (and the reminder it carried) forward to `status`; never backward."""
    if STATUS_RANK[TextStatus(status)] <= STATUS_RANK[TextStatus(text.status)]:
        return False
    moved = OutboundText.objects.filter(pk=text.pk, status=text.status).update(
        status=status, status_at=now, error_code=error_code[:32]
    )
    outcome = OUTCOME_OF.get(TextStatus(status))
    if moved and outcome and text.reminder_delivery_id:
        detail = f"text {status}" + (f" (error {error_code})" if error_code else "")
        ReminderDelivery.objects.filter(pk=text.reminder_delivery_id).update(
            outcome=outcome, detail=detail[:200]
        )
    return bool(moved)


@transaction.atomic
def record_status(
    *, sid: str, status: str, error_code: str = "", now: dt.datetime | None = None
) -> bool:
    """Record one verified status report; returns whether anything changed.

    A replay of a report already recorded (same text, same status) changes nothing, and so
    does a report for a text we did not send or a status we do not track ("sending")."""
    if status not in TextStatus.values or not sid:
        return False
    text = OutboundText.objects.select_for_update().filter(provider_sid=sid).first()
    if text is None:
        return False
    now = now or timezone.now()
    try:
        with transaction.atomic():
            StatusCallback.objects.create(
                sid=sid, status=status, error_code=error_code[:32], received_at=now
            )
    except IntegrityError:
        return False
    return _apply_status(text, status, error_code=error_code, now=now)


@dataclass(frozen=True)
class Inbound:
    kind: str
    reply: str  # "" for none (after STOP and START the provider confirms by itself)
    created: bool


@transaction.atomic
def receive_text(*, sid: str, from_number: str, body: str) -> Inbound:
    """Act on one verified inbound text: opt out, opt in, help, or the sign-in reply.

    Its words are never stored. Any other text is checked against the words that worry us,
    and a match raises an urgent item for each client who gave this number. A replay of a
    text already received gets the same reply and changes nothing."""
    kind = keywords.classify(body)
    number = phones.parse(from_number)
    givers = _givers(number)
    check = worry.check(body) if kind == InboundKind.OTHER else None
    worrying = check is not None and check.worrying
    # Nothing goes back to a number that is not one, nor (but for HELP, which carriers
    # require us to answer) to one that replied STOP: the care team still gets the urgent item.
    stopped = any(d.texts_stopped_at is not None for d in givers)
    answerable = number is not None and (kind == InboundKind.HELP or not stopped)
    reply = _reply(kind, givers, worrying=worrying) if answerable else _Reply("", "")
    whose = givers[0].client if len(givers) == 1 else None  # a shared phone is nobody's alone
    try:
        with transaction.atomic():
            InboundText.objects.create(
                client=whose,
                kind=kind,
                worrying=worrying,
                phrase_list_version=check.version if check else "",
                provider_sid=sid,
            )
    except IntegrityError:
        return Inbound(kind, reply.body, created=False)
    if kind == InboundKind.STOP:
        stop_texts(phone=from_number)
    elif kind == InboundKind.START:
        resume_texts(phone=from_number)
    elif worrying:
        for details in givers:
            raise_worrying_words(
                client=details.client, at=timezone.now(), source="A text", then=REACH_OUT
            )
    if reply.body and number is not None:
        OutboundText.objects.create(
            client=whose,
            to=phones.e164(number),
            body=reply.body,
            purpose=reply.purpose,
            status=TextStatus.SENT,  # it goes back in the answer to the provider
        )
    return Inbound(kind, reply.body, created=True)


def _givers(number: PhoneNumber | None) -> list[ContactDetails]:
    """The clients who gave this number (more than one on a shared family phone)."""
    if number is None:
        return []
    found = ContactDetails.objects.for_phone(phones.e164(number))
    return list(found.select_related("client__user", "client__program"))


@dataclass(frozen=True)
class _Reply:
    body: str
    purpose: str


def _reply(kind: str, givers: list[ContactDetails], *, worrying: bool) -> _Reply:
    if kind in (InboundKind.STOP, InboundKind.START):
        return _Reply("", "")
    # A number nobody gave us, or one whose owner said others may see: name no program.
    discreet = not givers or any(is_discreet(d) for d in givers)
    program = givers[0].client.program.name if givers else ""
    template = "help_reply" if kind == InboundKind.HELP else "inbound_reply"
    if worrying:
        template = "inbound_worrying"
    body = text_body(template, discreet=discreet, program=program, link=public_link())
    purpose = TextPurpose.HELP_REPLY if kind == InboundKind.HELP else TextPurpose.INBOUND_REPLY
    return _Reply(body, purpose)
