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


def explain(
    instrument: Instrument,
    response: Any,
    previous: Result | None,
    previous_total: float | None = None,
) -> list[str]:
    """A few sentences for the client about this administration. Where the instrument has no
    reliable-change figures (`previous` is None), the score before is named plainly instead,
    without a judgement either way."""
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
    elif instrument.code == "barc10":
        # A strengths measure (clinical-reference §1.6a): resources, never a deficit or a label.
        lines.append(
            f"Your total is {response.total:g} on a scale from {low:g} to {high:g}; higher "
            "means more of the resources that support your recovery."
        )
    else:
        # Said as what is computed: a mean (the session check) is an average, not a total.
        lines.append(
            f"Your {instrument.score_word} is {response.total:g}, on a scale from {low:g} to "
            f"{high:g}."
        )
    if previous is not None:
        lines.append(CHANGE_WORDS[previous.change])
    elif previous_total is not None:
        lines.append(f"That's {plain_change(response.total, previous_total, 'last time')}.")
    lines.append(
        "This is a starting point for a conversation with your care team, not a diagnosis."
    )
    return lines


# What each score is about, in the client's words ("Your mood scores are lower…").
TOPICS = {
    "phq9": "mood",
    "gad7": "worry",
    "pcl5": "stress",
    "ucla3": "loneliness",
    "scssf": "self-kindness",
    "barc10": "recovery resources",
}


def since_first(instrument: Instrument, first: float, latest: float, change: Result) -> str:
    """The latest score against the first one, in clinical-reference §2's client words: a
    reliable change is said to be bigger than everyday ups and downs, in whichever direction;
    a harder stretch is an invitation to talk, never "deteriorated" or "failure"."""
    topic = TOPICS.get(instrument.code)
    scores = f"Your {topic} scores" if topic else "Your scores"
    if latest == first:
        return f"{scores} are where they were when you started ({first:g})."
    way = "lower" if latest < first else "higher"
    numbers = f"({first:g} then, {latest:g} now)"
    if change.change is Change.IMPROVED:
        return (
            f"{scores} are {way} than when you started {numbers} — a change for the better, "
            "bigger than everyday ups and downs."
        )
    if change.change is Change.WORSE:
        return (
            f"Things seem to have been harder lately: {scores.lower()} are {way} than when you "
            f"started {numbers}, more than everyday ups and downs. Would you like to talk about "
            "it with your care team?"
        )
    return (
        f"{scores} are a little {way} than when you started {numbers}; a change this size can "
        "be everyday ups and downs."
    )


def plain_change(latest: float, before: float, when: str = "") -> str:
    """ "up from 41 when you started", "down from 45 last time", "the same as last time" (or,
    without `when`, "up from 41", "the same"): what changed in the number, said plainly. For
    measures with no reliable-change figures (BARC-10, clinical-reference §1.6a): no
    threshold, so no "better" or "worse"."""
    if latest == before:
        return f"the same as {when}" if when else "the same"
    way = "up" if latest > before else "down"
    return f"{way} from {before:g} {when}".rstrip()


def plain_since_first(instrument: Instrument, first: float, latest: float) -> str:
    """ "Your total is 48, up from 41 when you started." The latest score against the first one
    where no reliable-change figures exist to say more."""
    return (
        f"Your {instrument.score_word} is {latest:g}, "
        f"{plain_change(latest, first, 'when you started')}."
    )
