"""Relational feedback use cases: consent, submit (queues the run, see `runner`), share, purge."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from reconnect.core.input import InvalidInput
from reconnect.people.models import Client, User
from reconnect.radar.models import Session
from reconnect.relational.engine import TranscriptError, parse
from reconnect.relational.models import WORDS, Analysis, AnalysisConsent, Status
from reconnect.relational.tasks import run_analysis

MAX_TRANSCRIPT = 500_000


def has_consent(client: Client) -> bool:
    return AnalysisConsent.objects.active().for_client(client).exists()


@transaction.atomic
def grant_consent(*, client: Client) -> None:
    if not has_consent(client):
        AnalysisConsent.objects.create(client=client)


@transaction.atomic
def revoke_consent(*, client: Client) -> int:
    """Revoke at once: queued analyses are cancelled, finished results hidden, and every
    transcript and quote of this client's sessions removed."""
    AnalysisConsent.objects.active().for_client(client).update(revoked_at=timezone.now())
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
        session = Session.objects.filter(pk=session_id, client=client).first()
    analysis = Analysis.objects.create(
        client=client, clinician=clinician, session=session, name=name[:120], transcript=text
    )
    transaction.on_commit(lambda: run_analysis.enqueue(analysis.pk))
    return analysis


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
