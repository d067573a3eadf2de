"""The caseload radar's rows: who needs attention first, and why, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import OuterRef, Prefetch, QuerySet, Subquery
from django.utils import timezone

from reconnect.journal.models import CheckIn, Contact
from reconnect.people.models import Client
from reconnect.radar.actions import refresh_signals
from reconnect.radar.models import RadarState, Session, SessionStatus, Signal, SignalState
from reconnect.radar.rules import KINDS, SEVERITY_ORDER

SPARK_DAYS = 14
QUIET = 3


@dataclass
class Row:
    client: Client
    signals: list[Signal]
    snoozed: list[Signal]
    last_checkin: dt.datetime | None
    last_contact: dt.datetime | None
    next_session: dt.datetime | None
    cravings: list[int | None]
    checkin_days: int

    @property
    def rank(self) -> int:
        return min((SEVERITY_ORDER[s.severity] for s in self.signals), default=QUIET)

    @property
    def oldest_open(self) -> dt.datetime:
        return min((s.opened_at for s in self.signals), default=timezone.now())


def refresh_if_needed(client_ids: Sequence[int], today: dt.date) -> int:
    """Recompute signals for clients with new data or not yet refreshed today (batched)."""
    fresh = set(
        RadarState.objects.filter(
            client_id__in=client_ids, stale_since__isnull=True, refreshed_for=today
        ).values_list("client_id", flat=True)
    )
    needing = [cid for cid in client_ids if cid not in fresh]
    return refresh_signals(needing, today) if needing else 0


def caseload_rows(
    clients: QuerySet[Client], *, kind: str | None = None, today: dt.date | None = None
) -> list[Row]:
    """Rows ordered urgent, attention, good news, quiet; oldest open signal first within each."""
    today = today or timezone.localdate()
    now = timezone.now()
    ids = list(clients.values_list("pk", flat=True))
    refresh_if_needed(ids, today)
    live = Signal.objects.live().order_by("severity", "opened_at")
    annotated = (
        Client.objects.filter(pk__in=ids)
        .select_related("user")
        .annotate(
            last_checkin=Subquery(_latest(CheckIn, "recorded_at")),
            last_contact=Subquery(_latest(Contact, "recorded_at")),
            next_session=Subquery(
                Session.objects.filter(
                    client=OuterRef("pk"), planned_at__gte=now, status=SessionStatus.PLANNED
                )
                .order_by("planned_at")
                .values("planned_at")[:1]
            ),
        )
        .prefetch_related(Prefetch("signals", queryset=live, to_attr="live_signals"))
    )
    cravings, days = _sparklines(ids, today)
    rows = []
    for client in annotated:
        signals = [s for s in client.live_signals if s.state != SignalState.SNOOZED]
        if kind and not any(s.kind == kind for s in signals):
            continue
        rows.append(
            Row(
                client=client,
                signals=sorted(
                    signals, key=lambda s: (SEVERITY_ORDER[s.severity], KINDS.index(s.kind))
                ),
                snoozed=[s for s in client.live_signals if s.state == SignalState.SNOOZED],
                last_checkin=client.last_checkin,
                last_contact=client.last_contact,
                next_session=client.next_session,
                cravings=cravings[client.pk],
                checkin_days=days[client.pk],
            )
        )
    return sorted(rows, key=lambda r: (r.rank, r.oldest_open, r.client.user.display_name))


def _latest(model: Any, field: str) -> QuerySet[Any]:
    return model.objects.filter(client=OuterRef("pk")).order_by(f"-{field}").values(field)[:1]


def _sparklines(
    ids: list[int], today: dt.date
) -> tuple[dict[int, list[int | None]], dict[int, int]]:
    """Each client's highest craving per day over the last two weeks, and their check-in days."""
    start = today - dt.timedelta(days=SPARK_DAYS - 1)
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    peaks: dict[int, dict[dt.date, int]] = defaultdict(dict)
    days: dict[int, set[dt.date]] = defaultdict(set)
    rows = CheckIn.objects.filter(client_id__in=ids, recorded_at__gte=since).values_list(
        "client_id", "recorded_at", "craving"
    )
    for cid, at, craving in rows:
        day = timezone.localtime(at).date()
        days[cid].add(day)
        if craving is not None:
            peaks[cid][day] = max(craving, peaks[cid].get(day, 0))
    series = {
        cid: [peaks[cid].get(start + dt.timedelta(days=n)) for n in range(SPARK_DAYS)]
        for cid in ids
    }
    return series, {cid: len(days[cid]) for cid in ids}
