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
from reconnect.people.timezones import label as zone_label

PAGE_SIZE = 30
ROLE_LABELS: dict[str, str] = {
    Role.CLIENT: "",
    Role.CLINICIAN: "care team",
    Role.PEER: "peer recovery specialist",
}


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
    """ "today at 2:14 pm", else "Mon 4 Dec, 2:14 pm", in the reader's time zone (a bare "2:14
    pm" under yesterday's message would read as yesterday's)."""
    tz = ZoneInfo(zone)
    if moment.astimezone(tz).date() == now.astimezone(tz).date():
        return f"today at {hours.clock(moment, zone)}"
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
    return min(int(text), 100_000) if text.isascii() and text.isdigit() and int(text) >= 1 else 1


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
        zone_note="" if schedule.zone == zone else zone_label(schedule.zone),
        open_now=hours.is_open_at(schedule, now),
        back_at=hours.day_and_clock(back, zone) if back is not None else "",
        after_hours=care.after_hours,
    )


@dataclass(frozen=True)
class SafetyContact:
    """After a safety answer: by when someone from the care team will contact the client (the
    program's setting, counted in working hours from the answer), in the client's time. Once
    that time has passed (an old result opened again), no new time is promised: the page says
    when the team was told."""

    by: str  # "2:00 pm today", "11:00 am tomorrow", "Mon 7 Dec, 12:00 pm"; "" without hours
    open_now: bool
    described: str  # "Mon–Fri 9am–5pm"
    told_at: str = ""  # "Tue 1 Dec at 10:00 am": when the answer was given
    passed: bool = False  # the time promised is over

    @property
    def sentence(self) -> str:
        if self.passed:
            return f"Your care team was told on {self.told_at}."
        if not self.by:
            return "Someone from your care team will contact you as soon as they can."
        return f"Someone from your care team will contact you by {self.by}."


def safety_contact(
    program_id: int,
    zone: str,
    now: dt.datetime | None = None,
    *,
    answered_at: dt.datetime | None = None,
) -> SafetyContact:
    """By when the team contacts a client who answered at `answered_at` (default: now)."""
    now = now or timezone.now()
    start = answered_at or now
    care = CareTeamHours.for_program(program_id)
    schedule = care.schedule
    deadline = hours.after_working_hours(schedule, start, care.safety_contact_hours)
    # Without working hours no time was promised: after a day, say when the team was told.
    passed = deadline <= now if deadline is not None else now - start > dt.timedelta(days=1)
    local = start.astimezone(ZoneInfo(zone))
    return SafetyContact(
        by=_when(deadline, now, zone) if deadline is not None and not passed else "",
        open_now=hours.is_open_at(schedule, now),
        described=hours.describe(schedule),
        told_at=f"{hours.DAY_NAMES[local.weekday()]} {local.day} {local:%b} at "
        f"{hours.clock(start, zone)}",
        passed=passed,
    )


def _when(moment: dt.datetime, now: dt.datetime, zone: str) -> str:
    tz = ZoneInfo(zone)
    days = (moment.astimezone(tz).date() - now.astimezone(tz).date()).days
    if days == 0:
        return f"{hours.clock(moment, zone)} today"
    if days == 1:
        return f"{hours.clock(moment, zone)} tomorrow"
    return hours.day_and_clock(moment, zone)


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
