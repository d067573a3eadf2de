"""A clinician's own session summaries over time (numbers only; transcripts may be purged)."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any


def trend_rows(analyses: Iterable[Any]) -> list[dict[str, Any]]:
    return [
        {
            "date": a.created_at,
            "id": a.pk,
            "name": a.name,
            "r_to_q": a.summary.get("reflection_to_question"),
            "complex": a.summary.get("percent_complex_reflections"),
            "open": a.summary.get("percent_open_questions"),
            "change": a.summary.get("percent_change_talk"),
        }
        for a in analyses
    ]
