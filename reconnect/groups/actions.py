"""Peer-group use cases: start a group, invite or ask, join under an alias, post and reply,
"with you", delete one's own post, report, leave, and the sharing switch.

Moderation lives in reconnect/groups/moderation.py. Callers check who may do what in the group
(reconnect/groups/reach.py) and open a client's record through the gate first; these write and
audit nothing of their own. Bad input raises InvalidInput with a kind message, and nothing is
stored.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone

from reconnect.conversations.hours import day_and_clock
from reconnect.core import rows, worry
from reconnect.core.idempotency import create_once, optional_request_id
from reconnect.core.input import InvalidInput
from reconnect.groups import reach, wording
from reconnect.groups.models import (
    ALIAS_MAX_LENGTH,
    BODY_MAX_LENGTH,
    Facilitator,
    GroupMember,
    HeldBecause,
    ModerationAction,
    ParticipationSharing,
    PeerGroup,
    Post,
    PostState,
    Report,
    ReportReason,
    SeatStatus,
    WithYou,
)
from reconnect.groups.pages import FORMER_MEMBER
from reconnect.notifications.notify import notify_group_post
from reconnect.notifications.reach import client_zone
from reconnect.people.models import CareTeamMember, Client, Program, Role, User
from reconnect.radar.actions import raise_worrying_words

FACILITATOR_ROLES = (Role.PEER, Role.CLINICIAN)
# Words the group's pages put in place of an alias (the reader's own posts, and a deleted
# account's): as an alias they would pass someone's posts off as the reader's, or hide them.
RESERVED_ALIASES = frozenset({"you", FORMER_MEMBER.lower()})
# Words that name the people who look after a group: a member's alias with one of them would
# pass their posts off as a facilitator's (or staff's). Compared word by word, any case.
ROLE_WORDS: tuple[tuple[str, ...], ...] = (
    ("facilitator",),
    ("facilitators",),
    ("moderator",),
    ("moderators",),
    ("admin",),
    ("administrator",),
    ("clinician",),
    ("counselor",),
    ("counsellor",),
    ("therapist",),
    ("peer", "specialist"),
    ("peer", "recovery", "specialist"),
    ("care", "team"),
)
SIZE_LIMITS = range(2, 51)


def first_posts_held() -> int:
    """How many of a new member's first posts wait for a facilitator (a program setting)."""
    return max(0, int(settings.RECONNECT["GROUP_POSTS_HELD"]))


@transaction.atomic
def create_group(
    *,
    program: Program,
    name: str,
    purpose: str,
    facilitators: Sequence[User],
    created_by: User,
    rhythm: str = "",
    size_limit: int = 12,
    listed: bool = True,
) -> PeerGroup:
    """Start a group: a program admin or a peer recovery specialist (who facilitates it)."""
    if created_by.role not in (Role.ADMIN, Role.PEER):
        raise InvalidInput("group", "Program admins and peer recovery specialists start groups.")
    name, purpose, rhythm = name.strip(), purpose.strip(), rhythm.strip()
    if not name or len(name) > 80:
        raise InvalidInput("name", "Please give the group a name of up to 80 characters.")
    if not purpose or len(purpose) > 500:
        raise InvalidInput("purpose", "Please say in up to 500 characters what the group is for.")
    if len(rhythm) > 120:
        raise InvalidInput("rhythm", "Please keep the meeting rhythm to 120 characters.")
    if size_limit not in SIZE_LIMITS:
        raise InvalidInput("size_limit", "Please choose a size between 2 and 50 people.")
    people = {p.pk: p for p in facilitators}
    if created_by.role == Role.PEER:
        people[created_by.pk] = created_by
    if not people:
        raise InvalidInput("facilitators", "Please choose at least one facilitator.")
    for person in people.values():
        membership = person.membership
        if (
            membership is None
            or membership.program_id != program.pk
            or (membership.role not in FACILITATOR_ROLES)
        ):
            raise InvalidInput(
                "facilitators",
                "Facilitators are the program's peer recovery specialists and clinicians.",
            )
    if PeerGroup.objects.filter(program=program, name__iexact=name).exists():
        raise InvalidInput("name", "The program already has a group with this name.")
    group = PeerGroup.objects.create(
        program=program,
        name=name,
        purpose=purpose,
        rhythm=rhythm,
        size_limit=size_limit,
        listed=listed,
        created_by=created_by,
    )
    Facilitator.objects.bulk_create(Facilitator(group=group, user=p) for p in people.values())
    return group


