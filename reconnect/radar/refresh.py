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
from reconnect.radar.timeline import load_timelines

FIELDS = ("severity", "start", "end", "explanation", "evidence")
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
        _store(computed, live, today, started)
        _mark_fresh(ids, today, started)
    return len(ids)


def _store(
    computed: dict[int, list[rules.Signal]],
    live_signals: list[Signal],
    today: dt.date,
    now: dt.datetime,
) -> None:
    live = {(s.client_id, s.kind): s for s in live_signals if not _raised(s)}
    update = [s for s in live_signals if _raised(s) and _age_answer_item(s, today, now)]
    create = []
    for cid, found in computed.items():
        for signal in found:
            values = {
                "severity": signal.severity,
                "start": signal.start,
                "end": signal.end,
                "explanation": signal.explanation[:600],
                "evidence": [d.isoformat() for d in signal.evidence],
            }
            existing = live.pop((cid, signal.kind), None)
            if existing is None:
                create.append(Signal(client_id=cid, kind=signal.kind, opened_at=now, **values))
                continue
            woke = _woke(existing, today)
            if woke or any(getattr(existing, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(existing, key, value)
                if woke:
                    existing.state, existing.snoozed_until = SignalState.OPEN, None
                existing.updated_at = now
                update.append(existing)
    Signal.objects.bulk_create(create)
    Signal.objects.bulk_update(
        update, [*FIELDS, "state", "snoozed_until", "state_reason", "closed_at", "updated_at"]
    )
    gone = [s.pk for s in live.values()]
    Signal.objects.filter(pk__in=gone).update(
        state=SignalState.RESOLVED, state_reason="No longer present", closed_at=now, updated_at=now
    )


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
