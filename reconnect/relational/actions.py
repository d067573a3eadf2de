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
from reconnect.relational.engine.codes import UnknownCode, check, code_of
from reconnect.relational.models import WORDS, Analysis, AnalysisConsent, Correction, Status
from reconnect.relational.review import coded_session
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
    # Corrections are codes only, but nothing of a withdrawn session may teach the model.
    Correction.objects.filter(analysis__client=client).delete()
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


@transaction.atomic
def correct_code(*, analysis: Analysis, clinician: User, index: int | None, code: str) -> bool:
    """Record the clinician's code for one utterance of their own analysis (a correction back
    to the model's own code removes the correction). Returns whether a correction now stands.

    Only while the session still has its words: a code is corrected by reading what was said."""
    if analysis.clinician_id != clinician.pk:  # the gate already answered 404; never write
        raise InvalidInput("code", "Only the clinician who analysed this session can correct it.")
    if analysis.status != Status.DONE or not analysis.coded:
        raise InvalidInput(
            "code", "This session's transcript has been deleted, so its codes can't be corrected."
        )
    coded = {u.index: u for u in coded_session(analysis)}
    if index is None or index not in coded:
        raise InvalidInput("index", "That utterance isn't part of this session.")
    said = coded[index]
    try:
        check(said.speaker, code)
    except UnknownCode as error:
        raise InvalidInput("code", str(error)) from error
    model_code = code_of(said)
    existing = Correction.objects.for_analysis(analysis).filter(index=index)
    if code == model_code:
        existing.delete()
        return False
    # One row per utterance however often (or however fast) the same tap is sent.
    Correction.objects.update_or_create(
        analysis=analysis,
        clinician=clinician,
        index=index,
        defaults={"code": code, "updated_at": timezone.now()},
        create_defaults={"code": code, "speaker": said.speaker, "model_code": model_code},
    )
    return True
