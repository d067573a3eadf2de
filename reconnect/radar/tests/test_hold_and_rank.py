"""The pure parts of a radar that stays quiet when it should: a resolved signal holds until new
evidence, an alliance rupture needs more than one small dip, and clients are ranked within a
tier by the weight of their evidence."""

from __future__ import annotations

import dataclasses
import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from reconnect.radar.rules import CheckInPoint, ResponsePoint, SessionPoint, Timeline, signals
from reconnect.radar.rules.hold import new_marks, whats_new
from reconnect.radar.rules.ranking import weigh
from reconnect.radar.tests.test_rules import CASES, STEADY, TODAY, at, daily, day, timelines
from tests.profile import examples

# --- holding until new evidence ----------------------------------------------------------


def resolved_marks(timeline: Timeline, today: dt.date) -> dict[str, set[str]]:
    return {s.kind: {m.key for m in s.marks} for s in signals(timeline, today)}


def reopened(timeline: Timeline, today: dt.date, seen: dict[str, set[str]]) -> dict[str, str]:
    """What would come back, and the words its card would carry."""
    back = {}
    for s in signals(timeline, today):
        if s.kind in seen:
            new = new_marks(s, seen[s.kind])
            if new:
                back[s.kind] = whats_new(new, "it was resolved on 27 Nov")
    return back


@settings(max_examples=examples(300), deadline=None)
@given(timelines, st.integers(1, 5))
def test_refreshing_any_number_of_times_without_new_data_never_reopens_a_resolved_signal(
    timeline, refreshes
):
    seen = resolved_marks(timeline, TODAY)
    for _ in range(refreshes):
        assert reopened(timeline, TODAY, seen) == {}


@settings(max_examples=examples(300), deadline=None)
@given(timelines, st.integers(1, 30))
def test_as_days_pass_without_new_data_only_a_further_quiet_week_can_bring_one_back(
    timeline, later
):
    seen = resolved_marks(timeline, TODAY)
    for s in signals(timeline, TODAY + dt.timedelta(days=later)):
        new = new_marks(s, seen[s.kind]) if s.kind in seen else ()
        assert not new or any(m.key.startswith(("silent:", "few:")) for m in new), new


@settings(max_examples=examples(200), deadline=None)
@given(timelines)
def test_every_signal_has_evidence_a_resolution_can_hold(timeline):
    for s in signals(timeline, TODAY):
        assert s.marks and all(m.key and m.words for m in s.marks)
        assert s.fired_on <= TODAY or s.kind == "safety_plan_gap"


def test_the_same_silent_stretch_stays_resolved_and_a_further_silent_week_brings_it_back():
    silent = Timeline(checkins=daily(range(8, 40)))  # 8 days without a check-in
    seen = resolved_marks(silent, TODAY)
    assert reopened(silent, TODAY + dt.timedelta(days=2), seen) == {}
    back = reopened(silent, TODAY + dt.timedelta(days=6), seen)  # 14 days: a second week
    assert back == {"drifting": "New since it was resolved on 27 Nov: 2 weeks without a check-in."}


def test_a_new_missed_session_brings_drifting_back_and_says_so():
    sessions = (SessionPoint(at(13), "missed"), SessionPoint(at(6), "missed"))
    before = Timeline(checkins=STEADY, sessions=sessions)
    seen = resolved_marks(before, TODAY)
    again = dataclasses.replace(before, sessions=(*sessions, SessionPoint(at(1), "missed")))
    assert reopened(again, TODAY, seen)["drifting"] == (
        "New since it was resolved on 27 Nov: missed the session on 26 Nov."
    )


def test_one_more_hard_day_does_not_bring_a_trend_back_but_a_few_do():
    trend = CASES["dysregulation"][0]
    seen = resolved_marks(trend, TODAY)
    later = [
        dataclasses.replace(
            trend,
            checkins=(
                *trend.checkins,
                *(
                    CheckInPoint(TODAY + dt.timedelta(days=n), "shut_down", 2, "yes")
                    for n in range(1, k + 1)
                ),
            ),
        )
        for k in (1, 4)
    ]
    assert "dysregulation" not in reopened(later[0], TODAY + dt.timedelta(days=1), seen)
    words = reopened(later[1], TODAY + dt.timedelta(days=4), seen)["dysregulation"]
    assert words.startswith("New since it was resolved on 27 Nov: activated or shut down on 28 Nov")
    assert words.endswith("; 1 more.")


def test_a_new_run_of_bounced_reminders_is_new_but_the_next_bounce_of_the_same_run_is_not():
    base = CASES["drifting"][0]
    bouncing = dataclasses.replace(base, reminders=((day(5), "bounced"),))
    seen = resolved_marks(bouncing, TODAY)
    same_run = dataclasses.replace(base, reminders=((day(5), "bounced"), (day(4), "bounced")))
    assert reopened(same_run, TODAY, seen) == {}
    failing = dataclasses.replace(base, reminders=((day(5), "failed"),))
    assert "reminders failed to deliver since 22 Nov" in reopened(failing, TODAY, seen)["drifting"]


# --- alliance rupture: a pattern, not one small dip ---------------------------------------


def session_checks(*totals: float) -> Timeline:
    n = len(totals)
    return Timeline(
        checkins=STEADY,
        responses=tuple(
            ResponsePoint(at(7 * (n - i)), "session_check", "completed", total)
            for i, total in enumerate(totals)
        ),
    )


def test_a_seven_after_an_average_of_nearly_nine_raises_nothing():
    assert "alliance_rupture" not in {s.kind for s in signals(session_checks(9, 8.7, 9, 7), TODAY)}


def test_the_same_dip_twice_in_a_row_is_a_rupture_worth_asking_about():
    (signal,) = [
        s for s in signals(session_checks(9, 8.7, 9, 7, 7.3), TODAY) if s.kind == "alliance_rupture"
    ]
    assert signal.explanation.startswith(
        "Rated the last 2 sessions 7.0/10 (13 Nov) and 7.3/10 (20 Nov), below their usual 8.9."
    )
    assert "Worth asking, acknowledging and adjusting." in signal.explanation


def test_a_large_fall_is_a_rupture_at_once():
    assert "alliance_rupture" in {s.kind for s in signals(session_checks(9, 9, 9, 5), TODAY)}


def test_a_smaller_fall_then_a_missed_session_is_a_rupture():
    timeline = dataclasses.replace(
        session_checks(9, 8.7, 9, 7), sessions=(SessionPoint(at(3), "missed"),)
    )
    (signal,) = [s for s in signals(timeline, TODAY) if s.kind == "alliance_rupture"]
    assert signal.explanation.endswith("Then missed the next session (24 Nov).")


def test_a_dip_back_to_the_usual_is_not_two_in_a_row():
    assert "alliance_rupture" not in {
        s.kind for s in signals(session_checks(9, 8.7, 9, 7, 9), TODAY)
    }


# --- ranking within a tier ----------------------------------------------------------------


def test_more_and_weightier_evidence_ranks_higher_and_says_why():
    silent = weigh(["drifting", "reliable_worsening"], silent_days=13, newest_age=5)
    spike = weigh(["dysregulation"], silent_days=0, newest_age=0)
    assert silent.value > spike.value
    assert str(silent) == "2 signals, 13 days without a check-in"
    assert str(spike) == "1 signal, new evidence today"


def test_no_signals_weigh_nothing_and_silence_without_check_ins_says_nothing():
    assert weigh([], silent_days=40, newest_age=0).value == 0
    assert str(weigh(["drifting"], silent_days=None, newest_age=None)) == "1 signal"
