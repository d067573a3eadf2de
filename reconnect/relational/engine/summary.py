"""A session's summary: counts, ratios against the MITI 4.2.1 thresholds (as context only), and
turn-level feedback a clinician can use. Automated estimates, not a MITI rating."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from typing import Any

from reconnect.relational.engine.model import CodedUtterance

THRESHOLDS = {
    "reflection_to_question": {"fair": 1.0, "good": 2.0},
    "percent_complex_reflections": {"fair": 40.0, "good": 50.0},
}
DISCLAIMER = (
    "These are automated estimates from a language model, not a MITI rating by a trained coder. "
    "Use them as a mirror for your own reflection, never to judge a colleague."
)
FEEDBACK_COUNT = 3


def _ratio(numerator: int, denominator: int) -> float | None:
    return round(numerator / denominator, 2) if denominator else None


def _percent(part: int, whole: int) -> float | None:
    return round(100 * part / whole, 1) if whole else None


def _level(value: float | None, name: str) -> str | None:
    if value is None:
        return None
    bands = THRESHOLDS[name]
    return "good" if value >= bands["good"] else "fair" if value >= bands["fair"] else "below fair"


def summarise(coded: Sequence[CodedUtterance]) -> dict[str, Any]:
    """Counts, ratios with their threshold context, and up to three feedback moments."""
    therapist = [u for u in coded if u.speaker == "therapist"]
    behaviours = Counter(u.behaviour for u in therapist)
    reflections = Counter(u.reflection_type for u in therapist if u.behaviour == "reflection")
    questions = Counter(u.question_type for u in therapist if u.behaviour == "question")
    talk = Counter(u.talk_type for u in coded if u.speaker == "client")
    r_to_q = _ratio(behaviours["reflection"], behaviours["question"])
    complex_share = _percent(reflections["complex"], behaviours["reflection"])
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
        "reflection_to_question": r_to_q,
        "reflection_to_question_level": _level(r_to_q, "reflection_to_question"),
        "percent_complex_reflections": complex_share,
        "percent_complex_reflections_level": _level(complex_share, "percent_complex_reflections"),
        "percent_open_questions": _percent(questions["open"], behaviours["question"]),
        "client_talk": {"change": change, "neutral": talk["neutral"], "sustain": sustain},
        "percent_change_talk": _percent(change, change + sustain),
        "thresholds": THRESHOLDS,
        "disclaimer": DISCLAIMER,
        "feedback": feedback(coded),
    }


def feedback(coded: Sequence[CodedUtterance]) -> list[dict[str, Any]]:
    """Up to three questions asked right after a client spoke about change or its difficulty,
    where a complex reflection might have landed better; each quotes the client's words."""
    moments = []
    for before, after in zip(coded, coded[1:], strict=False):
        if (
            before.speaker != "client"
            or after.speaker != "therapist"
            or after.behaviour != "question"
        ):
            continue
        weight = (before.talk_type in ("change", "sustain")) * 100 + len(before.text)
        moments.append((weight, before, after))
    moments.sort(key=lambda m: (-m[0], m[2].index))
    return [
        {
            "index": after.index,
            "client_said": _quote(before.text),
            "question_asked": _quote(after.text),
            "talk_type": before.talk_type,
            "suggestion": (
                "A complex reflection, one that names the meaning or feeling behind the "
                "client's words, might deepen the conversation more than another question."
            ),
        }
        for _, before, after in sorted(moments[:FEEDBACK_COUNT], key=lambda m: m[2].index)
    ]


def _quote(text: str, limit: int = 180) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
