"""Who may do what in a peer group: members read and post, facilitators moderate, program
admins read the moderation log. Anyone else, and anyone outside the group's program, gets 404,
as for records out of reach. Two queries at most."""

from __future__ import annotations

from dataclasses import dataclass

from django.http import Http404

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


def writing_seat(user: User, group_id: int) -> GroupMember:
    """The seat a client writes from (a removed or departed member is told why they cannot
    post, by the action); anyone else 404. A seat is only ever in a group of the client's own
    program; its group loads only if asked for.

    Every post and reply goes through here, so it is one plain statement: compiling the
    equivalent queryset costs several times more than running it."""
    # Only a client has a Client row (and the token's lookup already holds it).
    client: Client | None = getattr(user, "client", None) if user.is_authenticated else None
    if client is None or not 0 < group_id < 2**63:  # beyond any id a database column holds
        raise Http404("No such group.")
    found = GroupMember.objects.raw(
        "SELECT * FROM groups_groupmember WHERE group_id = %s AND client_id = %s",
        [group_id, client.pk],
    )
    seat = next(iter(found), None)
    if seat is None or seat.status not in (SeatStatus.ACTIVE, SeatStatus.LEFT, SeatStatus.REMOVED):
        raise Http404("No such group.")
    seat.client, client.user = client, user
    return seat


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
