"""The caseload radar's rows: who needs attention first, and why, in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import Max, OuterRef, QuerySet, Subquery
from django.utils import timezone

from reconnect.core.dbfunctions import LocalDate
from reconnect.journal.models import CheckIn, Contact
from reconnect.people.models import Client
from reconnect.radar import thresholds as T
from reconnect.radar.models import RadarState, Session, SessionStatus, Signal, SignalState
from reconnect.radar.refresh import refresh_signals
from reconnect.radar.rules import KINDS, SEVERITY_ORDER

SPARK_DAYS = 14
QUIET = 3


@dataclass
class Row:
    client_id: int
    name: str
    signals: list[Signal]
    snoozed: list[Signal]
    last_checkin: dt.datetime | None
    last_contact: dt.datetime | None
    next_session: dt.datetime | None
    cravings: list[int | None]
    checkin_days: int

    next_response: str = ""  # the client's answer to the next session (ClientResponse)
    last_checkin_ago: str = ""
    last_contact_ago: str = ""

    @property
    def rank(self) -> int:
        return min((SEVERITY_ORDER[s.severity] for s in self.signals), default=QUIET)

    @property
    def oldest_open(self) -> dt.datetime:
        return min((s.opened_at for s in self.signals), default=timezone.now())


def ago(moment: dt.datetime | None, now: dt.datetime | None = None) -> str:
    """ "3 days ago", "5 hours ago", "just now", or "none": a cheap timesince for long lists."""
    if moment is None:
        return "none"
    seconds = ((now or timezone.now()) - moment).total_seconds()
    for unit, size in (("day", 86400), ("hour", 3600), ("minute", 60)):
        count = int(seconds // size)
        if count >= 1:
            return f"{count} {unit}{'s' if count != 1 else ''} ago"
    return "just now"


def refresh_if_needed(client_ids: Sequence[int], today: dt.date) -> int:
    """Recompute signals for clients with new data or not yet refreshed today (batched), and
    for those with a message waiting, whose wait grows by the hour, every little while."""
    recheck = timezone.now() - dt.timedelta(minutes=T.MESSAGE_RECHECK_MINUTES)
    fresh = set(
        RadarState.objects.filter(
            client_id__in=client_ids, stale_since__isnull=True, refreshed_for=today
        )
        .exclude(client__conversation__waiting_since__isnull=False, refreshed_at__lt=recheck)
        .values_list("client_id", flat=True)
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
    annotated = (
        Client.objects.filter(pk__in=ids)
        .annotate(
            last_checkin=Subquery(_latest(CheckIn, "recorded_at")),
            last_contact=Subquery(_latest(Contact, "recorded_at")),
            next_session=Subquery(_next_session(now).values("planned_at")[:1]),
            next_response=Subquery(_next_session(now).values("client_response")[:1]),
        )
        .values_list(
            "pk",
            "user__display_name",
            "last_checkin",
            "last_contact",
            "next_session",
            "next_response",
        )
    )
    live: dict[int, list[Signal]] = defaultdict(list)
    for signal in Signal.objects.live().filter(client_id__in=ids).order_by("opened_at"):
        live[signal.client_id].append(signal)
    cravings, days = _sparklines(ids, today)
    rows = []
    for cid, name, last_checkin, last_contact, next_session, next_response in annotated:
        signals = [s for s in live[cid] if s.state != SignalState.SNOOZED]
        if kind and not any(s.kind == kind for s in signals):
            continue
        rows.append(
            Row(
                client_id=cid,
                name=name,
                signals=sorted(
                    signals, key=lambda s: (SEVERITY_ORDER[s.severity], KINDS.index(s.kind))
                ),
                snoozed=[s for s in live[cid] if s.state == SignalState.SNOOZED],
                last_checkin=last_checkin,
                last_contact=last_contact,
                next_session=next_session,
                next_response=next_response or "",
                cravings=cravings[cid],
                checkin_days=days[cid],
                last_checkin_ago=ago(last_checkin, now),
                last_contact_ago=ago(last_contact, now),
            )
        )
    return sorted(rows, key=lambda r: (r.rank, r.oldest_open, r.name))


def _next_session(now: dt.datetime) -> QuerySet[Session]:
    return Session.objects.filter(
        client=OuterRef("pk"), planned_at__gte=now, status=SessionStatus.PLANNED
    ).order_by("planned_at", "id")


def _latest(model: type[CheckIn] | type[Contact], field: str) -> QuerySet[Any, Any]:
    # The stubs cannot type a manager made from a generic QuerySet: it reads as Any.
    latest: QuerySet[Any, Any] = (
        model.objects.filter(client=OuterRef("pk")).order_by(f"-{field}").values(field)[:1]
    )
    return latest


def _sparklines(
    ids: list[int], today: dt.date
) -> tuple[dict[int, list[int | None]], dict[int, int]]:
    """Each client's highest craving per day over the last two weeks, and their check-in days
    (aggregated by the database: at most one row per client and day)."""
    start = today - dt.timedelta(days=SPARK_DAYS - 1)
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    dates = [start + dt.timedelta(days=n) for n in range(SPARK_DAYS)]
    peaks: dict[int, dict[dt.date, int | None]] = defaultdict(dict)
    rows = (
        CheckIn.objects.filter(client_id__in=ids, recorded_at__gte=since)
        .annotate(day=LocalDate("recorded_at"))
        .values_list("client_id", "day")
        .annotate(peak=Max("craving"))
        .order_by()
    )
    for cid, day, peak in rows:
        peaks[cid][day] = peak
    series = {}
    for cid in ids:
        days = peaks.get(cid, {})
        series[cid] = [days.get(d) for d in dates]
    return series, {cid: len(peaks.get(cid, ())) for cid in ids}
