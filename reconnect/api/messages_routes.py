"""API routes for the conversation with the care team: the client's own, the care team's
through the gate (audited), and read receipts."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from reconnect.access import gate
from reconnect.access.models import Action, Category
from reconnect.api.schemas import ERRORS, ErrorOut, IsoDateTime, StrictIn
from reconnect.conversations import actions
from reconnect.conversations.models import BODY_MAX_LENGTH, Message, MessageRead
from reconnect.people.decorators import AuthenticatedHttpRequest
from reconnect.people.models import Client

router = Router(tags=["messages"])


class MessageIn(StrictIn):
    # Checked again after trimming (1 to BODY_MAX_LENGTH characters) by the action.
    body: Annotated[str, Field(max_length=2 * BODY_MAX_LENGTH)]
    client_request_id: Annotated[str, Field(min_length=1, max_length=64)]


class AuthorOut(Schema):
    role: str
    name: str


class ReadOut(Schema):
    name: str
    read_at: dt.datetime


class MessageOut(Schema):
    id: int
    body: str
    sent_at: dt.datetime
    author: AuthorOut
    crisis_resources_shown: bool
    read_by: list[ReadOut]


class MessagePage(Schema):
    items: list[MessageOut]
    count: int
    page: int
    next_page: int | None


class MessageQuery(Schema):
    since: IsoDateTime | None = None
    page: Annotated[int, Field(ge=1, le=100000)] = 1
    page_size: Annotated[int, Field(ge=1, le=100)] = 50


class ReceiptOut(Schema):
    id: int
    read_at: dt.datetime


def _out(message: Message, reads: list[MessageRead]) -> dict[str, object]:
    return {
        "id": message.pk,
        "body": message.body,
        "sent_at": message.sent_at,
        "author": {"role": message.author_role, "name": message.author_name},
        "crisis_resources_shown": message.crisis_resources_shown,
        "read_by": [
            {"name": r.reader.get_short_name(), "read_at": r.read_at}
            for r in reads
            if r.reader_id != message.author_id
        ],
    }


def _page(client: Client, query: MessageQuery) -> dict[str, object]:
    messages = Message.objects.for_client(client)
    if query.since is not None:
        messages = messages.since(query.since)
    count = messages.count()
    start = (query.page - 1) * query.page_size
    items = list(messages.order_by("sent_at", "id")[start : start + query.page_size])
    reads: dict[int, list[MessageRead]] = {}
    for read in MessageRead.objects.filter(message__in=items).select_related("reader"):
        reads.setdefault(read.message_id, []).append(read)
    return {
        "items": [_out(m, reads.get(m.pk, [])) for m in items],
        "count": count,
        "page": query.page,
        "next_page": query.page + 1 if start + query.page_size < count else None,
    }


def _sent(client: Client, request: AuthenticatedHttpRequest, payload: MessageIn) -> Status[object]:
    sent = actions.send_message(
        client=client,
        author=request.user,
        body=payload.body,
        client_request_id=payload.client_request_id,
    )
    return Status(201 if sent.created else 200, _out(sent.message, []))


@router.get("/me/messages", response={200: MessagePage, **ERRORS}, summary="My messages")
def my_messages(request: AuthenticatedHttpRequest, query: Query[MessageQuery]) -> dict[str, object]:
    """My conversation with my care team, oldest first; `since` (ISO 8601) filters, `page` and
    `page_size` (≤ 100) paginate. Each message says who read it and when."""
    return _page(gate.own_record(request.user), query)


@router.post(
    "/me/messages",
    response={200: MessageOut, 201: MessageOut, **ERRORS},
    summary="Send my care team a message (idempotent by client_request_id)",
)
def send_my_message(request: AuthenticatedHttpRequest, payload: MessageIn) -> Status[object]:
    """201 with the message; the same client_request_id again returns the first (200); the
    same id with a different body is a 409 and sends nothing. `crisis_resources_shown` is true
    when the message has words that worry us: show the crisis resources and the safety plan
    at once (the message is sent all the same, and the care team gets an urgent item)."""
    return _sent(gate.own_record(request.user), request, payload)


@router.get(
    "/clients/{int:client_id}/messages",
    response={200: MessagePage, **ERRORS},
    summary="A client's messages (care team and supervisors; audited)",
)
def client_messages(
    request: AuthenticatedHttpRequest, client_id: int, query: Query[MessageQuery]
) -> dict[str, object]:
    client = gate.open_record(request.user, client_id, category=Category.MESSAGES)
    return _page(client, query)


@router.post(
    "/clients/{int:client_id}/messages",
    response={200: MessageOut, 201: MessageOut, 403: ErrorOut, **ERRORS},
    summary="Reply to a client (care team; idempotent by client_request_id)",
)
def reply_to_client(
    request: AuthenticatedHttpRequest, client_id: int, payload: MessageIn
) -> Status[object]:
    # The gate first: anyone outside the client's reach gets 404, like every record route.
    client = gate.open_record(
        request.user, client_id, category=Category.MESSAGES, action=Action.CREATE
    )
    if not getattr(client, "on_team", False):
        raise HttpError(403, "Only the client's care team replies.")
    return _sent(client, request, payload)


@router.post(
    "/messages/{int:message_id}/read",
    response={200: ReceiptOut, 403: ErrorOut, **ERRORS},
    summary="Mark a message read (the client, or someone on their care team)",
)
def read_message(request: AuthenticatedHttpRequest, message_id: int) -> dict[str, object]:
    """Records a read receipt once; marking it again changes nothing (the first time is kept).
    A supervisor's reading is audited, not a receipt (403)."""
    message = Message.objects.select_related("client").filter(pk=message_id).first()
    if message is None:
        raise Http404("No such message.")
    if message.client.user_id != request.user.pk:
        client = gate.open_record(request.user, message.client_id, category=Category.MESSAGES)
        if not getattr(client, "on_team", False):
            raise HttpError(403, "Only the client and their care team leave read receipts.")
    if message.author_id == request.user.pk:
        return {"id": message.pk, "read_at": message.sent_at}  # one has read what one wrote
    actions.mark_read(message=message, reader=request.user)
    read = MessageRead.objects.get(message=message, reader=request.user)
    return {"id": message.pk, "read_at": read.read_at}
