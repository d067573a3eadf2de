"""One conversation per client with their care team: its messages, who read them, and the hours
the care team keeps.

Messages are a record of care: they are never edited or removed, except with the client's whole
account when the client asks for deletion. Text only, encrypted at rest.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial
from typing import Any

from django.db import models
from django.db.models import Count, Exists, OuterRef, Q
from django.utils import timezone

from reconnect.conversations import hours
from reconnect.core.crypto import EncryptedTextField
from reconnect.people.models import Client, Program, Role, User
from reconnect.people.timezones import program_zone

BODY_MAX_LENGTH = 5000
AFTER_HOURS_DEFAULT = "Our team is not available right now. For a crisis, call or text 988."
REPLY_TIME_DEFAULT = "usually within one working day"
# After a safety answer (PHQ-9 item 9 above 0) the care team contacts the client within this many
# working hours; the client is told the time. The same day where the hours allow
# (clinical-reference §1.1); a program sets its own, with clinical sign-off.
SAFETY_CONTACT_HOURS_DEFAULT = 4
SAFETY_CONTACT_HOURS_MAX = 40


class CareTeamHoursQuerySet(models.QuerySet["CareTeamHours"]):
    def schedules(self, program_ids: Iterable[int]) -> dict[int, hours.Hours]:
        """Each program's hours (the defaults where a program set none), in the program's time
        zone: one query, and one more only where some program set no hours."""
        ids = set(program_ids)
        found = {
            h.program_id: h.schedule
            for h in self.filter(program_id__in=ids).select_related("program")
        }
        missing = ids - found.keys()
        programs = {p.pk: p for p in Program.objects.filter(pk__in=missing)} if missing else {}
        for pid in missing:
            found[pid] = CareTeamHours.default(pid, programs.get(pid)).schedule
        return found


class CareTeamHours(models.Model):
    """When a program's care team reads messages, and what clients are told about it. The
    hours are in the program's time zone (Program.time_zone, the one zone a program has; the
    hours page shows and changes it)."""

    program = models.OneToOneField(Program, on_delete=models.CASCADE, related_name="care_hours")
    weekdays = models.CharField(max_length=13, default="0,1,2,3,4")  # 0 = Monday
    # A time of day as a default is made when asked for: Django's deploy check warns (fields.W161)
    # of a fixed one during the ten seconds around that time each day.
    opens_at = models.TimeField(default=partial(dt.time, 9))
    closes_at = models.TimeField(default=partial(dt.time, 17))
    reply_time = models.CharField(max_length=120, default=REPLY_TIME_DEFAULT)
    after_hours = models.CharField(max_length=300, default=AFTER_HOURS_DEFAULT)
    safety_contact_hours = models.PositiveSmallIntegerField(default=SAFETY_CONTACT_HOURS_DEFAULT)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = CareTeamHoursQuerySet.as_manager()

    class Meta:
        verbose_name_plural = "care team hours"

    def __str__(self) -> str:
        return f"care team hours of program {self.program_id}"

    @property
    def timezone_name(self) -> str:
        """The program's time zone, else the server's."""
        try:
            program = self.program
        except Program.DoesNotExist:
            program = None
        return program_zone(program)

    @property
    def schedule(self) -> hours.Hours:
        return hours.Hours(
            hours.parse_weekdays(self.weekdays), self.opens_at, self.closes_at, self.timezone_name
        )

    @classmethod
    def default(cls, program_id: int, program: Program | None = None) -> CareTeamHours:
        """The defaults (Mon–Fri 9am–5pm in the program's time zone), unsaved."""
        program = program or Program.objects.filter(pk=program_id).first()
        return cls(program=program) if program is not None else cls(program_id=program_id)

    @classmethod
    def for_program(cls, program_id: int) -> CareTeamHours:
        """The program's hours, or the defaults."""
        found = cls.objects.select_related("program").filter(program_id=program_id).first()
        return found or cls.default(program_id)


class ConversationQuerySet(models.QuerySet["Conversation"]):
    def for_clients(self, client_ids: Iterable[int]) -> ConversationQuerySet:
        return self.filter(client_id__in=list(client_ids))

    def waiting(self) -> ConversationQuerySet:
        """Conversations whose latest client message the care team has not answered yet."""
        return self.filter(waiting_since__isnull=False)


class Conversation(models.Model):
    """A client's one conversation with their care team (created with its first message)."""

    # The client's id is the conversation's: a message finds its conversation without a lookup.
    client = models.OneToOneField(
        Client, primary_key=True, on_delete=models.CASCADE, related_name="conversation"
    )
    created_at = models.DateTimeField(default=timezone.now)
    last_message_at = models.DateTimeField(null=True, blank=True)
    # The first client message since the care team last wrote: what the radar and the inbox
    # count waiting time from. Cleared by a care-team reply.
    waiting_since = models.DateTimeField(null=True, blank=True, db_index=True)
    # The latest message with words that worry us (the inbox shows it; the radar has the item).
    worrying_at = models.DateTimeField(null=True, blank=True)
    # When the care team, and the client, were last told of a new message here: notices are
    # collapsed to one an hour, so most messages of a conversation in flow tell no one again.
    team_told_at = models.DateTimeField(null=True, blank=True)
    client_told_at = models.DateTimeField(null=True, blank=True)

    objects = ConversationQuerySet.as_manager()

    def __str__(self) -> str:
        return f"conversation {self.pk} of client {self.client_id}"


class MessageQuerySet(models.QuerySet["Message"]):
    def in_conversation(self, conversation_id: int) -> MessageQuerySet:
        return self.filter(conversation_id=conversation_id)

    def for_client(self, client: Client) -> MessageQuerySet:
        return self.filter(client=client)

    def newest_first(self) -> MessageQuerySet:
        return self.order_by("-sent_at", "-id")

    def since(self, moment: dt.datetime) -> MessageQuerySet:
        return self.filter(sent_at__gte=moment)

    def unread_by(self, reader: User) -> MessageQuerySet:
        """Messages someone else wrote that this person has not read."""
        reads = MessageRead.objects.filter(message=OuterRef("pk"), reader=reader)
        return self.exclude(author=reader).exclude(Exists(reads))

    def unread_counts(self, reader: User, client_ids: Iterable[int]) -> dict[int, int]:
        """For each client, how many of their messages this care-team member has not read
        (one query for a whole caseload)."""
        rows = (
            self.filter(client_id__in=list(client_ids), author_role=Role.CLIENT)
            .unread_by(reader)
            .values_list("client_id")
            .annotate(n=Count("id"))
            .order_by()
        )
        return dict(rows)

    def unread_for_client(self, client: Client) -> int:
        """How many care-team messages the client has not read yet."""
        return (
            self.filter(client=client)
            .exclude(author_role=Role.CLIENT)
            .unread_by(client.user)
            .count()
        )


class Message(models.Model):
    """One message: who wrote it, as what, and when. Never edited; text only."""

    conversation = models.ForeignKey(
        Conversation, on_delete=models.CASCADE, related_name="messages"
    )
    # The conversation's client, kept on each message too: every lookup by record (the gate,
    # the export, unread counts) starts from the client.
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="messages")
    author = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    author_role = models.CharField(max_length=16, choices=Role.choices)
    author_name = models.CharField(max_length=120)
    body = EncryptedTextField()
    sent_at = models.DateTimeField(default=timezone.now)
    client_request_id = models.CharField(max_length=64, blank=True)
    worrying = models.BooleanField(default=False)
    phrase_list_version = models.CharField(max_length=32, blank=True)
    crisis_resources_shown = models.BooleanField(default=False)

    objects = MessageQuerySet.as_manager()

    class Meta:
        ordering = ["sent_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["author", "client_request_id"],
                condition=~Q(client_request_id=""),
                name="message_once_per_request",
            )
        ]
        indexes = [
            # Pages are read newest first by (sent_at, id): the index gives that order.
            models.Index(
                fields=["conversation", "sent_at", "id"], name="message_conversation_time"
            ),
            models.Index(fields=["client", "author_role"], name="message_client_author"),
        ]

    def __str__(self) -> str:
        return f"message {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        # Saving an unchanged message is allowed: `reconnect rotate_field_keys` re-encrypts it.
        if not self._state.adding:
            stored = Message.objects.filter(pk=self.pk).values_list("body", flat=True).first()
            if stored != self.body:
                raise ImmutableMessage("A message is a record of care and cannot be changed.")
        super().save(*args, **kwargs)

    @property
    def from_client(self) -> bool:
        return self.author_role == Role.CLIENT

    @property
    def first_name(self) -> str:
        return self.author_name.split(" ")[0] if self.author_name else "a former team member"


class ImmutableMessage(RuntimeError):
    """Raised when code tries to change a message after it was sent."""


class MessageRead(models.Model):
    """That a person read a message, and when (the read receipt)."""

    message = models.ForeignKey(Message, on_delete=models.CASCADE, related_name="reads")
    reader = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    read_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["read_at", "id"]
        constraints = [
            models.UniqueConstraint(fields=["message", "reader"], name="read_once_per_person")
        ]

    def __str__(self) -> str:
        return f"message {self.message_id} read by {self.reader_id}"
