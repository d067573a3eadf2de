"""What the rules read and what they give back: a client's timeline, and explained signals."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from reconnect.measures.reliable_change import Params

URGENT, ATTENTION, GOOD_NEWS = "urgent", "attention", "good_news"
SEVERITY_ORDER = {URGENT: 0, ATTENTION: 1, GOOD_NEWS: 2}


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

    def as_of(self, day: dt.date, lookback_days: int) -> Timeline:
        """The timeline as the radar would have read it on `day`: nothing after it, nothing
        older than the lookback. Whether the plan names a person, and how long a waiting message
        has waited, are today's answers (their history is not loaded)."""
        start = day - dt.timedelta(days=lookback_days)

        def within(d: dt.date) -> bool:
            return start <= d <= day

        waiting = self.message_waiting
        return dataclasses.replace(
            self,
            checkins=tuple(p for p in self.checkins if within(p.day)),
            contacts=tuple(d for d in self.contacts if within(d)),
            sessions=tuple(s for s in self.sessions if within(s.at.date())),
            responses=tuple(r for r in self.responses if within(r.at.date())),
            safety_flags=tuple(f for f in self.safety_flags if f.day <= day),
            plan_visits=tuple(d for d in self.plan_visits if within(d)),
            plan_changes=tuple(d for d in self.plan_changes if d <= day),
            reminders=tuple(r for r in self.reminders if within(r[0])),
            message_waiting=waiting if waiting is not None and waiting.day <= day else None,
        )


@dataclass(frozen=True, order=True)
class Mark:
    """One piece of a signal's evidence, as something a clinician can have seen already: a
    missed session, a further week without a check-in, a new score. `key` names it the same
    way on every refresh; `words` say it on a card ("missed the session on 24 Nov"). A `trend`
    mark is one day of a share of days (hard days, days alone): one alone is not new evidence
    (hold.py)."""

    key: str
    words: str
    trend: bool = False


@dataclass(frozen=True)
class Signal:
    kind: str
    severity: str
    start: dt.date
    end: dt.date
    explanation: str
    evidence: tuple[dt.date, ...] = ()
    # Every piece of evidence, so that a resolved signal comes back only with something new.
    marks: tuple[Mark, ...] = ()
    # The day the evidence first met the rule (the card's "open since"); None: `start`.
    since: dt.date | None = None

    @property
    def fired_on(self) -> dt.date:
        return self.since or self.start


def marks(*groups: Sequence[Mark]) -> tuple[Mark, ...]:
    """The marks of a signal, in one order whatever the order of the input."""
    return tuple(sorted({m for group in groups for m in group}))
