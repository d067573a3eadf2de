"""Running one queued analysis: the engine over the stored transcript (the task's body)."""

from __future__ import annotations

import json
from typing import Any

from django.conf import settings
from django.utils import timezone

from reconnect.relational.engine import analyze_utterances, parse
from reconnect.relational.engine.model import ModelMissing
from reconnect.relational.models import WORDS, Analysis, AnalysisConsent, Status
from reconnect.relational.review import codes_of


def run(analysis_id: int) -> str:
    """Analyse a queued transcript (called by the task)."""
    analysis = Analysis.objects.filter(pk=analysis_id).first()
    # A running analysis is picked up again: its worker was lost mid-run and the task was requeued
    # (the analysis is a pure computation, so running it twice is harmless).
    if analysis is None or analysis.status not in (Status.QUEUED, Status.RUNNING):
        return "skipped"
    if not AnalysisConsent.objects.active().for_client(analysis.client).exists():
        Analysis.objects.filter(pk=analysis.pk).update(status=Status.CANCELLED, **WORDS)
        return "cancelled"
    started = Analysis.objects.filter(
        pk=analysis.pk, status__in=(Status.QUEUED, Status.RUNNING)
    ).update(status=Status.RUNNING, progress=10)
    if not started:
        return "skipped"
    name = settings.RECONNECT["RELATIONAL_MODEL"]
    shown = [10]

    def progress(share: float) -> None:
        # The strong model takes seconds: the clinician's page shows it moving, 10 to 90%.
        percent = 10 + int(80 * share)
        if percent >= shown[0] + 10:
            shown[0] = percent
            Analysis.objects.filter(pk=analysis.pk, status=Status.RUNNING).update(progress=percent)

    try:
        utterances = parse(analysis.transcript or "", name=analysis.name)
        result = analyze_utterances(utterances, model=name, progress=progress)
    except ModelMissing as error:  # says which file and what to do; names no one
        Analysis.objects.filter(pk=analysis.pk).update(
            status=Status.FAILED, error=str(error)[:300], progress=0
        )
        return "failed"
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
        codes=codes_of(result["utterances"]),
        moments=json.dumps(moments) if moments else "",
        model_version=model_version(result["model"]),
        finished_at=timezone.now(),
    )
    return "done"


def split_summary(summary: dict[str, Any]) -> tuple[dict[str, Any], list[dict[str, Any]]]:
    """The numbers (stored plain, kept after the purge) and the moments that quote the session
    (stored encrypted, purged with the transcript)."""
    numbers = {k: v for k, v in summary.items() if k != "feedback"}
    return numbers, list(summary.get("feedback") or [])


def model_version(model: dict[str, str]) -> str:
    """The model's short sha256 as the engine read it from its checked metrics (the strong
    model's prefixed "strong "), for the result page's small print: no second read of the
    model file."""
    return model["version"] if model["name"] == "default" else f"{model['name']} {model['version']}"
