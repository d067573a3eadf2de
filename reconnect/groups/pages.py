"""What group pages show: a page of the thread under aliases, the facilitators' queue, the
members list, and a client's participation counts, each in a fixed number of queries.

No function here reads a member's real name: everything shown comes from aliases.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Count, F, Q
from django.utils import timezone

from reconnect.conversations.pages import Pages, page_number, when
from reconnect.groups.models import (
    GroupMember,
    HeldBecause,
    ParticipationSharing,
    PeerGroup,
    Post,
    PostState,
    Report,
    ReportReason,
    SeatStatus,
    WithYou,
)
from reconnect.people.models import Client

PAGE_SIZE = 30
FORMER_MEMBER = "A former member"
TOMBSTONES = {
    PostState.DELETED: "This post was deleted by its writer.",
    PostState.HIDDEN: "A facilitator hid this post.",
}
HELD_NOTES = {
    HeldBecause.NEW_MEMBER: "Only you can see this for now: a facilitator reads a new member's "
    "first posts before the group sees them.",
    HeldBecause.WORRYING: "Only you can see this for now: it is waiting for a facilitator.",
}


@dataclass(frozen=True)
class ShownPost:
    """One post as a reader sees it (a tombstone has no body)."""

    id: int
    alias: str
    mine: bool
    when: str
    created_at: str  # ISO 8601, for <time datetime>
    body: str
    state: str
    tombstone: str
    held_note: str
    reply_to_id: int | None
    reply_to_alias: str
    with_you: tuple[str, ...]
    with_you_mine: bool

    @property
    def open_to_responses(self) -> bool:
        return self.state == PostState.PUBLISHED and not self.mine


@dataclass(frozen=True)
class Thread:
    page: Pages
    posts: list[ShownPost]
    author_client_ids: list[int]


def thread_page(
    group: PeerGroup, raw: str | int | None, *, seat: GroupMember | None, zone: str
) -> Thread:
    """A page of the group's thread, newest page first, oldest at the top of each page (two
    queries: the posts with their parents' aliases, then the "with you" of the page)."""
    number = page_number(raw)
    start = (number - 1) * PAGE_SIZE
    seat_id = seat.pk if seat is not None else None
    found = list(
        Post.objects.in_group(group.pk)
        .shown_to(seat_id)
        .annotate(
            parent_alias=F("reply_to__alias"),
            author_client_id=F("member__client_id"),
        )
        .newest_first()[start : start + PAGE_SIZE + 1]
    )
    page = Pages(number, has_next=len(found) > PAGE_SIZE)
    on_page = list(reversed(found[:PAGE_SIZE]))
    support: dict[int, list[tuple[int, str]]] = {}
    if on_page:
        rows = WithYou.objects.filter(post__in=[p.pk for p in on_page]).values_list(
            "post_id", "member_id", "member__alias"
        )
        for post_id, member_id, alias in rows.order_by("created_at", "id"):
            support.setdefault(post_id, []).append((member_id, alias))
    now = timezone.now()
    shown = [_shown(p, seat_id, support.get(p.pk, []), zone, now) for p in on_page]
    writers = [getattr(p, "author_client_id", None) for p in on_page]
    authors = list(dict.fromkeys(w for w in writers if w))
    return Thread(page, shown, authors)


def _shown(
    post: Post, seat_id: int | None, support: list[tuple[int, str]], zone: str, now: dt.datetime
) -> ShownPost:
    mine = seat_id is not None and post.member_id == seat_id
    tombstone = TOMBSTONES.get(post.state, "")  # type: ignore[call-overload]
    # A reply names its parent as the thread shows it: by alias, even after the writer
    # deleted it (the tombstone keeps the alias); "A former member" once the alias is gone.
    parent_alias = getattr(post, "parent_alias", None)
    return ShownPost(
        id=post.pk,
        alias="You" if mine else post.alias or FORMER_MEMBER,
        mine=mine,
        when=when(post.created_at, zone, now),
        created_at=post.created_at.isoformat(),
        body="" if tombstone else post.body,
        state=post.state,
        tombstone=tombstone,
        held_note=HELD_NOTES.get(post.held_because, "") if post.state == PostState.HELD else "",  # type: ignore[call-overload]
        reply_to_id=post.reply_to_id,
        reply_to_alias=(parent_alias or FORMER_MEMBER) if post.reply_to_id else "",
        with_you=tuple(alias for member_id, alias in support if member_id != seat_id),
        with_you_mine=any(member_id == seat_id for member_id, _ in support),
    )


@dataclass(frozen=True)
class QueueItem:
    """A post a facilitator should look at: held, or reported and still up."""

    post_id: int
    alias: str
    when: str
    body: str
    state: str
    why: str
    reports: tuple[str, ...]
    urgent: bool


