"""Rules about the client's contact with care: drifting away, the alliance, reconnecting, and a
message waiting for an answer."""

from __future__ import annotations

import datetime as dt
import statistics

from reconnect.measures.reliable_change import Change
from reconnect.radar import thresholds as T
from reconnect.radar.rules.common import (
    between,
    by_time,
    day_marks,
    fmt,
    measure_change,
    per_week,
    reminder_problems,
    score_mark,
    share,
    title,
    windows,
)
from reconnect.radar.rules.points import (
    ATTENTION,
    GOOD_NEWS,
    Mark,
    ResponsePoint,
    SessionPoint,
    Signal,
    Timeline,
    marks,
)


def _checkin_reason(timeline: Timeline, today: dt.date) -> tuple[str, dt.date, list[Mark]] | None:
    """Fewer check-ins than the client's own rhythm: the words, the last check-in, the marks.

    A silence is marked by each whole week it lasts, so a resolved signal comes back after a
    further silent week; a week of few check-ins is marked by its calendar week."""
    recent_start, base_start, base_end = windows(today, T.RECENT_DAYS)
    days = [p.day for p in timeline.checkins]
    baseline = between(days, base_start, base_end)
    recent = between(days, recent_start, today)
    rate = per_week(len(baseline), T.BASELINE_DAYS)
    last = max((d for d in days if d <= today), default=None)
    if rate < T.MIN_BASELINE_PER_WEEK or last is None:
        return None
    silent = (today - last).days
    if len(recent) > rate * T.DRIFT_SHARE and silent < T.SILENT_DAYS:
        return None
    if silent >= 2:
        weeks = [
            Mark(f"silent:{last.isoformat()}:{k}w", f"{k} week{'s' * (k != 1)} without a check-in")
            for k in range(1, silent // 7 + 1)
        ]
        words = f"No check-in for {silent} days; before that, {rate:.0f} a week for a month."
        stretch = Mark(f"silent:{last.isoformat()}", f"no check-in since {fmt(last)}")
        return words, last, [stretch, *weeks]
    year, week, _ = today.isocalendar()
    words = (
        f"{len(recent)} check-in{'s' * (len(recent) != 1)} this week; usually {rate:.0f} a week."
    )
    return words, last, [Mark(f"few:{year}-W{week:02d}", "few check-ins again this week")]


def drifting(timeline: Timeline, today: dt.date) -> Signal | None:
    reasons: list[str] = []
    evidence: list[dt.date] = []
    found: list[Mark] = []
    start = today
    quiet = _checkin_reason(timeline, today)
    if quiet is not None:
        words, last, quiet_marks = quiet
        reasons.append(words)
        evidence.append(last)
        found += quiet_marks
        start = min(start, last + dt.timedelta(days=1))
    sessions = sorted(s for s in timeline.sessions if s.at.date() <= today)
    done = [s for s in sessions if s.status in ("attended", "missed")]
    tail = done[-T.MISSED_SESSIONS_IN_A_ROW :]
    if len(tail) == T.MISSED_SESSIONS_IN_A_ROW and all(s.status == "missed" for s in tail):
        missed = [s.at.date() for s in tail]
        reasons.append(f"Missed the last {len(tail)} sessions ({', '.join(map(fmt, missed))}).")
        evidence += missed
        found += day_marks("missed", missed, "missed the session")
        start = min(start, missed[0])
    for code in sorted({r.instrument for r in timeline.responses}):
        answered = sorted((r for r in timeline.responses if r.instrument == code), key=by_time)
        last_two = answered[-T.DECLINED_IN_A_ROW :]
        if len(last_two) == T.DECLINED_IN_A_ROW and all(r.status == "declined" for r in last_two):
            skipped = [r.at.date() for r in last_two]
            reasons.append(f"Skipped the {title(code)} the last {len(last_two)} times it was due.")
            evidence += skipped
            found += day_marks(f"declined:{code}", skipped, f"skipped the {title(code)}")
            start = min(start, skipped[0])
    if not reasons:
        return None
    context, reminder_marks = reminder_problems(timeline, start - dt.timedelta(days=3))
    return Signal(
        "drifting",
        ATTENTION,
        start,
        today,
        " ".join(reasons) + context,
        tuple(sorted(set(evidence))),
        marks(found, reminder_marks),
    )


def alliance_rupture(timeline: Timeline, today: dt.date) -> Signal | None:
    """A session check below the client's own running mean (clinical-reference §3 (c)): a
    large fall at once, or a smaller one that repeats or is followed by a missed session.
    The amounts and their reasoning: thresholds.py."""
    checks = sorted(
        (
            r
            for r in timeline.responses
            if r.instrument == "session_check" and r.total is not None and r.at.date() <= today
        ),
        key=by_time,
    )
    if len(checks) < T.ALLIANCE_MIN_HISTORY + 1:
        return None
    latest = checks[-1]
    missed_after = sorted(
        s
        for s in timeline.sessions
        if s.at > latest.at and s.status == "missed" and s.at.date() <= today
    )[:1]
    usual = _mean(checks[:-1])
    drop = usual - _total(latest)
    if drop >= T.ALLIANCE_DROP_AT_ONCE or (drop >= T.ALLIANCE_DROP and missed_after):
        return _rupture([latest], usual, missed_after, today)
    earlier = checks[:-2]
    if len(earlier) >= T.ALLIANCE_MIN_HISTORY:
        usual = _mean(earlier)
        if all(usual - _total(r) >= T.ALLIANCE_DROP for r in checks[-2:]):
            return _rupture(checks[-2:], usual, missed_after, today)
    return None


def _total(r: ResponsePoint) -> float:
    return r.total if r.total is not None else 0.0


def _mean(checks: list[ResponsePoint]) -> float:
    return statistics.fmean(_total(r) for r in checks)


def _rupture(
    low: list[ResponsePoint], usual: float, missed: list[SessionPoint], today: dt.date
) -> Signal:
    days = [r.at.date() for r in low]
    if len(low) == 1:
        said = f"Rated the session on {fmt(days[0])} {_total(low[0]):.1f}/10, below their usual"
    else:
        ratings = " and ".join(f"{_total(r):.1f}/10 ({fmt(r.at.date())})" for r in low)
        said = f"Rated the last {len(low)} sessions {ratings}, below their usual"
    explanation = f"{said} {usual:.1f}. Worth asking, acknowledging and adjusting."
    evidence = list(days)
    found = [
        Mark(f"rating:{r.at.date().isoformat()}", f"rated the session on {fmt(r.at.date())}")
        for r in low
    ]
    if missed:
        missed_day = missed[0].at.date()
        explanation += f" Then missed the next session ({fmt(missed_day)})."
        evidence.append(missed_day)
        found += day_marks("missed", [missed_day], "missed the session")
    return Signal(
        "alliance_rupture",
        ATTENTION,
        days[0],
        today,
        explanation,
        tuple(sorted(set(evidence))),
        marks(found),
    )


def reconnecting(timeline: Timeline, today: dt.date) -> Signal | None:
    reasons: list[str] = []
    evidence: list[dt.date] = []
    found: list[Mark] = []
    recent_start, base_start, base_end = windows(today, T.TREND_DAYS)
    recent_contacts = between(timeline.contacts, recent_start, today)
    base_contacts = between(timeline.contacts, base_start, base_end)
    base_rate = len(base_contacts) * T.TREND_DAYS / T.BASELINE_DAYS
    if len(recent_contacts) >= T.RECONNECT_MIN_CONTACTS and len(recent_contacts) >= max(
        base_rate * T.RECONNECT_MULTIPLE, 1
    ):
        reasons.append(
            f"Reached out {len(recent_contacts)} times in two weeks (about {base_rate:.0f} before)."
        )
        evidence += recent_contacts
        found += day_marks("contact", recent_contacts, "reached out", trend=True)
    recent = [p for p in timeline.checkins if recent_start <= p.day <= today]
    base = [p for p in timeline.checkins if base_start <= p.day <= base_end]
    calm = frozenset({"settled"})
    now, before = share(recent, calm, "state"), share(base, calm, "state")
    if now is not None and before is not None and now - before >= T.SHARE_RISE:
        reasons.append(f"Settled on {now:.0%} of check-in days, up from {before:.0%}.")
        settled = sorted({p.day for p in recent if p.state == "settled"})
        evidence += settled
        found += day_marks("settled", settled, "settled", trend=True)
    for code in sorted({r.instrument for r in timeline.responses} - {"session_check"}):
        change = measure_change(timeline, code, today)
        if change and change[2] is Change.IMPROVED:
            first, last, _ = change
            reasons.append(f"{title(code)} reliably improved ({first.total:g} → {last.total:g}).")
            evidence.append(last.at.date())
            found.append(score_mark(code, last))
    if not reasons:
        return None
    start = min(evidence) if evidence else today
    return Signal(
        "reconnecting",
        GOOD_NEWS,
        start,
        today,
        " ".join(reasons) + " Worth naming with them.",
        tuple(sorted(set(evidence))),
        marks(found),
    )


def message_waiting(timeline: Timeline, today: dt.date) -> Signal | None:
    """A client message unanswered for MESSAGE_WAITING_HOURS of care-team time."""
    waiting = timeline.message_waiting
    if waiting is None or waiting.working_hours < T.MESSAGE_WAITING_HOURS:
        return None
    hours = int(waiting.working_hours)
    return Signal(
        "message_waiting",
        ATTENTION,
        waiting.day,
        today,
        f"Message from {waiting.first_name} waiting {hours} working hour{'s' * (hours != 1)}.",
        (waiting.day,),
        (
            Mark(
                f"message:{waiting.day.isoformat()}", f"a message waiting since {fmt(waiting.day)}"
            ),
        ),
    )