def locked_group(group: PeerGroup) -> PeerGroup:
    """The group row, locked until commit: joins are counted against the size limit one at a
    time (SQLite's IMMEDIATE transactions already serialise them)."""
    return PeerGroup.objects.select_for_update().get(pk=group.pk)


def check_room_for_one(group: PeerGroup) -> None:
    if GroupMember.objects.filter(group=group).active().count() >= group.size_limit:
        raise InvalidInput("group", wording.FULL.format(limit=group.size_limit))


@transaction.atomic
def invite_member(*, group: PeerGroup, client: Client, invited_by: User) -> GroupMember:
    """Someone on the client's care team invites them to a group of their program."""
    if client.program_id != group.program_id:
        raise InvalidInput("group", "That group is in another program.")
    if not CareTeamMember.objects.filter(client=client, clinician=invited_by).exists():
        raise InvalidInput("group", "Only the client's care team invites them to a group.")
    seat = GroupMember.objects.select_for_update().filter(group=group, client=client).first()
    if seat is None:
        return GroupMember.objects.create(
            group=group, client=client, status=SeatStatus.INVITED, invited_by=invited_by
        )
    if seat.status == SeatStatus.REMOVED:
        raise InvalidInput(
            "group",
            "A facilitator removed this person from the group; please talk with them first.",
        )
    if seat.status == SeatStatus.ACTIVE:
        raise InvalidInput("group", "They are already a member of this group.")
    if seat.status in (SeatStatus.LEFT, SeatStatus.DECLINED):
        seat.status, seat.invited_by, seat.ended_at = SeatStatus.INVITED, invited_by, None
        seat.save(update_fields=["status", "invited_by", "ended_at"])
    return seat


def _name_parts(name: str) -> list[str]:
    return [part for part in re.split(r"[\s\-'.]+", name.lower()) if len(part) >= 3]


class AliasLooksReal(InvalidInput):
    """The alias includes part of the member's real name: a warning they may set aside."""


def _role_word(text: str) -> str:
    """The role word in the alias ("Facilitator"), or ""."""
    words = [w for w in re.split(r"[^\w]+", text.lower()) if w]
    for phrase in ROLE_WORDS:
        size = len(phrase)
        for start in range(len(words) - size + 1):
            if tuple(words[start : start + size]) == phrase:
                return " ".join(phrase).capitalize()
    return ""


