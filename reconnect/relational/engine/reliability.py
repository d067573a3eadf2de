"""How far each session figure can be trusted: its measured agreement with trained coders.

The figures come from the model's own metrics file (`session` in metrics.json, written by
`reconnect train_relational` from grouped cross-validation over whole transcripts), never from
this module. The words follow the usual reading of an intraclass correlation (Koo & Li 2016,
J Chiropr Med 15:155-163: below 0.5 poor, 0.5-0.75 moderate, 0.75-0.9 good, above 0.9
excellent). A figure below 0.5 is a rough hint and gets no fair/good band.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

FIGURES = (
    "reflection_to_question",
    "percent_complex_reflections",
    "percent_open_questions",
    "percent_change_talk",
)
LOW = 0.5
GOOD = 0.75
UNMEASURED = "Not yet measured against trained coders for this model: a rough hint only"


def describe(icc: float | None) -> tuple[str, str]:
    """(level, the words a clinician reads) for a measured ICC(2,1)."""
    if icc is None:
        return "unmeasured", UNMEASURED
    shown = f"ICC {icc:.2f}"
    if icc >= GOOD:
        return "good", f"Agrees well with trained coders ({shown})"
    if icc >= LOW:
        return "moderate", f"Agrees moderately with trained coders ({shown})"
    return "low", f"Rough hint only: low agreement with trained coders ({shown})"


def reliability(metrics: Mapping[str, Any]) -> dict[str, dict[str, Any]]:
    """Each session figure's measured agreement and its words, from a model's metrics."""
    measured = (metrics.get("session") or {}).get("figures") or {}
    out = {}
    for name in FIGURES:
        figure = measured.get(name) or {}
        icc = figure.get("icc")
        icc = float(icc) if isinstance(icc, int | float) else None
        level, words = describe(icc)
        out[name] = {
            "icc": icc,
            "mae": figure.get("mae"),
            "sessions": figure.get("sessions"),
            "band_agreement": figure.get("band_agreement"),
            "level": level,
            "words": words,
            # Only a figure that agrees at least moderately with trained coders gets a band.
            "band_shown": level in ("good", "moderate"),
        }
    return out
