"""The caseload radar's rows: who needs attention first, and why, in a fixed number of queries.

Tiers first (urgent, needs attention, good news, quiet), then open before acknowledged, then the
weight of the evidence within a tier (rules/ranking.py), then the longest open. The page is a
clinician's home, so it reads little: one query for the clients with their latest check-in,
contact and next session and whether their radar is fresh; one for the live signals; one for
the sparklines. Each filters by the caseload's own query rather than a list of ids, and the
signals are read as plain values.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import (
    BooleanField,
    ExpressionWrapper,
    Max,
    OuterRef,
    Q,
    QuerySet,
    Subquery,
)
from django.utils import timezone

from reconnect.core.dbfunctions import LocalDate
from reconnect.journal.models import CheckIn, Contact
from reconnect.people.models import Client
from reconnect.radar import thresholds as T
from reconnect.radar.models import Session, SessionStatus, Signal, SignalState
from reconnect.radar.refresh import refresh_signals
from reconnect.radar.rules import KINDS, SEVERITY_ORDER
from reconnect.radar.rules.ranking import Weight, weigh

SPARK_DAYS = 14
QUIET = 3


@dataclass(frozen=True, slots=True)
class LiveSignal:
    """A live signal as the caseload shows it (read as values: no model instance per signal)."""

    pk: int
    client_id: int
    kind: str
    severity: str
    state: str
    explanation: str
    start: dt.date
    end: dt.date
    evidence: list[str]
    since: dt.date | None
    whats_new: str

    @property
    def open_since(self) -> dt.date:
        return self.since or self.start


LIVE_FIELDS = (
    "pk",
    "client_id",
    "kind",
    "severity",
    "state",
    "explanation",
    "start",
    "end",
    "evidence",
    "since",
    "whats_new",
)


@dataclass
class Row:
    client_id: int
    name: str
    signals: list[LiveSignal]
    snoozed: list[LiveSignal]
    last_checkin: dt.datetime | None
    last_contact: dt.datetime | None
    next_session: dt.datetime | None
    cravings: list[int | None]
    checkin_days: int
    weight: Weight = Weight(0.0, ())

    next_response: str = ""  # the client's answer to the next session (ClientResponse)
    last_checkin_ago: str = ""
    last_contact_ago: str = ""

    @property
    def rank(self) -> int:
        return min((SEVERITY_ORDER[s.severity] for s in self.signals), default=QUIET)

    @property
    def waiting(self) -> int:
        """0 when a signal of the card's tier is still open, 1 when each has been acknowledged:
        an open urgent item comes before one a clinician has already taken up."""
        top = [s for s in self.signals if SEVERITY_ORDER[s.severity] == self.rank]
        return 0 if any(s.state == SignalState.OPEN for s in top) else int(bool(top))

    @property
    def oldest_open(self) -> dt.date:
        return min((s.open_since for s in self.signals), default=dt.date.max)


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


def _fresh(today: dt.date, recheck: dt.datetime) -> ExpressionWrapper[Any]:
    """Whether a client's stored signals are current (else they are recomputed first): no new
    data since their last refresh, refreshed today, and no message waiting (its wait grows by
    the hour with no new data) unless rechecked since `recheck`. Computed by the database."""
    current = Q(radar__stale_since__isnull=True, radar__refreshed_for=today) & ~Q(
        conversation__waiting_since__isnull=False, radar__refreshed_at__lt=recheck
    )
    return ExpressionWrapper(current, output_field=BooleanField())


def caseload_rows(
    clients: QuerySet[Client], *, kind: str | None = None, today: dt.date | None = None
) -> list[Row]:
    """Rows ordered urgent, attention, good news, quiet; within each, cards with a signal still
    open before those whose signals were all acknowledged; then by the weight of the evidence;
    then longest open first."""
    today = today or timezone.localdate()
    now = timezone.now()
    people = list(
        clients.annotate(
            last_checkin=Subquery(_latest(CheckIn, "recorded_at")),
            last_contact=Subquery(_latest(Contact, "recorded_at")),
            next_session=Subquery(_next_session(now).values("planned_at")[:1]),
            next_response=Subquery(_next_session(now).values("client_response")[:1]),
            fresh=_fresh(today, now - dt.timedelta(minutes=T.MESSAGE_RECHECK_MINUTES)),
        ).values_list(
            "pk",
            "user__display_name",
            "last_checkin",
            "last_contact",
            "next_session",
            "next_response",
            "fresh",
        )
    )
    needing = [p[0] for p in people if not p[6]]
    if needing:
        refresh_signals(needing, today)
    scope = clients.values("pk")
    live: dict[int, list[LiveSignal]] = defaultdict(list)
    for values in (
        Signal.objects.live()
        .filter(client__in=scope)
        .order_by("opened_at")
        .values_list(*LIVE_FIELDS)
    ):
        signal = LiveSignal(*values)
        live[signal.client_id].append(signal)
    cravings, days = _sparklines(scope, [p[0] for p in people], today)
    rows = []
    for cid, name, last_checkin, last_contact, next_session, next_response, *_ in people:
        signals = [s for s in live[cid] if s.state != SignalState.SNOOZED]
        if kind and not any(s.kind == kind for s in signals):
            continue
        signals.sort(key=lambda s: (SEVERITY_ORDER[s.severity], KINDS.index(s.kind)))
        rows.append(
            Row(
                client_id=cid,
                name=name,
                signals=signals,
                snoozed=[s for s in live[cid] if s.state == SignalState.SNOOZED],
                last_checkin=last_checkin,
                last_contact=last_contact,
                next_session=next_session,
                next_response=next_response or "",
                cravings=cravings[cid],
                checkin_days=days[cid],
                weight=_weight(signals, last_checkin, today),
                last_checkin_ago=ago(last_checkin, now),
                last_contact_ago=ago(last_contact, now),
            )
        )
    return sorted(rows, key=lambda r: (r.rank, r.waiting, -r.weight.value, r.oldest_open, r.name))


def _weight(
    signals: Sequence[LiveSignal], last_checkin: dt.datetime | None, today: dt.date
) -> Weight:
    if not signals:
        return Weight(0.0, ())
    silent = (today - timezone.localdate(last_checkin)).days if last_checkin else None
    newest = max((d for s in signals for d in s.evidence), default=None)  # ISO dates sort
    age = (today - dt.date.fromisoformat(newest)).days if newest else None
    return weigh([s.kind for s in signals], silent, age)


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
    scope: QuerySet[Any, Any], ids: list[int], today: dt.date
) -> tuple[dict[int, list[int | None]], dict[int, int]]:
    """Each client's highest craving per day over the last two weeks, and their check-in days
    (aggregated by the database: at most one row per client and day). The rows are read raw:
    converting some 3,000 of them took longer than the query."""
    start = today - dt.timedelta(days=SPARK_DAYS - 1)
    since = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    days = [start + dt.timedelta(days=n) for n in range(SPARK_DAYS)]
    # A day comes back as a date (PostgreSQL) or as its ISO text (SQLite): both find its place.
    index: dict[object, int] = {d: n for n, d in enumerate(days)}
    index.update({d.isoformat(): n for n, d in enumerate(days)})
    series: dict[int, list[int | None]] = {cid: [None] * SPARK_DAYS for cid in ids}
    count: dict[int, int] = dict.fromkeys(ids, 0)
    peaks = (
        CheckIn.objects.filter(client__in=scope, recorded_at__gte=since)
        .annotate(day=LocalDate("recorded_at"))
        .values_list("client_id", "day")
        .annotate(peak=Max("craving"))
        .order_by()
    )
    sql, params = peaks.query.sql_with_params()
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for cid, day, peak in cursor.fetchall():
            n = index.get(day)
            if n is not None and cid in series:
                series[cid][n] = peak
                count[cid] += 1
    return series, count
