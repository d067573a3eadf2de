"""What the conversation pages show: a page of messages with read receipts, the care team's
hours note, and the staff inbox, each in a fixed number of queries."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.db.models import F
from django.utils import timezone

from reconnect.access import gate
from reconnect.conversations import hours
from reconnect.conversations.models import CareTeamHours, Conversation, Message, MessageRead
from reconnect.people.models import Client, Role, User

PAGE_SIZE = 30
ROLE_LABELS: dict[str, str] = {Role.CLIENT: "", Role.CLINICIAN: "care team"}


@dataclass(frozen=True)
class Shown:
    """One message as this reader sees it."""

    id: int
    mine: bool
    author: str
    role_label: str
    when: str
    sent_at: str  # ISO 8601, for <time datetime>
    body: str
    worrying: bool
    receipts: tuple[str, ...]


def when(moment: dt.datetime, zone: str, now: dt.datetime) -> str:
    """ "2:14 pm" today, else "Mon 4 Dec, 2:14 pm", in the reader's time zone."""
    tz = ZoneInfo(zone)
    if moment.astimezone(tz).date() == now.astimezone(tz).date():
        return hours.clock(moment, zone)
    return hours.day_and_clock(moment, zone)


@dataclass(frozen=True)
class Pages:
    """Where a page sits: page 1 holds the newest messages; "older" pages go back in time."""

    number: int
    has_next: bool  # older messages exist

    @property
    def has_previous(self) -> bool:
        return self.number > 1

    @property
    def next_page_number(self) -> int:
        return self.number + 1

    @property
    def previous_page_number(self) -> int:
        return self.number - 1


@dataclass(frozen=True)
class Thread:
    """One page of a conversation as a reader sees it, oldest at the top."""

    page: Pages
    shown: list[Shown]
    unread: list[Message]  # on this page, written by someone else, not yet read by the reader


def page_number(raw: str | int | None) -> int:
    """A page number from a link: a whole number from 1 (anything else is the first page)."""
    text = str(raw or "1")
    return min(int(text), 100_000) if text.isdigit() and int(text) >= 1 else 1


def message_page(client: Client, raw: str | int | None, *, viewer: User, zone: str) -> Thread:
    """A page of the client's conversation, newest page first (two queries: one row more than
    a page says whether older ones exist, so no count is needed)."""
    number = page_number(raw)
    start = (number - 1) * PAGE_SIZE
    newest = Message.objects.in_conversation(client.pk).newest_first()
    found_page = list(newest[start : start + PAGE_SIZE + 1])
    page = Pages(number, has_next=len(found_page) > PAGE_SIZE)
    on_page = list(reversed(found_page[:PAGE_SIZE]))
    reads: dict[int, list[tuple[int, str, dt.datetime]]] = {}
    if on_page:
        found = MessageRead.objects.filter(message__in=[m.pk for m in on_page]).values_list(
            "message_id", "reader_id", "reader__display_name", "read_at"
        )
        for message_id, reader_id, name, read_at in found:
            reads.setdefault(message_id, []).append((reader_id, name.split(" ")[0], read_at))
    now = timezone.now()
    shown = [
        Shown(
            id=m.pk,
            mine=m.author_id == viewer.pk,
            author="You" if m.author_id == viewer.pk else m.author_name or "A former team member",
            role_label=ROLE_LABELS.get(m.author_role, ""),
            when=when(m.sent_at, zone, now),
            sent_at=m.sent_at.isoformat(),
            body=m.body,
            worrying=m.worrying,
            receipts=tuple(
                f"Read by {name}, {when(read_at, zone, now)}"
                for reader_id, name, read_at in reads.get(m.pk, [])
                if reader_id not in (viewer.pk, m.author_id)
            ),
        )
        for m in on_page
    ]
    unread = [
        m
        for m in on_page
        if m.author_id != viewer.pk and all(r[0] != viewer.pk for r in reads.get(m.pk, []))
    ]
    return Thread(page, shown, unread)


@dataclass(frozen=True)
class HoursNote:
    """Above the message box, every time: when the team reads messages, and, outside those
    hours, when someone will."""

    described: str
    reply_time: str
    zone_note: str
    open_now: bool
    back_at: str
    after_hours: str


def hours_note(program_id: int, zone: str, now: dt.datetime | None = None) -> HoursNote:
    now = now or timezone.now()
    care = CareTeamHours.for_program(program_id)
    schedule = care.schedule
    back = hours.next_opening(schedule, now)
    return HoursNote(
        described=hours.describe(schedule),
        reply_time=care.reply_time,
        zone_note="" if schedule.zone == zone else f"({schedule.zone.replace('_', ' ')} time)",
        open_now=hours.is_open_at(schedule, now),
        back_at=hours.day_and_clock(back, zone) if back is not None else "",
        after_hours=care.after_hours,
    )


def waited(working_hours: float) -> str:
    """ "waiting 26 working hours", in the care team's time."""
    whole = int(working_hours)
    if whole < 1:
        return "waiting under a working hour"
    return f"waiting {whole} working hour{'s' * (whole != 1)}"


@dataclass(frozen=True)
class InboxRow:
    client_id: int
    href: str
    name: str
    waiting: str
    worrying: bool
    unread: int
    last_message: str


def inbox_rows(user: User, now: dt.datetime | None = None) -> list[InboxRow]:
    """Conversations of the clients this person may reach: unanswered ones with words that worry
    us first, then the other unanswered (longest waiting at the top), then the most recent.
    Three queries, whatever the count."""
    now = now or timezone.now()
    conversations = list(
        Conversation.objects.filter(
            client__in=gate.reachable_clients(user), last_message_at__isnull=False
        )
        .order_by(F("waiting_since").asc(nulls_last=True), F("last_message_at").desc(), "pk")
        .values_list(
            "client_id",
            "client__user__display_name",
            "client__program_id",
            "waiting_since",
            "worrying_at",
            "last_message_at",
        )
    )
    if not conversations:
        return []
    ids = [row[0] for row in conversations]
    unread = Message.objects.unread_counts(user, ids) if user.role == Role.CLINICIAN else {}
    schedules = CareTeamHours.objects.schedules({row[2] for row in conversations})
    zone = timezone.get_current_timezone_name()
    rows = []
    for cid, name, program, since, worrying_at, last in conversations:
        rows.append(
            InboxRow(
                client_id=cid,
                href=f"/clients/{cid}/messages/",
                name=name,
                waiting=waited(hours.working_hours_between(schedules[program], since, now))
                if since is not None
                else "answered",
                worrying=since is not None and worrying_at is not None and worrying_at >= since,
                unread=unread.get(cid, 0),
                last_message=when(last, zone, now) if last is not None else "",
            )
        )
    rows.sort(key=lambda row: not row.worrying)  # stable: the waiting order stays within each
    return rows
