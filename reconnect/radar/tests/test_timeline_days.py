"""The radar counts a client's days in the client's own time zone, whoever asks and wherever the
server is: a check-in at 11 pm in New York is that day's, not the next UTC day's."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone

from reconnect.journal.models import CheckIn
from reconnect.radar.timeline import load_timelines

pytestmark = pytest.mark.django_db
NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize("viewer_zone", ["UTC", "Pacific/Auckland"])
def test_a_late_evening_check_in_counts_on_the_clients_own_day(casey, viewer_zone):
    casey.time_zone = "America/New_York"
    casey.save(update_fields=["time_zone"])
    late = dt.datetime(2026, 11, 19, 23, 30, tzinfo=NEW_YORK)  # 04:30 UTC on the 20th
    CheckIn.objects.create(
        client=casey.client, state="settled", recorded_at=late, client_request_id="late"
    )
    with timezone.override(viewer_zone):
        timeline = load_timelines([casey.client.pk], dt.date(2026, 11, 25))[casey.client.pk]
    assert [point.day for point in timeline.checkins] == [dt.date(2026, 11, 19)]


def test_without_a_zone_of_her_own_the_programs_zone_counts(casey, program):
    program.time_zone = "Pacific/Auckland"
    program.save(update_fields=["time_zone"])
    noon_utc = dt.datetime(2026, 11, 19, 12, 0, tzinfo=dt.UTC)  # 1 am on the 20th in Auckland
    CheckIn.objects.create(
        client=casey.client, state="settled", recorded_at=noon_utc, client_request_id="noon"
    )
    timeline = load_timelines([casey.client.pk], dt.date(2026, 11, 25))[casey.client.pk]
    assert [point.day for point in timeline.checkins] == [dt.date(2026, 11, 20)]
