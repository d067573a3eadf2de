"""Helpers the rules share: windows of days, shares of check-in days, scores compared."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

from reconnect.measures import instruments
from reconnect.measures.reliable_change import Change, reliable_change
from reconnect.radar import thresholds as T
from reconnect.radar.rules.points import CheckInPoint, Mark, ResponsePoint, Timeline


def fmt(day: dt.date) -> str:
    return f"{day.day} {day:%b}"


def windows(today: dt.date, recent: int) -> tuple[dt.date, dt.date, dt.date]:
    """(recent window start, baseline start, baseline end) for a recent window of `recent` days."""
    recent_start = today - dt.timedelta(days=recent - 1)
    baseline_end = recent_start - dt.timedelta(days=1)
    baseline_start = baseline_end - dt.timedelta(days=T.BASELINE_DAYS - 1)
    return recent_start, baseline_start, baseline_end


def between(days: Sequence[dt.date], start: dt.date, end: dt.date) -> list[dt.date]:
    return sorted(d for d in days if start <= d <= end)


def per_week(count: int, days: int) -> float:
    return count * 7 / days


def share(points: Sequence[CheckInPoint], wanted: frozenset[str], attr: str) -> float | None:
    days: dict[dt.date, list[str]] = {}
    for p in points:
        days.setdefault(p.day, []).append(getattr(p, attr))
    if len(days) < T.MIN_DAYS_FOR_SHARE:
        return None
    return sum(1 for values in days.values() if any(v in wanted for v in values)) / len(days)


def by_time(r: ResponsePoint) -> tuple[dt.datetime, str, str, float]:
    """A total order for responses (a skipped total sorts first), so input order never matters."""
    return (r.at, r.instrument, r.status, -1.0 if r.total is None else r.total)


def title(code: str) -> str:
    return instruments.INSTRUMENTS[code].title if code in instruments.INSTRUMENTS else code


def day_marks(
    prefix: str, days: Sequence[dt.date], words: str, *, trend: bool = False
) -> list[Mark]:
    """One mark per day: `words` is completed with the day ("shut down on 24 Nov")."""
    return [
        Mark(f"{prefix}:{d.isoformat()}", f"{words} on {fmt(d)}", trend) for d in sorted(set(days))
    ]


def score_mark(code: str, last: ResponsePoint) -> Mark:
    """A new score is new evidence; the first score of a comparison is not (it moves when an
    old score leaves the lookback, with no new data)."""
    return Mark(
        f"score:{code}:{last.at.date().isoformat()}",
        f"{title(code)} {last.total:g} on {fmt(last.at.date())}",
    )


# Reminder outcomes that reached the client (or were handed on with nothing known against them).
_REACHED = frozenset({"sent", "delivered"})


def reminder_problems(timeline: Timeline, since: dt.date) -> tuple[str, list[Mark]]:
    """Words for failing reminders since a day, and their mark (a new run of failures, or a
    new way of failing, is new evidence; each further daily bounce of the same run is not)."""
    problems = [(d, o) for d, o in timeline.reminders if d >= since and o not in _REACHED]
    failing = sorted(d for d, _ in problems)
    if not failing:
        return "", []
    outcomes = {o for _, o in problems}
    verb = "bounced" if outcomes == {"bounced"} else "failed to deliver"
    since_words = f"{verb} since {fmt(failing[0])}"
    mark = Mark(
        f"reminders-{verb.replace(' ', '-')}:{failing[0].isoformat()}", f"reminders {since_words}"
    )
    return f" Reminders {since_words}, so this may not be the client going quiet.", [mark]


def measure_change(
    timeline: Timeline, code: str, today: dt.date
) -> tuple[ResponsePoint, ResponsePoint, Change] | None:
    params = timeline.rc_params.get(code)
    if params is None or code not in instruments.INSTRUMENTS:
        return None
    scored = sorted(
        (
            r
            for r in timeline.responses
            if r.instrument == code and r.total is not None and r.at.date() <= today
        ),
        key=by_time,
    )
    if len(scored) < 2:
        return None
    instrument = instruments.INSTRUMENTS[code]
    first, last = scored[0], scored[-1]
    result = reliable_change(instrument, params, first.total, last.total)  # type: ignore[arg-type]
    return first, last, result.change
