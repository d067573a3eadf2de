"""By when the care team contacts a client after a safety answer: a number of the team's working
hours after the answer (table cases, and a property against the working-time count)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconnect.conversations.hours import Hours, after_working_hours, working_hours_between
from reconnect.conversations.pages import SafetyContact

NEW_YORK = Hours(frozenset({0, 1, 2, 3, 4}), dt.time(9), dt.time(17), "America/New_York")
NO_DAYS = Hours(frozenset({0}), dt.time(9), dt.time(9), "America/New_York")
TZ = NEW_YORK.tz


def at(day: int, hour: int, minute: int = 0) -> dt.datetime:
    """A moment in New York in December 2026 (Tuesday the 1st)."""
    return dt.datetime(2026, 12, day, hour, minute, tzinfo=TZ)


@pytest.mark.parametrize(
    ("start", "hours", "expected"),
    [
        (at(1, 10), 4, at(1, 14)),  # Tuesday morning: the same afternoon
        (at(1, 15), 4, at(2, 11)),  # two hours left today, two tomorrow
        (at(1, 17), 4, at(2, 13)),  # at closing time: from the next morning
        (at(1, 20), 4, at(2, 13)),  # in the evening
        (at(1, 6), 4, at(1, 13)),  # before opening
        (at(4, 16), 4, at(7, 12)),  # Friday afternoon: Monday
        (at(5, 12), 4, at(7, 13)),  # Saturday: Monday
        (at(1, 10), 8, at(2, 10)),  # one working day
        (at(1, 10), 40, at(8, 10)),  # a working week
    ],
)
def test_the_contact_time_counts_only_the_teams_hours(start, hours, expected):
    assert after_working_hours(NEW_YORK, start.astimezone(dt.UTC), hours) == expected


def test_a_program_without_working_hours_promises_no_time():
    assert after_working_hours(NO_DAYS, at(1, 10), 4) is None
    contact = SafetyContact(by="", open_now=False, described="No regular hours")
    assert contact.sentence == "Someone from your care team will contact you as soon as they can."


moments = st.datetimes(
    min_value=dt.datetime(2026, 1, 1),  # noqa: DTZ001 (hypothesis adds the zone)
    max_value=dt.datetime(2027, 12, 31),  # noqa: DTZ001
    timezones=st.just(dt.UTC),
)


@given(start=moments, hours=st.integers(min_value=1, max_value=40))
def test_the_promised_time_is_exactly_that_many_working_hours_away(start, hours):
    found = after_working_hours(NEW_YORK, start, hours)
    assert found is not None and found > start
    assert working_hours_between(NEW_YORK, start, found) == pytest.approx(hours, abs=1e-6)
