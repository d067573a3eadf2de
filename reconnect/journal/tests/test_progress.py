"""Progress: daily series, counts that never reset, and kind summaries (pure functions)."""

from __future__ import annotations

import datetime as dt

from hypothesis import given
from hypothesis import strategies as st

from reconnect.journal.progress import Entry, daily, days_reached_out, summary

TODAY = dt.date(2026, 11, 27)
states = st.sampled_from(["settled", "activated", "shut_down"])
entries = st.lists(
    st.builds(
        Entry,
        day=st.dates(min_value=TODAY - dt.timedelta(days=120), max_value=TODAY),
        state=states,
        craving=st.one_of(st.none(), st.integers(0, 10)),
        connected=st.sampled_from(["", "no", "a_little", "yes"]),
    ),
    max_size=60,
)


@given(entries, entries)
def test_the_count_of_days_reached_out_never_goes_down_as_history_grows(first, more):
    assert days_reached_out(daily(first + more)) >= days_reached_out(daily(first))


@given(entries)
def test_daily_is_one_row_per_day_in_order_and_independent_of_input_order(items):
    days = daily(items)
    assert [d.day for d in days] == sorted({e.day for e in items})
    assert [(d.day, d.main_state, d.craving_peak) for d in daily(list(reversed(items)))] == [
        (d.day, d.main_state, d.craving_peak) for d in days
    ]


@given(entries)
def test_a_summary_is_always_a_few_kind_sentences(items):
    lines = summary(daily(items), TODAY)
    assert 1 <= len(lines) <= 3
    assert not any(word in " ".join(lines).lower() for word in ("fail", "streak", "relapse"))


def entry(days_ago: int, state: str, craving: int | None = None, connected: str = "") -> Entry:
    return Entry(TODAY - dt.timedelta(days=days_ago), state, craving, connected)


def test_more_settled_days_this_month_than_last_is_named():
    history = [entry(d, "settled") for d in range(0, 20)] + [
        entry(d, "activated") for d in range(30, 50)
    ]
    assert "More settled days this month than last." in summary(daily(history), TODAY)


def test_fewer_settled_days_is_said_gently_with_an_invitation():
    history = [entry(d, "shut_down") for d in range(0, 20)] + [
        entry(d, "settled") for d in range(30, 50)
    ]
    text = " ".join(summary(daily(history), TODAY))
    assert "Fewer settled days" in text and "if you want to share" in text


def test_contacts_without_a_check_in_still_count_as_reaching_out():
    days = daily([entry(1, "settled")], contact_days=[TODAY, TODAY - dt.timedelta(days=5)])
    assert days_reached_out(days) == 2


def test_ties_between_states_lean_towards_the_less_settled_one():
    day = daily([entry(0, "settled"), entry(0, "shut_down")])[0]
    assert day.main_state == "shut_down"


def test_no_recent_check_ins_gets_an_open_door_not_a_reproach():
    assert "Whenever you're ready" in summary(daily([entry(90, "settled")]), TODAY)[0]
