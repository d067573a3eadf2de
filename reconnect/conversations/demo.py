"""Synthetic conversations for the demo program: some answered, one waiting two days, one sent out
of hours, and one with words that worry us that the care team has already taken up."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from zoneinfo import ZoneInfo

from django.utils import timezone

from reconnect.conversations.actions import save_care_team_hours
from reconnect.conversations.models import AFTER_HOURS_DEFAULT, Conversation, Message, MessageRead
from reconnect.core import worry
from reconnect.people.models import Client, Program, Role, User
from reconnect.radar.actions import acknowledge_signal, log_outreach, raise_worrying_words
from reconnect.radar.models import Outreach

ZONE = "America/New_York"
# (from the client?, text, hours before the latest message) per conversation, oldest first.
ANSWERED = [
    (True, "Hi, is group still on Thursday?", 50),
    (False, "Yes, 6 pm as usual. Hope to see you there.", 48),
    (True, "Thanks, I'll be there.", 47),
]
CHECKING_IN = [
    (False, "Just checking in after our session. How did the walk go?", 30),
    (True, "It helped. I went twice this week.", 6),
    (False, "That's great to hear. Keep it going.", 0),
]
WORRYING = (
    "Rough night. Honestly I felt like I can't go on, but I called my sister and she came over."
)
TRIAGED_REPLY = (
    "Thank you for telling me, and I'm glad your sister came. I'll call you at 10 today; "
    "your safety plan is in the app if you need it before then."
)


def seed_care_team_hours(program: Program) -> None:
    save_care_team_hours(
        program=program,
        weekdays=[0, 1, 2, 3, 4],
        opens_at=dt.time(9),
        closes_at=dt.time(17),
        timezone_name=ZONE,
        reply_time="usually within one working day",
        after_hours=AFTER_HOURS_DEFAULT,
    )


def _working_morning(days_back: int, now: dt.datetime) -> dt.datetime:
    """10:00 in New York on the weekday at least `days_back` days ago."""
    day = now.astimezone(ZoneInfo(ZONE)).date() - dt.timedelta(days=days_back)
    while day.weekday() > 4:
        day -= dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(10), tzinfo=ZoneInfo(ZONE))


def _last_evening(now: dt.datetime) -> dt.datetime:
    """21:30 in New York yesterday: after the team went home."""
    day = now.astimezone(ZoneInfo(ZONE)).date() - dt.timedelta(days=1)
    return dt.datetime.combine(day, dt.time(21, 30), tzinfo=ZoneInfo(ZONE))


def _write(
    client: Client, clinician: User, lines: Sequence[tuple[bool, str, float]], end: dt.datetime
) -> list[Message]:
    """Store a conversation ending at `end`; every message read by the other side."""
    conversation, _ = Conversation.objects.get_or_create(client=client)
    written = []
    for from_client, text, hours_before in lines:
        author = client.user if from_client else clinician
        found = worry.check(text) if from_client else None
        written.append(
            Message.objects.create(
                conversation=conversation,
                client=client,
                author=author,
                author_role=Role.CLIENT if from_client else Role.CLINICIAN,
                author_name=author.display_name,
                body=text,
                sent_at=end - dt.timedelta(hours=hours_before),
                worrying=bool(found and found.worrying),
                phrase_list_version=found.version if found else "",
                crisis_resources_shown=bool(found and found.worrying),
            )
        )
    _mark(conversation, written)
    return written


def _mark(conversation: Conversation, messages: list[Message]) -> None:
    waiting = None
    for message in messages:
        waiting = (waiting or message.sent_at) if message.from_client else None
    conversation.last_message_at = messages[-1].sent_at
    conversation.waiting_since = waiting
    worrying = [m.sent_at for m in messages if m.worrying]
    conversation.worrying_at = worrying[-1] if worrying else None
    conversation.save(update_fields=["last_message_at", "waiting_since", "worrying_at"])


def _read_all(messages: list[Message], client: Client, clinician: User) -> None:
    now = timezone.now()
    MessageRead.objects.bulk_create(
        MessageRead(
            message=m,
            reader=clinician if m.from_client else client.user,
            read_at=min(m.sent_at + dt.timedelta(minutes=20), now),
        )
        for m in messages
    )


def seed_conversation(client: Client, index: int, clinician: User) -> None:
    """The index-th demo client's conversation (by their place on the caseload), if any."""
    now = timezone.now()
    place = index % 12
    if place in (0, 3, 5, 9):
        messages = _write(client, clinician, ANSWERED if place % 2 else CHECKING_IN, now)
        _read_all(messages, client, clinician)
    elif place == 4:  # waiting two days
        asked = [(True, "Could we move Friday's session to next week?", 0.0)]
        _write(client, clinician, asked, _working_morning(2, now))
    elif place == 6:  # sent out of hours
        asked = [(True, "Can't sleep. Is it OK to call tomorrow?", 0.0)]
        _write(client, clinician, asked, _last_evening(now))
    elif place == 8:  # words that worry us, already taken up by the care team
        _triaged(client, clinician, _working_morning(3, now))


def _triaged(client: Client, clinician: User, worried_at: dt.datetime) -> None:
    messages = _write(
        client, clinician, [(True, WORRYING, 1.5), (False, TRIAGED_REPLY, 0)], worried_at
    )
    _read_all(messages, client, clinician)
    item = raise_worrying_words(client=client, at=messages[0].sent_at)
    acknowledge_signal(signal=item, by=clinician)
    outreach = log_outreach(
        client=client,
        clinician=clinician,
        action="called",
        outcome="Talked it through; reviewed the safety plan together.",
        signal=item,
    )
    Outreach.objects.filter(pk=outreach.pk).update(at=messages[1].sent_at)
