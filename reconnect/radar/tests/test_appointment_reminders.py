"""Appointment reminders: the day before and an hour before, in the client's own time zone, by
the client's own channel, each sent once however often the job runs."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.core import mail
from django.core.management import call_command
from freezegun import freeze_time

from reconnect.contact.actions import save_contact_details
from reconnect.notifications.models import OutboundText
from reconnect.notifications.tests import fake_twilio
from reconnect.notifications.tests.fake_twilio import FakeTwilio
from reconnect.radar.actions import record_session, set_session_status, update_session_details
from reconnect.radar.models import AppointmentReminder
from reconnect.radar.reminders import send_due_reminders, send_reminder

pytestmark = pytest.mark.django_db
PHONE = "+12025550142"


def lives_in(client, zone: str) -> None:
    client.user.time_zone = zone
    client.user.save(update_fields=["time_zone"])


def reached_by(user, channel: str, **choices) -> None:
    phone = {"phone": "202-555-0142", "ok_text": channel == "text"} if channel != "email" else {}
    if channel == "email":
        choices.setdefault("ok_email", True)
    save_contact_details(client=user.client, by=user, preferred_channel=channel, **phone, **choices)


def at_local(zone: str, *args: int) -> dt.datetime:
    return dt.datetime(*args, tzinfo=ZoneInfo(zone))


def appointment_texts() -> list[str]:
    return list(
        OutboundText.objects.filter(purpose="appointment")
        .order_by("id")
        .values_list("body", flat=True)
    )


@pytest.mark.parametrize("zone", ["America/New_York", "Pacific/Auckland"])
def test_texts_go_the_day_before_and_an_hour_before_in_the_clients_own_time(casey, robin, zone):
    lives_in(casey.client, zone)
    reached_by(casey, "text")
    session = record_session(
        client=casey.client, clinician=robin, planned_at=at_local(zone, 2026, 12, 4, 10, 0)
    )
    start = session.planned_at

    with freeze_time(start - dt.timedelta(hours=24, minutes=1)):
        call_command("send_appointment_reminders")
    assert appointment_texts() == []  # not yet

    with freeze_time(start - dt.timedelta(hours=23, minutes=58)):
        call_command("send_appointment_reminders")
        call_command("send_appointment_reminders")  # a rerun sends nothing twice
    (day_before,) = appointment_texts()
    assert "your appointment tomorrow at 10:00" in day_before
    assert "Test Program" in day_before

    with freeze_time(start - dt.timedelta(hours=2)):
        call_command("send_appointment_reminders")
    assert len(appointment_texts()) == 1  # nothing between the two

    with freeze_time(start - dt.timedelta(minutes=57)):
        call_command("send_appointment_reminders")
        call_command("send_appointment_reminders")
    assert len(appointment_texts()) == 2
    assert "your appointment today at 10:00" in appointment_texts()[1]

    with freeze_time(start + dt.timedelta(minutes=5)):
        call_command("send_appointment_reminders")
    assert len(appointment_texts()) == 2
    kinds = AppointmentReminder.objects.filter(session=session).values_list("kind", "outcome")
    assert sorted(kinds) == [("day_before", "sent"), ("hour_before", "sent")]


def test_a_session_booked_two_hours_ahead_gets_only_the_hour_before_reminder(casey, robin):
    reached_by(casey, "text")
    now = dt.datetime(2026, 12, 4, 14, 0, tzinfo=dt.UTC)
    session = record_session(
        client=casey.client, clinician=robin, planned_at=now + dt.timedelta(hours=2)
    )
    send_due_reminders(now)
    assert appointment_texts() == []
    send_due_reminders(session.planned_at - dt.timedelta(minutes=50))
    assert len(appointment_texts()) == 1


def test_a_reminder_claimed_once_is_never_sent_again(casey, robin):
    reached_by(casey, "text")
    now = dt.datetime(2026, 12, 4, 14, 0, tzinfo=dt.UTC)
    session = record_session(
        client=casey.client, clinician=robin, planned_at=now + dt.timedelta(hours=12)
    )
    assert send_reminder(session=session, kind="day_before", now=now) is True
    assert send_reminder(session=session, kind="day_before", now=now) is False
    assert len(appointment_texts()) == 1


def test_an_email_reminder_names_the_clinician_and_the_place(casey, robin):
    lives_in(casey.client, "America/New_York")
    reached_by(casey, "email")
    session = record_session(
        client=casey.client,
        clinician=robin,
        planned_at=at_local("America/New_York", 2026, 12, 4, 10, 0),
        place="Room 2, 14 Harbour Street",
    )
    send_due_reminders(session.planned_at - dt.timedelta(hours=23))
    (email,) = mail.outbox
    assert email.to == ["casey@example.org"]
    assert email.subject == "Test Program: your appointment tomorrow at 10:00"
    assert "with Robin Example, in person at Room 2, 14 Harbour Street" in email.body
    assert AppointmentReminder.objects.get().channel == "email"


@pytest.mark.parametrize("choice", ["others_may_see", "discreet_title"])
def test_discreet_reminders_name_no_one_no_program_and_no_place(casey, robin, choice):
    reached_by(casey, "email", others_may_see=choice == "others_may_see")
    session = record_session(
        client=casey.client,
        clinician=robin,
        planned_at=dt.datetime(2026, 12, 4, 15, 0, tzinfo=dt.UTC),
        place="Riverside Recovery Clinic",
        discreet_title=choice == "discreet_title",
    )
    send_due_reminders(session.planned_at - dt.timedelta(hours=23))
    (email,) = mail.outbox
    words = f"{email.subject} {email.body}".lower()
    assert email.subject == "A reminder: tomorrow at 15:00"
    for absent in ("robin", "test program", "recovery", "clinic", "session", "appointment with"):
        assert absent not in words


def test_a_discreet_title_makes_the_text_discreet_too(casey, robin):
    reached_by(casey, "text")
    session = record_session(
        client=casey.client,
        clinician=robin,
        planned_at=dt.datetime(2026, 12, 4, 15, 0, tzinfo=dt.UTC),
        discreet_title=True,
    )
    send_due_reminders(session.planned_at - dt.timedelta(hours=23))
    (body,) = appointment_texts()
    assert body.startswith("A reminder: tomorrow at 15:00.") and "Test Program" not in body


@pytest.mark.parametrize("channel", ["in_app", "call"])
def test_no_reminder_goes_when_the_client_chose_the_app_or_a_call(casey, robin, channel):
    reached_by(casey, channel)
    session = record_session(
        client=casey.client,
        clinician=robin,
        planned_at=dt.datetime(2026, 12, 4, 15, 0, tzinfo=dt.UTC),
    )
    send_due_reminders(session.planned_at - dt.timedelta(hours=23))
    send_due_reminders(session.planned_at - dt.timedelta(hours=22))
    assert appointment_texts() == [] and mail.outbox == []
    reminder = AppointmentReminder.objects.get()
    assert (reminder.outcome, reminder.detail) == ("skipped", "no reminder channel chosen")


def test_cancelled_sessions_get_no_reminder_and_a_new_time_gets_new_ones(casey, robin):
    reached_by(casey, "text")
    start = dt.datetime(2026, 12, 4, 15, 0, tzinfo=dt.UTC)
    cancelled = record_session(client=casey.client, clinician=robin, planned_at=start)
    set_session_status(session=cancelled, status="cancelled_by_program")
    send_due_reminders(start - dt.timedelta(hours=23))
    assert appointment_texts() == []

    moved = record_session(client=casey.client, clinician=robin, planned_at=start)
    send_due_reminders(start - dt.timedelta(hours=23))
    later = start + dt.timedelta(days=1)
    update_session_details(session=moved, planned_at=later, modality="in_person")
    send_due_reminders(later - dt.timedelta(hours=23))
    assert len(appointment_texts()) == 2


@pytest.fixture
def provider(settings):
    fake = FakeTwilio()
    server = fake_twilio.start(fake)
    settings.RECONNECT = {**settings.RECONNECT, "SMS_BACKEND": "twilio", "PUBLIC_URL": ""}
    settings.TWILIO_ACCOUNT_SID = fake_twilio.ACCOUNT_SID
    settings.TWILIO_AUTH_TOKEN = fake_twilio.AUTH_TOKEN
    settings.TWILIO_FROM_NUMBER = fake_twilio.FROM_NUMBER
    settings.TWILIO_API_BASE = fake.base
    yield fake
    server.shutdown()
    server.server_close()


def test_a_text_reminder_reaches_the_provider_once_through_the_real_library(provider, casey, robin):
    reached_by(casey, "text")
    session = record_session(
        client=casey.client,
        clinician=robin,
        planned_at=dt.datetime(2026, 12, 4, 15, 0, tzinfo=dt.UTC),
    )
    now = session.planned_at - dt.timedelta(minutes=55)
    send_due_reminders(now)
    send_due_reminders(now + dt.timedelta(minutes=5))
    (sent,) = provider.texts
    assert sent["To"] == PHONE and "today at 15:00" in sent["Body"]
