"""Conversation use cases: send a message, mark messages read, set the care team's hours.

Callers open the record through the gate first; these write and audit nothing themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from reconnect.conversations import wording
from reconnect.conversations.models import (
    BODY_MAX_LENGTH,
    SAFETY_CONTACT_HOURS_DEFAULT,
    SAFETY_CONTACT_HOURS_MAX,
    CareTeamHours,
    Conversation,
    Message,
    MessageRead,
)
from reconnect.core import rows, worry
from reconnect.core.idempotency import create_once, optional_request_id
from reconnect.core.input import InvalidInput
from reconnect.notifications.notify import COLLAPSE as NOTICE_COLLAPSE
from reconnect.notifications.notify import notify_new_message
from reconnect.people import timezones
from reconnect.people.models import CareTeamMember, Client, Program, Role, User
from reconnect.radar.actions import log_outreach, raise_worrying_words
from reconnect.radar.freshness import client_changed
from reconnect.radar.models import OutreachAction, Signal


@dataclass(frozen=True)
class Sent:
    """A sent message; `created` is False when a replay returned the first one."""

    message: Message
    created: bool
    crisis_resources_shown: bool


def clean_body(body: str) -> str:
    """The message as stored: trimmed, 1 to BODY_MAX_LENGTH characters, or InvalidInput."""
    text = (body or "").strip()
    if not text:
        raise InvalidInput("body", wording.EMPTY)
    if len(text) > BODY_MAX_LENGTH:
        raise InvalidInput("body", wording.TOO_LONG.format(limit=BODY_MAX_LENGTH, length=len(text)))
    return text


def _author_role(client: Client, author: User) -> str:
    """The client themself, or a clinician or peer recovery specialist on their care team;
    nobody else writes here."""
    if author.pk == client.user_id:
        return Role.CLIENT
    role = author.role
    if (
        role in (Role.CLINICIAN, Role.PEER)
        and CareTeamMember.objects.filter(client=client, clinician=author).exists()
    ):
        return str(role)
    raise InvalidInput("author", wording.NOT_IN_CONVERSATION)


def send_message(
    *,
    client: Client,
    author: User,
    body: str,
    client_request_id: str = "",
    signal: Signal | None = None,
) -> Sent:
    """Send one message in the client's conversation, once per request id.

    In one transaction: the message (encrypted), the words-that-worry-us check on what the
    client wrote (on a match, the urgent radar item at once), the conversation's waiting mark,
    outreach logged when a clinician writes from a signal, and the notifications queued
    (they never carry the text). The message is sent whatever the check finds.
    """
    text = clean_body(body)
    role = _author_role(client, author)
    request_id = optional_request_id(client_request_id)
    if signal is not None and signal.client_id != client.pk:
        raise InvalidInput("signal", "That signal is about someone else.")

    def create() -> Message:
        return _deliver(client, author, role, text, request_id, signal)

    if not request_id:
        with transaction.atomic():
            message = create()
        return Sent(message, True, message.crisis_resources_shown)
    message, created = create_once(
        create=create,
        existing=lambda: Message.objects.filter(author=author, client_request_id=request_id),
        same=lambda first: first.body == text and first.client_id == client.pk,
    )
    return Sent(message, created, message.crisis_resources_shown)


def _deliver(
    client: Client, author: User, role: str, text: str, request_id: str, signal: Signal | None
) -> Message:
    from_client = role == Role.CLIENT
    found = worry.check(text) if from_client else None
    worrying = found is not None and found.worrying
    sent_at = timezone.now()
    first_notice = _mark(client.pk, sent_at, from_client=from_client, worrying=worrying)
    if first_notice is None:
        Conversation.objects.get_or_create(client=client)  # the first message
        first_notice = _mark(client.pk, sent_at, from_client=from_client, worrying=worrying)
    message = rows.insert(
        Message(
            conversation_id=client.pk,
            client=client,
            author=author,
            author_role=role,
            author_name=author.display_name,
            body=text,
            sent_at=sent_at,
            client_request_id=request_id,
            worrying=worrying,
            phrase_list_version=found.version if found else "",
            crisis_resources_shown=worrying,
        )
    )
    if worrying:
        raise_worrying_words(client=client, at=sent_at)
    if signal is not None:
        log_outreach(client=client, clinician=author, action=OutreachAction.MESSAGED, signal=signal)
    if not from_client:
        # A reply may close a "message waiting" signal now. A client's message changes no signal
        # at once: the conversation's waiting mark is the radar's input, and the caseload
        # rechecks a waiting conversation as its wait grows.
        client_changed(client.pk)
    # Notices are collapsed to one an hour for each side; words that worry us always reach
    # notify_new_message (which tells each person of them at most hourly; the radar item is
    # raised or brought up to date every time).
    if worrying or first_notice:
        notify_new_message(
            message_id=message.pk,
            client=client,
            to_staff=from_client,
            urgent=worrying,
        )
    return message


def _mark(client_id: int, at: dt.datetime, *, from_client: bool, worrying: bool) -> bool | None:
    """Mark the conversation: waiting since the first unanswered client message (cleared by a
    care-team reply), the latest words that worry us, and this hour's notice claimed for the
    side being told (the care team, or the client). Runs on every message, so it is one plain
    statement; returns whether this message is the first since that side was last told an
    hour or more ago, or None when the conversation does not exist yet."""
    adapt = connection.ops.adapt_datetimefield_value
    now = adapt(at)
    told = "team_told_at" if from_client else "client_told_at"
    sets = ["last_message_at = %s"]
    params: list[Any] = [now]
    if from_client:
        sets.append("waiting_since = COALESCE(waiting_since, %s)")
        params.append(now)
        if worrying:
            sets.append("worrying_at = %s")
            params.append(now)
    else:
        sets.append("waiting_since = NULL")
    sets.append(f"{told} = CASE WHEN {told} IS NULL OR {told} < %s THEN %s ELSE {told} END")
    params += [adapt(at - NOTICE_COLLAPSE), now, client_id, now]
    sql = (
        f"UPDATE conversations_conversation SET {', '.join(sets)} "  # noqa: S608 (fixed names)
        f"WHERE client_id = %s RETURNING {told} = %s"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        row = cursor.fetchone()
    if row is None:
        return None
    return bool(row[0])


def mark_read(*, message: Message, reader: User) -> bool:
    """Record that this person read the message (once; a second read changes nothing).
    Returns whether a new read was recorded. An author does not read their own message."""
    if message.author_id == reader.pk:
        return False
    _, created = MessageRead.objects.get_or_create(message=message, reader=reader)
    return created


def mark_page_read(*, messages: Sequence[Message], reader: User) -> None:
    """Record reads of every message on a page someone else wrote (one insert)."""
    unread = [m for m in messages if m.author_id != reader.pk]
    if unread:
        now = timezone.now()
        MessageRead.objects.bulk_create(
            [MessageRead(message=m, reader=reader, read_at=now) for m in unread],
            ignore_conflicts=True,
        )


@transaction.atomic
def save_care_team_hours(
    *,
    program: Program,
    weekdays: Sequence[int],
    opens_at: dt.time,
    closes_at: dt.time,
    timezone_name: str,
    reply_time: str,
    after_hours: str,
    safety_contact_hours: int = SAFETY_CONTACT_HOURS_DEFAULT,
) -> CareTeamHours:
    """Set when the program's care team reads messages and what clients are told, and within how
    many working hours the team contacts a client after a safety answer. The hours are in the
    program's time zone, which `timezone_name` sets (Program.time_zone: the same zone everyone
    in the program sees who has not chosen their own)."""
    days = sorted(set(weekdays))
    if not days or not set(days) <= set(range(7)):
        raise InvalidInput("weekdays", "Please choose at least one day.")
    if closes_at <= opens_at:
        raise InvalidInput("closes_at", "Please choose a closing time after the opening time.")
    if not timezones.is_known(timezone_name):
        raise InvalidInput("timezone_name", "Please choose a time zone from the list.")
    reply_time, after_hours = reply_time.strip(), after_hours.strip()
    if not reply_time or len(reply_time) > 120:
        raise InvalidInput("reply_time", "Please say in up to 120 characters when you reply.")
    if not after_hours or len(after_hours) > 300:
        raise InvalidInput(
            "after_hours", "Please say in up to 300 characters what to do out of hours."
        )
    if not 1 <= safety_contact_hours <= SAFETY_CONTACT_HOURS_MAX:
        raise InvalidInput(
            "safety_contact_hours",
            f"Please give a number of working hours from 1 to {SAFETY_CONTACT_HOURS_MAX}.",
        )
    saved, _ = CareTeamHours.objects.update_or_create(
        program=program,
        defaults={
            "safety_contact_hours": safety_contact_hours,
            "weekdays": ",".join(str(d) for d in days),
            "opens_at": opens_at,
            "closes_at": closes_at,
            "reply_time": reply_time,
            "after_hours": after_hours,
            "updated_at": timezone.now(),
        },
    )
    if program.time_zone != timezone_name:
        Program.objects.filter(pk=program.pk).update(time_zone=timezone_name)
        program.time_zone = timezone_name
    saved.program = program
    return saved