def queue(group: PeerGroup, *, zone: str) -> list[QueueItem]:
    """Held posts and reported ones still up: urgent first (words that worry us, or reported
    as someone not being safe), oldest first within each (two queries)."""
    open_reports = Q(reports__resolved_at__isnull=True, reports__isnull=False)
    posts = list(
        Post.objects.in_group(group.pk)
        .filter(Q(state=PostState.HELD) | (Q(state=PostState.PUBLISHED) & open_reports))
        .distinct()
        .order_by("created_at", "id")
    )
    reports: dict[int, list[Report]] = {}
    for report in Report.objects.filter(post__in=posts, resolved_at__isnull=True):
        reports.setdefault(report.post_id, []).append(report)
    now = timezone.now()
    items = []
    for post in posts:
        said = reports.get(post.pk, [])
        urgent = post.worrying or any(r.reason == ReportReason.UNSAFE for r in said)
        why = (
            HeldBecause(post.held_because).label
            if post.state == PostState.HELD and post.held_because
            else "Reported"
        )
        items.append(
            QueueItem(
                post_id=post.pk,
                alias=post.alias or FORMER_MEMBER,
                when=when(post.created_at, zone, now),
                body=post.body,
                state=post.state,
                why=why,
                reports=tuple(
                    ReportReason(r.reason).label + (f": {r.note}" if r.note else "") for r in said
                ),
                urgent=urgent,
            )
        )
    items.sort(key=lambda item: not item.urgent)  # stable: oldest first within each
    return items


@dataclass(frozen=True)
class JoinRequest:
    """Someone who asked to join (under the alias they chose) and waits to be let in."""

    seat_id: int
    alias: str
    when: str


def join_requests(group: PeerGroup, *, zone: str) -> list[JoinRequest]:
    """Who asked to join and waits for a facilitator, oldest first (one query)."""
    seats = (
        GroupMember.objects.filter(group=group, status=SeatStatus.REQUESTED)
        .only("id", "alias", "agreed_at", "created_at")
        .order_by("agreed_at", "id")
    )
    now = timezone.now()
    return [
        JoinRequest(seat.pk, seat.alias, when(seat.agreed_at or seat.created_at, zone, now))
        for seat in seats
    ]


@dataclass(frozen=True)
class Waiting:
    """What waits in one group's queue: held and reported posts and join requests, and how
    many of them are urgent (words that worry us, or a report that someone may not be safe)."""

    waiting: int = 0
    urgent: int = 0

    def __bool__(self) -> bool:
        return self.waiting > 0

    @property
    def words(self) -> str:
        """ "3 waiting, 1 urgent" (or "3 waiting")."""
        return f"{self.waiting} waiting" + (f", {self.urgent} urgent" if self.urgent else "")


def queue_counts(group_ids: list[int]) -> dict[int, Waiting]:
    """What waits in each group's queue, and how much of it is urgent (two queries)."""
    open_report = Q(reports__resolved_at__isnull=True, reports__isnull=False)
    posts = (
        Post.objects.filter(group_id__in=group_ids)
        .filter(Q(state=PostState.HELD) | (Q(state=PostState.PUBLISHED) & open_report))
        .values("group_id")
        .annotate(
            n=Count("id", distinct=True),
            urgent=Count(
                "id",
                distinct=True,
                filter=Q(worrying=True)
                | Q(
                    state=PostState.PUBLISHED,
                    reports__reason=ReportReason.UNSAFE,
                    reports__resolved_at__isnull=True,
                ),
            ),
        )
        .order_by()
    )
    found = {row["group_id"]: (row["n"], row["urgent"]) for row in posts}
    asking = (
        GroupMember.objects.filter(group_id__in=group_ids, status=SeatStatus.REQUESTED)
        .values("group_id")
        .annotate(n=Count("id"))
        .order_by()
    )
    for row in asking:
        n, urgent = found.get(row["group_id"], (0, 0))
        found[row["group_id"]] = (n + row["n"], urgent)
    return {group_id: Waiting(n, urgent) for group_id, (n, urgent) in found.items()}


def members(group: PeerGroup) -> list[GroupMember]:
    """Everyone with a place (or an answer pending) in the group, by alias; no real names."""
    return list(
        GroupMember.objects.filter(group=group)
        .exclude(status=SeatStatus.DECLINED)
        .only("id", "alias", "status", "muted_until", "joined_at", "group_id")
        .order_by("status", "alias", "id")
    )


def times(n: int) -> str:
    return {1: "once", 2: "twice"}.get(n, f"{n} times")


@dataclass(frozen=True)
class Participation:
    """How often a client took part in groups this week (counts, never content)."""

    posted: int
    replied: int
    groups: tuple[str, ...]

    @property
    def sentence(self) -> str:
        if not (self.posted or self.replied):
            return "has not posted in a group this week"
        parts = []
        if self.posted:
            parts.append(f"posted {times(self.posted)} this week")
        if self.replied:
            parts.append(f"replied to others {times(self.replied)}")
        return ", ".join(parts)


def counts_shared(client: Client) -> bool:
    return ParticipationSharing.objects.filter(client=client, counts_shared=True).exists()


def participation(client: Client, now: dt.datetime | None = None) -> Participation:
    """This week's posts and replies in every group of the client's (two queries)."""
    since = (now or timezone.now()) - dt.timedelta(days=7)
    counted = (
        Post.objects.filter(member__client=client, created_at__gte=since)
        .exclude(state=PostState.DELETED)
        .aggregate(
            posted=Count("id", filter=Q(reply_to__isnull=True)),
            replied=Count("id", filter=Q(reply_to__isnull=False)),
        )
    )
    names = (
        GroupMember.objects.filter(client=client, status=SeatStatus.ACTIVE)
        .order_by("group__name")
        .values_list("group__name", flat=True)
    )
    return Participation(counted["posted"], counted["replied"], tuple(names))
