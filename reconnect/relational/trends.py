"""A clinician's own session summaries over time (numbers only; transcripts may be purged),
with their own corrections applied."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from reconnect.relational.review import summary_for


def trend_rows(
    analyses: Iterable[Any], corrections: Mapping[int, Mapping[int, str]] | None = None
) -> list[dict[str, Any]]:
    rows = []
    for a in analyses:
        summary = summary_for(a, (corrections or {}).get(a.pk, {}))
        rows.append(
            {
                "date": a.created_at,
                "id": a.pk,
                "name": a.name,
                "r_to_q": summary.get("reflection_to_question"),
                "complex": summary.get("percent_complex_reflections"),
                "open": summary.get("percent_open_questions"),
                "change": summary.get("percent_change_talk"),
                "corrected": bool(summary["corrected"]),
            }
        )
    return rows
