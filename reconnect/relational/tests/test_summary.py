"""Summary arithmetic and the turn-level feedback, on hand-coded utterances (no model needed)."""

from __future__ import annotations

from reconnect.relational.engine.model import CodedUtterance
from reconnect.relational.engine.summary import summarise


def t(i, behaviour, reflection=None, question=None, text="..."):
    return CodedUtterance(i, "therapist", text, behaviour, reflection, question, None, ())


def c(i, talk, text="..."):
    return CodedUtterance(i, "client", text, None, None, None, talk, ())


SESSION = [
    t(0, "question", question="open", text="What brings you here?"),
    c(1, "change", text="I want to cut down before my daughter's wedding."),
    t(2, "question", question="closed", text="How many drinks a day?"),
    c(3, "sustain", text="Drinking is the only thing that helps me sleep."),
    t(4, "reflection", reflection="complex", text="Sleep feels out of reach without it."),
    c(5, "neutral"),
    t(6, "reflection", reflection="simple"),
    t(7, "reflection", reflection="complex"),
    t(8, "therapist_input"),
    t(9, "other"),
]


def test_counts_ratios_and_percentages():
    s = summarise(SESSION)
    assert s["behaviour_counts"] == {
        "reflection": 3,
        "question": 2,
        "therapist_input": 1,
        "other": 1,
    }
    assert s["reflection_to_question"] == 1.5 and s["reflection_to_question_level"] == "fair"
    assert s["percent_complex_reflections"] == 66.7
    assert s["percent_complex_reflections_level"] == "good"
    assert s["percent_open_questions"] == 50.0
    assert s["client_talk"] == {"change": 1, "neutral": 1, "sustain": 1}
    assert s["percent_change_talk"] == 50.0
    assert "not a MITI rating" in s["disclaimer"]


def test_ratios_without_a_denominator_are_not_invented():
    s = summarise([t(0, "reflection", reflection="simple"), c(1, "neutral")])
    assert s["reflection_to_question"] is None and s["reflection_to_question_level"] is None
    assert s["percent_open_questions"] is None and s["percent_change_talk"] is None


def test_feedback_points_at_questions_after_change_or_sustain_talk_quoting_the_client():
    feedback = summarise(SESSION)["feedback"]
    assert [f["index"] for f in feedback] == [2]
    assert feedback[0]["client_said"] == "I want to cut down before my daughter's wedding."
    assert "complex reflection" in feedback[0]["suggestion"]


def test_at_most_three_moments_and_long_quotes_are_shortened():
    many = []
    for n in range(0, 20, 2):
        many += [c(n, "change", text="word " * 60), t(n + 1, "question", question="closed")]
    feedback = summarise(many)["feedback"]
    assert len(feedback) == 3 and all(len(f["client_said"]) <= 180 for f in feedback)
