"""The radar's signal rules: a client's timeline in, explained signals out (no Django).

`signals(timeline, today)` never fires on an empty timeline, gives the same answer whatever the
order of its inputs, and explains every signal in words a clinician reads in two seconds, with
the dates that are its evidence and the marks that say what is new since it was last resolved
(hold.py). Thresholds and their reasoning: reconnect/radar/thresholds.py. Ranking within a tier:
ranking.py.
"""

from __future__ import annotations

import datetime as dt

from reconnect.radar.rules.engagement import (
    alliance_rupture,
    drifting,
    message_waiting,
    reconnecting,
)
from reconnect.radar.rules.points import (
    ATTENTION,
    GOOD_NEWS,
    SEVERITY_ORDER,
    URGENT,
    CheckInPoint,
    FlagPoint,
    Mark,
    ResponsePoint,
    SessionPoint,
    Signal,
    Timeline,
    WaitingMessage,
)
from reconnect.radar.rules.wellbeing import (
    dysregulation,
    loneliness_rising,
    reliable_worsening,
    safety,
    safety_answer,
    safety_plan_gap,
)

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


def signals(timeline: Timeline, today: dt.date) -> list[Signal]:
    """Every signal the timeline raises today, most urgent first (one per kind at most)."""
    found = []
    for rule in RULES:
        signal = rule(timeline, today)
        if signal is not None:
            found.append(signal)
    return sorted(found, key=lambda s: (SEVERITY_ORDER[s.severity], KINDS.index(s.kind)))


__all__ = [
    "ATTENTION",
    "GOOD_NEWS",
    "KINDS",
    "RAISED_KINDS",
    "RULES",
    "SEVERITY_ORDER",
    "URGENT",
    "CheckInPoint",
    "FlagPoint",
    "Mark",
    "ResponsePoint",
    "SessionPoint",
    "Signal",
    "Timeline",
    "WaitingMessage",
    "safety_answer",
    "signals",
]
