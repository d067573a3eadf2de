"""Care-team hours: open or closed at a moment, the next opening, and working time between two
moments (table cases and properties over any moments)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconnect.conversations.hours import (
    DEFAULT,
    Hours,
    clock,
    day_and_clock,
    describe,
    is_open_at,
    next_opening,
    parse_weekdays,
    working_hours_between,
)

NEW_YORK = Hours(frozenset({0, 1, 2, 3, 4}), dt.time(9), dt.time(17), "America/New_York")
# Thursday 3 December 2026, in UTC; New York is UTC-5 in December.
THU_NOON_NY = dt.datetime(2026, 12, 3, 17, 0, tzinfo=dt.UTC)
THU_8PM_NY = dt.datetime(2026, 12, 4, 1, 0, tzinfo=dt.UTC)
FRI_9AM_NY = dt.datetime(2026, 12, 4, 14, 0, tzinfo=dt.UTC)
SAT_NOON_NY = dt.datetime(2026, 12, 5, 17, 0, tzinfo=dt.UTC)
MON_9AM_NY = dt.datetime(2026, 12, 7, 14, 0, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("moment", "open_"),
    [
        (THU_NOON_NY, True),
        (THU_8PM_NY, False),
        (FRI_9AM_NY, True),  # opening time counts as open
        (dt.datetime(2026, 12, 4, 22, 0, tzinfo=dt.UTC), False),  # Friday 5 pm: closing time
        (SAT_NOON_NY, False),
    ],
)
def test_the_team_is_in_on_its_days_between_opening_and_closing(moment, open_):
    assert is_open_at(NEW_YORK, moment) is open_


def test_the_next_opening_after_hours_is_the_next_working_morning():
    assert next_opening(NEW_YORK, THU_8PM_NY) == FRI_9AM_NY
    assert next_opening(NEW_YORK, SAT_NOON_NY) == MON_9AM_NY
    assert next_opening(NEW_YORK, THU_NOON_NY) == THU_NOON_NY


def test_a_program_with_no_days_has_no_next_opening():
    closed = Hours(frozenset(), dt.time(9), dt.time(17), "UTC")
    assert next_opening(closed, THU_NOON_NY) is None
    assert describe(closed) == "No regular hours"


@pytest.mark.parametrize(
    ("start", "end", "hours"),
    [
        (THU_NOON_NY, THU_8PM_NY, 5.0),  # noon to closing
        (THU_8PM_NY, FRI_9AM_NY, 0.0),  # overnight
        (THU_NOON_NY, MON_9AM_NY, 13.0),  # Thursday afternoon, all of Friday, no weekend
        (SAT_NOON_NY, MON_9AM_NY, 0.0),
        (THU_NOON_NY, THU_NOON_NY + dt.timedelta(weeks=3), 120.0),  # three working weeks
        (THU_NOON_NY, THU_NOON_NY - dt.timedelta(hours=1), 0.0),
    ],
)
def test_working_hours_count_only_the_team_s_time(start, end, hours):
    assert working_hours_between(NEW_YORK, start, end) == pytest.approx(hours)


moments = st.datetimes(
    min_value=dt.datetime(2026, 1, 1),  # noqa: DTZ001 (hypothesis adds the zone)
    max_value=dt.datetime(2027, 12, 31),  # noqa: DTZ001
    timezones=st.just(dt.UTC),
)


def _hour_by_hour(hours: Hours, start: dt.datetime, end: dt.datetime) -> float:
    """The slow, obvious count: minute by minute is too slow, so whole minutes in steps."""
    total, step = 0.0, dt.timedelta(minutes=15)
    moment = start
    while moment + step <= end:
        last = moment + step - dt.timedelta(seconds=1)
        total += 0.25 if is_open_at(hours, moment) and is_open_at(hours, last) else 0
        moment += step
    return total


@given(
    start=moments, span=st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=40))
)
def test_working_hours_never_exceed_the_span_or_a_full_week_of_days(start, span):
    found = working_hours_between(NEW_YORK, start, start + span)
    assert 0 <= found <= span.total_seconds() / 3600 + 1e-9
    weeks = span.days // 7 + 1
    assert found <= weeks * 5 * 8 + 8 + 1e-9


@given(
    start=moments,
    first=st.timedeltas(max_value=dt.timedelta(days=20), min_value=dt.timedelta(0)),
    second=st.timedeltas(max_value=dt.timedelta(days=20), min_value=dt.timedelta(0)),
)
def test_working_hours_add_up_across_any_split(start, first, second):
    middle, end = start + first, start + first + second
    whole = working_hours_between(NEW_YORK, start, end)
    parts = working_hours_between(NEW_YORK, start, middle) + working_hours_between(
        NEW_YORK, middle, end
    )
    assert whole == pytest.approx(parts, abs=1e-6)


@given(start=moments, span=st.timedeltas(min_value=dt.timedelta(0), max_value=dt.timedelta(days=3)))
def test_working_hours_match_a_slow_quarter_hour_count_on_quarter_hours(start, span):
    start = start.replace(minute=start.minute // 15 * 15, second=0, microsecond=0)
    end = start + dt.timedelta(minutes=span // dt.timedelta(minutes=15) * 15)
    assert working_hours_between(NEW_YORK, start, end) == pytest.approx(
        _hour_by_hour(NEW_YORK, start, end)
    )


@given(moment=moments)
def test_the_next_opening_is_open_and_never_before_the_moment(moment):
    found = next_opening(NEW_YORK, moment)
    assert found is not None and found >= moment
    assert is_open_at(NEW_YORK, found)
    assert working_hours_between(NEW_YORK, moment, found) == 0


def test_hours_read_as_people_say_them():
    assert describe(NEW_YORK) == "Mon–Fri 9am–5pm"
    weekend = Hours(frozenset({0, 2, 5, 6}), dt.time(8, 30), dt.time(12), "UTC")
    assert describe(weekend) == "Mon, Wed, Sat–Sun 8:30am–12pm"
    assert clock(THU_NOON_NY, "America/New_York") == "12:00 pm"
    assert clock(dt.datetime(2026, 12, 3, 19, 14, tzinfo=dt.UTC), "America/New_York") == "2:14 pm"
    assert day_and_clock(FRI_9AM_NY, "America/New_York") == "Fri 4 Dec, 9:00 am"
    assert DEFAULT.daily_hours == 8


def test_weekdays_are_numbers_from_monday():
    assert parse_weekdays("0,1,2,3,4") == frozenset(range(5))
    for bad in ("", "7", "0,9"):
        with pytest.raises(ValueError):
            parse_weekdays(bad)
