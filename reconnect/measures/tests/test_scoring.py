"""Scoring every instrument against clinical-reference.md: totals, bands, reverse items, flags."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconnect.measures import instruments
from reconnect.measures.instruments import INSTRUMENTS, band_for
from reconnect.measures.scoring import SAFETY_FLAG, InvalidAnswers, item_value, score


def answers_for(instrument):
    """Full sets of valid answers for the scored items (and optionally unscored ones)."""
    return st.tuples(
        *[
            st.sampled_from([o.value for o in instrument.options_for(item)])
            for item in instrument.scored_items
        ]
    ).map(list)


@pytest.mark.parametrize(
    ("code", "answers", "total", "band"),
    [
        ("phq9", [0] * 9, 0, "Minimal"),
        ("phq9", [1, 1, 1, 1, 0, 0, 0, 0, 0], 4, "Minimal"),
        ("phq9", [1, 1, 1, 1, 1, 0, 0, 0, 0], 5, "Mild"),
        ("phq9", [2, 2, 2, 2, 1, 0, 0, 0, 0], 9, "Mild"),
        ("phq9", [2, 2, 2, 2, 2, 0, 0, 0, 0], 10, "Moderate"),
        ("phq9", [3, 3, 3, 3, 2, 1, 0, 0, 0], 15, "Moderately severe"),
        ("phq9", [3, 3, 3, 3, 3, 3, 2, 0, 0], 20, "Severe"),
        ("phq9", [3] * 9, 27, "Severe"),
        ("gad7", [0] * 7, 0, "Minimal"),
        ("gad7", [1, 1, 1, 1, 1, 0, 0], 5, "Mild"),
        ("gad7", [2, 2, 2, 2, 2, 0, 0], 10, "Moderate"),
        ("gad7", [3, 3, 3, 3, 3, 0, 0], 15, "Severe"),
        ("gad7", [3] * 7, 21, "Severe"),
        ("pcl5", [0] * 20, 0, None),
        ("pcl5", [4] * 20, 80, None),
        ("ucla3", [1, 1, 1], 3, None),
        ("ucla3", [3, 3, 3], 9, None),
        ("auditc", [4, 4, 4], 12, None),
        ("barc10", [1] * 10, 10, None),
        ("barc10", [6] * 10, 60, None),
        ("barc10", [5, 5, 5, 5, 5, 4, 4, 4, 4, 6], 47, None),
        ("session_check", [10, 8, 6], 8.0, None),
    ],
)
def test_totals_and_bands_match_the_reference(code, answers, total, band):
    result = score(instruments.get(code), answers)
    assert result.total == total
    assert result.band_label == band


def test_scs_sf_reverse_scores_items_1_4_8_9_11_12_and_takes_the_mean():
    scs = instruments.get("scssf")
    assert [i.number for i in scs.items if i.reverse] == [1, 4, 8, 9, 11, 12]
    # All 5s: six reversed items count 1, six forward items count 5 → mean 3.
    assert score(scs, [5] * 12).total == 3.0
    best = [1 if i.reverse else 5 for i in scs.items]
    assert score(scs, best).total == 5.0
    assert item_value(scs, 1, 2) == 4


def test_pcl5_reports_cluster_sums_for_the_clinician():
    answers = [1] * 5 + [2] * 2 + [3] * 7 + [4] * 6
    clusters = score(instruments.get("pcl5"), answers).clusters
    assert clusters == {"B": 5, "C": 4, "D": 21, "E": 24}


@pytest.mark.parametrize("item9", [1, 2, 3])
def test_any_answer_above_zero_on_phq9_item_9_is_a_safety_flag_whatever_the_total(item9):
    result = score(instruments.get("phq9"), [0] * 8 + [item9])
    assert SAFETY_FLAG in result.flags
    assert result.band_label == "Minimal"


def test_item_9_at_zero_raises_no_flag_and_no_label_says_no_risk():
    result = score(instruments.get("phq9"), [0] * 9)
    assert result.flags == ()
    for band in instruments.get("phq9").bands:
        assert "risk" not in band.plain.lower() and "safe" not in band.plain.lower()


def test_a_skipped_item_gives_no_total_with_a_reason_but_item_9_still_counts():
    result = score(instruments.get("phq9"), [1, None, 1, 1, 1, 1, 1, 1, 2])
    assert result.total is None and "item 2 skipped" in result.reason
    assert SAFETY_FLAG in result.flags


def test_the_unscored_difficulty_item_may_be_answered_or_left_out():
    phq9 = instruments.get("phq9")
    assert score(phq9, [1] * 9 + [2]).total == 9
    assert score(phq9, [1] * 9 + [None]).total == 9


@pytest.mark.parametrize(
    ("code", "answers"),
    [("phq9", [4] + [0] * 8), ("phq9", [0] * 8), ("ucla3", [0, 1, 1]), ("gad7", [True] * 7)],
)
def test_answers_outside_the_options_or_of_the_wrong_count_are_refused(code, answers):
    with pytest.raises(InvalidAnswers):
        score(instruments.get(code), answers)


@pytest.mark.parametrize("code", list(INSTRUMENTS))
def test_totals_always_stay_in_range(code):
    instrument = instruments.get(code)
    low, high = instrument.score_range

    @given(answers_for(instrument))
    def check(answers):
        total = score(instrument, answers).total
        assert low <= total <= high

    check()


@pytest.mark.parametrize("code", [c for c, i in INSTRUMENTS.items() if i.bands])
def test_bands_partition_the_whole_score_range(code):
    instrument = instruments.get(code)
    low, high = instrument.score_range
    for value in range(int(low), int(high) + 1):
        matching = [b for b in instrument.bands if b.low <= value <= b.high]
        assert len(matching) == 1, value
    assert band_for(instrument, low) is not None and band_for(instrument, high) is not None


@given(st.integers(1, 12), st.integers(1, 5))
def test_reverse_scoring_is_an_involution(number, answer):
    scs = instruments.get("scssf")
    assert item_value(scs, number, item_value(scs, number, answer)) == answer


@pytest.mark.parametrize("code", list(INSTRUMENTS))
def test_answering_higher_never_lowers_the_total_on_forward_items(code):
    instrument = instruments.get(code)

    @given(answers_for(instrument), st.integers(0, len(instrument.scored_items) - 1))
    def check(answers, index):
        item = instrument.scored_items[index]
        values = sorted(o.value for o in instrument.options_for(item))
        if answers[index] == values[-1]:
            return
        bumped = list(answers)
        bumped[index] = values[values.index(answers[index]) + 1]
        before, after = score(instrument, answers).total, score(instrument, bumped).total
        assert (after <= before) if item.reverse else (after >= before)

    check()


def test_only_licence_cleared_instruments_ship_and_audit_c_waits_for_its_flag():
    shipped = {i.code for i in instruments.available()}
    assert shipped == {"phq9", "gad7", "pcl5", "ucla3", "scssf", "barc10", "session_check"}
    assert "auditc" in {i.code for i in instruments.available(auditc_enabled=True)}
    assert instruments.get("session_check").validated is False
