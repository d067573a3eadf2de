"""Consents the client signs, their revocations, and the ledger of every disclosure made."""

from __future__ import annotations

import hashlib
import json
from typing import Any, NoReturn

from django.db import models
from django.utils import timezone

from reconnect.people.models import Client, User


class RecipientKind(models.TextChoices):
    SUPPORTER = "supporter", "A supporter (family or friend)"
    CLINICIAN = "clinician", "A named clinician outside my care team"
    EXTERNAL = "external", "Someone outside Reconnect (for a file I send)"


class ImmutableConsent(RuntimeError):
    """A signed consent cannot change: revoke it, or sign a new one."""


class ConsentGrantQuerySet(models.QuerySet["ConsentGrant"]):
    def active(self, at: Any = None) -> ConsentGrantQuerySet:
        """Signed, not revoked, not expired."""
        return self.filter(revocation__isnull=True, expires_at__gt=at or timezone.now())

    def update(self, **kwargs: Any) -> NoReturn:
        raise ImmutableConsent("A signed consent cannot be changed.")


class ConsentGrant(models.Model):
    """One signed consent to disclose named parts of a client's record (42 CFR 2.31).

    Every element the rule asks for is a field; once saved, nothing changes: narrowing or
    widening is a new consent, ending one is a ConsentRevocation.
    """

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="consents")
    patient_name = models.CharField(max_length=160)
    discloser = models.CharField(max_length=160)
    recipient_kind = models.CharField(max_length=16, choices=RecipientKind.choices)
    recipient = models.ForeignKey(
        User, null=True, blank=True, on_delete=models.CASCADE, related_name="consents_received"
    )
    recipient_name = models.CharField(max_length=160)
    categories = models.JSONField()
    amount_and_kind = models.TextField()
    purpose = models.CharField(max_length=300)
    expires_at = models.DateTimeField()
    right_to_revoke = models.TextField()
    signature = models.CharField(max_length=160)
    signed_at = models.DateTimeField(default=timezone.now)
    content_hash = models.CharField(max_length=64)

    objects = ConsentGrantQuerySet.as_manager()

    class Meta:
        ordering = ["-signed_at", "-id"]
        indexes = [models.Index(fields=["recipient", "client"], name="consent_recipient")]

    def __str__(self) -> str:
        return f"consent {self.pk}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None:
            raise ImmutableConsent("A signed consent cannot be changed.")
        self.content_hash = self.compute_hash()
        super().save(*args, **kwargs)

    def compute_hash(self) -> str:
        body = {
            "client": self.client_id,
            "patient": self.patient_name,
            "discloser": self.discloser,
            "recipient": [self.recipient_kind, self.recipient_id, self.recipient_name],
            "categories": list(self.categories),
            "amount": self.amount_and_kind,
            "purpose": self.purpose,
            "expires": self.expires_at.isoformat(),
            "revoke": self.right_to_revoke,
            "signature": self.signature,
            "signed": self.signed_at.isoformat(),
        }
        return hashlib.sha256(json.dumps(body, sort_keys=True).encode()).hexdigest()

    @property
    def is_active(self) -> bool:
        revoked = hasattr(self, "revocation")
        return not revoked and self.expires_at > timezone.now()


class ConsentRevocation(models.Model):
    """The client ended a consent; it stops working on the next request."""

    grant = models.OneToOneField(ConsentGrant, on_delete=models.CASCADE, related_name="revocation")
    revoked_at = models.DateTimeField(default=timezone.now)
    revoked_by = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    reason = models.CharField(max_length=120, blank=True)

    def __str__(self) -> str:
        return f"revocation of consent {self.grant_id}"


class Channel(models.TextChoices):
    SHARED_VIEW = "shared_view", "viewed what you share"
    EXPORT = "export", "received a file"
    EMERGENCY = "emergency", "opened your record in an emergency"


class Disclosure(models.Model):
    """The accounting of one disclosure: date, recipient, description, purpose, consent."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="disclosures")
    at = models.DateTimeField(default=timezone.now, db_index=True)
    channel = models.CharField(max_length=16, choices=Channel.choices)
    recipient = models.ForeignKey(User, null=True, on_delete=models.SET_NULL, related_name="+")
    recipient_name = models.CharField(max_length=160)
    description = models.CharField(max_length=300)
    purpose = models.CharField(max_length=300)
    consent = models.ForeignKey(
        ConsentGrant, null=True, blank=True, on_delete=models.SET_NULL, related_name="disclosures"
    )
    request_id = models.CharField(max_length=36, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"disclosure {self.pk}"
