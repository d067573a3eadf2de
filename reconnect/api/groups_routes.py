"""API routes for peer groups: my groups, a group's posts (members and facilitators, aliases
only), writing a post or reply, and reporting a post. No answer carries a real name."""

from __future__ import annotations

import datetime as dt
from typing import Annotated

from django.conf import settings
from django.http import Http404
from ninja import Field, Query, Router, Schema, Status
from ninja.errors import HttpError

from reconnect.access import gate
from reconnect.access.models import Category
from reconnect.api.schemas import ERRORS, ErrorOut, StrictIn
from reconnect.core.input import InvalidInput
from reconnect.core.language import check_language
from reconnect.groups import actions, pages, reach
from reconnect.groups.models import (
    BODY_MAX_LENGTH,
    Facilitator,
    GroupMember,
    PeerGroup,
    Post,
    ReportReason,
    SeatStatus,
)
from reconnect.notifications.reach import client_zone
from reconnect.people.decorators import AuthenticatedHttpRequest
from reconnect.people.models import Role

router = Router(tags=["peer groups"])


class GroupOut(Schema):
    id: int
    name: str
    purpose: str
    rhythm: str
    status: str  # member, invited, requested, facilitator, or can_ask
    alias: str
    facilitators: list[str]


class PostOut(Schema):
    id: int
    alias: str
    mine: bool
    body: str
    state: str
    note: str
    reply_to: int | None
    created_at: str
    with_you: list[str]


class PostPage(Schema):
    items: list[PostOut]
    page: int
    next_page: int | None


class PostQuery(Schema):
    page: Annotated[int, Field(ge=1, le=100000)] = 1


class PostIn(StrictIn):
    # Checked again after trimming (1 to BODY_MAX_LENGTH characters) by the action.
    body: Annotated[str, Field(max_length=2 * BODY_MAX_LENGTH)]
    reply_to: int | None = None
    client_request_id: Annotated[str, Field(min_length=1, max_length=64)]


class SuggestionOut(Schema):
    term: str
    suggestion: str


class PostedOut(Schema):
    id: int
    alias: str
    body: str
    reply_to: int | None
    created_at: dt.datetime
    held: bool
    crisis_resources_shown: bool
    language_suggestions: list[SuggestionOut]


class ReportIn(StrictIn):
    reason: ReportReason
    note: Annotated[str, Field(max_length=300)] = ""


class ReportOut(Schema):
    id: int
    post_id: int
    reason: str


def _names(group_ids: list[int]) -> dict[int, list[str]]:
    found: dict[int, list[str]] = {}
    rows = Facilitator.objects.filter(group_id__in=group_ids).order_by("id")
    for group_id, name in rows.values_list("group_id", "user__display_name"):
        found.setdefault(group_id, []).append(name)
    return found


@router.get("/me/peer-groups", response={200: list[GroupOut], **ERRORS}, summary="My peer groups")
def my_groups(request: AuthenticatedHttpRequest) -> list[dict[str, object]]:
    """A client's groups (member, invited, asked to join) and the listed groups they may ask
    to join; a facilitator's groups. Aliases only: never a real name of a member."""
    user = request.user
    membership = user.membership
    if membership is None:
        return []
    groups = PeerGroup.objects.in_program(membership.program_id)
    rows: list[tuple[PeerGroup, str, str]] = []
    if user.role == Role.CLIENT:
        client = gate.own_record(user)
        seats = {
            s.group_id: s
            for s in GroupMember.objects.filter(client=client).exclude(status=SeatStatus.DECLINED)
        }
        status_words = {
            SeatStatus.ACTIVE: "member",
            SeatStatus.INVITED: "invited",
            SeatStatus.REQUESTED: "requested",
        }
        for group in groups:
            seat = seats.get(group.pk)
            if seat is not None and seat.status in status_words:
                rows.append((group, status_words[SeatStatus(seat.status)], seat.alias))
            elif group.listed and (seat is None or seat.status == SeatStatus.LEFT):
                rows.append((group, "can_ask", ""))
    elif user.role in (Role.PEER, Role.CLINICIAN):
        rows = [(g, "facilitator", "") for g in groups.facilitated_by(user)]
    names = _names([g.pk for g, _, _ in rows])
    return [
        {
            "id": g.pk,
            "name": g.name,
            "purpose": g.purpose,
            "rhythm": g.rhythm,
            "status": status,
            "alias": alias,
            "facilitators": names.get(g.pk, []),
        }
        for g, status, alias in rows
    ]


