"""Summary arithmetic and the turn-level feedback, on hand-coded utterances (no model needed)."""

from __future__ import annotations

import pytest

from reconnect.relational.engine.model import CodedUtterance
from reconnect.relational.engine.moments import asks_permission
from reconnect.relational.engine.reliability import reliability
from reconnect.relational.engine.summary import summarise


def t(i, behaviour, reflection=None, question=None, text="...", given=None):
    return CodedUtterance(i, "therapist", text, behaviour, reflection, question, None, (), given)


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


def measured(**iccs: float) -> dict:
    """Reliability as a metrics file with these session ICCs would give it."""
    return reliability({"session": {"figures": {k: {"icc": v} for k, v in iccs.items()}}})


TRUSTED = measured(
    reflection_to_question=0.8,
    percent_complex_reflections=0.6,
    percent_open_questions=0.9,
    percent_change_talk=0.7,
)


def test_counts_ratios_and_percentages():
    s = summarise(SESSION, TRUSTED)
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


def test_a_figure_with_low_agreement_gets_no_band_and_says_it_is_a_rough_hint():
    s = summarise(SESSION, measured(reflection_to_question=0.8, percent_complex_reflections=0.2))
    assert s["reflection_to_question_level"] == "fair"
    assert s["percent_complex_reflections"] == 66.7
    assert s["percent_complex_reflections_level"] is None
    words = s["reliability"]["percent_complex_reflections"]["words"]
    assert words == "Rough hint only: low agreement with trained coders (ICC 0.20)"
    assert s["reliability"]["reflection_to_question"]["words"] == (
        "Agrees well with trained coders (ICC 0.80)"
    )


def test_without_measured_reliability_no_figure_gets_a_band():
    s = summarise(SESSION)
    assert s["reflection_to_question_level"] is None
    assert s["percent_complex_reflections_level"] is None
    assert {r["level"] for r in s["reliability"].values()} == {"unmeasured"}


def test_ratios_without_a_denominator_are_not_invented():
    s = summarise([t(0, "reflection", reflection="simple"), c(1, "neutral")], TRUSTED)
    assert s["reflection_to_question"] is None and s["reflection_to_question_level"] is None
    assert s["percent_open_questions"] is None and s["percent_change_talk"] is None


def test_a_question_right_after_change_talk_is_a_moment_quoting_the_client():
    feedback = summarise(SESSION)["feedback"]
    assert [(f["index"], f["kind"]) for f in feedback] == [(2, "question_after_change_talk")]
    assert feedback[0]["client_said"] == "I want to cut down before my daughter's wedding."
    assert feedback[0]["counsellor_said"] == "How many drinks a day?"
    assert feedback[0]["label"] == "A question right after change talk"
    assert "complex reflection" in feedback[0]["suggestion"]


def test_at_most_five_moments_and_long_quotes_are_shortened():
    many = []
    for n in range(0, 20, 2):
        many += [c(n, "change", text="word " * 60), t(n + 1, "question", question="closed")]
    feedback = summarise(many)["feedback"]
    assert len(feedback) == 5 and all(len(f["client_said"]) <= 180 for f in feedback)


def kinds(session):
    return [(f["index"], f["kind"]) for f in summarise(session)["feedback"]]


def test_advice_nobody_asked_for_is_a_moment_and_advice_after_permission_is_not():
    unasked = [
        c(0, "neutral", text="I missed group again."),
        t(1, "therapist_input", text="You really need to go to group every week.", given="advice"),
    ]
    assert kinds(unasked) == [(1, "advice_without_permission")]
    moment = summarise(unasked)["feedback"][0]
    assert moment["client_said"] == "I missed group again."
    assert moment["label"] == "Giving advice without asking permission"
    asked = [
        c(0, "change", text="I could try going back to group."),
        t(1, "question", question="closed", text="Would it be okay if I shared an idea?"),
        c(2, "neutral", text="Sure."),
        t(3, "therapist_input", text="Some people go every week.", given="advice"),
        c(4, "neutral", text="Mm-hmm."),
        t(5, "therapist_input", text="It helps to pick one day.", given="information"),
    ]
    assert kinds(asked) == []  # asking permission is never a miss, even right after change talk


def test_information_the_client_asked_for_is_not_a_moment():
    session = [
        c(0, "neutral", text="What do you think I should do about sleep?"),
        t(1, "therapist_input", text="A wind-down time helps many people.", given="information"),
        c(2, "neutral", text="Okay."),
        t(3, "reflection", reflection="simple", text="You're tired of being tired."),
        c(4, "neutral", text="Yes."),
        t(5, "therapist_input", text="Screens keep people awake.", given="information"),
    ]
    assert kinds(session) == [(5, "information_without_permission")]


def test_three_closed_questions_in_a_row_are_one_moment():
    session = [
        t(0, "question", question="closed", text="Did you drink yesterday?"),
        c(1, "neutral", text="Yes."),
        t(2, "question", question="closed", text="More than three?"),
        c(3, "neutral", text="No."),
        t(4, "other", text="Okay."),
        t(5, "question", question="closed", text="Was it at home?"),
        c(6, "neutral", text="At a friend's."),
        t(7, "question", question="closed", text="Was it late?"),
    ]
    assert kinds(session) == [(5, "closed_questions")]
    broken = session[:3] + [t(3, "reflection", reflection="simple")] + session[5:]
    assert kinds(broken) == []


@pytest.mark.parametrize(
    "text",
    [
        "Would it be okay if I shared a couple of things other people have found helpful?",
        "Is it alright if I tell you what I know about that?",
        "Can I offer a suggestion?",
        "Do you mind if I share something?",
        "What do you already know about the effects of drinking on sleep?",
        "It's up to you, of course.",
    ],
)
def test_asking_permission_is_recognised(text):
    assert asks_permission(text)


@pytest.mark.parametrize(
    "text", ["You really need to go to group every week.", "Did you drink yesterday?"]
)
def test_plain_advice_and_questions_are_not_permission(text):
    assert not asks_permission(text)
