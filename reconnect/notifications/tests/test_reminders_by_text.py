"""Check-in reminders by text through the real twilio library and a fake provider, and the
provider's delivery reports recorded on the text, on the reminder and in the radar's reading."""

from __future__ import annotations

import dataclasses
import datetime as dt

import pytest
from django.utils import timezone

from reconnect.journal.models import ReminderDelivery
from reconnect.journal.reminders import send_reminder
from reconnect.measures.reliable_change import load_params
from reconnect.notifications.models import OutboundText, StatusCallback
from reconnect.notifications.tests import fake_twilio
from reconnect.notifications.tests.conftest import CASEY_PHONE
from reconnect.radar.rules import CheckInPoint, Timeline, signals
from reconnect.radar.timeline import load_timelines

pytestmark = pytest.mark.django_db
TODAY = dt.date(2026, 11, 27)


def test_a_reminder_by_text_reaches_the_provider_with_a_signed_status_callback(
    provider, casey_texts
):
    delivery = send_reminder(casey_texts.client, timezone.localdate())

    (sent,) = provider.texts
    assert sent["To"] == CASEY_PHONE
    assert sent["From"] == fake_twilio.FROM_NUMBER
    assert "a gentle reminder to check in today" in sent["Body"]
    assert sent["StatusCallback"] == f"{fake_twilio.PUBLIC_URL}/hooks/sms/status/"
    text = OutboundText.objects.get()
    assert (text.provider_sid, text.status, text.purpose) == (sent["sid"], "queued", "reminder")
    assert text.reminder_delivery == delivery
    assert (delivery.channel, delivery.outcome) == ("text", "sent")


def test_a_delivered_report_is_recorded_on_the_text_and_on_the_reminder(
    provider, casey_texts, twilio_posts
):
    delivery = send_reminder(casey_texts.client, timezone.localdate())
    sid = provider.texts[0]["sid"]

    assert twilio_posts.status(sid, "sent").status_code == 204
    assert twilio_posts.status(sid, "delivered").status_code == 204

    text = OutboundText.objects.get()
    assert text.status == "delivered"
    delivery.refresh_from_db()
    assert (delivery.outcome, delivery.detail) == ("delivered", "text delivered")


def test_a_failed_report_is_recorded_with_its_error_code(provider, casey_texts, twilio_posts):
    delivery = send_reminder(casey_texts.client, timezone.localdate())
    sid = provider.texts[0]["sid"]

    twilio_posts.status(sid, "failed", ErrorCode="30003")

    text = OutboundText.objects.get()
    assert (text.status, text.error_code) == ("failed", "30003")
    delivery.refresh_from_db()
    assert (delivery.outcome, delivery.detail) == ("failed", "text failed (error 30003)")


def test_a_late_sent_report_never_undoes_delivered(provider, casey_texts, twilio_posts):
    send_reminder(casey_texts.client, timezone.localdate())
    sid = provider.texts[0]["sid"]
    twilio_posts.status(sid, "delivered")
    twilio_posts.status(sid, "sent")
    assert OutboundText.objects.get().status == "delivered"


def test_a_replayed_report_changes_nothing(provider, casey_texts, twilio_posts):
    delivery = send_reminder(casey_texts.client, timezone.localdate())
    sid = provider.texts[0]["sid"]
    twilio_posts.status(sid, "undelivered", ErrorCode="30005")
    before = (OutboundText.objects.get().status_at, StatusCallback.objects.count())

    again = twilio_posts.status(sid, "undelivered", ErrorCode="30005")

    assert again.status_code == 204  # the provider stops retrying
    assert (OutboundText.objects.get().status_at, StatusCallback.objects.count()) == before
    delivery.refresh_from_db()
    assert delivery.outcome == "undelivered"


@pytest.mark.parametrize(
    "signature", ["", "bm90IGEgc2lnbmF0dXJl", "signed-with-another-token"], ids=str
)
def test_a_report_without_a_valid_signature_gets_403_and_records_nothing(
    provider, casey_texts, twilio_posts, signature
):
    send_reminder(casey_texts.client, timezone.localdate())
    sid = provider.texts[0]["sid"]
    params = {"MessageSid": sid, "MessageStatus": "failed", "ErrorCode": "30003"}
    if signature == "signed-with-another-token":
        url = fake_twilio.PUBLIC_URL + "/hooks/sms/status/"
        signature = fake_twilio.signature(url, params, token="someone-elses-token")

    response = twilio_posts.post("sms_status", params, signature=signature)

    assert response.status_code == 403
    assert StatusCallback.objects.count() == 0
    assert OutboundText.objects.get().status == "queued"
    assert ReminderDelivery.objects.get().outcome == "sent"


def test_a_report_signed_for_other_parameters_gets_403(provider, casey_texts, twilio_posts):
    send_reminder(casey_texts.client, timezone.localdate())
    sid = provider.texts[0]["sid"]
    url = fake_twilio.PUBLIC_URL + "/hooks/sms/status/"
    signed = fake_twilio.signature(url, {"MessageSid": sid, "MessageStatus": "delivered"})

    response = twilio_posts.post(
        "sms_status", {"MessageSid": sid, "MessageStatus": "failed"}, signature=signed
    )

    assert response.status_code == 403
    assert OutboundText.objects.get().status == "queued"


def test_a_provider_refusal_is_recorded_as_a_failed_reminder(provider, casey_texts):
    provider.refuse_next(21610)  # the provider's "this number opted out"
    delivery = send_reminder(casey_texts.client, timezone.localdate())

    text = OutboundText.objects.get()
    assert (text.status, text.error_code, text.provider_sid) == ("failed", "21610", "")
    assert (delivery.outcome, delivery.detail) == ("failed", "text failed (error 21610)")


def test_the_reports_reach_the_radar_timeline(provider, casey_texts, twilio_posts):
    today = timezone.localdate()
    send_reminder(casey_texts.client, today)
    twilio_posts.status(provider.texts[0]["sid"], "undelivered", ErrorCode="30003")

    timeline = load_timelines([casey_texts.client.pk], today)[casey_texts.client.pk]

    assert timeline.reminders == ((today, "undelivered"),)


def _drifting(reminders: tuple[tuple[dt.date, str], ...]) -> str:
    """The explanation of a week of silence after a month of daily check-ins."""
    _, params = load_params()
    checkins = tuple(
        CheckInPoint(TODAY - dt.timedelta(days=n), "settled", 2, "yes") for n in range(7, 40)
    )
    timeline = dataclasses.replace(
        Timeline(rc_params=params, checkins=checkins), reminders=reminders
    )
    (signal,) = [s for s in signals(timeline, TODAY) if s.kind == "drifting"]
    return signal.explanation


def test_the_radar_says_texted_reminders_failed_instead_of_implying_silence():
    days = [TODAY - dt.timedelta(days=n) for n in (5, 4, 3)]
    failing = ((days[0], "undelivered"), (days[1], "failed"), (days[2], "undelivered"))
    assert f"Reminders failed to deliver since {days[0].day} {days[0]:%b}" in _drifting(failing)


def test_delivered_reminders_are_no_excuse_for_the_silence():
    days = [TODAY - dt.timedelta(days=n) for n in (5, 4)]
    assert "Reminders" not in _drifting(((days[0], "delivered"), (days[1], "sent")))
