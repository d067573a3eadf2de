"""Synthetic peer groups for the demo program: "Tuesday evening" and "Early recovery", with
Lee Park facilitating, a few weeks of posts between demo clients under aliases, one reported
post, one new member's post held for review, and recovery resources (BARC-10) histories."""

from __future__ import annotations

import datetime as dt
import random

from django.utils import timezone

from reconnect.core import worry
from reconnect.groups.models import (
    Facilitator,
    GroupMember,
    HeldBecause,
    ModerationAction,
    ModerationKind,
    ParticipationSharing,
    PeerGroup,
    Post,
    PostState,
    Report,
    ReportReason,
    SeatStatus,
    WithYou,
)
from reconnect.groups.wording import AGREEMENTS_VERSION
from reconnect.measures.demo import seed_barc10
from reconnect.people.models import CareTeamMember, Client, Program, User

TUESDAY = {
    "name": "Tuesday evening",
    "purpose": "A small evening circle to share how the week went: what helped, what was hard.",
    "rhythm": "Tuesdays, 7 to 8 pm: Lee is online then",
    "listed": False,
}
EARLY = {
    "name": "Early recovery",
    "purpose": "For the first months: questions, small wins and steady company.",
    "rhythm": "Any time; Lee reads every day",
    "listed": True,
}
# (client email handle, alias) per group.
TUESDAY_MEMBERS = [
    ("casey.nguyen", "Sunrise"),
    ("alex.garcia", "River"),
    ("taylor.johnson", "Blue Heron"),
    ("riley.williams", "Cedar"),
    ("avery.martinez", "Night Owl"),
]
EARLY_MEMBERS = [
    ("quinn.davis", "Lantern"),
    ("parker.moore", "Maple"),
    ("sage.martin", "Tidewater"),  # new: their first post is held for Lee
]
# (alias, text, days ago, index of the post it replies to or None), oldest first.
TUESDAY_POSTS = [
    ("Sunrise", "First Tuesday here. I went to the meeting near work twice this week.", 20, None),
    ("River", "Welcome, Sunrise. Twice is a lot when work is busy.", 20, 0),
    ("Cedar", "Hard week. Cravings after my shift, so I called my sponsor instead.", 13, None),
    ("Blue Heron", "Calling instead of going it alone is the whole thing. Proud of you.", 13, 2),
    ("Night Owl", "Honestly some of you need to toughen up and stop complaining.", 12, None),
    ("Sunrise", "Thirty days today. Walked by the river with my sister to mark it.", 6, None),
    ("River", "Thirty days! That walk sounds just right.", 6, 5),
    ("Cedar", "Thank you all for last week. The evenings are easier.", 5, None),
]
EARLY_POSTS = [
    ("Lantern", "Week two. Sleep is slowly coming back. Does it keep getting better?", 9, None),
    ("Maple", "It did for me, around week four. Small steps.", 8, 0),
    ("Tidewater", "Hi, I'm new. Not sure what to say yet but glad this is here.", 0, None),
]
WITH_YOU = [("Blue Heron", 2), ("Sunrise", 2), ("River", 5), ("Cedar", 5), ("Blue Heron", 5)]


def _client(handle: str, domain: str) -> Client:
    return Client.objects.select_related("user").get(user__email=f"{handle}@{domain}")


def _group(program: Program, peer: User, spec: dict[str, object], extra: list[User]) -> PeerGroup:
    group = PeerGroup.objects.create(
        program=program,
        name=str(spec["name"]),
        purpose=str(spec["purpose"]),
        rhythm=str(spec["rhythm"]),
        listed=bool(spec["listed"]),
        created_by=peer,
        created_at=timezone.now() - dt.timedelta(days=30),
    )
    for person in [peer, *extra]:
        Facilitator.objects.create(group=group, user=person)
    return group


def _members(
    group: PeerGroup, peer: User, members: list[tuple[str, str]], domain: str
) -> dict[str, GroupMember]:
    joined = timezone.now() - dt.timedelta(days=25)
    seats = {}
    for handle, alias in members:
        client = _client(handle, domain)
        CareTeamMember.objects.get_or_create(
            client=client, clinician=peer, defaults={"is_primary": False}
        )
        seats[alias] = GroupMember.objects.create(
            group=group,
            client=client,
            alias=alias,
            status=SeatStatus.ACTIVE,
            invited_by=peer,
            agreements_version=AGREEMENTS_VERSION,
            agreed_at=joined,
            joined_at=joined,
            created_at=joined,
        )
    return seats


def _posts(
    group: PeerGroup,
    seats: dict[str, GroupMember],
    script: list[tuple[str, str, int, int | None]],
    rng: random.Random,
) -> list[Post]:
    now = timezone.now()
    posts: list[Post] = []
    for alias, text, days_ago, reply_to in script:
        at = now - dt.timedelta(days=days_ago, hours=6) + dt.timedelta(minutes=rng.randint(0, 50))
        if posts:  # a reply comes after what it answers
            at = max(at, posts[-1].created_at + dt.timedelta(minutes=rng.randint(5, 40)))
        at = min(at, now - dt.timedelta(minutes=5))
        posts.append(
            Post.objects.create(
                group=group,
                member=seats[alias],
                alias=alias,
                reply_to=posts[reply_to] if reply_to is not None else None,
                body=text,
                state=PostState.PUBLISHED,
                phrase_list_version=worry.VERSION,
                created_at=at,
            )
        )
    for seat in seats.values():  # what write_post counts as it goes
        seat.posts_written = sum(1 for post in posts if post.member_id == seat.pk)
    GroupMember.objects.bulk_update(seats.values(), ["posts_written"])
    return posts


def seed_groups(
    program: Program, peer: User, clinician: User, domain: str, rng: random.Random
) -> None:
    """The two demo groups, their threads, a report, a held post, and BARC-10 histories."""
    tuesday = _group(program, peer, TUESDAY, [clinician])
    early = _group(program, peer, EARLY, [])
    tuesday_seats = _members(tuesday, peer, TUESDAY_MEMBERS, domain)
    early_seats = _members(early, peer, EARLY_MEMBERS, domain)
    posts = _posts(tuesday, tuesday_seats, TUESDAY_POSTS, rng)
    early_posts = _posts(early, early_seats, EARLY_POSTS, rng)
    for alias, index in WITH_YOU:
        WithYou.objects.create(post=posts[index], member=tuesday_seats[alias])
    # Night Owl's post is reported by River and waits in Lee's queue.
    Report.objects.create(
        post=posts[4],
        reporter=tuesday_seats["River"],
        reason=ReportReason.UNKIND,
        note="It felt aimed at Cedar.",
    )
    # Tidewater is new: their first post waits for Lee before the group sees it.
    held = early_posts[-1]
    Post.objects.filter(pk=held.pk).update(
        state=PostState.HELD, held_because=HeldBecause.NEW_MEMBER
    )
    for seat in [*tuesday_seats.values(), *early_seats.values()][:4]:
        ModerationAction.objects.create(
            group=seat.group,
            member=seat,
            alias=seat.alias,
            actor=peer,
            actor_name=peer.display_name,
            kind=ModerationKind.APPROVE,
            reason="First posts fit the group agreements",
            at=seat.joined_at or timezone.now(),
        )
    ParticipationSharing.objects.create(client=tuesday_seats["Sunrise"].client, counts_shared=True)
    for n, seat in enumerate([*tuesday_seats.values(), *early_seats.values()]):
        seed_barc10(seat.client, peer, 30 + 3 * n, rng)
