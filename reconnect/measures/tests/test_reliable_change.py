"""Reliable change (Jacobson–Truax) and clinically significant change, from the reference's §2."""

from __future__ import annotations

import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconnect.measures import instruments
from reconnect.measures.reliable_change import Change, load_params, reliable_change

VERSION, PARAMS = load_params()


@pytest.mark.parametrize(("code", "points"), [("phq9", 6), ("gad7", 6), ("pcl5", 15), ("ucla3", 3)])
def test_minimum_reliable_change_rounds_up_to_the_reference_values(code, points):
    assert math.ceil(PARAMS[code].minimum_change) == points


def test_phq9_drop_of_6_is_reliable_and_5_is_not():
    phq9 = instruments.get("phq9")
    assert reliable_change(phq9, PARAMS["phq9"], 18, 12).change is Change.IMPROVED
    assert reliable_change(phq9, PARAMS["phq9"], 18, 13).change is Change.NONE
    assert reliable_change(phq9, PARAMS["phq9"], 8, 14).change is Change.WORSE


def test_recovered_means_reliable_improvement_and_crossing_the_cut_off():
    phq9 = instruments.get("phq9")
    result = reliable_change(phq9, PARAMS["phq9"], 16, 8)
    assert result.clinically_significant and result.recovered
    improved_only = reliable_change(phq9, PARAMS["phq9"], 22, 14)
    assert improved_only.change is Change.IMPROVED and not improved_only.recovered


def test_pcl5_counts_28_or_below_as_crossed():
    pcl5 = instruments.get("pcl5")
    assert reliable_change(pcl5, PARAMS["pcl5"], 50, 28).recovered
    assert not reliable_change(pcl5, PARAMS["pcl5"], 50, 29).clinically_significant


def test_instruments_without_a_cut_off_report_none_for_clinical_significance():
    ucla = instruments.get("ucla3")
    assert reliable_change(ucla, PARAMS["ucla3"], 9, 3).clinically_significant is None


@given(st.integers(0, 27), st.integers(0, 27))
def test_swapping_pre_and_post_mirrors_the_direction(pre, post):
    phq9 = instruments.get("phq9")
    forward = reliable_change(phq9, PARAMS["phq9"], pre, post)
    backward = reliable_change(phq9, PARAMS["phq9"], post, pre)
    mirror = {
        Change.IMPROVED: Change.WORSE,
        Change.WORSE: Change.IMPROVED,
        Change.NONE: Change.NONE,
    }
    assert backward.change is mirror[forward.change]
    assert forward.rci == -backward.rci


def test_parameters_are_versioned_configuration():
    assert VERSION
    assert PARAMS["pcl5"].sd == 12.4 and PARAMS["pcl5"].r == 0.82


@pytest.mark.django_db
def test_rc_baseline_replaces_an_illustrative_sd_with_the_programs_own(tmp_path, program):
    from django.core.management import call_command

    from reconnect.accounts.actions import add_person
    from reconnect.measures.actions import record_response

    for n in range(4):
        person = add_person(
            program=program, email=f"b{n}@example.org", display_name=f"B{n}", role="client"
        )
        record_response(
            client=person.client,
            instrument="ucla3",
            answers=[1 + n % 3, 2, 2],
            client_request_id="base",
        )
    out = tmp_path / "params.json"
    call_command("rc_baseline", out=str(out), min_clients=4)
    version, params = load_params(out)
    assert version.startswith("program-baseline-")
    assert params["ucla3"].sd != PARAMS["ucla3"].sd and params["ucla3"].r == 0.72
    assert params["phq9"] == PARAMS["phq9"]
