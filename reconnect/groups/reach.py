"""Who may do what in a peer group: members read and post, facilitators moderate, program
admins read the moderation log. Anyone else, and anyone outside the group's program, gets 404,
as for records out of reach. Two queries at most."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from django.db import connection
from django.http import Http404

from reconnect.core import rows
from reconnect.groups.models import Facilitator, GroupMember, PeerGroup, SeatStatus
from reconnect.people.models import Client, Role, User


@dataclass(frozen=True)
class Place:
    """This person's place in a group."""

    group: PeerGroup
    seat: GroupMember | None  # a client's seat, in whatever state
    facilitator: bool
    admin: bool

    @property
    def is_member(self) -> bool:
        return self.seat is not None and self.seat.status == SeatStatus.ACTIVE

    @property
    def reads(self) -> bool:
        return self.facilitator or self.is_member


def place_in(user: User, group_id: int) -> Place:
    """The group (of this person's program) and their place in it; 404 for a group elsewhere."""
    membership = user.membership if user.is_authenticated else None
    if membership is None:
        raise Http404("No such group.")
    group = PeerGroup.objects.filter(pk=group_id, program_id=membership.program_id).first()
    if group is None:
        raise Http404("No such group.")
    role = membership.role
    seat = None
    facilitator = False
    if role == Role.CLIENT:
        seat = (
            GroupMember.objects.select_related("client__user")
            .filter(group=group, client__user=user)
            .first()
        )
    elif role in (Role.PEER, Role.CLINICIAN):
        facilitator = Facilitator.objects.filter(group=group, user=user).exists()
    return Place(group, seat, facilitator, role == Role.ADMIN)


def reader(user: User, group_id: int) -> Place:
    """Members and facilitators, or 404."""
    place = place_in(user, group_id)
    if not place.reads:
        raise Http404("No such group.")
    return place


def writer(user: User, group_id: int) -> Client:
    """The client writing to a group (the token's lookup already holds their record), or 404:
    only a client has a seat, and an id beyond any a database column holds names no group."""
    client: Client | None = getattr(user, "client", None) if user.is_authenticated else None
    if client is None or not 0 < group_id < 2**63:
        raise Http404("No such group.")
    return client


# A seat one writes from (a removed or departed member is told why they cannot post, by the
# action); an invitation or a request to join is no seat yet.
WRITING_STATES = (SeatStatus.ACTIVE, SeatStatus.LEFT, SeatStatus.REMOVED)


def claim_seat(client: Client, group_id: int) -> GroupMember:
    """The client's seat in the group, with the post being written counted on it, or 404.
    Called inside the post's transaction: a post rolled back (a replay) is not counted.

    Every post and reply goes through here, so finding the seat and counting the post is one
    plain statement."""
    with connection.cursor() as cursor:
        cursor.execute(_claim_statement(), [client.pk, group_id, *WRITING_STATES])
        row = cursor.fetchone()
    if row is None:
        raise Http404("No such group.")
    seat = rows.from_row(GroupMember, row)
    seat.client = client
    return seat


@lru_cache(maxsize=1)
def _claim_statement() -> str:
    states = ", ".join(["%s"] * len(WRITING_STATES))
    return (
        "UPDATE groups_groupmember SET posts_written = posts_written + 1 "  # noqa: S608 (column names come from the model)
        f"WHERE client_id = %s AND group_id = %s AND status IN ({states}) "
        f"RETURNING {rows.columns(GroupMember)}"
    )


def facilitating(user: User, group_id: int) -> Place:
    place = place_in(user, group_id)
    if not place.facilitator:
        raise Http404("No such group.")
    return place


def log_reader(user: User, group_id: int) -> Place:
    """Facilitators and the program's admins."""
    place = place_in(user, group_id)
    if not (place.facilitator or place.admin):
        raise Http404("No such group.")
    return place
