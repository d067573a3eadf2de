"""The signal rules: quiet on an empty timeline, order-independent, and each kind fires on a
timeline built to raise it and not on its mirror."""

from __future__ import annotations

import dataclasses
import datetime as dt
import random

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reconnect.measures.reliable_change import load_params
from reconnect.radar.rules import (
    KINDS,
    RAISED_KINDS,
    CheckInPoint,
    FlagPoint,
    ResponsePoint,
    SessionPoint,
    Timeline,
    WaitingMessage,
    safety_answer,
    signals,
)
from tests.profile import examples

TODAY = dt.date(2026, 11, 27)
_, PARAMS = load_params()


def day(n: int) -> dt.date:
    return TODAY - dt.timedelta(days=n)


def at(n: int, hour: int = 10) -> dt.datetime:
    return dt.datetime.combine(day(n), dt.time(hour), tzinfo=dt.UTC)


def daily(days: range, state: str = "settled", craving: int | None = 2, connected: str = "yes"):
    return tuple(CheckInPoint(day(n), state, craving, connected) for n in days)


def kinds(timeline: Timeline) -> set[str]:
    return {s.kind for s in signals(timeline, TODAY)}


def with_params(**parts) -> Timeline:
    return Timeline(rc_params=PARAMS, **parts)


STEADY = daily(range(0, 40))

# --- each kind: a timeline that raises it, and its mirror that must not --------------------

CASES = {
    "safety": (
        with_params(
            checkins=STEADY + (CheckInPoint(day(2), "shut_down", 9, "no"),), plan_visits=(day(2),)
        ),
        with_params(checkins=STEADY + (CheckInPoint(day(2), "shut_down", 9, "no"),)),
    ),
    "drifting": (
        with_params(checkins=daily(range(7, 40))),
        with_params(checkins=daily(range(0, 40))),
    ),
    "safety_plan_gap": (
        with_params(checkins=STEADY, plan_changes=(day(30),), plan_has_person=False),
        with_params(checkins=STEADY, plan_changes=(day(30),), plan_has_person=True),
    ),
    "alliance_rupture": (
        with_params(
            checkins=STEADY,
            responses=tuple(
                ResponsePoint(at(n), "session_check", "completed", 9.0) for n in (28, 21, 14)
            )
            + (ResponsePoint(at(7), "session_check", "completed", 6.0),),
        ),
        with_params(
            checkins=STEADY,
            responses=tuple(
                ResponsePoint(at(n), "session_check", "completed", 9.0) for n in (28, 21, 14)
            )
            + (ResponsePoint(at(7), "session_check", "completed", 9.0),),
        ),
    ),
    "loneliness_rising": (
        with_params(checkins=daily(range(0, 14), connected="no") + daily(range(14, 42))),
        with_params(checkins=daily(range(0, 14)) + daily(range(14, 42), connected="no")),
    ),
    "dysregulation": (
        with_params(checkins=daily(range(0, 14), state="shut_down") + daily(range(14, 42))),
        with_params(checkins=daily(range(0, 14)) + daily(range(14, 42), state="shut_down")),
    ),
    "reliable_worsening": (
        with_params(
            checkins=STEADY,
            responses=(
                ResponsePoint(at(30), "phq9", "completed", 6),
                ResponsePoint(at(1), "phq9", "completed", 16),
            ),
        ),
        with_params(
            checkins=STEADY,
            responses=(
                ResponsePoint(at(30), "phq9", "completed", 16),
                ResponsePoint(at(1), "phq9", "completed", 6),
            ),
        ),
    ),
    "reconnecting": (
        with_params(checkins=STEADY, contacts=tuple(day(n) for n in (1, 3, 5, 8, 10))),
        with_params(checkins=STEADY, contacts=tuple(day(n) for n in (16, 18, 20, 23, 25))),
    ),
    "message_waiting": (
        with_params(checkins=STEADY, message_waiting=WaitingMessage(day(1), 6.5, "Casey")),
        with_params(checkins=STEADY, message_waiting=WaitingMessage(day(0), 3.5, "Casey")),
    ),
}
COMPUTED_KINDS = [kind for kind in KINDS if kind not in RAISED_KINDS]


