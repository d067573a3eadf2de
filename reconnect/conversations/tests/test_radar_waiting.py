"""An unanswered client message becomes a radar signal once it has waited MESSAGE_WAITING_HOURS
of care-team time (nights and weekends do not count), grows on the caseload by the hour, and
closes when someone on the care team replies."""

from __future__ import annotations

import datetime as dt

import pytest
from freezegun import freeze_time

from conftest import visible_text
from reconnect.conversations.actions import send_message
from reconnect.radar import thresholds as T
from reconnect.radar.models import Signal
from reconnect.radar.refresh import refresh_signals

pytestmark = pytest.mark.django_db
TUESDAY = dt.datetime(2026, 12, 1, tzinfo=dt.UTC)  # the default hours: Mon–Fri 9–5 UTC


def at(days: int, hour: int, minute: int = 0) -> dt.datetime:
    return TUESDAY + dt.timedelta(days=days, hours=hour, minutes=minute)


def _waiting(casey) -> Signal | None:
    return Signal.objects.live().filter(client=casey.client, kind="message_waiting").first()


def test_a_message_waiting_past_the_threshold_of_working_hours_is_on_the_caseload(
    casey, robin, signed_in
):
    assert T.MESSAGE_WAITING_HOURS == 4
    with freeze_time(at(0, 10)):
        send_message(client=casey.client, author=casey, body="Can we talk?")
    with freeze_time(at(0, 12)):
        signed_in(robin).get("/caseload/")
    assert _waiting(casey) is None  # two working hours: not yet
    with freeze_time(at(0, 15)):
        page = visible_text(signed_in(robin).get("/caseload/"))
    assert "Message waiting: Message from Casey waiting 5 working hours." in page
    signal = _waiting(casey)
    assert signal is not None and signal.severity == "attention"
    with freeze_time(at(0, 15, 10)):  # within the recheck interval: the same figure
        assert "waiting 5 working hours" in visible_text(signed_in(robin).get("/caseload/"))
    with freeze_time(at(1, 10)):  # the next morning: the caseload rechecks the wait
        page = visible_text(signed_in(robin).get("/caseload/"))
    assert "waiting 8 working hours" in page


def test_nights_and_weekends_do_not_count(casey, robin):
    friday_4pm = at(3, 16)
    with freeze_time(friday_4pm):
        send_message(client=casey.client, author=casey, body="Have a good weekend")
    with freeze_time(at(6, 10)):  # Monday 10 am: 66 hours later, 2 of them working hours
        refresh_signals([casey.client.pk])
    assert _waiting(casey) is None
    with freeze_time(at(6, 13)):
        refresh_signals([casey.client.pk])
    assert "waiting 5 working hours" in _waiting(casey).explanation


def test_a_care_team_reply_closes_the_signal(casey, robin, signed_in):
    with freeze_time(at(0, 9)):
        send_message(client=casey.client, author=casey, body="Hello?")
    with freeze_time(at(0, 16)):
        refresh_signals([casey.client.pk])
        signal = _waiting(casey)
        assert signal is not None
        send_message(client=casey.client, author=robin, body="Sorry for the wait")
        signed_in(robin).get("/caseload/")
    signal.refresh_from_db()
    assert signal.state == "resolved"


def test_the_wait_counts_from_the_first_unanswered_message(casey, robin):
    with freeze_time(at(0, 9)):
        send_message(client=casey.client, author=casey, body="One")
    with freeze_time(at(0, 14)):
        send_message(client=casey.client, author=casey, body="Two")
        refresh_signals([casey.client.pk])
    assert "waiting 5 working hours" in _waiting(casey).explanation


def test_worrying_words_stay_on_the_radar_through_a_refresh(casey, robin):
    with freeze_time(at(0, 22)):  # out of hours: the urgent item is there at once all the same
        send_message(client=casey.client, author=casey, body="I wish I was dead")
        refresh_signals([casey.client.pk])
    item = Signal.objects.get(kind="worrying_words")
    assert (item.state, item.severity) == ("open", "urgent")
    assert (
        item.explanation == "Message from Casey at 10:00 pm has words that worry us — read it now"
    )
