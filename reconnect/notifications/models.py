"""Every text sent or received, every provider status report, and every notification."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone

from reconnect.people.models import Client, Program, User


class TextPurpose(models.TextChoices):
    REMINDER = "reminder", "Check-in reminder"
    APPOINTMENT = "appointment", "Appointment reminder"
    NEW_MESSAGE = "new_message", "New message waiting"
    HELP_REPLY = "help_reply", "Reply to HELP"
    INBOUND_REPLY = "inbound_reply", "Reply to a text"


# Texts we start, as opposed to answers to a text the person sent: these count toward the
# daily limit.
INITIATED = (TextPurpose.REMINDER, TextPurpose.APPOINTMENT, TextPurpose.NEW_MESSAGE)


class TextStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENT = "sent", "Sent"
    DELIVERED = "delivered", "Delivered"
    UNDELIVERED = "undelivered", "Not delivered"
    FAILED = "failed", "Failed"


# A status only moves forward: a late "sent" report never undoes "delivered".
STATUS_RANK = {
    TextStatus.QUEUED: 0,
    TextStatus.SENT: 1,
    TextStatus.DELIVERED: 2,
    TextStatus.UNDELIVERED: 2,
    TextStatus.FAILED: 2,
}


class OutboundTextQuerySet(models.QuerySet["OutboundText"]):
    def for_program(self, program: Program) -> OutboundTextQuerySet:
        return self.filter(client__program=program)

    def initiated_since(self, client: Client, since: dt.datetime) -> OutboundTextQuerySet:
        """The texts we started to this client since a moment (what the daily limit counts)."""
        return self.filter(client=client, purpose__in=INITIATED, created_at__gte=since)


class OutboundText(models.Model):
    """One text to one phone: a fixed template, never what anyone wrote in a message."""

    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.CASCADE, related_name="texts"
    )
    to = models.CharField(max_length=20)  # E.164
    body = models.CharField(max_length=640)
    purpose = models.CharField(max_length=16, choices=TextPurpose.choices)
    status = models.CharField(max_length=16, choices=TextStatus.choices, default=TextStatus.QUEUED)
    provider_sid = models.CharField(max_length=64, blank=True)
    error_code = models.CharField(max_length=32, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    status_at = models.DateTimeField(default=timezone.now)
    reminder_delivery = models.ForeignKey(
        "journal.ReminderDelivery",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="texts",
    )

    objects = OutboundTextQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["provider_sid"], condition=~Q(provider_sid=""), name="one_text_per_sid"
            )
        ]
        indexes = [models.Index(fields=["client", "created_at"], name="text_client_created")]

    def __str__(self) -> str:
        return f"text {self.pk} {self.status}"

    @property
    def masked_to(self) -> str:
        """The number with all but its last four digits hidden, for lists."""
        return f"•••• {self.to[-4:]}" if self.to else ""


class StatusCallback(models.Model):
    """One status report from the provider; a replay of the same report is refused by the key."""

    sid = models.CharField(max_length=64)
    status = models.CharField(max_length=16)
    error_code = models.CharField(max_length=32, blank=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["sid", "status"], name="one_report_per_status")
        ]

    def __str__(self) -> str:
        return f"status report {self.pk} {self.status}"


class InboundKind(models.TextChoices):
    STOP = "stop", "Asked to stop texts"
    START = "start", "Asked to start texts again"
    HELP = "help", "Asked for help"
    OTHER = "other", "Anything else (not a message)"


class InboundText(models.Model):
    """That a text came in and what kind it was. Its words are never kept: SMS is not private."""

    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.CASCADE, related_name="inbound_texts"
    )
    kind = models.CharField(max_length=8, choices=InboundKind.choices)
    worrying = models.BooleanField(default=False)
    phrase_list_version = models.CharField(max_length=32, blank=True)
    provider_sid = models.CharField(max_length=64, unique=True)
    received_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-received_at"]

    def __str__(self) -> str:
        return f"inbound text {self.pk} {self.kind}"


class NotificationChannel(models.TextChoices):
    TEXT = "text", "Text message"
    EMAIL = "email", "Email"


class NotificationState(models.TextChoices):
    WAITING = "waiting", "Waiting (quiet hours)"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Not sent"


class NotificationKind(models.TextChoices):
    MESSAGE = "message", "A new message"
    GROUP_POST_HELD = "group_held", "A held peer-group post (to its facilitators)"
    GROUP_POST_WORRY = "group_worry", "A peer-group post with words that worry us (care team)"
    GROUP_POST_BOTH = "group_both", "A held peer-group post, to a facilitator on the care team"


class NotificationQuerySet(models.QuerySet["Notification"]):
    def due(self, now: dt.datetime) -> NotificationQuerySet:
        return self.filter(state=NotificationState.WAITING, send_after__lte=now)

    def recent_for_any(
        self, *, recipients: list[User], client: Client, urgent: bool, since: dt.datetime
    ) -> NotificationQuerySet:
        """What already told any of these people about this conversation lately."""
        return self.filter(
            recipient__in=recipients, client=client, urgent=urgent, created_at__gte=since
        ).exclude(state=NotificationState.SKIPPED)


class Notification(models.Model):
    """Telling one person that a conversation (or a peer group) has something new: when, how,
    and what happened. Never what anyone wrote."""

    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="notifications")
    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="notifications")
    message_id = models.BigIntegerField(null=True, blank=True)
    # What it tells of: a message, or a peer-group post (whose id is then in `message_id`).
    kind = models.CharField(
        max_length=12, choices=NotificationKind.choices, default=NotificationKind.MESSAGE
    )
    channel = models.CharField(max_length=8, choices=NotificationChannel.choices)
    urgent = models.BooleanField(default=False)
    state = models.CharField(
        max_length=8, choices=NotificationState.choices, default=NotificationState.WAITING
    )
    detail = models.CharField(max_length=100, blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    send_after = models.DateTimeField(default=timezone.now)
    sent_at = models.DateTimeField(null=True, blank=True)
    text = models.ForeignKey(
        OutboundText, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    objects = NotificationQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["state", "send_after"], name="notification_due"),
            models.Index(fields=["recipient", "client", "created_at"], name="notification_recent"),
        ]

    def __str__(self) -> str:
        return f"notification {self.pk} {self.state}"
