"""Sessions with clients, the signals the radar keeps, and the outreach clinicians log."""

from __future__ import annotations

import datetime as dt

from django.db import models
from django.db.models import Case, Q, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from reconnect.core.crypto import EncryptedTextField
from reconnect.people.models import CareTeamMember, Client, User


class SessionStatus(models.TextChoices):
    PLANNED = "planned", "Planned"
    ATTENDED = "attended", "Attended"
    MISSED = "missed", "Missed"
    CANCELLED_BY_CLIENT = "cancelled_by_client", "Cancelled by client"
    CANCELLED_BY_PROGRAM = "cancelled_by_program", "Cancelled by program"


class Modality(models.TextChoices):
    IN_PERSON = "in_person", "In person"
    VIDEO = "video", "Video"
    PHONE = "phone", "Phone"


class ClientResponse(models.TextChoices):
    """What the client said about a planned session."""

    NONE = "none", "No answer yet"
    CONFIRMED = "confirmed", "Will be there"
    CHANGE_REQUESTED = "change_requested", "Asked to change"


class NoteKind(models.TextChoices):
    SHARED = "shared", "Session note (the care team reads it)"
    COUNSELLING = "counselling", "Counselling note (only I read it)"


# A planned session stays on the client's home until this long after it starts, so a client
# running late still finds the place or the link.
STILL_NEXT = dt.timedelta(minutes=30)
PLACE_MAX_LENGTH = 200
VIDEO_LINK_MAX_LENGTH = 500


class SessionQuerySet(models.QuerySet["Session"]):
    def planned(self) -> SessionQuerySet:
        return self.filter(status=SessionStatus.PLANNED)

    def upcoming(self, now: dt.datetime) -> SessionQuerySet:
        """Planned sessions that have not started more than STILL_NEXT ago, soonest first."""
        return self.planned().filter(planned_at__gte=now - STILL_NEXT).order_by("planned_at", "id")

    def next_for(self, client: Client, now: dt.datetime) -> Session | None:
        return self.upcoming(now).filter(client=client).select_related("clinician").first()


class Session(models.Model):
    """A planned or held session between a clinician and a client."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="sessions")
    clinician = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    planned_at = models.DateTimeField(db_index=True)
    status = models.CharField(
        max_length=24, choices=SessionStatus.choices, default=SessionStatus.PLANNED
    )
    modality = models.CharField(max_length=16, choices=Modality.choices, default=Modality.IN_PERSON)
    note = EncryptedTextField(blank=True, default="")
    # Counselling notes are a separate class: only their author reads them, and no consent
    # the client signs discloses them (consent.categories).
    note_kind = models.CharField(max_length=16, choices=NoteKind.choices, default=NoteKind.SHARED)
    check_response = models.OneToOneField(
        "measures.Response",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="session",
    )
    created_at = models.DateTimeField(default=timezone.now)
    # Where the client will find it: a place for in person, an https link for video (both
    # encrypted: a place may be the client's home, and meeting links often carry a passcode).
    place = EncryptedTextField(blank=True, default="")
    video_link = EncryptedTextField(blank=True, default="")
    # A neutral title ("Appointment") in calendars and reminders, for a calendar others see.
    discreet_title = models.BooleanField(default=False)
    client_response = models.CharField(
        max_length=20, choices=ClientResponse.choices, default=ClientResponse.NONE
    )
    responded_at = models.DateTimeField(null=True, blank=True)

    objects = SessionQuerySet.as_manager()

    class Meta:
        ordering = ["planned_at", "id"]
        indexes = [models.Index(fields=["client", "planned_at"], name="session_client_time")]

    def __str__(self) -> str:
        return f"session {self.pk}"

    def note_for(self, user: object) -> str | None:
        """The note as this reader may see it; None for someone else's counselling note."""
        if self.note_kind == NoteKind.COUNSELLING and self.clinician_id != getattr(user, "pk", 0):
            return None
        note: str = self.note
        return note


class ReminderKind(models.TextChoices):
    DAY_BEFORE = "day_before", "The day before"
    HOUR_BEFORE = "hour_before", "An hour before"


class ReminderOutcome(models.TextChoices):
    SENDING = "sending", "Sending"
    SENT = "sent", "Sent"
    FAILED = "failed", "Failed"
    SKIPPED = "skipped", "Not sent"


