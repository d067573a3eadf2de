"""Keeping the radar current: recompute clients' signals from their timelines and store them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Q
from django.utils import timezone

from reconnect.people.models import Client
from reconnect.radar import rules
from reconnect.radar import thresholds as T
from reconnect.radar.models import RadarState, Signal, SignalState
from reconnect.radar.rules import hold
from reconnect.radar.rules.common import fmt
from reconnect.radar.timeline import load_timelines

FIELDS = ("severity", "start", "end", "explanation", "evidence", "marks")
UPDATED = [
    *FIELDS,
    "since",
    "whats_new",
    "state",
    "snoozed_until",
    "state_reason",
    "closed_at",
    "updated_at",
]
NO_LONGER_PRESENT = "No longer present"
_REFRESH_LOCK = 0x52414441  # PostgreSQL advisory lock key for storing radar signals


def refresh_signals(client_ids: Iterable[int], today: dt.date | None = None) -> int:
    """Recompute the signals of these clients and store them; returns how many were refreshed."""
    today = today or timezone.localdate()
    ids = list(client_ids)
    if not ids:
        return 0
    started = timezone.now()
    timelines = load_timelines(ids, today)
    computed = {cid: rules.signals(timeline, today) for cid, timeline in timelines.items()}
    with transaction.atomic():
        if connection.vendor == "postgresql":
            # Refreshes of the same client may run at once (a caseload view, a worker's batch);
            # taking turns here means the second sees the first's new signals and updates them
            # instead of inserting a duplicate. SQLite's IMMEDIATE transactions already take turns.
            with connection.cursor() as cursor:
                cursor.execute("SELECT pg_advisory_xact_lock(%s)", [_REFRESH_LOCK])
        live = list(Signal.objects.live().filter(client_id__in=ids).select_for_update())
        _store(computed, live, _resolved_before(computed, live), today, started)
        _mark_fresh(ids, today, started)
    return len(ids)


Pair = tuple[int, str]  # (client id, signal kind)


def _resolved_before(
    computed: dict[int, list[rules.Signal]], live: list[Signal]
) -> dict[Pair, Signal]:
    """For each signal computed again with none of its kind live, the latest resolved one: it
    holds the evidence already seen (hold.py)."""
    live_pairs = {(s.client_id, s.kind) for s in live if not _raised(s)}
    wanted = {(cid, s.kind) for cid, found in computed.items() for s in found} - live_pairs
    if not wanted:
        return {}
    latest: dict[Pair, Signal] = {}
    resolved = (
        Signal.objects.filter(
            client_id__in={cid for cid, _ in wanted},
            kind__in={kind for _, kind in wanted},
            state=SignalState.RESOLVED,
            safety_flag__isnull=True,
        )
        .order_by("-closed_at", "-pk")
        .only("client_id", "kind", "marks", "evidence", "closed_at", "state_reason")
    )
    for signal in resolved:
        latest.setdefault((signal.client_id, signal.kind), signal)
    return {pair: signal for pair, signal in latest.items() if pair in wanted}


def _store(
    computed: dict[int, list[rules.Signal]],
    live_signals: list[Signal],
    resolved: dict[Pair, Signal],
    today: dt.date,
    now: dt.datetime,
) -> None:
    live = {(s.client_id, s.kind): s for s in live_signals if not _raised(s)}
    update = [s for s in live_signals if _raised(s) and _age_answer_item(s, today, now)]
    create = []
    for cid, found in computed.items():
        for signal in found:
            existing = live.pop((cid, signal.kind), None)
            if existing is None:
                made = _new_signal(cid, signal, resolved.get((cid, signal.kind)), now)
                if made is not None:
                    create.append(made)
            elif _refresh_live(existing, signal, today, now):
                update.append(existing)
    Signal.objects.bulk_create(create)
    Signal.objects.bulk_update(update, UPDATED)
    gone = [s.pk for s in live.values()]
    Signal.objects.filter(pk__in=gone).update(
        state=SignalState.RESOLVED, state_reason=NO_LONGER_PRESENT, closed_at=now, updated_at=now
    )


def _values(signal: rules.Signal) -> dict[str, object]:
    return {
        "severity": signal.severity,
        "start": signal.start,
        "end": signal.end,
        "explanation": signal.explanation[:600],
        "evidence": [d.isoformat() for d in signal.evidence],
        "marks": [m.key for m in signal.marks],
    }


def _new_signal(
    cid: int, signal: rules.Signal, before: Signal | None, now: dt.datetime
) -> Signal | None:
    """A signal to store, or None while it holds: nothing new since the one before was
    resolved (by a clinician, or because its evidence went away)."""
    values = _values(signal)
    if before is None:
        return Signal(
            client_id=cid, kind=signal.kind, opened_at=now, since=signal.fired_on, **values
        )
    new = hold.new_marks(signal, before.marks) if before.marks else _new_by_evidence(signal, before)
    if not new:
        return None
    closed = timezone.localdate(before.closed_at or now)
    how = "it left the radar" if before.state_reason == NO_LONGER_PRESENT else "it was resolved"
    note = f"{how} on {fmt(closed)}"
    return Signal(
        client_id=cid,
        kind=signal.kind,
        opened_at=now,
        since=max(signal.fired_on, closed),
        held_marks=list(before.marks),
        held_note=note,
        whats_new=hold.whats_new(new, note),
        **values,
    )


def _new_by_evidence(signal: rules.Signal, before: Signal) -> tuple[rules.Mark, ...]:
    """For a signal resolved before marks were kept: new only with an evidence day it lacked."""
    days = {d.isoformat() for d in signal.evidence}
    return signal.marks if days - set(before.evidence) else ()


def _refresh_live(existing: Signal, signal: rules.Signal, today: dt.date, now: dt.datetime) -> bool:
    """Bring a live signal up to date; a snoozed one wakes on its date, or earlier when new
    evidence arrives. Returns whether it changed."""
    values = _values(signal)
    changed = any(getattr(existing, k) != v for k, v in values.items())
    for key, value in values.items():
        setattr(existing, key, value)
    if existing.since is None:
        existing.since, changed = signal.fired_on, True
    new = hold.new_marks(signal, existing.held_marks) if existing.held_note else ()
    words = hold.whats_new(new, existing.held_note)
    if words != existing.whats_new:
        existing.whats_new, changed = words, True
    if _woke(existing, today) or (existing.state == SignalState.SNOOZED and new):
        existing.state, existing.snoozed_until, changed = SignalState.OPEN, None, True
    if changed:
        existing.updated_at = now
    return changed


def _raised(signal: Signal) -> bool:
    """An item raised by an event (a safety answer, words that worry us): never recomputed."""
    return signal.safety_flag_id is not None or signal.kind in rules.RAISED_KINDS


def _woke(signal: Signal, today: dt.date) -> bool:
    return signal.state == SignalState.SNOOZED and (
        signal.snoozed_until is None or signal.snoozed_until <= today
    )


def _age_answer_item(item: Signal, today: dt.date, now: dt.datetime) -> bool:
    """A raised item (a safety answer's, or one for words that worry us) is not recomputed: it
    wakes from a snooze on its date, and once acknowledged leaves the radar when it is
    SAFETY_FLAG_DAYS old (an open one stays until someone acknowledges it). Returns whether it
    changed."""
    if _woke(item, today):
        item.state, item.snoozed_until = SignalState.OPEN, None
    elif item.state == SignalState.ACKNOWLEDGED and (today - item.end).days > T.SAFETY_FLAG_DAYS:
        item.state, item.closed_at = SignalState.RESOLVED, now
        what = "the answer" if item.safety_flag_id is not None else "the message"
        item.state_reason = f"Acknowledged, and {what} is over {T.SAFETY_FLAG_DAYS} days old"
    else:
        return False
    item.updated_at = now
    return True


def _mark_fresh(ids: list[int], today: dt.date, started: dt.datetime) -> None:
    existing = set(RadarState.objects.filter(client_id__in=ids).values_list("client_id", flat=True))
    RadarState.objects.bulk_create(
        [RadarState(client_id=cid) for cid in ids if cid not in existing]
    )
    # Data that arrived while computing keeps its stale mark.
    RadarState.objects.filter(client_id__in=ids).update(refreshed_at=started, refreshed_for=today)
    RadarState.objects.filter(client_id__in=ids, stale_since__lte=started).update(stale_since=None)


def clients_to_refresh(today: dt.date, *, full: bool = False) -> Iterable[int]:
    """Clients whose signals can change: new data since their last refresh, or not yet
    refreshed today (every rule works in whole days, so a client's signals change with the
    date only once a day)."""
    clients = Client.objects.filter(user__is_active=True)
    if not full:
        clients = clients.filter(
            Q(radar__isnull=True)
            | Q(radar__stale_since__isnull=False)
            | Q(radar__refreshed_for__isnull=True)
            | Q(radar__refreshed_for__lt=today)
        )
    return clients.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=5000)
