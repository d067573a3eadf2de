"""Radar use cases: keep signals current, record sessions, and act on signals."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import connection, transaction
from django.utils import timezone

from reconnect.core.input import InvalidInput
from reconnect.people.models import Client, User
from reconnect.radar import rules
from reconnect.radar.freshness import client_changed
from reconnect.radar.models import (
    LIVE_STATES,
    Modality,
    NoteKind,
    Outreach,
    OutreachAction,
    RadarState,
    Session,
    SessionStatus,
    Signal,
    SignalState,
)
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
        live = {
            (s.client_id, s.kind): s
            for s in Signal.objects.live().filter(client_id__in=ids).select_for_update()
        }
        _store(computed, live, today, started)
        _mark_fresh(ids, today, started)
    return len(ids)


def _store(
    computed: dict[int, list[rules.Signal]],
    live: dict[tuple[int, str], Signal],
    today: dt.date,
    now: dt.datetime,
) -> None:
    create, update = [], []
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
            woke = existing.state == SignalState.SNOOZED and (
                existing.snoozed_until is None or existing.snoozed_until <= today
            )
            if woke or any(getattr(existing, k) != v for k, v in values.items()):
                for key, value in values.items():
                    setattr(existing, key, value)
                if woke:
                    existing.state, existing.snoozed_until = SignalState.OPEN, None
                existing.updated_at = now
                update.append(existing)
    Signal.objects.bulk_create(create)
    Signal.objects.bulk_update(update, [*FIELDS, "state", "snoozed_until", "updated_at"])
    gone = [s.pk for s in live.values()]
    Signal.objects.filter(pk__in=gone).update(
        state=SignalState.RESOLVED, state_reason="No longer present", closed_at=now, updated_at=now
    )


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
    from django.db.models import Q

    clients = Client.objects.filter(user__is_active=True)
    if not full:
        clients = clients.filter(
            Q(radar__isnull=True)
            | Q(radar__stale_since__isnull=False)
            | Q(radar__refreshed_for__isnull=True)
            | Q(radar__refreshed_for__lt=today)
        )
    return clients.order_by("pk").values_list("pk", flat=True).iterator(chunk_size=5000)


@transaction.atomic
def record_session(
    *,
    client: Client,
    clinician: User,
    planned_at: dt.datetime,
    status: str = SessionStatus.PLANNED,
    modality: str = Modality.IN_PERSON,
    note: str = "",
    note_kind: str = NoteKind.SHARED,
) -> Session:
    """Record a planned or held session, with an optional shared or counselling note."""
    if status not in SessionStatus.values:
        raise InvalidInput("status", "Please choose one of the listed outcomes.")
    if modality not in Modality.values:
        raise InvalidInput("modality", "Please choose in person, video or phone.")
    if len(note) > 2000:
        raise InvalidInput("note", "Please keep the note under 2000 characters.")
    if note_kind not in NoteKind.values:
        raise InvalidInput("note_kind", "Please choose a session note or a counselling note.")
    session = Session.objects.create(
        client=client,
        clinician=clinician,
        planned_at=planned_at,
        status=status,
        modality=modality,
        note=note,
        note_kind=note_kind,
    )
    client_changed(client.pk)
    return session


@transaction.atomic
def set_session_status(*, session: Session, status: str) -> Session:
    if status not in SessionStatus.values:
        raise InvalidInput("status", "Please choose one of the listed outcomes.")
    session.status = status
    session.save(update_fields=["status"])
    client_changed(session.client_id)
    return session


@transaction.atomic
def acknowledge_signal(*, signal: Signal) -> None:
    Signal.objects.filter(pk=signal.pk, state=SignalState.OPEN).update(
        state=SignalState.ACKNOWLEDGED, updated_at=timezone.now()
    )


@transaction.atomic
def log_outreach(
    *, client: Client, clinician: User, action: str, outcome: str = "", signal: Signal | None = None
) -> Outreach:
    """Log what was done (called, texted, met, left a message, no answer) and how it went."""
    if action not in OutreachAction.values:
        raise InvalidInput("action", "Please choose what you did.")
    if len(outcome) > 1000:
        raise InvalidInput("outcome", "Please keep this under 1000 characters.")
    outreach = Outreach.objects.create(
        client=client, clinician=clinician, action=action, outcome=outcome.strip(), signal=signal
    )
    if signal is not None and signal.state == SignalState.OPEN:
        Signal.objects.filter(pk=signal.pk).update(
            state=SignalState.ACKNOWLEDGED, updated_at=timezone.now()
        )
    return outreach


@transaction.atomic
def close_signal(
    *,
    signal: Signal,
    reason: str,
    snooze_until: dt.date | None = None,
    useful: bool | None = None,
) -> None:
    """Resolve a signal, or snooze it until a date, with a reason (required)."""
    reason = reason.strip()
    if not reason:
        raise InvalidInput("reason", "Please say briefly why.")
    if signal.state not in LIVE_STATES:
        return
    now = timezone.now()
    if snooze_until is not None:
        if snooze_until <= timezone.localdate():
            raise InvalidInput("snooze_until", "Please choose a date after today.")
        values = {"state": SignalState.SNOOZED, "snoozed_until": snooze_until}
    else:
        values = {"state": SignalState.RESOLVED, "closed_at": now}
    Signal.objects.filter(pk=signal.pk).update(
        state_reason=reason[:300], useful=useful, updated_at=now, **values
    )


def session_awaiting_check(client: Client, days: int = 3) -> Session | None:
    """The latest attended session of the last few days that the client has not yet rated."""
    since = timezone.now() - dt.timedelta(days=days)
    return (
        Session.objects.filter(
            client=client,
            status=SessionStatus.ATTENDED,
            planned_at__gte=since,
            check_response__isnull=True,
        )
        .order_by("-planned_at")
        .first()
    )


def link_session_check(*, client: Client, session_id: int, response_id: int) -> None:
    """Attach the client's "How was today's session?" answers to that session."""
    Session.objects.filter(
        pk=session_id, client=client, status=SessionStatus.ATTENDED, check_response__isnull=True
    ).update(check_response_id=response_id)