class AppointmentReminder(models.Model):
    """One reminder of one session: the row is claimed before sending, so each goes once."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="reminders")
    kind = models.CharField(max_length=16, choices=ReminderKind.choices)
    channel = models.CharField(max_length=16, blank=True)  # text, email, or "" for none
    outcome = models.CharField(
        max_length=16, choices=ReminderOutcome.choices, default=ReminderOutcome.SENDING
    )
    detail = models.CharField(max_length=100, blank=True)  # why not sent; never content
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["session", "kind"], name="one_reminder_per_kind")
        ]

    def __str__(self) -> str:
        return f"appointment reminder {self.pk} {self.kind}"


class Severity(models.TextChoices):
    URGENT = "urgent", "Urgent"
    ATTENTION = "attention", "Needs attention"
    GOOD_NEWS = "good_news", "Good news"


class SignalState(models.TextChoices):
    OPEN = "open", "Open"
    ACKNOWLEDGED = "acknowledged", "Acknowledged"
    SNOOZED = "snoozed", "Snoozed"
    RESOLVED = "resolved", "Resolved"


LIVE_STATES = (SignalState.OPEN, SignalState.ACKNOWLEDGED, SignalState.SNOOZED)


class SignalQuerySet(models.QuerySet["Signal"]):
    def live(self) -> SignalQuerySet:
        return self.filter(state__in=LIVE_STATES)

    def needing_attention(self) -> SignalQuerySet:
        """Urgent and needs-attention signals (not good news)."""
        return self.filter(severity__in=[Severity.URGENT, Severity.ATTENTION])

    def on_care_team_of(self, clinician_id: int) -> SignalQuerySet:
        """Signals about clients on this clinician's care team."""
        teams = CareTeamMember.objects.filter(clinician_id=clinician_id).values("client_id")
        return self.filter(client_id__in=teams)

    def urgent_first(self) -> SignalQuerySet:
        """Urgent first; within each, open before acknowledged before snoozed (no one has taken
        up an open item yet); then longest open: from when the evidence first met the rule
        (`since`), not from when the radar stored it."""
        tier = Case(When(severity=Severity.URGENT, then=Value(0)), default=Value(1))
        waiting = Case(
            When(state=SignalState.OPEN, then=Value(0)),
            When(state=SignalState.ACKNOWLEDGED, then=Value(1)),
            default=Value(2),
        )
        return self.annotate(tier=tier, waiting=waiting).order_by(
            "tier", "waiting", Coalesce("since", "start"), "opened_at", "pk"
        )


class Signal(models.Model):
    """One explained signal for one client; at most one live computed signal of each kind."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="signals")
    kind = models.CharField(max_length=32)
    severity = models.CharField(max_length=16, choices=Severity.choices)
    start = models.DateField()
    end = models.DateField()
    explanation = models.CharField(max_length=600)
    evidence = models.JSONField(default=list)
    state = models.CharField(max_length=16, choices=SignalState.choices, default=SignalState.OPEN)
    snoozed_until = models.DateField(null=True, blank=True)
    state_reason = models.CharField(max_length=300, blank=True)
    useful = models.BooleanField(null=True, blank=True)
    opened_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)
    closed_at = models.DateTimeField(null=True, blank=True)
    # When the evidence first met the rule (the team list's "open since"); `opened_at` is when
    # the radar stored it, which can be later (a first computation, a reopening).
    since = models.DateField(null=True, blank=True)
    # The evidence it has shown (rules.Mark keys), and the evidence already seen when it, or the
    # signal it follows, was resolved or snoozed: it comes back only with something new, and
    # `whats_new` says what ("New since it was resolved on 19 Nov: missed the session on 24 Nov").
    marks = models.JSONField(default=list)
    held_marks = models.JSONField(default=list)
    held_note = models.CharField(max_length=60, blank=True)
    whats_new = models.CharField(max_length=400, blank=True)
    # A safety answer's urgent item: raised with the flag, acknowledged with it, never
    # recomputed (one item per answer, so the kind may repeat).
    safety_flag = models.OneToOneField(
        "measures.SafetyFlag",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="signal",
    )

    objects = SignalQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client", "kind"],
                condition=Q(
                    state__in=["open", "acknowledged", "snoozed"], safety_flag__isnull=True
                ),
                name="one_live_signal_per_kind",
            )
        ]
        indexes = [
            models.Index(fields=["client", "state"], name="signal_client_state"),
            models.Index(fields=["client", "kind", "-closed_at"], name="signal_client_kind_closed"),
        ]

    def __str__(self) -> str:
        return f"signal {self.pk} {self.kind}"


class OutreachAction(models.TextChoices):
    CALLED = "called", "Called"
    TEXTED = "texted", "Texted"
    MET = "met", "Met"
    LEFT_MESSAGE = "left_message", "Left a message"
    NO_ANSWER = "no_answer", "No answer"
    MESSAGED = "messaged", "Sent a message"


class Outreach(models.Model):
    """What a clinician did about a signal (or about a client), and how it went."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="outreach")
    signal = models.ForeignKey(
        Signal, null=True, blank=True, on_delete=models.SET_NULL, related_name="outreach"
    )
    clinician = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    action = models.CharField(max_length=16, choices=OutreachAction.choices)
    outcome = EncryptedTextField(blank=True, default="")
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"outreach {self.pk}"


class RadarState(models.Model):
    """When the client's signals were last computed, and whether new data arrived since."""

    client = models.OneToOneField(Client, on_delete=models.CASCADE, related_name="radar")
    stale_since = models.DateTimeField(null=True, blank=True, db_index=True)
    refreshed_at = models.DateTimeField(null=True, blank=True)
    refreshed_for = models.DateField(null=True, blank=True)

    def __str__(self) -> str:
        return f"radar state {self.client_id}"