def _same_name(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def clean_alias(*, seat: GroupMember, alias: str, use_anyway: bool = False) -> str:
    """The alias as stored: never the account name, unique in the group, and, if it includes
    part of the real name, used only when the member says so."""
    text = " ".join((alias or "").split())
    if not text:
        raise InvalidInput("alias", wording.ALIAS_EMPTY)
    if len(text) > ALIAS_MAX_LENGTH:
        raise InvalidInput("alias", wording.ALIAS_TOO_LONG.format(limit=ALIAS_MAX_LENGTH))
    if text.lower() in RESERVED_ALIASES:
        raise InvalidInput("alias", wording.ALIAS_RESERVED.format(alias=text))
    word = _role_word(text)
    if word:
        raise InvalidInput("alias", wording.ALIAS_ROLE_WORD.format(word=word))
    facilitators = Facilitator.objects.filter(group_id=seat.group_id).values_list(
        "user__display_name", flat=True
    )
    if any(_same_name(text, name) for name in facilitators):
        raise InvalidInput("alias", wording.ALIAS_FACILITATOR)
    real = seat.client.user.display_name
    if text.lower() == " ".join(real.split()).lower() or text.lower() == seat.client.user.email:
        raise InvalidInput("alias", wording.ALIAS_IS_ACCOUNT_NAME)
    words = set(_name_parts(text))
    shared = [part for part in _name_parts(real) if part in words]
    if shared and not use_anyway:
        raise AliasLooksReal("alias", wording.ALIAS_LOOKS_REAL.format(part=shared[0].title()))
    taken = GroupMember.objects.filter(group_id=seat.group_id, alias__iexact=text)
    if taken.exclude(pk=seat.pk).exists():
        raise InvalidInput("alias", wording.ALIAS_TAKEN)
    return text


def _take_seat(seat: GroupMember, alias: str, status: str) -> GroupMember:
    now = timezone.now()
    seat.alias, seat.status = alias, status
    seat.agreements_version, seat.agreed_at = wording.AGREEMENTS_VERSION, now
    seat.ended_at = None
    if status == SeatStatus.ACTIVE:
        seat.joined_at = now
    try:
        with transaction.atomic():
            seat.save()
    except IntegrityError as exc:  # two people chose the same alias at once
        raise InvalidInput("alias", wording.ALIAS_TAKEN) from exc
    return seat


def join_group(
    *, group: PeerGroup, client: Client, alias: str, agreed: bool, use_anyway: bool = False
) -> GroupMember:
    """Accept an invitation (a member at once), or ask to join a listed group (a facilitator
    lets them in): under an alias, with the group agreements accepted."""
    if client.program_id != group.program_id:
        raise InvalidInput("group", "That group is in another program.")
    with transaction.atomic():
        group = locked_group(group)
        seat = GroupMember.objects.filter(group=group, client=client).first()
        if seat is not None and seat.status == SeatStatus.ACTIVE:
            return seat
        if seat is not None and seat.status == SeatStatus.REMOVED:
            raise InvalidInput("group", wording.REMOVED)
        invited = seat is not None and seat.status == SeatStatus.INVITED
        if not invited and not group.listed:
            raise InvalidInput("group", "This group is open by invitation from a care team.")
        if seat is None:
            seat = GroupMember(group=group, client=client, status=SeatStatus.REQUESTED)
        seat.client = client
        alias = clean_alias(seat=seat, alias=alias, use_anyway=use_anyway)
        if not agreed:
            raise InvalidInput("agreed", wording.NOT_AGREED)
        check_room_for_one(group)
        return _take_seat(seat, alias, SeatStatus.ACTIVE if invited else SeatStatus.REQUESTED)


@transaction.atomic
def decline_invitation(*, seat: GroupMember) -> None:
    GroupMember.objects.filter(pk=seat.pk, status=SeatStatus.INVITED).update(
        status=SeatStatus.DECLINED, ended_at=timezone.now()
    )


@transaction.atomic
def leave_group(*, seat: GroupMember) -> None:
    """Leave the group (the page asks first); posts stay in the thread under the alias, and
    can be deleted."""
    GroupMember.objects.filter(
        pk=seat.pk, status__in=(SeatStatus.ACTIVE, SeatStatus.REQUESTED, SeatStatus.INVITED)
    ).update(status=SeatStatus.LEFT, ended_at=timezone.now())


@dataclass(frozen=True)
class Posted:
    """A post as written; `created` is False when a replay returned the first one."""

    post: Post
    created: bool

    @property
    def held(self) -> bool:
        return self.post.state == PostState.HELD

    @property
    def crisis_resources_shown(self) -> bool:
        return self.post.crisis_resources_shown


def clean_body(body: str) -> str:
    """The post as stored: trimmed, 1 to BODY_MAX_LENGTH characters, or InvalidInput."""
    text = (body or "").strip()
    if not text:
        raise InvalidInput("body", wording.EMPTY)
    if len(text) > BODY_MAX_LENGTH:
        raise InvalidInput("body", wording.TOO_LONG.format(limit=BODY_MAX_LENGTH, length=len(text)))
    return text


def may_post(seat: GroupMember) -> None:
    """InvalidInput saying kindly why this member cannot post now (removed, left, paused)."""
    if seat.status == SeatStatus.REMOVED:
        raise InvalidInput("group", wording.REMOVED)
    if seat.status == SeatStatus.LEFT:
        raise InvalidInput("group", wording.LEFT)
    if seat.status != SeatStatus.ACTIVE:
        raise InvalidInput("group", wording.NOT_A_MEMBER)
    if seat.agreed_at is None:
        raise InvalidInput("agreed", wording.NOT_AGREED)
    if seat.muted_at(timezone.now()):
        assert seat.muted_until is not None  # noqa: S101 (muted_at checked it)
        until = day_and_clock(seat.muted_until, client_zone(seat.client))
        raise InvalidInput("group", wording.MUTED.format(until=until))


def write_post(
    *, seat: GroupMember, body: str, reply_to: int | None = None, client_request_id: str = ""
) -> Posted:
    """Post (or reply) once per request id, under the member's alias, from the seat a page
    loaded (read again inside the post's transaction, so a pause or removal meanwhile holds).

    In one transaction: the post (encrypted); held for a facilitator when it is one of a new
    member's first posts or has words that worry us; on such words, the writer's care team
    gets the urgent radar item and the facilitators and care team an urgent email, none of
    them with the post's words. The writer is shown the crisis resources at once.
    """
    return post_as(
        client=seat.client,
        group_id=seat.group_id,
        body=body,
        reply_to=reply_to,
        client_request_id=client_request_id,
    )


def post_as(
    *,
    client: Client,
    group_id: int,
    body: str,
    reply_to: int | None = None,
    client_request_id: str = "",
) -> Posted:
    """write_post for the API, where nothing loaded the seat: it is found and the post counted
    on it in one statement. A group the client has no seat in is 404."""
    text = clean_body(body)
    request_id = optional_request_id(client_request_id)
    claimed: list[GroupMember] = []

    def create() -> Post:
        # The seat first: someone outside the group learns nothing of its posts (404).
        seat = reach.claim_seat(client, group_id)
        claimed.append(seat)
        may_post(seat)
        parent = None
        if reply_to is not None:
            parent = Post.objects.filter(
                pk=reply_to, group_id=group_id, state=PostState.PUBLISHED
            ).first()
            if parent is None:
                raise InvalidInput("reply_to", wording.REPLY_ELSEWHERE)
        return _publish(seat, text, parent, request_id)

    if not request_id:
        with transaction.atomic():
            return Posted(create(), True)
    post, created = create_once(
        create=create,
        existing=lambda: Post.objects.filter(member=claimed[-1], client_request_id=request_id),
        same=lambda first: first.body == text and first.reply_to_id == reply_to,
    )
    return Posted(post, created)


def _publish(seat: GroupMember, text: str, parent: Post | None, request_id: str) -> Post:
    """The post, from a seat claimed in this transaction (posts_written counts this one)."""
    found = worry.check(text)
    new_member = seat.posts_written <= first_posts_held()
    held_because = (
        HeldBecause.WORRYING if found.worrying else HeldBecause.NEW_MEMBER if new_member else ""
    )
    now = timezone.now()
    post = rows.insert(
        Post(
            group_id=seat.group_id,
            member=seat,
            alias=seat.alias,
            reply_to=parent,
            body=text,
            state=PostState.HELD if held_because else PostState.PUBLISHED,
            held_because=held_because,
            worrying=found.worrying,
            phrase_list_version=found.version,
            crisis_resources_shown=found.worrying,
            created_at=now,
            client_request_id=request_id,
        )
    )
    if found.worrying:
        client = seat.client
        raise_worrying_words(
            client=client,
            at=now,
            source="A peer-group post",
            then="it is held for the group's facilitator; reach out now",
        )
        facilitators = [
            f.user
            for f in Facilitator.objects.filter(group_id=seat.group_id).select_related("user")
        ]
        clinicians = [
            m.clinician
            for m in CareTeamMember.objects.filter(
                client=client,
                clinician__memberships__program_id=client.program_id,
                clinician__memberships__role=Role.CLINICIAN,
            ).select_related("clinician")
        ]
        notify_group_post(
            post_id=post.pk, client=client, facilitators=facilitators, care_team=clinicians
        )
    return post


@transaction.atomic
def delete_own_post(*, seat: GroupMember, post: Post) -> None:
    """The writer deletes their post: a tombstone without content keeps its place."""
    if post.member_id != seat.pk:
        raise InvalidInput("post", "You can delete only your own posts.")
    deleted = Post.objects.filter(pk=post.pk).exclude(state=PostState.DELETED)
    unreviewed = deleted.filter(state=PostState.HELD, held_because=HeldBecause.NEW_MEMBER)
    if unreviewed.exists():
        # A first post no facilitator saw does not use up one of the posts held for review.
        GroupMember.objects.filter(pk=seat.pk, posts_written__gt=0).update(
            posts_written=F("posts_written") - 1
        )
    deleted.update(state=PostState.DELETED, body="", changed_at=timezone.now())
    Report.objects.filter(post=post, resolved_at__isnull=True).update(resolved_at=timezone.now())


@transaction.atomic
def toggle_with_you(*, seat: GroupMember, post: Post) -> bool:
    """Say (or take back) "with you" on someone else's post; returns whether it is on now."""
    if seat.status != SeatStatus.ACTIVE:
        raise InvalidInput("group", wording.NOT_A_MEMBER)
    if post.member_id == seat.pk or post.state != PostState.PUBLISHED:
        raise InvalidInput("post", "You can say “with you” on others' posts.")
    removed, _ = WithYou.objects.filter(post=post, member=seat).delete()
    if removed:
        return False
    WithYou.objects.get_or_create(post=post, member=seat)
    return True


def report_post(*, seat: GroupMember, post: Post, reason: str, note: str = "") -> Report:
    """A member reports someone else's post to the facilitators, once."""
    if seat.status != SeatStatus.ACTIVE:
        raise InvalidInput("group", wording.NOT_A_MEMBER)
    if post.member_id == seat.pk:
        raise InvalidInput("post", wording.REPORT_OWN)
    if reason not in ReportReason.values:
        raise InvalidInput("reason", "Please choose what worries you about this post.")
    note = (note or "").strip()
    if len(note) > 300:
        raise InvalidInput("note", "Please keep the note to 300 characters.")
    if post.state == PostState.DELETED:
        raise InvalidInput("post", "That post was deleted by its writer.")
    if post.state == PostState.HIDDEN:
        raise InvalidInput("post", "A facilitator has already hidden that post.")
    try:
        with transaction.atomic():
            return Report.objects.create(post=post, reporter=seat, reason=reason, note=note)
    except IntegrityError as exc:
        raise InvalidInput("post", wording.REPORT_TWICE) from exc


@transaction.atomic
def share_participation(*, client: Client, shared: bool) -> ParticipationSharing:
    """The client's switch: whether their care team sees participation counts."""
    choice, _ = ParticipationSharing.objects.update_or_create(
        client=client, defaults={"counts_shared": shared, "changed_at": timezone.now()}
    )
    return choice


def tombstone_posts_of(client: Client) -> int:
    """Before a client's account is deleted: every post of theirs becomes a tombstone without
    content or alias (the thread keeps its shape); returns how many."""
    ModerationAction.objects.filter(member__client=client).update(alias="")
    return Post.objects.filter(member__client=client).update(
        state=PostState.DELETED, body="", alias="", member=None, changed_at=timezone.now()
    )
