"""Words that worry us: every listed phrase is found, whole words only, apostrophes optional."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reconnect.core.worry import PHRASES, VERSION, check


@pytest.mark.parametrize("phrase", PHRASES)
def test_every_listed_phrase_is_found_in_a_sentence(phrase):
    assert check(f"Honestly {phrase} tonight.").worrying


@pytest.mark.parametrize(
    "text",
    [
        "I CANT GO ON like this",
        "i cant go on",
        "I can\u2019t go on",
        "I think I ODd last week",
        "thinking about self harm again",
        "selfharm",
        "I want  to   die",
        "I'm glad I didn't overdose",  # false positives are acceptable (§4.1)
    ],
)
def test_spelling_case_spacing_and_apostrophes_do_not_hide_a_phrase(text):
    assert check(text).worrying


@pytest.mark.parametrize(
    "text",
    ["See you Tuesday at group", "a question about suicidality research", "overdosedness", ""],
)
def test_words_inside_other_words_do_not_match(text):
    assert not check(text).worrying


def test_a_check_names_the_list_version_and_never_says_safe():
    outcome = check("Looking forward to Friday")
    assert outcome == type(outcome)(worrying=False, version=VERSION)
    assert not hasattr(outcome, "safe")


@given(st.text(max_size=300))
def test_any_text_can_be_checked(text):
    assert check(text).version == VERSION
