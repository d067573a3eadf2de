"""Rules about how the client is doing: safety, the safety plan, loneliness, dysregulation and
reliable worsening on a questionnaire."""

from __future__ import annotations

import datetime as dt
import statistics

from reconnect.measures.reliable_change import Change
from reconnect.radar import thresholds as T
from reconnect.radar.rules.common import (
    day_marks,
    fmt,
    measure_change,
    score_mark,
    share,
    title,
    windows,
)
from reconnect.radar.rules.points import (
    ATTENTION,
    URGENT,
    Mark,
    Signal,
    Timeline,
    marks,
)


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
        f"Safety answer on a questionnaire ({fmt(day)}): PHQ-9 item 9 above 0. "
        "Reach out today; a positive answer is not a risk rating.",
        (day,),
        (Mark(f"answer:{day.isoformat()}", f"a safety answer on {fmt(day)}"),),
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
    if not hard_days:
        return None
    return Signal(
        "safety",
        URGENT,
        hard_days[0],
        hard_days[-1],
        f"Opened the safety plan and checked in shut down with craving ≥ {T.SAFETY_CRAVING} "
        f"on {fmt(hard_days[-1])}.",
        tuple(hard_days),
        marks(day_marks("plan-hard-day", hard_days, "opened the safety plan on a hard day")),
    )


def safety_plan_gap(timeline: Timeline, today: dt.date) -> Signal | None:
    if timeline.plan_has_person is False:
        last = max(timeline.plan_changes, default=today)
        version = max(timeline.plan_changes, default=None)
        return Signal(
            "safety_plan_gap",
            ATTENTION,
            last,
            today,
            "The safety plan names no person to ask for help.",
            (last,),
            (Mark(f"no-person:{version}", "a new version of the plan names no person"),),
        )
    flags = sorted(f.day for f in timeline.safety_flags if f.day <= today)
    if not flags:
        return None
    first_flag = flags[0]
    changed_since = [d for d in timeline.plan_changes if d >= first_flag]
    if changed_since or (today - first_flag).days < T.PLAN_STALE_DAYS:
        return None
    what = "has not been updated" if timeline.plan_changes else "has not been made"
    stale = Mark(f"stale:{first_flag.isoformat()}", f"the safety plan {what}")
    return Signal(
        "safety_plan_gap",
        ATTENTION,
        first_flag,
        today,
        f"The safety plan {what} in the {(today - first_flag).days} days since a safety "
        f"answer on {fmt(first_flag)}.",
        (first_flag,),
        marks([stale], day_marks("flag", flags[1:], "a further safety answer")),
        since=first_flag + dt.timedelta(days=T.PLAN_STALE_DAYS),
    )


def loneliness_rising(timeline: Timeline, today: dt.date) -> Signal | None:
    change = measure_change(timeline, "ucla3", today)
    if change and change[2] is Change.WORSE:
        first, last, _ = change
        return Signal(
            "loneliness_rising",
            ATTENTION,
            first.at.date(),
            last.at.date(),
            f"Loneliness reliably worse: UCLA-3 {first.total:g} on {fmt(first.at.date())}, "
            f"{last.total:g} on {fmt(last.at.date())}.",
            (first.at.date(), last.at.date()),
            (score_mark("ucla3", last),),
            since=last.at.date(),
        )
    recent_start, base_start, base_end = windows(today, T.TREND_DAYS)
    recent = [p for p in timeline.checkins if recent_start <= p.day <= today and p.connected]
    base = [p for p in timeline.checkins if base_start <= p.day <= base_end and p.connected]
    now = share(recent, frozenset({"no"}), "connected")
    before = share(base, frozenset({"no"}), "connected")
    if now is None or before is None or now - before < T.SHARE_RISE:
        return None
    alone = sorted({p.day for p in recent if p.connected == "no"})
    return Signal(
        "loneliness_rising",
        ATTENTION,
        recent_start,
        today,
        f"Said they connected with no one on {now:.0%} of check-in days in the last two "
        f"weeks, up from {before:.0%} the month before.",
        tuple(alone),
        marks(day_marks("alone", alone, "connected with no one", trend=True)),
        since=alone[0],
    )


def dysregulation(timeline: Timeline, today: dt.date) -> Signal | None:
    recent_start, base_start, base_end = windows(today, T.TREND_DAYS)
    recent = [p for p in timeline.checkins if recent_start <= p.day <= today]
    base = [p for p in timeline.checkins if base_start <= p.day <= base_end]
    hard = frozenset({"activated", "shut_down"})
    now, before = share(recent, hard, "state"), share(base, hard, "state")
    if now is not None and before is not None and now - before >= T.SHARE_RISE:
        hard_days = sorted({p.day for p in recent if p.state in hard})
        return Signal(
            "dysregulation",
            ATTENTION,
            recent_start,
            today,
            f"Activated or shut down on {now:.0%} of check-in days in the last two weeks, up "
            f"from {before:.0%} the month before.",
            tuple(hard_days),
            marks(day_marks("hard", hard_days, "activated or shut down", trend=True)),
            since=hard_days[0],
        )
    base_cravings = [p.craving for p in base if p.craving is not None]
    week_start = today - dt.timedelta(days=T.RECENT_DAYS - 1)
    spikes = [p for p in recent if p.craving is not None and p.day >= week_start]
    if len(base_cravings) < T.MIN_DAYS_FOR_SHARE or not spikes:
        return None
    mean = statistics.fmean(base_cravings)
    spread = statistics.pstdev(base_cravings)
    bar = max(mean + T.CRAVING_SPIKE_SD * spread, mean + T.CRAVING_SPIKE_MIN_RISE)
    high = sorted(p for p in spikes if p.craving >= max(bar, T.CRAVING_SPIKE_FLOOR))  # type: ignore[operator]
    if not high:
        return None
    peak = max(high, key=lambda p: (p.craving, p.day))
    days = sorted({p.day for p in high})
    return Signal(
        "dysregulation",
        ATTENTION,
        high[0].day,
        today,
        f"Craving {peak.craving}/10 on {fmt(peak.day)}, well above their usual {mean:.1f}.",
        tuple(days),
        marks(day_marks("craving", days, "a craving well above their usual")),
    )


def reliable_worsening(timeline: Timeline, today: dt.date) -> Signal | None:
    worse = []
    for code in sorted({r.instrument for r in timeline.responses} - {"ucla3", "session_check"}):
        change = measure_change(timeline, code, today)
        if change and change[2] is Change.WORSE:
            worse.append((code, change[0], change[1]))
    if not worse:
        return None
    parts = [f"{title(code)} {first.total:g} → {last.total:g}" for code, first, last in worse]
    start = min(first.at.date() for _, first, _ in worse)
    end = max(last.at.date() for _, _, last in worse)
    return Signal(
        "reliable_worsening",
        ATTENTION,
        start,
        end,
        f"Reliably worse since the first score: {'; '.join(parts)}.",
        tuple(sorted({d for _, f, last in worse for d in (f.at.date(), last.at.date())})),
        marks([score_mark(code, last) for code, _, last in worse]),
        since=min(last.at.date() for _, _, last in worse),
    )
