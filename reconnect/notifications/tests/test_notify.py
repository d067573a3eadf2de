"""Notifications of a new message: by the recipient's channel, never with its words, collapsed,
held through quiet hours (not a crisis item to staff), and at most N texts a client a day."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from django.core import mail
from django.core.management import call_command
from freezegun import freeze_time

from reconnect.contact.actions import save_contact_details
from reconnect.notifications.actions import send_text
from reconnect.notifications.delivery import deliver_due
from reconnect.notifications.models import Notification, OutboundText
from reconnect.notifications.notify import notify_new_message
from reconnect.notifications.tests.conftest import CASEY_PHONE

pytestmark = pytest.mark.django_db
# 15:00 in New York (Casey's zone) and in UTC daytime too: outside quiet hours for everyone.
AFTERNOON = dt.datetime(2026, 12, 2, 20, 0, tzinfo=dt.UTC)
# 22:00 in New York, 03:00 UTC: inside the default quiet hours for both.
NIGHT = dt.datetime(2026, 12, 3, 3, 0, tzinfo=dt.UTC)
NEW_YORK_MORNING = dt.datetime(2026, 12, 3, 13, 0, tzinfo=dt.UTC)  # 08:00 in New York


@pytest.fixture
def quiet_nights(settings):
    settings.RECONNECT = {**settings.RECONNECT, "QUIET_HOURS": "21:00-08:00"}


def _to_client(casey, django_capture_on_commit_callbacks, message_id=1):
    with django_capture_on_commit_callbacks(execute=True):
        notify_new_message(
            message_id=message_id,
            client=casey.client,
            to_staff=False,
            urgent=False,
        )


def _to_staff(casey, django_capture_on_commit_callbacks, *, urgent: bool, message_id=1):
    with django_capture_on_commit_callbacks(execute=True):
        notify_new_message(
            message_id=message_id,
            client=casey.client,
            to_staff=True,
            urgent=urgent,
        )


@freeze_time(AFTERNOON)
def test_a_client_who_prefers_texts_is_texted_after_commit(
    provider, casey_texts, django_capture_on_commit_callbacks
):
    _to_client(casey_texts, django_capture_on_commit_callbacks)

    (sent,) = provider.texts
    assert sent["To"] == CASEY_PHONE
    assert sent["Body"].startswith("Test Program: you have a new message from your care team.")
    note = Notification.objects.get()
    assert (note.state, note.channel, note.text.provider_sid) == ("sent", "text", sent["sid"])


def test_nothing_is_sent_before_the_sender_s_transaction_commits(provider, casey_texts):
    notify_new_message(
        message_id=1, client=casey_texts.client, to_staff=False, urgent=False
    )  # the test's transaction never commits
    assert provider.texts == []
    assert Notification.objects.get().state == "waiting"


@freeze_time(AFTERNOON)
def test_someone_else_may_see_so_the_text_is_discreet(
    provider, casey_texts, django_capture_on_commit_callbacks
):
    save_contact_details(
        client=casey_texts.client,
        by=casey_texts,
        phone="202-555-0142",
        preferred_channel="text",
        ok_text=True,
        others_may_see=True,
    )
    _to_client(casey_texts, django_capture_on_commit_callbacks)

    body = provider.texts[0]["Body"]
    assert body == "You have a new notification. Sign in to see it. Reply STOP to stop texts."


@freeze_time(AFTERNOON)
def test_a_client_who_prefers_email_gets_an_email_without_the_message(
    casey, django_capture_on_commit_callbacks
):
    save_contact_details(client=casey.client, by=casey, preferred_channel="email", ok_email=True)
    _to_client(casey, django_capture_on_commit_callbacks)

    (email,) = mail.outbox
    assert email.to == [casey.email]
    assert email.subject == "Test Program: a new message"
    assert "This email never contains the message itself." in email.body
    assert OutboundText.objects.count() == 0


@freeze_time(AFTERNOON)
@pytest.mark.parametrize("channel", ["in_app", "call"])
def test_in_the_app_only_or_a_call_means_no_automatic_notification(
    casey, django_capture_on_commit_callbacks, channel
):
    save_contact_details(
        client=casey.client,
        by=casey,
        phone="202-555-0142",
        preferred_channel=channel,
        ok_text=True,
        ok_email=True,
    )
    _to_client(casey, django_capture_on_commit_callbacks)
    assert (Notification.objects.count(), OutboundText.objects.count(), len(mail.outbox)) == (
        0,
        0,
        0,
    )


@freeze_time(AFTERNOON)
def test_the_care_team_is_emailed_with_neither_name_nor_words(
    casey, robin, django_capture_on_commit_callbacks
):
    _to_staff(casey, django_capture_on_commit_callbacks, urgent=False)

    (email,) = mail.outbox
    assert email.to == [robin.email]
    assert email.subject == "A new message is waiting"
    assert "Casey" not in email.subject + email.body


def test_one_notification_per_conversation_and_person_each_hour(
    provider, casey_texts, django_capture_on_commit_callbacks
):
    with freeze_time(AFTERNOON):
        _to_client(casey_texts, django_capture_on_commit_callbacks, message_id=1)
    with freeze_time(AFTERNOON + dt.timedelta(minutes=59)):
        _to_client(casey_texts, django_capture_on_commit_callbacks, message_id=2)
    assert len(provider.texts) == 1
    with freeze_time(AFTERNOON + dt.timedelta(minutes=61)):
        _to_client(casey_texts, django_capture_on_commit_callbacks, message_id=3)
    assert len(provider.texts) == 2


def test_at_most_the_daily_limit_of_texts_reaches_a_client(
    provider, casey_texts, settings, django_capture_on_commit_callbacks
):
    settings.RECONNECT = {**settings.RECONNECT, "SMS_DAILY_LIMIT": 3}
    morning = AFTERNOON - dt.timedelta(hours=5)  # 10:00 in New York
    for n in range(5):  # each more than an hour after the last, so none is collapsed
        with freeze_time(morning + n * dt.timedelta(minutes=70)):
            _to_client(casey_texts, django_capture_on_commit_callbacks, message_id=n)

    assert len(provider.to(CASEY_PHONE)) == 3
    skipped = Notification.objects.filter(state="skipped")
    assert [n.detail for n in skipped] == ["daily text limit reached"] * 2
    with freeze_time(AFTERNOON + dt.timedelta(days=1)):
        _to_client(casey_texts, django_capture_on_commit_callbacks, message_id=9)
    assert len(provider.to(CASEY_PHONE)) == 4  # a new day in New York


def test_quiet_hours_hold_a_notification_until_morning_in_the_client_s_zone(
    provider, casey_texts, quiet_nights, django_capture_on_commit_callbacks
):
    with freeze_time(NIGHT):
        _to_client(casey_texts, django_capture_on_commit_callbacks)
    note = Notification.objects.get()
    assert (note.state, note.send_after) == ("waiting", NEW_YORK_MORNING)
    assert provider.texts == []

    assert deliver_due(NEW_YORK_MORNING - dt.timedelta(minutes=1)) == 0
    with freeze_time(NEW_YORK_MORNING + dt.timedelta(minutes=2)):
        call_command("send_notifications", stdout=io.StringIO())
    assert len(provider.texts) == 1
    assert Notification.objects.get().state == "sent"


def test_an_urgent_item_to_staff_is_not_held_in_quiet_hours(
    casey, robin, quiet_nights, django_capture_on_commit_callbacks
):
    with freeze_time(NIGHT):
        _to_staff(casey, django_capture_on_commit_callbacks, urgent=True)
    (email,) = mail.outbox
    assert email.subject == "Please read a message now"
    assert "has words that worry us" in email.body and "03:00" in email.body


def test_an_ordinary_message_to_staff_waits_out_quiet_hours(
    casey, robin, quiet_nights, django_capture_on_commit_callbacks
):
    with freeze_time(NIGHT):
        _to_staff(casey, django_capture_on_commit_callbacks, urgent=False)
    assert mail.outbox == []
    assert Notification.objects.get().send_after == dt.datetime(2026, 12, 3, 8, tzinfo=dt.UTC)


def test_a_reminder_the_client_asked_for_goes_in_quiet_hours(provider, casey_texts, quiet_nights):
    result = send_text(
        client=casey_texts.client, purpose="reminder", body_template="checkin_reminder", now=NIGHT
    )
    assert result.text is not None and len(provider.texts) == 1
    held = send_text(
        client=casey_texts.client,
        purpose="new_message",
        body_template="new_message",
        asked_for=False,
        now=NIGHT,
    )
    assert (held.text, held.refused) == (None, "quiet hours")
