"""Progress from a client's own check-ins and contacts: daily series, summaries, kind counts.

Pure functions: no Django. Counts only ever grow (no streaks that reset), and summaries compare
the person with themself, never with others.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

STATES = ("settled", "activated", "shut_down")
REACHED = ("a_little", "yes")


@dataclass(frozen=True)
class Entry:
    """One check-in, reduced to what progress needs."""

    day: dt.date
    state: str
    craving: int | None
    connected: str


@dataclass
class Day:
    day: dt.date
    states: Counter[str] = field(default_factory=Counter)
    cravings: list[int] = field(default_factory=list)
    reached_out: bool = False

    @property
    def main_state(self) -> str | None:
        """The most frequent state that day (ties go to the less settled one, to be careful)."""
        if not self.states:
            return None
        order = {"shut_down": 0, "activated": 1, "settled": 2}
        return sorted(self.states.items(), key=lambda kv: (-kv[1], order[kv[0]]))[0][0]

    @property
    def craving_peak(self) -> int | None:
        return max(self.cravings) if self.cravings else None


def daily(entries: Iterable[Entry], contact_days: Iterable[dt.date] = ()) -> list[Day]:
    """One Day per date with any check-in or contact, oldest first."""
    days: dict[dt.date, Day] = {}
    for entry in entries:
        day = days.setdefault(entry.day, Day(entry.day))
        day.states[entry.state] += 1
        if entry.craving is not None:
            day.cravings.append(entry.craving)
        if entry.connected in REACHED:
            day.reached_out = True
    for date in contact_days:
        days.setdefault(date, Day(date)).reached_out = True
    return [days[d] for d in sorted(days)]


def days_reached_out(days: Sequence[Day]) -> int:
    """Cumulative count of days with any connection; it never goes down."""
    return sum(1 for d in days if d.reached_out)


def window(days: Sequence[Day], start: dt.date, end: dt.date) -> list[Day]:
    return [d for d in days if start <= d.day <= end]


def _share(days: Sequence[Day], state: str) -> float | None:
    with_state = [d for d in days if d.main_state]
    if not with_state:
        return None
    return sum(1 for d in with_state if d.main_state == state) / len(with_state)


def summary(days: Sequence[Day], today: dt.date) -> list[str]:
    """A few plain sentences comparing the last 30 days with the 30 before."""
    recent = window(days, today - dt.timedelta(days=29), today)
    before = window(days, today - dt.timedelta(days=59), today - dt.timedelta(days=30))
    if not recent:
        return ["No check-ins in the last 30 days. Whenever you're ready, one tap is enough."]
    lines = []
    settled_now, settled_then = _share(recent, "settled"), _share(before, "settled")
    settled_days = sum(1 for d in recent if d.main_state == "settled")
    if settled_then is None:
        lines.append(f"{settled_days} mostly settled days in the last 30 days.")
    elif settled_now is not None and settled_now > settled_then + 0.05:
        lines.append("More settled days this month than last.")
    elif settled_now is not None and settled_now < settled_then - 0.05:
        lines.append(
            "Fewer settled days this month than last. Things may have been harder lately; "
            "your care team would like to hear about it if you want to share."
        )
    else:
        lines.append("About as many settled days this month as last.")
    reached = days_reached_out(recent)
    lines.append(f"You reached out to someone on {reached} of the last 30 days.")
    cravings_now = [c for d in recent for c in d.cravings]
    cravings_then = [c for d in before for c in d.cravings]
    if cravings_now and cravings_then:
        now, then = sum(cravings_now) / len(cravings_now), sum(cravings_then) / len(cravings_then)
        if now <= then - 1:
            lines.append("Cravings have been a bit lower than the month before.")
        elif now >= then + 1:
            lines.append("Cravings have been a bit stronger than the month before.")
    return lines


def state_counts(days: Sequence[Day]) -> dict[str, int]:
    counts: defaultdict[str, int] = defaultdict(int)
    for d in days:
        if d.main_state:
            counts[d.main_state] += 1
    return {state: counts[state] for state in STATES}
