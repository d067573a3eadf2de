"""What a recipient sees under a consent: only the categories it names, in calm words."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from reconnect.consent import categories as cat
from reconnect.journal.models import CircleMember
from reconnect.journal.timeline import days_for
from reconnect.measures.instruments import INSTRUMENTS
from reconnect.measures.models import Response
from reconnect.people.models import Client
from reconnect.radar.models import NoteKind, Session
from reconnect.safety.actions import current_plan
from reconnect.safety.models import SECTIONS


@dataclass
class SharedPage:
    """The content of a shared view, one entry per category the consents cover."""

    client_name: str
    categories: frozenset[str]
    checkins: dict[str, Any] | None = None
    circle: list[dict[str, str]] = field(default_factory=list)
    safety_plan: list[tuple[str, list[str]]] | None = None
    measures: list[dict[str, Any]] = field(default_factory=list)
    attendance: list[dict[str, Any]] = field(default_factory=list)
    notes: list[dict[str, Any]] = field(default_factory=list)


def checkin_summary(client: Client, today: dt.date) -> dict[str, Any]:
    """Check-ins and days connected, this week and each of the three weeks before."""
    start = today - dt.timedelta(days=27)
    days = days_for(client, since=start)
    weeks = []
    for back in range(4):
        end = today - dt.timedelta(days=7 * back)
        first = end - dt.timedelta(days=6)
        inside = [d for d in days if first <= d.day <= end]
        weeks.append(
            {
                "start": first,
                "end": end,
                "checkins": sum(sum(d.states.values()) for d in inside),
                "connected_days": sum(1 for d in inside if d.reached_out),
            }
        )
    return {"this_week": weeks[0], "weeks": weeks}


def build(client: Client, categories: frozenset[str], *, reader: object = None) -> SharedPage:
    """Collect exactly the shared categories of this client's record, nothing else."""
    categories = frozenset(categories) & frozenset(cat.KEYS)
    page = SharedPage(client_name=client.user.get_short_name(), categories=categories)
    if cat.CHECKIN_SUMMARY in categories:
        page.checkins = checkin_summary(client, timezone.localdate())
    if cat.CIRCLE in categories:
        page.circle = [
            {"name": m.name, "relationship": m.relationship, "how_they_help": m.how_they_help}
            for m in CircleMember.objects.for_client(client)
        ]
    if cat.SAFETY_PLAN in categories:
        version = current_plan(client)
        page.safety_plan = [(s.title, version.sections[s.key]) for s in SECTIONS] if version else []
    if cat.MEASURES in categories:
        page.measures = [
            {
                "at": r.submitted_at,
                # Plain name with the code after: read by the client and their supporters.
                "name": INSTRUMENTS[r.instrument].client_title
                if r.instrument in INSTRUMENTS
                else r.instrument,
                "total": r.total,
                "band": r.band,
            }
            for r in Response.objects.for_client(client).completed().order_by("-submitted_at")[:50]
        ]
    session_categories = {cat.ATTENDANCE, cat.SHARED_NOTES} & categories
    if session_categories:
        _sessions(client, page, session_categories)
    return page


def _sessions(client: Client, page: SharedPage, wanted: set[str]) -> None:
    sessions = list(Session.objects.filter(client=client).order_by("-planned_at")[:50])
    if cat.ATTENDANCE in wanted:
        page.attendance = [
            {"at": s.planned_at, "status": s.get_status_display()}
            for s in sessions
            if s.planned_at <= timezone.now()
        ]
    if cat.SHARED_NOTES in wanted:  # counselling notes never, whatever a consent lists
        page.notes = [
            {"at": s.planned_at, "kind": s.get_note_kind_display(), "text": s.note}
            for s in sessions
            if s.note and s.note_kind == NoteKind.SHARED
        ]
