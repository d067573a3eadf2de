"""Quiet hours in the recipient's own zone: crossing midnight, and always released at their end."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconnect.notifications.quiet import QuietHours, parse

NIGHTS = parse("21:00-08:00")
ZONES = ["America/New_York", "America/Los_Angeles", "Pacific/Honolulu", "UTC"]


@pytest.mark.parametrize(
    ("clock", "quiet"),
    [("20:59", False), ("21:00", True), ("23:59", True), ("00:00", True), ("07:59", True),
     ("08:00", False), ("12:00", False)],
)  # fmt: skip
def test_quiet_hours_cross_midnight(clock, quiet):
    assert NIGHTS.contains(dt.time.fromisoformat(clock)) is quiet


def test_a_daytime_span_and_none_at_all():
    lunch = parse("12:00-13:00")
    assert lunch.contains(dt.time(12, 30)) and not lunch.contains(dt.time(13, 0))
    assert not parse("").contains(dt.time(3, 0))


@pytest.mark.parametrize("bad", ["21-08", "9pm-8am", "21:00", "25:00-08:00"])
def test_a_setting_that_is_not_two_times_is_refused(bad):
    with pytest.raises(ValueError, match="21:00-08:00"):
        parse(bad)


def test_at_22_00_in_new_york_the_release_is_08_00_there_the_next_morning():
    now = dt.datetime(2026, 12, 3, 3, 0, tzinfo=dt.UTC)  # 22:00 on 2 Dec in New York
    assert NIGHTS.release(now, "America/New_York") == dt.datetime(2026, 12, 3, 13, tzinfo=dt.UTC)


# Hypothesis takes naive bounds and makes aware datetimes in the zones it is given.
START, END = dt.datetime(2024, 1, 1), dt.datetime(2030, 1, 1)  # noqa: DTZ001


@given(
    st.datetimes(min_value=START, max_value=END, timezones=st.just(dt.UTC)),
    st.sampled_from(ZONES),
    st.times(),
    st.times(),
)
def test_the_release_is_now_outside_quiet_hours_else_their_next_end(now, zone, starts, ends):
    hours = QuietHours(starts.replace(microsecond=0), ends.replace(microsecond=0))
    release = hours.release(now, zone)
    local_now = now.astimezone(ZoneInfo(zone))
    if not hours.contains(local_now.time()):
        assert release == now
        return
    assert now < release <= now + dt.timedelta(days=1, hours=1)
    assert not hours.contains(release.astimezone(ZoneInfo(zone)).time()) or starts == ends
