"""Clinicians' corrections as training rows for `reconnect train_relational --with-corrections`.

The rule on words: a correction teaches the model only while its session still has its words
(the encrypted transcript, kept until the purge, `RECONNECT_TRANSCRIPT_DAYS`) and its client
still consents to analysis. After the purge a correction stays as codes without words: it still
corrects that session's figures for its clinician, but there is nothing left to learn from, and
no words are kept aside for training. Everything stays on this machine."""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from reconnect.relational.engine.features import contexts
from reconnect.relational.engine.parse import Utterance
from reconnect.relational.models import Analysis, Correction
from reconnect.relational.review import coded_session


def annotation(speaker: str, code: str) -> dict[str, str]:
    """A correction in AnnoMI's columns, as the training code reads the research data."""
    head, _, subtype = code.partition(":")
    if speaker == "client":
        return {"main_therapist_behaviour": "n/a", "client_talk_type": subtype}
    return {
        "main_therapist_behaviour": head,
        "reflection_subtype": subtype if head == "reflection" else "n/a",
        "question_subtype": subtype if head == "question" else "n/a",
        "therapist_input_subtype": subtype if head == "therapist_input" else "n/a",
        "client_talk_type": "n/a",
    }


def correction_rows() -> tuple[list[dict[str, Any]], int]:
    """The usable corrections as training rows (each with the words of its utterance and its
    neighbours, grouped by session), and how many corrections could not be used."""
    usable = Correction.objects.usable_for_training()
    by_analysis: dict[int, dict[int, Correction]] = defaultdict(dict)
    for correction in usable:
        by_analysis[correction.analysis_id][correction.index] = correction
    rows: list[dict[str, Any]] = []
    for analysis in Analysis.objects.filter(pk__in=by_analysis).order_by("pk"):
        coded = coded_session(analysis)
        context = contexts([Utterance(u.index, u.speaker, u.text) for u in coded])
        for u, around in zip(coded, context, strict=True):
            found = by_analysis[analysis.pk].get(u.index)
            if found is None or found.speaker != u.speaker:
                continue
            rows.append(
                {
                    **around,
                    "group": f"correction-{analysis.pk}",
                    "transcript": f"correction-{analysis.pk}",
                    "position": u.index,
                    "codes": annotation(u.speaker, found.code),
                }
            )
    return rows, Correction.objects.count() - len(rows)
