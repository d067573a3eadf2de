"""ICC(2,1), mean absolute error and MITI band agreement, checked against examples worked by
hand (and the worked example of Shrout & Fleiss 1979)."""

from __future__ import annotations

from functools import partial

import pytest

from reconnect.relational.engine.model import CodedUtterance
from reconnect.relational.engine.summary import band
from reconnect.relational.training.agreement import band_agreement, icc_2_1, mae, paired
from reconnect.relational.training.sessions import agreement, annotated


def test_a_rater_off_by_a_constant_agrees_less_than_perfectly():
    # Three sessions; the model rates each one point below the coder.
    #   model 1 2 3, coder 2 3 4: grand mean 2.5
    #   session means 1.5 2.5 3.5 -> BMS = 2 * (1 + 0 + 1) / (3 - 1) = 2
    #   rater means 2 and 3       -> JMS = 3 * (0.25 + 0.25) / (2 - 1) = 1.5
    #   total SS = 2.25 + .25 + .25 + .25 + .25 + 2.25 = 5.5
    #   error SS = 5.5 - 2 * 2 - 1.5 * 1 = 0 -> EMS = 0
    #   ICC(2,1) = (2 - 0) / (2 + 0 + 2 * (1.5 - 0) / 3) = 2 / 3
    assert icc_2_1([[1, 2], [2, 3], [3, 4]]) == pytest.approx(2 / 3)


def test_identical_ratings_agree_perfectly_and_noise_lowers_agreement():
    assert icc_2_1([[1, 1], [2, 2], [4, 4]]) == pytest.approx(1.0)
    # model 1 3 2, coder 2 2 2: grand mean 2
    #   session means 1.5 2.5 2 -> BMS = 2 * (0.25 + 0.25 + 0) / 2 = 0.5
    #   rater means 2 and 2     -> JMS = 0
    #   total SS = 1 + 1 = 2; error SS = 2 - 1 - 0 = 1 -> EMS = 1 / 2 = 0.5
    #   ICC(2,1) = (0.5 - 0.5) / (0.5 + 0.5 + 0) = 0
    assert icc_2_1([[1, 2], [3, 2], [2, 2]]) == pytest.approx(0.0)


def test_the_shrout_and_fleiss_worked_example():
    # Shrout & Fleiss (1979), Table 2: six targets, four judges. Their ANOVA: BMS 11.24,
    # JMS 32.49, EMS 1.02, so ICC(2,1) = (11.24 - 1.02) / (11.24 + 3 * 1.02
    # + 4 * (32.49 - 1.02) / 6) = 10.22 / 35.28 = 0.29 (their Table 4).
    ratings = [[9, 2, 5, 8], [6, 1, 3, 2], [8, 4, 6, 8], [7, 1, 2, 6], [10, 5, 6, 9], [6, 2, 4, 7]]
    assert round(icc_2_1(ratings), 2) == 0.29


def test_too_few_sessions_or_no_variance_give_no_icc():
    assert icc_2_1([[1, 2]]) is None
    assert icc_2_1([[2, 2], [2, 2]]) is None


def test_mean_absolute_error_and_pairs_both_raters_could_give():
    pairs = paired([1.0, None, 2.5, 4.0], [1.5, 3.0, None, 3.0])
    assert pairs == [(1.0, 1.5), (4.0, 3.0)]
    assert mae(pairs) == pytest.approx(0.75)  # (0.5 + 1.0) / 2
    assert mae([]) is None


def test_band_agreement_counts_sessions_both_put_in_the_same_miti_band():
    r_to_q = partial(band, name="reflection_to_question")  # fair from 1:1, good from 2:1
    pairs = [(0.5, 0.9), (1.2, 2.4), (2.0, 3.1), (1.0, 0.99)]
    # below/below agree; fair/good differ; good/good agree; fair/below differ -> 2 of 4
    assert band_agreement(pairs, r_to_q) == 0.5
    complex_share = partial(band, name="percent_complex_reflections")  # fair 40%, good 50%
    assert band_agreement([(39.9, 10.0), (45.0, 49.9), (50.0, 80.0)], complex_share) == 1.0


def _session(codes: list[tuple[str, str]]) -> list[CodedUtterance]:
    rows = []
    for i, (speaker, code) in enumerate(codes):
        head, _, sub = code.partition(":")
        columns = (
            {"client_talk_type": sub}
            if speaker == "client"
            else {"main_therapist_behaviour": head, f"{head}_subtype": sub or "n/a"}
        )
        rows.append(annotated(i, speaker, columns))
    return rows


def test_session_agreement_reads_each_figure_of_the_result_page():
    def session(reflections: int, questions: int) -> list[CodedUtterance]:
        return _session(
            [("therapist", "reflection:complex")] * reflections
            + [("therapist", "question:open")] * questions
            + [("client", "talk:change"), ("client", "talk:sustain")]
        )

    # Coder: R:Q 1, 2, 3; model: 1, 2, 4 (one reflection more in the third session).
    found = agreement(
        {
            "a": (session(2, 2), session(2, 2)),
            "b": (session(4, 2), session(4, 2)),
            "c": (session(3, 1), session(4, 1)),
        }
    )
    rq = found["figures"]["reflection_to_question"]
    assert found["sessions"] == 3 and rq["sessions"] == 3
    assert rq["mae"] == pytest.approx(1 / 3, abs=1e-3)
    assert rq["band_agreement"] == 1.0  # fair, good, good for both
    assert rq["icc"] == pytest.approx(round(icc_2_1([[1, 1], [2, 2], [4, 3]]), 3))
    assert found["figures"]["percent_complex_reflections"]["icc"] is None  # always 100%
    assert found["figures"]["percent_change_talk"]["mae"] == 0.0
