"""Conversation use cases: send a message, mark messages read, set the care team's hours.

Callers open the record through the gate first; these write and audit nothing themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

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
from reconnect.core import worry
from reconnect.core.idempotency import clean_request_id, create_once
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
    request_id = clean_request_id(client_request_id) if client_request_id.strip() else ""
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
    if not _mark(client.pk, sent_at, from_client=from_client, worrying=worrying):
        Conversation.objects.get_or_create(client=client)  # the first message
        _mark(client.pk, sent_at, from_client=from_client, worrying=worrying)
    message = Message.objects.create(
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
    if worrying:
        raise_worrying_words(client=client, at=sent_at)
    if signal is not None:
        log_outreach(client=client, clinician=author, action=OutreachAction.MESSAGED, signal=signal)
    if not from_client:
        # A reply may close a "message waiting" signal now. A client's message changes no signal
        # at once: the conversation's waiting mark is the radar's input, and the caseload
        # rechecks a waiting conversation as its wait grows.
        client_changed(client.pk)
    if worrying or _first_notice_this_hour(client.pk, sent_at, to_staff=from_client):
        notify_new_message(
            message_id=message.pk,
            client=client,
            to_staff=from_client,
            urgent=worrying,
        )
    return message


def _first_notice_this_hour(client_id: int, at: dt.datetime, *, to_staff: bool) -> bool:
    """Claim this hour's notice of the conversation for its care team (or its client): true
    for the first message since that side was last told an hour or more ago. One statement,
    so a conversation in full flow costs no notification queries (words that worry us are
    never collapsed: they always go to `notify_new_message`)."""
    column = "team_told_at" if to_staff else "client_told_at"
    sql = (
        f"UPDATE conversations_conversation SET {column} = %s "  # noqa: S608 (fixed names)
        f"WHERE client_id = %s AND ({column} IS NULL OR {column} < %s)"
    )
    adapt = connection.ops.adapt_datetimefield_value
    with connection.cursor() as cursor:
        cursor.execute(sql, [adapt(at), client_id, adapt(at - NOTICE_COLLAPSE)])
        claimed: int = cursor.rowcount
    return claimed == 1


def _mark(client_id: int, at: dt.datetime, *, from_client: bool, worrying: bool) -> int:
    """Mark the conversation: waiting since the first unanswered client message, cleared by a
    care-team reply. Runs on every message, so it is one plain statement; 0 when the
    conversation does not exist yet."""
    if not from_client:
        sql = (
            "UPDATE conversations_conversation SET last_message_at = %s, waiting_since = NULL "
            "WHERE client_id = %s"
        )
        params: list[dt.datetime | int] = [at, client_id]
    else:
        worry_set = ", worrying_at = %s" if worrying else ""
        sql = (
            "UPDATE conversations_conversation SET last_message_at = %s, "  # noqa: S608 (fixed)
            f"waiting_since = COALESCE(waiting_since, %s){worry_set} WHERE client_id = %s"
        )
        params = [at, at, *([at] if worrying else []), client_id]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        updated: int = cursor.rowcount
    return updated


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
