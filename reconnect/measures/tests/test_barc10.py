"""BARC-10, recovery capital: clinical-reference §1.6a, item for item, with no bands."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconnect.measures import instruments
from reconnect.measures.explain import explain
from reconnect.measures.instruments import Licence
from reconnect.measures.scoring import score

REFERENCE = Path(__file__).resolve().parents[4] / "shared" / "clinical-reference.md"
BARC10 = instruments.get("barc10")


def _reference_items() -> list[str]:
    section = REFERENCE.read_text().split("### 1.6a BARC-10")[1].split("### 1.7")[0]
    return [m.group(1).strip() for m in re.finditer(r"^\d+\. (.+)$", section, flags=re.M)]


@pytest.mark.skipif(not REFERENCE.exists(), reason="the shared clinical reference is not beside")
def test_the_ten_items_are_the_reference_items_in_the_reference_order():
    assert [item.text for item in BARC10.items] == _reference_items()
    assert [item.number for item in BARC10.items] == list(range(1, 11))


def test_the_scale_runs_1_to_6_with_words_only_at_the_two_ends():
    assert [o.value for o in BARC10.options] == [1, 2, 3, 4, 5, 6]
    assert BARC10.options[0].label == "1 Strongly disagree"
    assert BARC10.options[-1].label == "6 Strongly agree"
    assert [o.label for o in BARC10.options[1:-1]] == ["2", "3", "4", "5"]


def test_no_item_is_reversed_and_the_total_is_the_sum_from_10_to_60():
    assert not any(item.reverse for item in BARC10.items)
    assert BARC10.scoring == "sum" and BARC10.higher_is_better
    assert BARC10.score_range == (10.0, 60.0)


@given(st.lists(st.integers(1, 6), min_size=10, max_size=10))
def test_the_total_is_always_the_plain_sum_of_the_ten_answers(answers):
    assert score(BARC10, answers).total == sum(answers)


@pytest.mark.parametrize("missing", range(10))
def test_a_missing_answer_gives_no_total(missing):
    answers: list[int | None] = [4] * 10
    answers[missing] = None
    result = score(BARC10, answers)
    assert result.total is None and f"item {missing + 1} skipped" in result.reason


def test_there_are_no_bands_and_47_is_only_research_context_for_staff():
    assert BARC10.bands == ()
    assert BARC10.clinical_cutoff is None  # never "crossed" or a label for the person
    assert "47" in BARC10.cutoff_note and "research context" in BARC10.cutoff_note.lower()
    assert score(BARC10, [6] * 10).band is None


def test_clients_read_it_as_recovery_resources_in_strengths_words():
    assert BARC10.title == "Recovery resources (BARC-10)"

    class Answered:
        status, total = "completed", 38

    said = " ".join(explain(BARC10, Answered(), None))
    assert "resources that support your recovery" in said
    assert "47" not in said and "remission" not in said


def test_the_licence_is_phenx_free_use_with_attribution_and_it_ships():
    assert BARC10.licence is Licence.FREE_ATTRIBUTION
    assert "PhenX" in BARC10.attribution and "Vilsaint" in BARC10.attribution
    assert BARC10 in instruments.available()


TOTAL_41 = [5, 4, 4, 4, 4, 4, 4, 4, 4, 4]
TOTAL_45 = [5, 5, 5, 5, 5, 4, 4, 4, 4, 4]
TOTAL_48 = [5, 5, 5, 5, 5, 5, 5, 5, 4, 4]
JUDGING = ("better", "worse", "harder", "improv", "47", "remission")


def _answer(client, answers, request_id):
    from reconnect.measures.actions import record_response

    response, _ = record_response(
        client=client, instrument="barc10", answers=answers, client_request_id=request_id
    )
    return response


@pytest.mark.django_db
def test_the_client_reads_their_trend_plainly_without_a_judgement(casey, signed_in):
    # No bands and no reliable-change figures (§1.6a): the numbers, said plainly, never
    # "better" or "worse" and never the 47 research cut-off.
    from conftest import visible_text

    for n, answers in enumerate((TOTAL_41, TOTAL_45, TOTAL_48)):
        _answer(casey.client, answers, f"b{n}")
    page = signed_in(casey).get("/me/questionnaires/")
    text = visible_text(page)
    section = text.split("Your answers over time")[1]
    assert "Your total is 48, up from 41 when you started." in section
    table = page.content.decode().split('id="h-barc10"')[1].split("</table>")[0]
    cells = re.findall(r"<td>([^<]*)</td></tr>", table)
    assert cells == ["—", "up from 41", "up from 45"]
    assert not any(word in section.lower() for word in JUDGING)


@pytest.mark.django_db
def test_a_lower_or_equal_total_is_said_just_as_plainly(casey, signed_in):
    from conftest import visible_text

    _answer(casey.client, TOTAL_48, "d1")
    latest = _answer(casey.client, TOTAL_41, "d2")
    text = visible_text(signed_in(casey).get("/me/questionnaires/"))
    assert "Your total is 41, down from 48 when you started." in text
    result = visible_text(signed_in(casey).get(f"/me/questionnaires/results/{latest.pk}/"))
    assert "That's down from 48 last time." in result
    assert not any(word in result.lower() for word in JUDGING)
    again = _answer(casey.client, TOTAL_41, "d3")
    result = visible_text(signed_in(casey).get(f"/me/questionnaires/results/{again.pk}/"))
    assert "That's the same as last time." in result
    assert "Your total is 41, down from 48 when you started." in result
