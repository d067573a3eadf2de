"""The audit trail: append-only, hash-chained AccessEvents (security-reference #11, #12)."""

from __future__ import annotations

import hashlib
from datetime import UTC
from typing import Any, NoReturn

from django.db import models
from django.utils import timezone


class Category(models.TextChoices):
    """What part of a client's record (or of the system) an event touched."""

    PROFILE = "profile", "profile and care team"
    CHECKINS = "checkins", "check-ins and progress"
    CIRCLE = "circle", "support circle and contacts"
    CONTACT = "contact", "contact details"
    MESSAGES = "messages", "messages"
    SAFETY_PLAN = "safety_plan", "safety plan"
    MEASURES = "measures", "questionnaires and scores"
    SESSIONS = "sessions", "sessions"
    SIGNALS = "signals", "radar signals and outreach"
    TIMELINE = "timeline", "whole timeline"
    ANALYSIS = "analysis", "session analysis"
    CASELOAD = "caseload", "caseload list"
    CASELOAD_SUMMARY = "caseload_summary", "caseload summary"
    ACCESS_LOG = "access_log", "record access history"
    SHARED = "shared", "shared information"
    CONSENT = "consent", "sharing choices"
    RECORD = "record", "whole record"
    ADMINISTRATION = "administration", "program administration"
    SECURITY = "security", "sign-in and security"
    # What a peer recovery specialist on the care team sees: counts and names, never notes.
    PEER_SUMMARY = "peer_summary", "recovery-support summary"
    GROUPS = "groups", "peer group participation"


class Action(models.TextChoices):
    VIEW = "view", "viewed"
    LIST = "list", "listed"
    CREATE = "create", "added"
    CHANGE = "change", "changed"
    DELETE = "delete", "removed"
    EXPORT = "export", "exported"
    SIGN_IN = "sign_in", "signed in"
    SIGN_OUT = "sign_out", "signed out"
    SIGN_IN_FAILED = "sign_in_failed", "failed to sign in"
    LOCKED_OUT = "locked_out", "was locked out"
    TWO_FACTOR = "two_factor", "confirmed two-factor sign-in"
    TOKEN_CREATED = "token_created", "created an API token"
    TOKEN_REVOKED = "token_revoked", "revoked an API token"
    PASSWORD_CHANGED = "password_changed", "changed their password"
    ACCOUNT_DISABLED = "account_disabled", "disabled an account"
    EMERGENCY = "emergency", "opened in an emergency"
    ACCOUNT_DELETED = "account_deleted", "deleted the account and its content"


class Outcome(models.TextChoices):
    ALLOWED = "allowed", "allowed"
    DENIED = "denied", "refused"


class AppendOnlyError(RuntimeError):
    """Raised when code tries to change or remove an audit row."""


class AccessEventQuerySet(models.QuerySet["AccessEvent"]):
    def about(self, client_id: int) -> AccessEventQuerySet:
        return self.filter(client_id=client_id)

    def update(self, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be changed.")

    def delete(self) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be removed.")


GENESIS_HASH = "0" * 64


class AccessEvent(models.Model):
    """Who did what to which part of whose record, when, from where. Never holds record content.

    Actor and client are plain ids (no foreign keys), so that removing an account never
    cascades into the trail; the actor's name and role are copied at the time of the event.
    """

    at = models.DateTimeField(default=timezone.now, db_index=True)
    actor_id = models.BigIntegerField(null=True, db_index=True)
    actor_name = models.CharField(max_length=120, blank=True)
    actor_role = models.CharField(max_length=16, blank=True)
    client_id = models.BigIntegerField(null=True, db_index=True)
    category = models.CharField(max_length=32, choices=Category.choices)
    action = models.CharField(max_length=32, choices=Action.choices)
    outcome = models.CharField(max_length=16, choices=Outcome.choices, default=Outcome.ALLOWED)
    purpose = models.CharField(max_length=40, blank=True)
    request_id = models.CharField(max_length=36, blank=True)
    ip_address = models.CharField(max_length=45, blank=True)
    detail = models.CharField(max_length=200, blank=True)
    prev_hash = models.CharField(max_length=64)
    row_hash = models.CharField(max_length=64, unique=True)

    objects = AccessEventQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]
        indexes = [models.Index(fields=["client_id", "-at"], name="access_client_recent")]

    def __str__(self) -> str:
        return f"event {self.pk}: {self.actor_id} {self.action} {self.category} of {self.client_id}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None or kwargs.get("force_update"):
            raise AppendOnlyError("Audit events cannot be changed.")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AppendOnlyError("Audit events cannot be removed.")

    def canonical(self) -> str:
        """The fields the hash covers, in a fixed order."""
        return "|".join(
            str(part)
            for part in (
                self.prev_hash,
                self.at.astimezone(UTC).isoformat(timespec="microseconds"),
                self.actor_id,
                self.actor_name,
                self.actor_role,
                self.client_id,
                self.category,
                self.action,
                self.outcome,
                self.purpose,
                self.request_id,
                self.ip_address,
                self.detail,
            )
        )

    def compute_hash(self) -> str:
        return hashlib.sha256(self.canonical().encode()).hexdigest()


EMERGENCY_MINUTES = 60


class EmergencyAccessQuerySet(models.QuerySet["EmergencyAccess"]):
    def active(self) -> EmergencyAccessQuerySet:
        return self.filter(ends_at__gt=timezone.now())


class EmergencyAccess(models.Model):
    """Break-glass: a clinician outside the care team opens a record in an emergency.

    Holds the 42 CFR 2.51(c) facts: who received the information and their affiliation,
    who disclosed it, when, and the nature of the emergency.
    """

    client = models.ForeignKey(
        "people.Client", on_delete=models.CASCADE, related_name="emergency_access"
    )
    clinician = models.ForeignKey("people.User", on_delete=models.CASCADE, related_name="+")
    clinician_name = models.CharField(max_length=120)
    affiliation = models.CharField(max_length=160)
    disclosed_by = models.CharField(max_length=160)
    nature_of_emergency = models.CharField(max_length=500)
    started_at = models.DateTimeField(default=timezone.now)
    ends_at = models.DateTimeField()

    objects = EmergencyAccessQuerySet.as_manager()
    # Set by open_in_emergency: the grant it returns was open already, and nothing was recorded.
    already_open = False

    class Meta:
        ordering = ["-started_at"]

    def __str__(self) -> str:
        return f"emergency access {self.pk}"
