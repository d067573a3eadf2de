"""Single-use export links, and the content-free proof that an account was deleted."""

from __future__ import annotations

from django.db import models
from django.utils import timezone

from reconnect.people.models import Client


class ExportFormat(models.TextChoices):
    FHIR = "fhir", "FHIR R4 Bundle (JSON)"
    HTML = "html", "Readable report (HTML)"


class ExportLink(models.Model):
    """A download that works once and expires within 24 hours; only its hash is stored."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="export_links")
    format = models.CharField(max_length=24)  # "fhir", "html", or "html:<consent id>"
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"export link {self.pk}"


class DeletionRecord(models.Model):
    """That an account was deleted, when, at whose request and how many rows went: no content."""

    client_ref = models.BigIntegerField()
    deleted_at = models.DateTimeField(default=timezone.now)
    requested_by_role = models.CharField(max_length=16)
    rows_removed = models.JSONField()
    reason = models.CharField(max_length=40)

    class Meta:
        ordering = ["-deleted_at"]

    def __str__(self) -> str:
        return f"deletion {self.pk}"
