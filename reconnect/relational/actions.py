"""Relational feedback use cases: consent, submit, run (as a task), share, purge."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from typing import Any

from django.conf import settings
from django.db import transaction
from django.utils import timezone

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


# What an analysis keeps of anyone's words, and the uploaded file's name (which can carry a
# person's name); emptied together at the purge and on withdrawal.
WORDS = {"transcript": "", "coded": "", "moments": "", "name": ""}


@transaction.atomic
def revoke_consent(*, client: Client) -> int:
    """Revoke at once: queued analyses are cancelled, finished results hidden, and every
    transcript and quote of this client's sessions removed."""
    AnalysisConsent.objects.active().filter(client=client).update(revoked_at=timezone.now())
    cancelled = Analysis.objects.filter(
        client=client, status__in=[Status.QUEUED, Status.RUNNING, Status.DONE]
    ).update(status=Status.CANCELLED, progress=0, **WORDS)
    Analysis.objects.filter(client=client).update(**WORDS)
    return cancelled


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
    # A running analysis is picked up again: its worker was lost mid-run and the task was requeued
    # (the analysis is a pure computation, so running it twice is harmless).
    if analysis is None or analysis.status not in (Status.QUEUED, Status.RUNNING):
        return "skipped"
    if not has_consent(analysis.client):
        Analysis.objects.filter(pk=analysis.pk).update(status=Status.CANCELLED, **WORDS)
        return "cancelled"
    started = Analysis.objects.filter(
        pk=analysis.pk, status__in=(Status.QUEUED, Status.RUNNING)
    ).update(status=Status.RUNNING, progress=10)
    if not started:
        return "skipped"
    try:
        result = analyze_utterances(parse(analysis.transcript, name=analysis.name))
    except Exception as error:  # recorded for the clinician; never crashes the worker
        Analysis.objects.filter(pk=analysis.pk).update(
            status=Status.FAILED, error=type(error).__name__[:300], progress=0
        )
        return "failed"
    summary, moments = split_summary(result["summary"])
    # One conditional update: if consent was revoked meanwhile, nothing of the result is kept.
    Analysis.objects.filter(pk=analysis.pk, status=Status.RUNNING).update(
        status=Status.DONE,
        progress=100,
        summary=summary,
        coded=json.dumps(result["utterances"]),
        moments=json.dumps(moments) if moments else "",
        model_version=model_version(),
        finished_at=timezone.now(),
    )
    return "done"


def split_summary(summary: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The numbers (stored plain, kept after the purge) and the moments that quote the session
    (stored encrypted, purged with the transcript)."""
    numbers = {k: v for k, v in summary.items() if k != "feedback"}
    return numbers, list(summary.get("feedback") or [])


@transaction.atomic
def share_with_supervisor(*, analysis: Analysis, shared: bool) -> None:
    Analysis.objects.filter(pk=analysis.pk).update(shared_with_supervisor=shared)


def purge_transcripts(now: dt.datetime | None = None) -> int:
    """Remove transcripts, coded text and quotes past the retention period; the numbers stay."""
    days = settings.RECONNECT["TRANSCRIPT_DAYS"]
    cutoff = (now or timezone.now()) - dt.timedelta(days=days)
    return Analysis.objects.filter(created_at__lt=cutoff, purged_at__isnull=True).update(
        purged_at=now or timezone.now(), **WORDS
    )