@router.get(
    "/peer-groups/{int:group_id}/posts",
    response={200: PostPage, **ERRORS},
    summary="A group's posts, newest page first (members and facilitators; aliases only)",
)
def group_posts(
    request: AuthenticatedHttpRequest, group_id: int, query: Query[PostQuery]
) -> dict[str, object]:
    """30 posts a page, newest page first and oldest first within it; `next_page` is older.
    Deleted and hidden posts come as tombstones (`body` empty, `note` says why); a member's
    own held post comes with `state: "held"`."""
    place = reach.reader(request.user, group_id)
    seat = place.seat if place.is_member else None
    zone = client_zone(seat.client) if seat is not None else settings.TIME_ZONE
    thread = pages.thread_page(place.group, query.page, seat=seat, zone=zone)
    if place.facilitator:
        gate.record_summaries(
            request.user,
            thread.author_client_ids,
            category=Category.GROUPS,
            where="a peer group they facilitate",
        )
    return {
        "items": [
            {
                "id": p.id,
                "alias": p.alias,
                "mine": p.mine,
                "body": p.body,
                "state": p.state,
                "note": p.tombstone or p.held_note,
                "reply_to": p.reply_to_id,
                "created_at": p.created_at,
                "with_you": list(p.with_you) + (["you"] if p.with_you_mine else []),
            }
            for p in thread.posts
        ],
        "page": thread.page.number,
        "next_page": thread.page.next_page_number if thread.page.has_next else None,
    }


@router.post(
    "/peer-groups/{int:group_id}/posts",
    response={200: PostedOut, 201: PostedOut, 403: ErrorOut, **ERRORS},
    summary="Post or reply in a group (members; idempotent by client_request_id)",
)
def write_post(request: AuthenticatedHttpRequest, group_id: int, payload: PostIn) -> Status[object]:
    """201 with the post; the same client_request_id again returns the first (200), with a
    different body 409. `held: true` means it waits for a facilitator (a new member's first
    posts, or words that worry us); `crisis_resources_shown: true` means show the crisis
    lines and the safety plan at once. `language_suggestions` are gentle person-first
    alternatives, offered and never enforced. A member whose posting is paused, who left or
    was removed gets 403 with the reason (and until when); a group one is not in, 404."""
    client = reach.writer(request.user, group_id)
    try:
        posted = actions.post_as(
            client=client,
            group_id=group_id,
            body=payload.body,
            reply_to=payload.reply_to,
            client_request_id=payload.client_request_id,
        )
    except InvalidInput as error:
        if error.field in ("group", "agreed"):
            raise HttpError(403, error.message) from error
        raise
    post = posted.post
    return Status(
        201 if posted.created else 200,
        {
            "id": post.pk,
            "alias": post.alias,
            "body": post.body,
            "reply_to": post.reply_to_id,
            "created_at": post.created_at,
            "held": posted.held,
            "crisis_resources_shown": posted.crisis_resources_shown,
            "language_suggestions": [
                {"term": f.term, "suggestion": f.suggestion} for f in check_language(post.body)
            ],
        },
    )


@router.post(
    "/posts/{int:post_id}/report",
    response={201: ReportOut, **ERRORS},
    summary="Report a post to the group's facilitators (members; once per post)",
)
def report_post(
    request: AuthenticatedHttpRequest, post_id: int, payload: ReportIn
) -> Status[object]:
    """`reason`: unkind, identity, soliciting, unsafe or other; an optional `note`. One's own
    post, or a second report of the same post, is refused (422); a post one cannot see, 404."""
    post = Post.objects.filter(pk=post_id).only("id", "group_id").first()
    if post is None:
        raise Http404("No such post.")
    place = reach.reader(request.user, post.group_id)
    if not place.is_member or place.seat is None:
        raise Http404("No such post.")
    visible = Post.objects.in_group(place.group.pk).shown_to(place.seat.pk).filter(pk=post_id)
    found = visible.first()
    if found is None:
        raise Http404("No such post.")
    report = actions.report_post(
        seat=place.seat, post=found, reason=str(payload.reason), note=payload.note
    )
    return Status(201, {"id": report.pk, "post_id": found.pk, "reason": report.reason})