def test_every_computed_kind_has_a_constructed_case():
    assert set(CASES) == set(COMPUTED_KINDS)


@pytest.mark.parametrize("kind", COMPUTED_KINDS)
def test_each_kind_fires_on_its_timeline_and_not_on_its_mirror(kind):
    raising, mirror = CASES[kind]
    assert kind in kinds(raising)
    assert kind not in kinds(mirror)


def test_nothing_fires_on_an_empty_timeline():
    assert signals(Timeline(), TODAY) == []
    assert signals(Timeline(rc_params=PARAMS), TODAY) == []


# --- explanations read in two seconds, with evidence ----------------------------------------


def test_drifting_says_how_long_and_what_is_usual():
    (signal,) = [s for s in signals(CASES["drifting"][0], TODAY) if s.kind == "drifting"]
    assert signal.explanation.startswith("No check-in for 7 days; before that, 7 a week")
    assert signal.evidence == (day(7),)


def test_drifting_says_when_reminders_bounced_instead_of_implying_silence():
    timeline = dataclasses.replace(
        CASES["drifting"][0],
        reminders=((day(5), "bounced"), (day(4), "bounced"), (day(20), "sent")),
    )
    (signal,) = [s for s in signals(timeline, TODAY) if s.kind == "drifting"]
    assert f"Reminders bounced since {day(5).day} {day(5):%b}" in signal.explanation


def test_two_missed_sessions_in_a_row_is_drifting():
    sessions = (
        SessionPoint(at(20), "attended"),
        SessionPoint(at(13), "missed"),
        SessionPoint(at(6), "missed"),
    )
    (signal,) = [
        s
        for s in signals(with_params(checkins=STEADY, sessions=sessions), TODAY)
        if s.kind == "drifting"
    ]
    assert "Missed the last 2 sessions" in signal.explanation


def test_a_questionnaire_declined_twice_is_drifting():
    responses = (
        ResponsePoint(at(14), "phq9", "declined"),
        ResponsePoint(at(7), "phq9", "declined"),
    )
    found = kinds(with_params(checkins=STEADY, responses=responses))
    assert "drifting" in found


def test_a_safety_plan_visit_with_a_shut_down_high_craving_check_in_is_urgent():
    checkins = STEADY + (CheckInPoint(day(1), "shut_down", 9, "no"),)
    timeline = with_params(checkins=checkins, plan_visits=(day(1),))
    (first, *_) = signals(timeline, TODAY)
    assert (first.kind, first.severity) == ("safety", "urgent")


def test_a_plan_untouched_90_days_after_a_safety_answer_is_a_gap():
    timeline = with_params(
        checkins=STEADY,
        safety_flags=(FlagPoint(day(100)),),
        plan_changes=(day(120),),
        plan_has_person=True,
    )
    assert "safety_plan_gap" in kinds(timeline)


def test_a_missed_session_right_after_a_low_rating_is_named():
    raising = CASES["alliance_rupture"][0]
    timeline = dataclasses.replace(raising, sessions=(SessionPoint(at(3), "missed"),))
    (signal,) = [s for s in signals(timeline, TODAY) if s.kind == "alliance_rupture"]
    assert "Then missed the next session" in signal.explanation


def test_a_craving_spike_against_the_clients_own_baseline():
    checkins = daily(range(1, 42), craving=2) + (CheckInPoint(day(0), "settled", 8, "yes"),)
    (signal,) = [
        s for s in signals(with_params(checkins=checkins), TODAY) if s.kind == "dysregulation"
    ]
    assert signal.explanation.startswith("Craving 8/10")


def test_the_same_craving_is_no_spike_for_someone_whose_baseline_is_high():
    checkins = daily(range(1, 42), craving=7) + (CheckInPoint(day(0), "settled", 8, "yes"),)
    assert "dysregulation" not in kinds(with_params(checkins=checkins))


