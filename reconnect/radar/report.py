"""How much the radar asks of clinicians, and whether it stays quiet when it should.

Two views of one program over the last few weeks (`reconnect radar_report`):

- **Replayed**: the rules run again for every day of the period on the program's stored data,
  as the nightly refresh would have, with each card resolved the day it appears (a busy
  clinician). A signal counts each time the radar would raise it again, so the figures show
  how many cards the rules ask for per 100 clients per week; `held` counts the days a resolved
  signal would have come straight back on the same evidence, had nothing held it.
- **Stored**: the signals the radar actually opened in the period (safety answers' items and
  words that worry us too), how many clinicians marked useful, and how many reopened after a
  clinician resolved one with no new evidence (target 0).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import NamedTuple

from django.utils import timezone

from reconnect.people.models import Client
from reconnect.radar import rules
from reconnect.radar import thresholds as T
from reconnect.radar.models import Signal, SignalState
from reconnect.radar.refresh import NO_LONGER_PRESENT
from reconnect.radar.rules import hold
from reconnect.radar.timeline import load_timelines

Key = tuple[str, str]  # (kind, severity)


@dataclass
class Replayed:
    clients: int
    weeks: int
    raised: Counter[Key] = field(default_factory=Counter)
    held: int = 0  # days a resolved signal would have come straight back on old evidence

    def per_100_per_week(self, count: int) -> float:
        return round(count * 100 / self.clients / self.weeks, 1) if self.clients else 0.0


@dataclass
class Stored:
    clients: int
    weeks: int
    opened: Counter[Key] = field(default_factory=Counter)
    useful: Counter[Key] = field(default_factory=Counter)
    not_useful: Counter[Key] = field(default_factory=Counter)
    followed_a_resolved: int = 0  # opened after a clinician resolved one of its kind
    reopened_without_new_evidence: int = 0

    def per_100_per_week(self, count: int) -> float:
        return round(count * 100 / self.clients / self.weeks, 1) if self.clients else 0.0


def replay(timelines: Mapping[int, rules.Timeline], days: Sequence[dt.date]) -> Counter[Key]:
    """Signals raised over these days, each resolved the day it appears; with `held` counted
    under the key ("held", "")."""
    counts: Counter[Key] = Counter()
    for timeline in timelines.values():
        seen: dict[str, set[str]] = {}  # kind: the marks a clinician resolved it with
        for day in days:
            for signal in rules.signals(timeline.as_of(day, T.LOOKBACK_DAYS), day):
                keys = {m.key for m in signal.marks}
                if signal.kind in seen and not hold.new_marks(signal, seen[signal.kind]):
                    counts["held", ""] += 1
                    continue
                counts[signal.kind, signal.severity] += 1
                seen[signal.kind] = keys
    return counts


def replayed(program_id: int, weeks: int, today: dt.date | None = None) -> Replayed:
    today = today or timezone.localdate()
    ids = list(
        Client.objects.filter(program_id=program_id, user__is_active=True).values_list(
            "pk", flat=True
        )
    )
    days = [today - dt.timedelta(days=n) for n in range(weeks * 7 - 1, -1, -1)]
    timelines = load_timelines(ids, today, lookback_days=T.LOOKBACK_DAYS + weeks * 7)
    counts = replay(timelines, days)
    held = counts.pop(("held", ""), 0)
    return Replayed(len(ids), weeks, counts, held)


def stored(program_id: int, weeks: int, now: dt.datetime | None = None) -> Stored:
    now = now or timezone.now()
    start = now - dt.timedelta(weeks=weeks)
    clients = Client.objects.filter(program_id=program_id, user__is_active=True).count()
    result = Stored(clients, weeks)
    history = list(
        Signal.objects.filter(client__program_id=program_id)
        .order_by("opened_at", "pk")
        .values_list(
            "client_id",
            "kind",
            "severity",
            "opened_at",
            "state",
            "state_reason",
            "useful",
            "marks",
            "evidence",
            "safety_flag_id",
        )
    )
    before: dict[tuple[int, str], Earlier] = {}  # the signal before, by client and kind
    for row in history:
        cid, kind, severity, opened_at, state, reason, useful, marks, evidence, answer = row
        # A safety answer's item is one per answer, and words that worry us are raised by each
        # message: neither is recomputed, so neither can reopen.
        recomputed = answer is None and kind not in rules.RAISED_KINDS
        previous = before.get((cid, kind)) if recomputed else None
        if opened_at >= start:
            result.opened[kind, severity] += 1
            if useful is not None:
                (result.useful if useful else result.not_useful)[kind, severity] += 1
            if previous is not None and previous.resolved_by_a_clinician:
                result.followed_a_resolved += 1
                result.reopened_without_new_evidence += previous.has_all(marks, evidence)
        if recomputed:
            resolved = state == SignalState.RESOLVED and reason != NO_LONGER_PRESENT
            before[cid, kind] = Earlier(resolved, marks, evidence)
    return result


class Earlier(NamedTuple):
    resolved_by_a_clinician: bool
    marks: list[str]
    evidence: list[str]

    def has_all(self, marks: list[str], evidence: list[str]) -> bool:
        """Whether a later signal had nothing this one had not: by marks where both have them,
        else by evidence dates (signals stored before marks were kept)."""
        if marks and self.marks:
            return set(marks) <= set(self.marks)
        return set(evidence) <= set(self.evidence)
