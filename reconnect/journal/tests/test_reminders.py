"""Reminders: only when chosen, never after a check-in, every outcome recorded."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse
from freezegun import freeze_time

from reconnect.journal.actions import record_checkin
from reconnect.journal.models import DeliveryOutcome, ReminderDelivery, ReminderPreference
from reconnect.journal.reminders import due_reminders, mark_bounced, send_reminder

pytestmark = pytest.mark.django_db
EVENING = dt.datetime(2026, 11, 27, 20, 0, tzinfo=dt.UTC)


@pytest.fixture
def wants_reminders(casey):
    return ReminderPreference.objects.create(
        client=casey.client, enabled=True, time_of_day=dt.time(19, 0), timezone_name="UTC"
    )


def test_a_reminder_is_due_after_the_chosen_time_only(wants_reminders):
    assert due_reminders(EVENING.replace(hour=18)) == []
    assert len(due_reminders(EVENING)) == 1


def test_no_reminder_after_a_check_in_that_day(wants_reminders, casey):
    record_checkin(
        client=casey.client,
        state="settled",
        client_request_id="x",
        recorded_at=EVENING.replace(hour=9),
    )
    assert due_reminders(EVENING) == []


def test_paused_or_off_reminders_are_not_sent(wants_reminders):
    wants_reminders.paused_until = EVENING.date()
    wants_reminders.save()
    assert due_reminders(EVENING) == []


def test_the_command_sends_once_a_day_and_records_it(wants_reminders, casey):
    with freeze_time(EVENING):
        call_command("send_reminders")
        call_command("send_reminders")
    assert len(mail.outbox) == 1 and "check-in" in mail.outbox[0].subject.lower()
    delivery = ReminderDelivery.objects.get()
    assert delivery.outcome == DeliveryOutcome.SENT


def test_a_failed_send_is_recorded_as_failed(wants_reminders, casey, settings):
    settings.EMAIL_BACKEND = "reconnect.journal.tests.test_reminders.BrokenBackend"
    delivery = send_reminder(casey.client, EVENING.date())
    assert delivery.outcome == DeliveryOutcome.FAILED


def test_a_bounce_report_is_recorded(wants_reminders, casey):
    send_reminder(casey.client, EVENING.date())
    assert mark_bounced(casey.client, EVENING.date(), "mailbox full") == 1
    assert ReminderDelivery.objects.get().outcome == DeliveryOutcome.BOUNCED


def test_the_client_chooses_and_pauses_reminders(casey, signed_in):
    http = signed_in(casey)
    http.post(
        reverse("journal:reminders"),
        {
            "enabled": "on",
            "time_of_day": "08:30",
            "timezone_name": "America/Chicago",
            "paused_until": "2026-12-24",
        },
    )
    pref = ReminderPreference.objects.get(client=casey.client)
    assert (pref.enabled, pref.time_of_day, pref.timezone_name) == (
        True,
        dt.time(8, 30),
        "America/Chicago",
    )
    assert pref.paused_until == dt.date(2026, 12, 24)


def test_a_bad_time_gets_a_message(casey, signed_in):
    response = signed_in(casey).post(
        reverse("journal:reminders"), {"time_of_day": "25:99", "timezone_name": "UTC"}
    )
    assert "HH:MM" in response.content.decode()


class BrokenBackend:
    def __init__(self, *args, **kwargs):
        pass

    def send_messages(self, messages):
        raise ConnectionRefusedError("smtp down")
