"""Care-team hours: whether the team is in, when it is next, and working time between moments.

Pure (no Django): a program's hours are weekdays with one opening and closing time in the
program's time zone. Working time is what the radar counts a waiting message in, and what the
client is told ("Your message will be read when the team is back: Mon 9:00 am").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

DAY_NAMES = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")


@dataclass(frozen=True)
class Hours:
    """Weekdays (0 = Monday) when the team is in, from `opens` to `closes`, in `zone`."""

    weekdays: frozenset[int]
    opens: dt.time
    closes: dt.time
    zone: str

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.zone)

    @property
    def daily_hours(self) -> float:
        """Length of one working day in hours (0 when closing is not after opening)."""
        start = dt.datetime.combine(dt.date(2000, 1, 3), self.opens)
        end = dt.datetime.combine(dt.date(2000, 1, 3), self.closes)
        return max((end - start).total_seconds() / 3600, 0.0)


DEFAULT = Hours(frozenset({0, 1, 2, 3, 4}), dt.time(9), dt.time(17), "UTC")


def parse_weekdays(value: str) -> frozenset[int]:
    """ "0,1,2,3,4" -> {0, 1, 2, 3, 4}; ValueError for anything but numbers 0 to 6."""
    days = {int(part) for part in value.split(",") if part.strip()}
    if not days or not days <= set(range(7)):
        raise ValueError("weekdays are numbers 0 (Monday) to 6 (Sunday)")
    return frozenset(days)


def _window(hours: Hours, day: dt.date) -> tuple[dt.datetime, dt.datetime] | None:
    """The opening and closing moments (aware) of one local day, or None when closed."""
    if day.weekday() not in hours.weekdays or hours.daily_hours == 0:
        return None
    tz = hours.tz
    # In UTC, so that differences between moments are real elapsed time.
    return (
        dt.datetime.combine(day, hours.opens, tzinfo=tz).astimezone(dt.UTC),
        dt.datetime.combine(day, hours.closes, tzinfo=tz).astimezone(dt.UTC),
    )


def is_open_at(hours: Hours, moment: dt.datetime) -> bool:
    """Whether the team is in at this aware moment."""
    local = moment.astimezone(hours.tz)
    window = _window(hours, local.date())
    return window is not None and window[0] <= local < window[1]


def next_opening(hours: Hours, moment: dt.datetime) -> dt.datetime | None:
    """The next moment at or after `moment` when the team is in (now, if it is in); None when
    the program keeps no working days at all."""
    if is_open_at(hours, moment):
        return moment
    day = moment.astimezone(hours.tz).date()
    for offset in range(8):
        window = _window(hours, day + dt.timedelta(days=offset))
        if window is not None and window[0] >= moment:
            return window[0]
    return None


def working_hours_between(hours: Hours, start: dt.datetime, end: dt.datetime) -> float:
    """Hours of care-team time from `start` to `end` (0 when end is not after start)."""
    if end <= start:
        return 0.0
    tz = hours.tz
    first, last = start.astimezone(tz).date(), end.astimezone(tz).date()
    per_week = len(hours.weekdays) * hours.daily_hours * 3600
    seconds = 0.0
    day = first
    while day <= last:
        # Whole weeks strictly between the first and last day count at once (a long wait).
        weeks = ((last - day).days - 1) // 7 if day > first else 0
        if weeks > 0:
            seconds += weeks * per_week
            day += dt.timedelta(weeks=weeks)
            continue
        window = _window(hours, day)
        if window is not None:
            overlap = min(window[1], end) - max(window[0], start)
            seconds += max(overlap.total_seconds(), 0.0)
        day += dt.timedelta(days=1)
    return seconds / 3600


def after_working_hours(hours: Hours, start: dt.datetime, amount: float) -> dt.datetime | None:
    """The moment `amount` hours of care-team time after `start` (counting only while the team
    is in); None when the program keeps no working days at all."""
    left = amount * 3600
    moment = start
    for _ in range(8 * 7):  # a week of days at most per week of hours asked, bounded
        opening = next_opening(hours, moment)
        if opening is None:
            return None
        window = _window(hours, opening.astimezone(hours.tz).date())
        if window is None:
            return None
        available = (window[1] - opening).total_seconds()
        if left <= available:
            return opening + dt.timedelta(seconds=left)
        left -= available
        moment = window[1]
    return None


def clock(moment: dt.datetime, zone: str) -> str:
    """ "2:14 pm" in the given time zone."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{local.hour % 12 or 12}:{local.minute:02d} {'am' if local.hour < 12 else 'pm'}"


def day_and_clock(moment: dt.datetime, zone: str) -> str:
    """ "Mon 4 Dec, 9:00 am" in the given time zone."""
    local = moment.astimezone(ZoneInfo(zone))
    return f"{DAY_NAMES[local.weekday()]} {local.day} {local:%b}, {clock(moment, zone)}"


def _short_time(value: dt.time) -> str:
    hour = value.hour % 12 or 12
    suffix = "am" if value.hour < 12 else "pm"
    return f"{hour}{suffix}" if value.minute == 0 else f"{hour}:{value.minute:02d}{suffix}"


def describe(hours: Hours) -> str:
    """ "Mon–Fri 9am–5pm": consecutive days joined with a dash, others listed."""
    days = sorted(hours.weekdays)
    if not days or hours.daily_hours == 0:
        return "No regular hours"
    runs: list[list[int]] = []
    for day in days:
        if runs and day == runs[-1][-1] + 1:
            runs[-1].append(day)
        else:
            runs.append([day])
    named = ", ".join(
        DAY_NAMES[r[0]] if len(r) == 1 else f"{DAY_NAMES[r[0]]}–{DAY_NAMES[r[-1]]}" for r in runs
    )
    return f"{named} {_short_time(hours.opens)}–{_short_time(hours.closes)}"
