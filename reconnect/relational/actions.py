"""Relational feedback use cases: consent, submit, run (as a task), share, purge."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reconnect.access.gate import record_event
from reconnect.access.models import Action, Category
from reconnect.core.input import InvalidInput
from reconnect.people.models import Client, User
from reconnect.relational.engine import TranscriptError, parse
from reconnect.relational.engine.model import DEFAULT
from reconnect.relational.models import Analysis, AnalysisConsent, Status

MAX_TRANSCRIPT = 500_000


def has_consent(client: Client) -> bool:
    return AnalysisConsent.objects.active().filter(client=client).exists()


@transaction.atomic
def grant_consent(*, client: Client) -> None:
    if not has_consent(client):
        AnalysisConsent.objects.create(client=client)


@transaction.atomic
def revoke_consent(*, client: Client) -> int:
    """Revoke at once: queued analyses are cancelled and finished results hidden."""
    AnalysisConsent.objects.active().filter(client=client).update(revoked_at=timezone.now())
    return Analysis.objects.filter(
        client=client, status__in=[Status.QUEUED, Status.RUNNING, Status.DONE]
    ).update(status=Status.CANCELLED, transcript="", coded="", progress=0)


@transaction.atomic
def submit_transcript(
    *, client: Client, clinician: User, text: str, name: str = "", session_id: int | None = None
) -> Analysis:
    """Check the transcript reads, store it encrypted, and queue its analysis."""
    if not has_consent(client):
        raise InvalidInput("transcript", "The client has not consented to session analysis.")
    if len(text) > MAX_TRANSCRIPT:
        raise InvalidInput("transcript", "The transcript is too long (500,000 characters at most).")
    try:
        parse(text, name=name)
    except TranscriptError as error:
        raise InvalidInput("transcript", str(error)) from error
    session = None
    if session_id:
        from reconnect.radar.models import Session

        session = Session.objects.filter(pk=session_id, client=client).first()
    analysis = Analysis.objects.create(
        client=client, clinician=clinician, session=session, name=name[:120], transcript=text
    )
    record_event(
        actor=clinician,
        client_id=client.pk,
        category=Category.ANALYSIS,
        action=Action.CREATE,
        detail=f"analysis {analysis.pk}",
    )
    from reconnect.relational.tasks import run_analysis

    transaction.on_commit(lambda: run_analysis.enqueue(analysis.pk))
    return analysis


def model_version() -> str:
    if not DEFAULT.exists():
        return "missing"
    return hashlib.sha256(DEFAULT.read_bytes()).hexdigest()[:12]


def run(analysis_id: int) -> str:
    """Analyse a queued transcript (called by the task)."""
    from reconnect.relational.engine import analyze_utterances

    analysis = Analysis.objects.filter(pk=analysis_id).first()
    if analysis is None or analysis.status != Status.QUEUED:
        return "skipped"
    if not has_consent(analysis.client):
        Analysis.objects.filter(pk=analysis.pk).update(status=Status.CANCELLED, transcript="")
        return "cancelled"
    Analysis.objects.filter(pk=analysis.pk).update(status=Status.RUNNING, progress=10)
    try:
        result = analyze_utterances(parse(analysis.transcript, name=analysis.name))
    except Exception as error:  # recorded for the clinician; never crashes the worker
        Analysis.objects.filter(pk=analysis.pk).update(
            status=Status.FAILED, error=type(error).__name__[:300], progress=0
        )
        return "failed"
    updated = Analysis.objects.filter(pk=analysis.pk, status=Status.RUNNING).update(
        status=Status.DONE,
        progress=100,
        summary=result["summary"],
        model_version=model_version(),
        finished_at=timezone.now(),
    )
    if updated:  # consent may have been revoked meanwhile
        analysis.coded = json.dumps(result["utterances"])
        analysis.save(update_fields=["coded"])
    return "done"


@transaction.atomic
def share_with_supervisor(*, analysis: Analysis, shared: bool) -> None:
    Analysis.objects.filter(pk=analysis.pk).update(shared_with_supervisor=shared)


def purge_transcripts(now: dt.datetime | None = None) -> int:
    """Remove transcripts and coded text past the retention period; summaries stay."""
    days = settings.RECONNECT["TRANSCRIPT_DAYS"]
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    return Analysis.objects.filter(created_at__lt=cutoff, purged_at__isnull=True).update(
        transcript="", coded="", purged_at=now or timezone.now()
    )
