"""Consent to analysis, transcripts (encrypted, purged after a while) and analyses."""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.utils import timezone

from reconnect.core.crypto import EncryptedTextField
from reconnect.people.models import Client, User


class AnalysisConsentQuerySet(models.QuerySet["AnalysisConsent"]):
    def active(self) -> AnalysisConsentQuerySet:
        return self.filter(revoked_at__isnull=True)

    def for_client(self, client: Client) -> AnalysisConsentQuerySet:
        return self.filter(client=client)


class AnalysisConsent(models.Model):
    """The client's specific, revocable consent to having session transcripts analysed."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="analysis_consents")
    granted_at = models.DateTimeField(default=timezone.now)
    revoked_at = models.DateTimeField(null=True, blank=True)

    objects = AnalysisConsentQuerySet.as_manager()

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["client"], condition=Q(revoked_at__isnull=True), name="one_active_consent"
            )
        ]

    def __str__(self) -> str:
        return f"analysis consent {self.pk}"


class Status(models.TextChoices):
    QUEUED = "queued", "Queued"
    RUNNING = "running", "Analysing"
    DONE = "done", "Done"
    FAILED = "failed", "Could not be analysed"
    CANCELLED = "cancelled", "Cancelled (consent revoked)"


# What an analysis keeps of anyone's words, and the uploaded file's name (which can carry a
# person's name); emptied together at the purge and on withdrawal.
WORDS = {"transcript": "", "coded": "", "moments": "", "name": ""}


class Analysis(models.Model):
    """One analysed session. Everything that quotes someone's words (the transcript, the coded
    text and the moments worth another look) is encrypted and goes at the retention limit or
    when the client withdraws consent; the summary (numbers only) stays for the trends."""

    client = models.ForeignKey(Client, on_delete=models.CASCADE, related_name="analyses")
    clinician = models.ForeignKey(User, on_delete=models.CASCADE, related_name="analyses")
    session = models.ForeignKey(
        "radar.Session", null=True, blank=True, on_delete=models.SET_NULL, related_name="analyses"
    )
    name = models.CharField(max_length=120, blank=True)
    transcript = EncryptedTextField(blank=True, default="")
    coded = EncryptedTextField(blank=True, default="")  # JSON of coded utterances
    moments = EncryptedTextField(blank=True, default="")  # JSON of feedback moments (quotes)
    summary = models.JSONField(default=dict)  # numbers only
    # The model's code of each utterance as [speaker, code] pairs, without words: with the
    # clinician's corrections, what the figures are recomputed from after the purge.
    codes = models.JSONField(default=list, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(default=0)
    error = models.CharField(max_length=300, blank=True)
    model_version = models.CharField(max_length=40, blank=True)
    shared_with_supervisor = models.BooleanField(default=False)
    created_at = models.DateTimeField(default=timezone.now)
    finished_at = models.DateTimeField(null=True, blank=True)
    purged_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"analysis {self.pk}"


class CorrectionQuerySet(models.QuerySet["Correction"]):
    def for_analysis(self, analysis: Analysis) -> CorrectionQuerySet:
        """The corrections of an analysis: only ever its own clinician's."""
        return self.filter(analysis=analysis, clinician_id=analysis.clinician_id)

    def by_index(self) -> dict[int, str]:
        return dict(self.values_list("index", "code"))

    def usable_for_training(self) -> CorrectionQuerySet:
        """Corrections whose session still has its words (the transcript is kept only until
        the purge) and whose client still consents to analysis."""
        consenting = AnalysisConsent.objects.active().values("client_id")
        return self.filter(
            analysis__status=Status.DONE,
            analysis__purged_at__isnull=True,
            analysis__client_id__in=consenting,
        ).exclude(analysis__coded="")


class Correction(models.Model):
    """A clinician's own correction of one automated code in their session analysis: codes
    only (the utterance's position, what the model said, what the clinician says), no words,
    so it outlasts the transcript purge. Private to that clinician; deleted if the client
    withdraws consent."""

    analysis = models.ForeignKey(Analysis, on_delete=models.CASCADE, related_name="corrections")
    clinician = models.ForeignKey(
        User, on_delete=models.CASCADE, related_name="relational_corrections"
    )
    index = models.PositiveIntegerField()
    speaker = models.CharField(max_length=10)
    model_code = models.CharField(max_length=40)
    code = models.CharField(max_length=40)
    created_at = models.DateTimeField(default=timezone.now)
    updated_at = models.DateTimeField(default=timezone.now)

    objects = CorrectionQuerySet.as_manager()

    class Meta:
        ordering = ["analysis", "index"]
        constraints = [
            models.UniqueConstraint(
                fields=["analysis", "clinician", "index"], name="one_correction_per_utterance"
            )
        ]

    def __str__(self) -> str:
        return f"correction {self.pk}"
