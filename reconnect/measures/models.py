"""Assignments of questionnaires, the responses (raw answers kept), and safety flags."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Q
from django.utils import timezone

from reconnect.measures import instruments
from reconnect.people.models import Client, User


def instrument_title(code: str) -> str:
    """The instrument's name as the care team reads it ("PHQ-9"), never its stored code."""
    found = instruments.INSTRUMENTS.get(code)
    return found.title if found is not None else code


class Schedule(models.TextChoices):
    ONCE = "once", "Once"
    EVERY_SESSION = "every_session", "Every session"
    WEEKLY = "weekly", "Weekly"
    EVERY_2_WEEKS = "every_2_weeks", "Every 2 weeks"
    EVERY_4_WEEKS = "every_4_weeks", "Every 4 weeks"


INTERVALS = {
    Schedule.WEEKLY: dt.timedelta(days=7),
    Schedule.EVERY_2_WEEKS: dt.timedelta(days=14),
    Schedule.EVERY_4_WEEKS: dt.timedelta(days=28),
}


class AssignmentQuerySet(models.QuerySet["Assignment"]):
    def active(self) -> AssignmentQuerySet:
        return self.filter(ended_at__isnull=True)

    def for_client(self, client: Client) -> AssignmentQuerySet:
        return self.filter(client=client)


class Assignment(models.Model):
    """A clinician asks a client to answer an instrument on a schedule."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="assignments")
    instrument = models.CharField(max_length=32)
    schedule = models.CharField(max_length=16, choices=Schedule.choices)
    assigned_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)
    ended_at = models.DateTimeField(null=True, blank=True)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "instrument"],
                condition=Q(ended_at__isnull=True),
                name="one_active_assignment_per_instrument",
            )
        ]

    def __str__(self) -> str:
        return f"assignment {self.pk} {self.instrument}"

    @property
    def instrument_title(self) -> str:
        return instrument_title(self.instrument)


class Status(models.TextChoices):
    COMPLETED = "completed", "Completed"
    DECLINED = "declined", "Declined"


class ResponseQuerySet(models.QuerySet["Response"]):
    def for_client(self, client: Client) -> ResponseQuerySet:
        return self.filter(client=client)

    def completed(self) -> ResponseQuerySet:
        return self.filter(status=Status.COMPLETED)


class Response(models.Model):
    """One administration: raw answers (None for skipped items), wording version, score."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="responses")
    assignment = models.ForeignKey(
        Assignment, null=True, blank=True, on_delete=models.SET_NULL, related_name="responses"
    )
    instrument = models.CharField(max_length=32)
    version = models.CharField(max_length=80)
    language = models.CharField(max_length=16, default="en")
    status = models.CharField(max_length=16, choices=Status.choices)
    answers = models.JSONField(default=list)
    total = models.FloatField(null=True, blank=True)
    band = models.CharField(max_length=40, blank=True)
    flags = models.JSONField(default=list)
    score_note = models.CharField(max_length=300, blank=True)
    submitted_at = models.DateTimeField(default=timezone.now, db_index=True)
    client_request_id = models.CharField(max_length=64)

    objects = ResponseQuerySet.as_manager()

    class Meta:
        ordering = ["submitted_at", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["client", "client_request_id"], name="response_once_per_request"
            )
        ]
        indexes = [
            models.Index(fields=["client", "instrument", "submitted_at"], name="response_history")
        ]

    def __str__(self) -> str:
        return f"response {self.pk} {self.instrument}"

    @property
    def instrument_title(self) -> str:
        return instrument_title(self.instrument)


class SafetyFlag(models.Model):
    """An urgent item for the care team, raised the moment a safety answer is given."""

    class State(models.TextChoices):
        OPEN = "open", "Open"
        ACKNOWLEDGED = "acknowledged", "Acknowledged"

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="safety_flags")
    response = models.OneToOneField(
        Response, on_delete=models.CASCADE, related_name="safety_flag", null=True
    )
    reason = models.CharField(max_length=200)
    raised_at = models.DateTimeField(default=timezone.now)
    state = models.CharField(max_length=16, choices=State.choices, default=State.OPEN)
    acknowledged_by = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    acknowledged_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"safety flag {self.pk}"