def test_urgent_comes_first():
    timeline = dataclasses.replace(
        CASES["drifting"][0],
        checkins=CASES["drifting"][0].checkins + (CheckInPoint(day(8), "shut_down", 9, "no"),),
        plan_visits=(day(8),),
    )
    assert [s.severity for s in signals(timeline, TODAY)][0] == "urgent"


def test_a_safety_answer_is_not_recomputed_by_the_rules_it_has_its_own_item():
    timeline = with_params(checkins=STEADY, safety_flags=(FlagPoint(day(2)), FlagPoint(day(1))))
    assert "safety" not in kinds(timeline)


def test_a_safety_answers_item_is_urgent_and_names_the_day_as_its_evidence():
    item = safety_answer(day(2))
    assert (item.kind, item.severity, item.start, item.end) == ("safety", "urgent", day(2), day(2))
    assert item.evidence == (day(2),)
    assert item.explanation.startswith("Safety answer on a questionnaire (25 Nov)")
    assert "not a risk rating" in item.explanation


# --- properties ----------------------------------------------------------------------------

states = st.sampled_from(["settled", "activated", "shut_down"])
checkin_points = st.builds(
    CheckInPoint,
    day=st.integers(0, 90).map(day),
    state=states,
    craving=st.one_of(st.none(), st.integers(0, 10)),
    connected=st.sampled_from(["", "no", "a_little", "yes"]),
)
response_points = st.builds(
    ResponsePoint,
    at=st.integers(0, 90).map(at),
    instrument=st.sampled_from(["phq9", "gad7", "ucla3", "session_check"]),
    status=st.sampled_from(["completed", "declined"]),
    total=st.one_of(st.none(), st.integers(3, 9).map(float)),
)
timelines = st.builds(
    Timeline,
    checkins=st.lists(checkin_points, max_size=60).map(tuple),
    contacts=st.lists(st.integers(0, 90).map(day), max_size=20).map(tuple),
    sessions=st.lists(
        st.builds(
            SessionPoint,
            at=st.integers(0, 90).map(at),
            status=st.sampled_from(["attended", "missed", "planned"]),
        ),
        max_size=10,
    ).map(tuple),
    responses=st.lists(response_points, max_size=12).map(tuple),
    safety_flags=st.lists(st.builds(FlagPoint, day=st.integers(0, 120).map(day)), max_size=2).map(
        tuple
    ),
    plan_visits=st.lists(st.integers(0, 30).map(day), max_size=3).map(tuple),
    plan_changes=st.lists(st.integers(0, 150).map(day), max_size=3).map(tuple),
    plan_has_person=st.sampled_from([None, True, False]),
    reminders=st.lists(
        st.tuples(st.integers(0, 30).map(day), st.sampled_from(["sent", "failed", "bounced"])),
        max_size=5,
    ).map(tuple),
    rc_params=st.just(PARAMS),
)


def shuffled(timeline: Timeline, seed: int) -> Timeline:
    rng = random.Random(seed)

    def mix(items):
        items = list(items)
        rng.shuffle(items)
        return tuple(items)

    return dataclasses.replace(
        timeline,
        checkins=mix(timeline.checkins),
        contacts=mix(timeline.contacts),
        sessions=mix(timeline.sessions),
        responses=mix(timeline.responses),
        safety_flags=mix(timeline.safety_flags),
        plan_visits=mix(timeline.plan_visits),
        plan_changes=mix(timeline.plan_changes),
        reminders=mix(timeline.reminders),
    )


@settings(max_examples=examples(200), deadline=None)
@given(timelines, st.integers(0, 1000))
def test_signals_are_the_same_whatever_the_order_of_the_input(timeline, seed):
    assert signals(shuffled(timeline, seed), TODAY) == signals(timeline, TODAY)


@settings(max_examples=examples(200), deadline=None)
@given(timelines)
def test_at_most_one_signal_per_kind_each_explained_with_evidence_in_range(timeline):
    found = signals(timeline, TODAY)
    assert len({s.kind for s in found}) == len(found)
    for s in found:
        assert s.explanation and s.start <= s.end <= TODAY or s.kind == "safety_plan_gap"
        assert all(d <= TODAY for d in s.evidence)
