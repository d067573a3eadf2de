"""A session's summary: counts, ratios against the MITI 4.2.1 thresholds (as context only, and
only for a figure that agrees at least moderately with trained coders), each figure's measured
reliability, and turn-level feedback a clinician can use. Automated estimates, not a MITI rating."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping, Sequence
from typing import Any

from reconnect.relational.engine.model import CodedUtterance
from reconnect.relational.engine.moments import moments
from reconnect.relational.engine.reliability import reliability as reliability_of

THRESHOLDS = {
    "reflection_to_question": {"fair": 1.0, "good": 2.0},
    "percent_complex_reflections": {"fair": 40.0, "good": 50.0},
}
DISCLAIMER = (
    "These are automated estimates from a language model, not a MITI rating by a trained coder. "
    "Use them as a mirror for your own reflection, never to judge a colleague."
)
INPUT_TYPES = ("information", "advice", "options", "negotiation")


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 2) if denominator else None


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def band(value: float | None, name: str) -> str | None:
    """The MITI 4.2.1 band of a figure: below fair, fair or good (None without a value)."""
    if value is None:
        return None
    bands = THRESHOLDS[name]
    return "good" if value >= bands["good"] else "fair" if value >= bands["fair"] else "below fair"


def figures(coded: Sequence[CodedUtterance]) -> dict[str, Any]:
    """The counts and the four figures of a coded session (no bands, no feedback)."""
    therapist = [u for u in coded if u.speaker == "therapist"]
    behaviours = Counter(u.behaviour for u in therapist)
    reflections = Counter(u.reflection_type for u in therapist if u.behaviour == "reflection")
    questions = Counter(u.question_type for u in therapist if u.behaviour == "question")
    inputs = Counter(u.input_type for u in therapist if u.behaviour == "therapist_input")
    talk = Counter(u.talk_type for u in coded if u.speaker == "client")
    change, sustain = talk["change"], talk["sustain"]
    return {
        "utterances": len(coded),
        "therapist_utterances": len(therapist),
        "client_utterances": len(coded) - len(therapist),
        "behaviour_counts": {
            k: behaviours[k] for k in ("reflection", "question", "therapist_input", "other")
        },
        "reflections": {"simple": reflections["simple"], "complex": reflections["complex"]},
        "questions": {"open": questions["open"], "closed": questions["closed"]},
        "inputs": {k: inputs[k] for k in INPUT_TYPES},
        "reflection_to_question": _ratio(behaviours["reflection"], behaviours["question"]),
        "percent_complex_reflections": _percent(reflections["complex"], behaviours["reflection"]),
        "percent_open_questions": _percent(questions["open"], behaviours["question"]),
        "client_talk": {"change": change, "neutral": talk["neutral"], "sustain": sustain},
        "percent_change_talk": _percent(change, change + sustain),
    }


def summarise(
    coded: Sequence[CodedUtterance], reliability: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """Counts, ratios with their reliability and threshold context, and the feedback moments.

    `reliability` is the model's measured agreement per figure (`reliability.reliability` of
    its metrics); without it every figure counts as unmeasured and none gets a band."""
    summary = figures(coded)
    trust = {
        name: {**figure, "band_shown": figure["band_shown"] and name in THRESHOLDS}
        for name, figure in (reliability if reliability is not None else reliability_of({})).items()
    }  # only R:Q and % complex reflections have MITI bands to show
    for name in THRESHOLDS:
        shown = bool((trust.get(name) or {}).get("band_shown"))
        summary[f"{name}_level"] = band(summary[name], name) if shown else None
    summary.update(
        {
            "reliability": trust,
            "thresholds": THRESHOLDS,
            "disclaimer": DISCLAIMER,
            "feedback": moments(coded),
        }
    )
    return summary
