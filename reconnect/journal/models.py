"""The client's journal: check-ins, their circle, reaching-out moments, tools used, reminders."""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any, Self, TypeVar

from django.db import models
from django.db.models import Q
from django.utils import timezone

from reconnect.core.crypto import EncryptedTextField
from reconnect.people.models import Client

NOTE_MAX_LENGTH = 5000


class BodyState(models.TextChoices):
    """How the body feels right now: plain-language states (clinical-reference §6), no inference."""

    SETTLED = "settled", "Settled and connected"
    ACTIVATED = "activated", "Activated"
    SHUT_DOWN = "shut_down", "Shut down"


BODY_STATE_HINTS = {
    BodyState.SETTLED: "I can think, feel and reach out.",
    BodyState.ACTIVATED: "Anxious, on edge, racing or tense.",
    BodyState.SHUT_DOWN: "Numb, heavy, foggy or far away.",
}


class Connected(models.TextChoices):
    NO = "no", "No"
    A_LITTLE = "a_little", "A little"
    YES = "yes", "Yes"


_Owned = TypeVar("_Owned", bound=models.Model)


class ClientOwnedQuerySet(models.QuerySet[_Owned]):
    """Rows of one client's own record, most often narrowed by time."""

    def for_client(self, client: Client) -> Self:
        return self.filter(client=client)

    def since(self, moment: dt.datetime) -> Self:
        return self.filter(recorded_at__gte=moment)


class CheckIn(models.Model):
    """A moment of noticing: body state, craving, connection, and an optional private note."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="checkins")
    recorded_at = models.DateTimeField(default=timezone.now, db_index=True)
    state = models.CharField(max_length=16, choices=BodyState.choices)
    craving = models.PositiveSmallIntegerField(null=True, blank=True)
    connected = models.CharField(max_length=16, choices=Connected.choices, blank=True)
    circle_members: models.ManyToManyField[CircleMember, Any] = models.ManyToManyField(
        "CircleMember", blank=True, related_name="checkins"
    )
    # Private to the client unless they choose to share it (encrypted at rest).
    note = EncryptedTextField(blank=True, default="")
    note_shared = models.BooleanField(default=False)
    client_request_id = models.CharField(max_length=64)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "client_request_id"], name="checkin_once_per_request"
            ),
            models.CheckConstraint(
                condition=Q(craving__isnull=True) | Q(craving__lte=10), name="craving_0_to_10"
            ),
        ]
        indexes = [models.Index(fields=["client", "recorded_at"], name="checkin_client_time")]

    def __str__(self) -> str:
        return f"check-in {self.pk}"

    @property
    def wants_support(self) -> bool:
        """Activated or shut down, or craving 7 or more: offer (never force) tools."""
        return self.state != BodyState.SETTLED or (self.craving or 0) >= 7


class CircleMember(models.Model):
    """A person or place that supports the client."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="circle")
    name = models.CharField(max_length=80)
    relationship = models.CharField(max_length=80, blank=True)
    how_they_help = models.CharField(max_length=300, blank=True)
    how_to_reach = models.CharField(max_length=200, blank=True)
    best_times = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    client_request_id = models.CharField(max_length=64, blank=True)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "client_request_id"],
                condition=~Q(client_request_id=""),
                name="circle_member_once_per_request",
            )
        ]

    def __str__(self) -> str:
        return f"circle member {self.pk}"


class Felt(models.TextChoices):
    BETTER = "better", "Better"
    SAME = "same", "About the same"
    HARDER = "harder", "Harder"


class ContactChannel(models.TextChoices):
    TEXT = "text", "Texted"
    CALL = "call", "Called"
    MET = "met", "Met"
    MESSAGE = "message", "Messaged online"
    OTHER = "other", "Other"


class Contact(models.Model):
    """A reaching-out moment: who, how, and how it felt."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="contacts")
    circle_member = models.ForeignKey(
        CircleMember, null=True, blank=True, on_delete=models.SET_NULL, related_name="contacts"
    )
    recorded_at = models.DateTimeField(default=timezone.now, db_index=True)
    channel = models.CharField(max_length=16, choices=ContactChannel.choices, blank=True)
    felt = models.CharField(max_length=16, choices=Felt.choices, blank=True)
    client_request_id = models.CharField(max_length=64)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "client_request_id"], name="contact_once_per_request"
            )
        ]
        indexes = [models.Index(fields=["client", "recorded_at"], name="contact_client_time")]

    def __str__(self) -> str:
        return f"contact {self.pk}"


class Tool(models.TextChoices):
    GROUNDING = "grounding", "5-4-3-2-1 grounding"
    BREATHING = "breathing", "Paced breathing"
    SELF_COMPASSION = "self_compassion", "A self-compassion break"
    REACH_OUT = "reach_out", "Reaching out to someone"
    SAFETY_PLAN = "safety_plan", "My safety plan"


class ToolUse(models.Model):
    """One use of a tool, with how strong the feeling was before and after (both optional)."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="tool_uses")
    tool = models.CharField(max_length=20, choices=Tool.choices)
    checkin = models.ForeignKey(CheckIn, null=True, blank=True, on_delete=models.SET_NULL)
    strength_before = models.PositiveSmallIntegerField(null=True, blank=True)
    strength_after = models.PositiveSmallIntegerField(null=True, blank=True)
    recorded_at = models.DateTimeField(default=timezone.now)
    client_request_id = models.CharField(max_length=64)

    objects = ClientOwnedQuerySet.as_manager()

    class Meta:
        ordering = ["recorded_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "client_request_id"], name="tool_use_once_per_request"
            ),
            models.CheckConstraint(
                condition=(Q(strength_before__isnull=True) | Q(strength_before__lte=10))
                & (Q(strength_after__isnull=True) | Q(strength_after__lte=10)),
                name="strength_0_to_10",
            ),
        ]

    def __str__(self) -> str:
        return f"tool use {self.pk}"


class ReminderChannel(models.TextChoices):
    EMAIL = "email", "Email"
    TEXT = "text", "Text message"


class ReminderPreference(models.Model):
    """Whether, when and how the client wants a gentle reminder to check in."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="reminders")
    enabled = models.BooleanField(default=False)
    time_of_day = models.TimeField(default=partial(dt.time, 19))  # made when asked: fields.W161
    timezone_name = models.CharField(max_length=64, default="UTC")
    channel = models.CharField(
        max_length=16, choices=ReminderChannel.choices, default=ReminderChannel.EMAIL
    )
    paused_until = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"reminders for {self.client_id}"


class DeliveryOutcome(models.TextChoices):
    SENT = "sent", "Sent"
    DELIVERED = "delivered", "Delivered"
    UNDELIVERED = "undelivered", "Not delivered"
    FAILED = "failed", "Failed"
    BOUNCED = "bounced", "Bounced"


class ReminderDelivery(models.Model):
    """What happened to one reminder, so a missed check-in after a failed one is read fairly."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="reminder_deliveries")
    for_date = models.DateField()
    channel = models.CharField(max_length=16, choices=ReminderChannel.choices)
    outcome = models.CharField(max_length=16, choices=DeliveryOutcome.choices)
    attempted_at = models.DateTimeField(default=timezone.now)
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-attempted_at"]
        constraints = [
            models.UniqueConstraint(fields=["client", "for_date"], name="one_reminder_a_day")
        ]

    def __str__(self) -> str:
        return f"reminder {self.pk} {self.outcome}"
