"""Appointment reminders: the day before and an hour before, by the client's own channel,
each sent once however often the job runs.

Each reminder is claimed by inserting its row (unique per session and kind) before anything is
sent, so a rerun of the job, or two at once, sends nothing twice; a crash between the claim
and the send loses one reminder rather than sending two. Reminders go in quiet hours too: the
time is the appointment's, which the client agreed to.
"""

from __future__ import annotations

import datetime as dt
import logging
from dataclasses import dataclass

from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.utils import timezone

from reconnect.notifications.actions import send_text
from reconnect.notifications.models import NotificationChannel, TextPurpose, TextStatus
from reconnect.notifications.reach import (
    client_channel,
    client_zone,
    details_for,
    is_discreet,
    public_link,
)
from reconnect.radar.appointments import how_text, relative_when
from reconnect.radar.models import AppointmentReminder, ReminderKind, ReminderOutcome, Session

logger = logging.getLogger(__name__)
LEAD = {
    ReminderKind.DAY_BEFORE: dt.timedelta(hours=24),
    ReminderKind.HOUR_BEFORE: dt.timedelta(hours=1),
}
# A day-before reminder later than this would arrive just before the hour-before one.
DAY_BEFORE_UNTIL = dt.timedelta(hours=3)
NO_CHANNEL = "no reminder channel chosen"


def kind_due(session: Session, now: dt.datetime) -> str | None:
    """Which reminder is due now: the day-before one from 24 hours until 3 hours before, the
    hour-before one in the last hour."""
    left = session.planned_at - now
    if dt.timedelta(0) < left <= LEAD[ReminderKind.HOUR_BEFORE]:
        return ReminderKind.HOUR_BEFORE
    if DAY_BEFORE_UNTIL < left <= LEAD[ReminderKind.DAY_BEFORE]:
        return ReminderKind.DAY_BEFORE
    return None


def due_reminders(now: dt.datetime) -> list[tuple[Session, str]]:
    """Planned sessions of active clients whose reminder is due now and not yet claimed."""
    sessions = list(
        Session.objects.planned()
        .filter(
            planned_at__gt=now,
            planned_at__lte=now + LEAD[ReminderKind.DAY_BEFORE],
            client__user__is_active=True,
        )
        .select_related("client__user", "client__program", "clinician")
        .order_by("planned_at", "id")
    )
    claimed = set(
        AppointmentReminder.objects.filter(session__in=sessions).values_list("session_id", "kind")
    )
    due = []
    for session in sessions:
        kind = kind_due(session, now)
        if kind is not None and (session.pk, kind) not in claimed:
            due.append((session, kind))
    return due


def send_due_reminders(now: dt.datetime | None = None) -> int:
    """Send every reminder that is due; returns how many this run claimed."""
    now = now or timezone.now()
    return sum(send_reminder(session=s, kind=k, now=now) for s, k in due_reminders(now))


def send_reminder(*, session: Session, kind: str, now: dt.datetime) -> bool:
    """Claim and send one reminder; False when it was already claimed (sent once only)."""
    try:
        with transaction.atomic():
            reminder = AppointmentReminder.objects.create(session=session, kind=kind, at=now)
    except IntegrityError:
        return False
    details = details_for(session.client)
    channel = client_channel(details)
    discreet = is_discreet(details) or session.discreet_title
    when = relative_when(session.planned_at, client_zone(session.client), now)
    if channel == NotificationChannel.TEXT:
        outcome, detail = _by_text(session, when=when, discreet=discreet, now=now)
    elif channel == NotificationChannel.EMAIL and details is not None:
        email = reminder_email(session, when=when, discreet=discreet)
        outcome, detail = _by_email(reminder, email, details.email_to_use)
    else:
        outcome, detail = ReminderOutcome.SKIPPED, NO_CHANNEL
    AppointmentReminder.objects.filter(pk=reminder.pk).update(
        channel=channel or "", outcome=outcome, detail=detail[:100]
    )
    return True


def _by_text(session: Session, *, when: str, discreet: bool, now: dt.datetime) -> tuple[str, str]:
    result = send_text(
        client=session.client,
        purpose=TextPurpose.APPOINTMENT,
        body_template="appointment_reminder",
        when=when,
        discreet=discreet,
        now=now,
    )
    if result.text is None:
        return ReminderOutcome.SKIPPED, result.refused
    if result.text.status == TextStatus.FAILED:
        return ReminderOutcome.FAILED, f"text {result.text.pk} failed"
    return ReminderOutcome.SENT, f"text {result.text.pk}"


@dataclass(frozen=True)
class Email:
    subject: str
    body: str


def reminder_email(session: Session, *, when: str, discreet: bool) -> Email:
    """Fixed words; a discreet one names no one, no program and no place."""
    link = public_link("/me/")
    where = f" {link}" if link else ""
    if discreet:
        return Email(
            f"A reminder: {when}", f"A reminder: {when}.\n\nSign in to see the details.{where}\n"
        )
    who = f" with {session.clinician.display_name}" if session.clinician else ""
    return Email(
        f"{session.client.program.name}: your appointment {when}",
        f"A reminder of your appointment {when}{who}, {how_text(session)}.\n\n"
        f"The details, and a way to tell us if you need to change it, are on your home page "
        f"when you sign in.{where}\n\nFor a crisis, call or text 988.\n",
    )


def _by_email(reminder: AppointmentReminder, email: Email, address: str) -> tuple[str, str]:
    try:
        send_mail(email.subject, email.body, None, [address])
    except Exception as exc:  # any transport failure is recorded, never hidden
        logger.warning("appointment reminder %s failed: %s", reminder.pk, type(exc).__name__)
        return ReminderOutcome.FAILED, type(exc).__name__
    return ReminderOutcome.SENT, ""
