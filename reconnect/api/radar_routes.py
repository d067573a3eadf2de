"""API routes for the radar: the caseload in order, and one client's timeline."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import Http404
from django.utils import timezone
from ninja import Router, Schema
from pydantic import BaseModel

from reconnect.access import gate
from reconnect.access.models import Category
from reconnect.api.schemas import ERRORS
from reconnect.people.decorators import AuthenticatedHttpRequest
from reconnect.people.models import Role
from reconnect.radar.caseload import LiveSignal, caseload_rows
from reconnect.radar.events import client_events

router = Router(tags=["radar"])


# The caseload's rows are plain pydantic models, not ninja Schemas: a Schema reads each input
# through an attribute wrapper, which for a 300-client caseload took longer than the caseload.
class SignalOut(BaseModel):
    id: int
    kind: str
    severity: str
    state: str
    explanation: str
    start: dt.date
    end: dt.date
    evidence: list[dt.date]
    # What is new since the signal before it was resolved, or since it was snoozed ("" if none).
    whats_new: str


class CaseloadRowOut(BaseModel):
    client_id: int
    display_name: str
    signals: list[SignalOut]
    last_checkin: dt.datetime | None
    last_contact: dt.datetime | None
    next_session: dt.datetime | None


class EventOut(Schema):
    at: dt.datetime
    end: dt.datetime | None
    lane: str
    label: str


def _signal_out(signal: LiveSignal) -> dict[str, Any]:
    return {
        "id": signal.pk,
        "kind": signal.kind,
        "severity": signal.severity,
        "state": signal.state,
        "explanation": signal.explanation,
        "start": signal.start,
        "end": signal.end,
        "evidence": signal.evidence,
        "whats_new": signal.whats_new,
    }


@router.get(
    "/caseload",
    response={200: list[CaseloadRowOut], **ERRORS},
    summary="My caseload, ordered by what needs attention first (clinician or supervisor)",
)
def caseload(request: AuthenticatedHttpRequest) -> list[dict[str, Any]]:
    if request.user.role not in (Role.CLINICIAN, Role.SUPERVISOR):
        raise Http404("Only clinicians and supervisors have a caseload.")
    rows = caseload_rows(gate.reachable_clients(request.user))
    gate.record_summaries(
        request.user, [row.client_id for row in rows], where="their caseload, through the API"
    )
    return [
        {
            "client_id": row.client_id,
            "display_name": row.name,
            "signals": [_signal_out(s) for s in row.signals],
            "last_checkin": row.last_checkin,
            "last_contact": row.last_contact,
            "next_session": row.next_session,
        }
        for row in rows
    ]


@router.get(
    "/clients/{int:client_id}/timeline",
    response={200: list[EventOut], **ERRORS},
    summary="One client's timeline of the last 90 days (care team; audited)",
)
def timeline(request: AuthenticatedHttpRequest, client_id: int) -> list[dict[str, Any]]:
    client = gate.open_record(request.user, client_id, category=Category.TIMELINE)
    start = timezone.localdate() - dt.timedelta(days=89)
    events = sorted(client_events(client, start), key=lambda e: e.at)
    return [{"at": e.at, "end": e.end, "lane": e.lane, "label": e.label} for e in events]
