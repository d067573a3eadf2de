"""API routes for a client's own journal (check-ins, circle, contacts, safety plan), and the
care team's read of check-ins through the gate."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import Http404
from django.shortcuts import get_object_or_404
from ninja import Field, Query, Router, Schema, Status

from reconnect.access import gate
from reconnect.access.models import Category
from reconnect.api.schemas import ERRORS, IsoDateTime, JsonInt, StrictIn
from reconnect.journal import actions
from reconnect.journal.models import (
    NOTE_MAX_LENGTH,
    BodyState,
    CheckIn,
    CircleMember,
    Connected,
    Contact,
    ContactChannel,
    Felt,
)
from reconnect.people.decorators import AuthenticatedHttpRequest
from reconnect.people.models import Client
from reconnect.safety.actions import current_plan, save_safety_plan
from reconnect.safety.models import SECTION_KEYS

router = Router(tags=["journal"])
RequestId = Annotated[str, Field(min_length=1, max_length=64)]
Scale = Annotated[JsonInt, Field(ge=0, le=10)]
Text = Annotated[str, Field(max_length=300)]


class CheckInIn(StrictIn):
    state: BodyState
    craving: Scale | None = None
    connected: Connected | None = None
    circle_member_ids: list[JsonInt] = Field(default_factory=list, max_length=50)
    note: Annotated[str, Field(max_length=NOTE_MAX_LENGTH)] | None = None
    client_request_id: RequestId


class CheckInOut(Schema):
    id: int
    recorded_at: dt.datetime
    state: str
    craving: int | None
    connected: str | None
    circle_member_ids: list[int]
    note: str | None
    note_shared: bool


class CheckInPage(Schema):
    items: list[CheckInOut]
    count: int
    page: int
    next_page: int | None


class PageQuery(Schema):
    since: IsoDateTime | None = None
    page: Annotated[int, Field(ge=1, le=100000)] = 1
    page_size: Annotated[int, Field(ge=1, le=100)] = 50


class CircleMemberIn(StrictIn):
    name: Annotated[str, Field(min_length=1, max_length=80)]
    relationship: Annotated[str, Field(max_length=80)] = ""
    how_they_help: Text = ""
    how_to_reach: Annotated[str, Field(max_length=200)] = ""
    best_times: Annotated[str, Field(max_length=120)] = ""
    client_request_id: Annotated[str, Field(max_length=64)] = ""


class CircleMemberOut(Schema):
    id: int
    name: str
    relationship: str
    how_they_help: str
    how_to_reach: str
    best_times: str


class ContactIn(StrictIn):
    circle_member_id: JsonInt | None = None
    channel: ContactChannel | None = None
    felt: Felt | None = None
    client_request_id: RequestId


class ContactOut(Schema):
    id: int
    recorded_at: dt.datetime
    circle_member_id: int | None
    channel: str | None
    felt: str | None


class SafetyPlanIn(StrictIn):
    warning_signs: list[Text] = Field(default_factory=list, max_length=20)
    coping: list[Text] = Field(default_factory=list, max_length=20)
    distraction: list[Text] = Field(default_factory=list, max_length=20)
    people_help: list[Text] = Field(default_factory=list, max_length=20)
    professionals: list[Text] = Field(default_factory=list, max_length=20)
    environment: list[Text] = Field(default_factory=list, max_length=20)
    reasons: list[Text] = Field(default_factory=list, max_length=20)


class SafetyPlanOut(SafetyPlanIn):
    version: int
    saved_at: dt.datetime
    saved_by_role: str


def _checkin_out(checkin: CheckIn, *, own: bool) -> dict[str, object]:
    show_note = own or checkin.note_shared
    return {
        "id": checkin.pk,
        "recorded_at": checkin.recorded_at,
        "state": checkin.state,
        "craving": checkin.craving,
        "connected": checkin.connected or None,
        "circle_member_ids": sorted(m.pk for m in checkin.circle_members.all()),
        "note": (checkin.note or None) if show_note else None,
        "note_shared": checkin.note_shared,
    }


def _checkin_page(client: Client, query: PageQuery, *, own: bool) -> dict[str, object]:
    checkins = CheckIn.objects.for_client(client).prefetch_related("circle_members")
    if query.since is not None:
        checkins = checkins.since(query.since)
    count = checkins.count()
    start = (query.page - 1) * query.page_size
    items = list(checkins.order_by("recorded_at", "id")[start : start + query.page_size])
    return {
        "items": [_checkin_out(c, own=own) for c in items],
        "count": count,
        "page": query.page,
        "next_page": query.page + 1 if start + query.page_size < count else None,
    }


@router.post(
    "/me/checkins",
    response={200: CheckInOut, 201: CheckInOut, **ERRORS},
    summary="Record a check-in (idempotent by client_request_id)",
)
def create_checkin(
    request: AuthenticatedHttpRequest, payload: CheckInIn
) -> Status[dict[str, object]]:
    """201 with the stored check-in; the same client_request_id again returns the first (200);
    the same id with a different body is a 409 and stores nothing."""
    client = gate.own_record(request.user)
    checkin, created = actions.record_checkin(client=client, **payload.dict())
    return Status(201 if created else 200, _checkin_out(checkin, own=True))


@router.get("/me/checkins", response={200: CheckInPage, **ERRORS}, summary="My check-ins")
def list_checkins(request: AuthenticatedHttpRequest, query: Query[PageQuery]) -> dict[str, object]:
    """Oldest first; `since` (ISO 8601) filters, `page` and `page_size` (≤ 100) paginate."""
    return _checkin_page(gate.own_record(request.user), query, own=True)


@router.get(
    "/clients/{int:client_id}/checkins",
    response={200: CheckInPage, **ERRORS},
    summary="A client's check-ins (care team; audited; private notes withheld)",
)
def client_checkins(
    request: AuthenticatedHttpRequest, client_id: int, query: Query[PageQuery]
) -> dict[str, object]:
    client = gate.open_record(request.user, client_id, category=Category.CHECKINS)
    return _checkin_page(client, query, own=client.user_id == request.user.pk)


@router.get("/me/circle", response={200: list[CircleMemberOut], **ERRORS}, summary="My circle")
def list_circle(request: AuthenticatedHttpRequest) -> list[CircleMember]:
    return list(CircleMember.objects.for_client(gate.own_record(request.user)))


@router.post(
    "/me/circle",
    response={200: CircleMemberOut, 201: CircleMemberOut, **ERRORS},
    summary="Add someone to my circle",
)
def add_to_circle(
    request: AuthenticatedHttpRequest, payload: CircleMemberIn
) -> Status[CircleMember]:
    member, created = actions.add_circle_member(
        client=gate.own_record(request.user), **payload.dict()
    )
    return Status(201 if created else 200, member)


@router.put(
    "/me/circle/{int:member_id}", response={200: CircleMemberOut, **ERRORS}, summary="Edit a member"
)
def edit_circle_member(
    request: AuthenticatedHttpRequest, member_id: int, payload: CircleMemberIn
) -> CircleMember:
    client = gate.own_record(request.user)
    member = get_object_or_404(CircleMember.objects.for_client(client), pk=member_id)
    values = payload.dict(exclude={"client_request_id"})
    return actions.update_circle_member(member=member, **values)


@router.delete(
    "/me/circle/{int:member_id}", response={204: None, **ERRORS}, summary="Remove a member"
)
def remove_from_circle(request: AuthenticatedHttpRequest, member_id: int) -> Status[None]:
    client = gate.own_record(request.user)
    member = get_object_or_404(CircleMember.objects.for_client(client), pk=member_id)
    actions.remove_circle_member(member=member)
    return Status(204, None)


@router.get("/me/contacts", response={200: list[ContactOut], **ERRORS}, summary="My contacts")
def list_contacts(request: AuthenticatedHttpRequest) -> list[dict[str, object]]:
    contacts = Contact.objects.for_client(gate.own_record(request.user)).order_by("-recorded_at")
    return [_contact_out(c) for c in contacts[:200]]


def _contact_out(contact: Contact) -> dict[str, object]:
    return {
        "id": contact.pk,
        "recorded_at": contact.recorded_at,
        "circle_member_id": contact.circle_member_id,
        "channel": contact.channel or None,
        "felt": contact.felt or None,
    }


@router.post(
    "/me/contacts",
    response={200: ContactOut, 201: ContactOut, **ERRORS},
    summary="Log a reaching-out moment (idempotent by client_request_id)",
)
def log_contact(request: AuthenticatedHttpRequest, payload: ContactIn) -> Status[dict[str, object]]:
    contact, created = actions.log_contact(client=gate.own_record(request.user), **payload.dict())
    return Status(201 if created else 200, _contact_out(contact))


def _plan_out(client: Client) -> dict[str, object] | None:
    version = current_plan(client)
    if version is None:
        return None
    return {
        **version.sections,
        "version": version.number,
        "saved_at": version.created_at,
        "saved_by_role": version.author_role,
    }


@router.get("/me/safety-plan", response={200: SafetyPlanOut, **ERRORS}, summary="My safety plan")
def get_safety_plan(request: AuthenticatedHttpRequest) -> dict[str, object]:
    plan = _plan_out(gate.own_record(request.user))
    if plan is None:
        raise Http404("No safety plan yet.")
    return plan


@router.put(
    "/me/safety-plan",
    response={200: SafetyPlanOut, **ERRORS},
    summary="Save my safety plan (a new version; unchanged content keeps the current one)",
)
def put_safety_plan(
    request: AuthenticatedHttpRequest, payload: SafetyPlanIn
) -> dict[str, object] | None:
    client = gate.own_record(request.user)
    save_safety_plan(
        client=client, sections={k: getattr(payload, k) for k in SECTION_KEYS}, author=request.user
    )
    return _plan_out(client)
