"""Plain, kind words for a client's own result: never a bare label, never "no risk"."""

from __future__ import annotations

from typing import Any

from reconnect.measures.instruments import Instrument, band_for
from reconnect.measures.reliable_change import Change, Result

CHANGE_WORDS = {
    Change.IMPROVED: "Compared with last time, that's a real change for the better.",
    Change.NONE: "That's about the same as last time.",
    Change.WORSE: (
        "Things seem to have been harder lately. Would you like to talk about it with your "
        "care team?"
    ),
}


def explain(instrument: Instrument, response: Any, previous: Result | None) -> list[str]:
    """A few sentences for the client about this administration."""
    if response.status == "declined":
        return ["You chose not to answer this time. That's completely okay."]
    if response.total is None:
        return [
            "Thank you. Some questions were skipped, so there's no total this time, and that's "
            "okay. Your answers are saved for you and your care team."
        ]
    lines = []
    band = band_for(instrument, response.total)
    low, high = instrument.score_range
    if band is not None:
        lines.append(f"Your answers suggest {band.plain}.")
    elif instrument.code == "scssf":
        lines.append(
            f"Your average is {response.total:g} on a scale from {low:g} to {high:g}; higher "
            "means more kindness toward yourself in hard times."
        )
    else:
        lines.append(f"Your total is {response.total:g}, on a scale from {low:g} to {high:g}.")
    if previous is not None:
        lines.append(CHANGE_WORDS[previous.change])
    lines.append(
        "This is a starting point for a conversation with your care team, not a diagnosis."
    )
    return lines
