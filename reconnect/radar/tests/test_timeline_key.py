"""The timeline's dots come with a key: every colour an event can have is named, lane by lane."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import visible_text
from reconnect.journal.actions import record_checkin
from reconnect.journal.models import BodyState
from reconnect.radar.actions import record_session
from reconnect.radar.events import LANES
from reconnect.radar.models import SessionStatus, Severity
from reconnect.radar.timeline_chart import KEY, TONES

pytestmark = pytest.mark.django_db


def test_every_colour_an_event_can_have_is_in_the_key():
    keyed = {tone for _, tones in KEY for tone, _ in tones}
    possible = {*BodyState.values, *SessionStatus.values, *Severity.values}
    possible |= {"contact", "declined", "plan", ""}  # reached out; questionnaires; plan versions
    assert possible <= keyed
    assert set(TONES) <= keyed  # nothing drawn in a colour the key leaves out
    assert [lane.lower() for lane, _ in KEY] == list(LANES)  # the key follows the lanes


def test_the_timeline_page_shows_the_key_under_the_chart(casey, robin, signed_in):
    now = timezone.now()
    record_checkin(client=casey.client, state="activated", client_request_id="k1")
    record_session(
        client=casey.client,
        clinician=robin,
        planned_at=now - dt.timedelta(days=2),
        status=SessionStatus.MISSED,
    )
    page = visible_text(signed_in(robin).get(reverse("radar:timeline", args=[casey.client.pk])))
    key = page[page.index("Check-ins:") :]
    for words in ("settled", "activated", "shut down", "missed", "attended", "needs attention"):
        assert words in key
