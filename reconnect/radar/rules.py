"""The radar's signal rules: a client's timeline in, explained signals out (no Django).

`signals(timeline, today)` never fires on an empty timeline, gives the same answer whatever the
order of its inputs, and explains every signal in words a clinician reads in two seconds, with
the dates that are its evidence. Thresholds and their reasoning: reconnect/radar/thresholds.py.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from reconnect.measures import instruments
from reconnect.measures.reliable_change import Change, Params, reliable_change
from reconnect.radar import thresholds as T

URGENT, ATTENTION, GOOD_NEWS = "urgent", "attention", "good_news"
SEVERITY_ORDER = {URGENT: 0, ATTENTION: 1, GOOD_NEWS: 2}
KINDS = (
    "safety",
    "worrying_words",
    "drifting",
    "safety_plan_gap",
    "alliance_rupture",
    "loneliness_rising",
    "dysregulation",
    "reliable_worsening",
    "reconnecting",
    "message_waiting",
)
# Items raised by an event the moment it happens (a message with words that worry us), never
# recomputed from the timeline.
RAISED_KINDS = frozenset({"worrying_words"})


@dataclass(frozen=True, order=True)
class CheckInPoint:
    day: dt.date
    state: str
    craving: int | None = None
    connected: str = ""


@dataclass(frozen=True, order=True)
class SessionPoint:
    at: dt.datetime
    status: str  # planned, attended, missed, cancelled_by_client, cancelled_by_program


@dataclass(frozen=True)
class ResponsePoint:
    at: dt.datetime
    instrument: str
    status: str  # completed, declined
    total: float | None = None


def _by_time(r: ResponsePoint) -> tuple[dt.datetime, str, str, float]:
    """A total order for responses (a skipped total sorts first), so input order never matters."""
    return (r.at, r.instrument, r.status, -1.0 if r.total is None else r.total)


@dataclass(frozen=True, order=True)
class FlagPoint:
    """A safety answer (PHQ-9 item 9 above 0); its own urgent item is `safety_answer`."""

    day: dt.date


@dataclass(frozen=True)
class WaitingMessage:
    """The client's oldest message the care team has not answered, and how long it has waited
    in care-team working hours (counted by the loader with the program's hours)."""

    day: dt.date
    working_hours: float
    first_name: str


@dataclass(frozen=True)
class Timeline:
    checkins: Sequence[CheckInPoint] = ()
    contacts: Sequence[dt.date] = ()
    sessions: Sequence[SessionPoint] = ()
    responses: Sequence[ResponsePoint] = ()
    safety_flags: Sequence[FlagPoint] = ()
    plan_visits: Sequence[dt.date] = ()
    plan_changes: Sequence[dt.date] = ()
    plan_has_person: bool | None = None  # None: no plan yet
    reminders: Sequence[tuple[dt.date, str]] = ()  # (day, a journal DeliveryOutcome)
    message_waiting: WaitingMessage | None = None
    rc_params: Mapping[str, Params] = field(default_factory=dict)


@dataclass(frozen=True)
class Signal:
    kind: str
    severity: str
    start: dt.date
    end: dt.date
    explanation: str
    evidence: tuple[dt.date, ...] = ()


def signals(timeline: Timeline, today: dt.date) -> list[Signal]:
    """Every signal the timeline raises today, most urgent first (one per kind at most)."""
    found = []
    for rule in RULES:
        signal = rule(timeline, today)
        if signal is not None:
            found.append(signal)
    return sorted(found, key=lambda s: (SEVERITY_ORDER[s.severity], KINDS.index(s.kind)))


# --- helpers -------------------------------------------------------------------------------


def _fmt(day: dt.date) -> str:
    return f"{day.day} {day:%b}"


def _windows(today: dt.date, recent: int) -> tuple[dt.date, dt.date, dt.date]:
    """(recent window start, baseline start, baseline end) for a recent window of `recent` days."""
    recent_start = today - dt.timedelta(days=recent - 1)
    baseline_end = recent_start - dt.timedelta(days=1)
    baseline_start = baseline_end - dt.timedelta(days=T.BASELINE_DAYS - 1)
    return recent_start, baseline_start, baseline_end


def _between(days: Sequence[dt.date], start: dt.date, end: dt.date) -> list[dt.date]:
    return sorted(d for d in days if start <= d <= end)


def _per_week(count: int, days: int) -> float:
    return count * 7 / days


def _share(points: Sequence[CheckInPoint], wanted: frozenset[str], attr: str) -> float | None:
    days: dict[dt.date, list[str]] = {}
    for p in points:
        days.setdefault(p.day, []).append(getattr(p, attr))
    if len(days) < T.MIN_DAYS_FOR_SHARE:
        return None
    return sum(1 for values in days.values() if any(v in wanted for v in values)) / len(days)


# Reminder outcomes that reached the client (or were handed on with nothing known against them).
_REACHED = frozenset({"sent", "delivered"})


def _reminder_problems(timeline: Timeline, since: dt.date) -> str:
    problems = [(d, o) for d, o in timeline.reminders if d >= since and o not in _REACHED]
    failing = sorted(d for d, _ in problems)
    if not failing:
        return ""
    outcomes = {o for _, o in problems}
    verb = "bounced" if outcomes == {"bounced"} else "failed to deliver"
    return f" Reminders {verb} since {_fmt(failing[0])}, so this may not be the client going quiet."


# --- rules ---------------------------------------------------------------------------------


def safety_answer(day: dt.date) -> Signal:
    """The urgent item for one safety answer, raised with its flag the moment it is given.

    Not a rule of the timeline: each answer has exactly one item, stored with the answer's
    safety flag as its evidence, so acknowledging either acknowledges both.
    """
    return Signal(
        "safety",
        URGENT,
        day,
        day,
        f"Safety answer on a questionnaire ({_fmt(day)}): PHQ-9 item 9 above 0. "
        "Reach out today; a positive answer is not a risk rating.",
        (day,),
    )


def safety(timeline: Timeline, today: dt.date) -> Signal | None:
    """Opening the safety plan on a shut-down, high-craving day (answers have their own item)."""
    since = today - dt.timedelta(days=T.SAFETY_FLAG_DAYS)
    visits = set(timeline.plan_visits)
    hard_days = sorted(
        p.day
        for p in timeline.checkins
        if p.day in visits
        and p.state == "shut_down"
        and (p.craving or 0) >= T.SAFETY_CRAVING
        and since <= p.day <= today
    )
    if hard_days:
        return Signal(
            "safety",
            URGENT,
            hard_days[0],
            hard_days[-1],
            f"Opened the safety plan and checked in shut down with craving ≥ {T.SAFETY_CRAVING} "
            f"on {_fmt(hard_days[-1])}.",
            tuple(hard_days),
        )
    return None


def drifting(timeline: Timeline, today: dt.date) -> Signal | None:
    reasons: list[str] = []
    evidence: list[dt.date] = []
    start = today
    recent_start, base_start, base_end = _windows(today, T.RECENT_DAYS)
    days = [p.day for p in timeline.checkins]
    baseline = _between(days, base_start, base_end)
    recent = _between(days, recent_start, today)
    rate = _per_week(len(baseline), T.BASELINE_DAYS)
    last = max((d for d in days if d <= today), default=None)
    if rate >= T.MIN_BASELINE_PER_WEEK and last is not None:
        silent = (today - last).days
        if len(recent) <= rate * T.DRIFT_SHARE or silent >= T.SILENT_DAYS:
            if silent >= 2:
                reasons.append(
                    f"No check-in for {silent} days; before that, {rate:.0f} a week for a month."
                )
            else:
                reasons.append(
                    f"{len(recent)} check-in{'s' * (len(recent) != 1)} this week; usually "
                    f"{rate:.0f} a week."
                )
            evidence.append(last)
            start = min(start, last + dt.timedelta(days=1))
    sessions = sorted(s for s in timeline.sessions if s.at.date() <= today)
    done = [s for s in sessions if s.status in ("attended", "missed")]
    tail = done[-T.MISSED_SESSIONS_IN_A_ROW :]
    if len(tail) == T.MISSED_SESSIONS_IN_A_ROW and all(s.status == "missed" for s in tail):
        reasons.append(
            f"Missed the last {len(tail)} sessions ({', '.join(_fmt(s.at.date()) for s in tail)})."
        )
        evidence += [s.at.date() for s in tail]
        start = min(start, tail[0].at.date())
    for code in sorted({r.instrument for r in timeline.responses}):
        answered = sorted((r for r in timeline.responses if r.instrument == code), key=_by_time)
        last_two = answered[-T.DECLINED_IN_A_ROW :]
        if len(last_two) == T.DECLINED_IN_A_ROW and all(r.status == "declined" for r in last_two):
            title = instruments.INSTRUMENTS[code].title if code in instruments.INSTRUMENTS else code
            reasons.append(f"Skipped the {title} the last {len(last_two)} times it was due.")
            evidence += [r.at.date() for r in last_two]
            start = min(start, last_two[0].at.date())
    if not reasons:
        return None
    explanation = " ".join(reasons) + _reminder_problems(timeline, start - dt.timedelta(days=3))
    return Signal("drifting", ATTENTION, start, today, explanation, tuple(sorted(set(evidence))))


def safety_plan_gap(timeline: Timeline, today: dt.date) -> Signal | None:
    if timeline.plan_has_person is False:
        last = max(timeline.plan_changes, default=today)
        return Signal(
            "safety_plan_gap",
            ATTENTION,
            last,
            today,
            "The safety plan names no person to ask for help.",
            (last,),
        )
    flags = sorted(f.day for f in timeline.safety_flags if f.day <= today)
    if not flags:
        return None
    first_flag = flags[0]
    changed_since = [d for d in timeline.plan_changes if d >= first_flag]
    if not changed_since and (today - first_flag).days >= T.PLAN_STALE_DAYS:
        what = "has not been updated" if timeline.plan_changes else "has not been made"
        return Signal(
            "safety_plan_gap",
            ATTENTION,
            first_flag,
            today,
            f"The safety plan {what} in the {(today - first_flag).days} days since a safety "
            f"answer on {_fmt(first_flag)}.",
            (first_flag,),
        )
    return None


def alliance_rupture(timeline: Timeline, today: dt.date) -> Signal | None:
    checks = sorted(
        (
            r
            for r in timeline.responses
            if r.instrument == "session_check" and r.total is not None and r.at.date() <= today
        ),
        key=_by_time,
    )
    if len(checks) < T.ALLIANCE_MIN_HISTORY + 1:
        return None
    latest, earlier = checks[-1], checks[:-1]
    mean = statistics.fmean(r.total for r in earlier)  # type: ignore[misc]
    low = latest.total < mean - T.ALLIANCE_DROP  # type: ignore[operator]
    if not low:
        return None
    missed_after = [
        s
        for s in timeline.sessions
        if s.at > latest.at and s.status == "missed" and s.at.date() <= today
    ]
    explanation = (
        f"Rated the session on {_fmt(latest.at.date())} {latest.total:.1f}/10, below their usual "
        f"{mean:.1f}. Worth asking, acknowledging and adjusting."
    )
    evidence = [latest.at.date()]
    if missed_after:
        explanation += f" Then missed the next session ({_fmt(missed_after[0].at.date())})."
        evidence.append(missed_after[0].at.date())
    return Signal(
        "alliance_rupture", ATTENTION, latest.at.date(), today, explanation, tuple(evidence)
    )


def _measure_change(
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
        key=_by_time,
    )
    if len(scored) < 2:
        return None
    instrument = instruments.INSTRUMENTS[code]
    first, last = scored[0], scored[-1]
    result = reliable_change(instrument, params, first.total, last.total)  # type: ignore[arg-type]
    return first, last, result.change


def loneliness_rising(timeline: Timeline, today: dt.date) -> Signal | None:
    change = _measure_change(timeline, "ucla3", today)
    if change and change[2] is Change.WORSE:
        first, last, _ = change
        return Signal(
            "loneliness_rising",
            ATTENTION,
            first.at.date(),
            last.at.date(),
            f"Loneliness reliably worse: UCLA-3 {first.total:g} on {_fmt(first.at.date())}, "
            f"{last.total:g} on {_fmt(last.at.date())}.",
            (first.at.date(), last.at.date()),
        )
    recent_start, base_start, base_end = _windows(today, T.TREND_DAYS)
    recent = [p for p in timeline.checkins if recent_start <= p.day <= today and p.connected]
    base = [p for p in timeline.checkins if base_start <= p.day <= base_end and p.connected]
    now, before = (
        _share(recent, frozenset({"no"}), "connected"),
        _share(base, frozenset({"no"}), "connected"),
    )
    if now is not None and before is not None and now - before >= T.SHARE_RISE:
        return Signal(
            "loneliness_rising",
            ATTENTION,
            recent_start,
            today,
            f"Said they connected with no one on {now:.0%} of check-in days in the last two "
            f"weeks, up from {before:.0%} the month before.",
            tuple(sorted({p.day for p in recent if p.connected == "no"})),
        )
    return None


def dysregulation(timeline: Timeline, today: dt.date) -> Signal | None:
    recent_start, base_start, base_end = _windows(today, T.TREND_DAYS)
    recent = [p for p in timeline.checkins if recent_start <= p.day <= today]
    base = [p for p in timeline.checkins if base_start <= p.day <= base_end]
    hard = frozenset({"activated", "shut_down"})
    now, before = _share(recent, hard, "state"), _share(base, hard, "state")
    if now is not None and before is not None and now - before >= T.SHARE_RISE:
        return Signal(
            "dysregulation",
            ATTENTION,
            recent_start,
            today,
            f"Activated or shut down on {now:.0%} of check-in days in the last two weeks, up "
            f"from {before:.0%} the month before.",
            tuple(sorted({p.day for p in recent if p.state in hard})),
        )
    base_cravings = [p.craving for p in base if p.craving is not None]
    week_start = today - dt.timedelta(days=T.RECENT_DAYS - 1)
    spikes = [p for p in recent if p.craving is not None and p.day >= week_start]
    if len(base_cravings) >= T.MIN_DAYS_FOR_SHARE and spikes:
        mean = statistics.fmean(base_cravings)
        spread = statistics.pstdev(base_cravings)
        bar = max(mean + T.CRAVING_SPIKE_SD * spread, mean + T.CRAVING_SPIKE_MIN_RISE)
        high = sorted(p for p in spikes if p.craving >= max(bar, T.CRAVING_SPIKE_FLOOR))  # type: ignore[operator]
        if high:
            peak = max(high, key=lambda p: (p.craving, p.day))
            return Signal(
                "dysregulation",
                ATTENTION,
                high[0].day,
                today,
                f"Craving {peak.craving}/10 on {_fmt(peak.day)}, well above their usual "
                f"{mean:.1f}.",
                tuple(sorted({p.day for p in high})),
            )
    return None


def reliable_worsening(timeline: Timeline, today: dt.date) -> Signal | None:
    worse = []
    for code in sorted({r.instrument for r in timeline.responses} - {"ucla3", "session_check"}):
        change = _measure_change(timeline, code, today)
        if change and change[2] is Change.WORSE:
            worse.append((code, change[0], change[1]))
    if not worse:
        return None
    parts = [
        f"{instruments.INSTRUMENTS[code].title} {first.total:g} → {last.total:g}"
        for code, first, last in worse
    ]
    start = min(first.at.date() for _, first, _ in worse)
    end = max(last.at.date() for _, _, last in worse)
    return Signal(
        "reliable_worsening",
        ATTENTION,
        start,
        end,
        f"Reliably worse since the first score: {'; '.join(parts)}.",
        tuple(sorted({d for _, f, last in worse for d in (f.at.date(), last.at.date())})),
    )


def reconnecting(timeline: Timeline, today: dt.date) -> Signal | None:
    reasons: list[str] = []
    evidence: list[dt.date] = []
    recent_start, base_start, base_end = _windows(today, T.TREND_DAYS)
    recent_contacts = _between(timeline.contacts, recent_start, today)
    base_contacts = _between(timeline.contacts, base_start, base_end)
    base_rate = len(base_contacts) * T.TREND_DAYS / T.BASELINE_DAYS
    if len(recent_contacts) >= T.RECONNECT_MIN_CONTACTS and len(recent_contacts) >= max(
        base_rate * T.RECONNECT_MULTIPLE, 1
    ):
        reasons.append(
            f"Reached out {len(recent_contacts)} times in two weeks (about {base_rate:.0f} before)."
        )
        evidence += recent_contacts
    recent = [p for p in timeline.checkins if recent_start <= p.day <= today]
    base = [p for p in timeline.checkins if base_start <= p.day <= base_end]
    calm = frozenset({"settled"})
    now, before = _share(recent, calm, "state"), _share(base, calm, "state")
    if now is not None and before is not None and now - before >= T.SHARE_RISE:
        reasons.append(f"Settled on {now:.0%} of check-in days, up from {before:.0%}.")
        evidence += sorted({p.day for p in recent if p.state == "settled"})
    for code in sorted({r.instrument for r in timeline.responses} - {"session_check"}):
        change = _measure_change(timeline, code, today)
        if change and change[2] is Change.IMPROVED:
            first, last, _ = change
            title = instruments.INSTRUMENTS[code].title
            reasons.append(f"{title} reliably improved ({first.total:g} → {last.total:g}).")
            evidence.append(last.at.date())
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
    )


RULES = (
    safety,
    drifting,
    safety_plan_gap,
    alliance_rupture,
    loneliness_rising,
    dysregulation,
    reliable_worsening,
    reconnecting,
    message_waiting,
)
