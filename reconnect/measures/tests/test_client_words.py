"""What a client reads about their own questionnaires: plain names with the code after, scores
named as what is computed, and their real change since the first score (reliable change,
clinical-reference §2), honest in both directions and never alarming."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from conftest import visible_text
from reconnect.measures import instruments
from reconnect.measures.actions import record_response
from reconnect.measures.explain import since_first
from reconnect.measures.models import Response
from reconnect.measures.reliable_change import Change, Params, reliable_change
from reconnect.radar.actions import record_session

pytestmark = pytest.mark.django_db

# PHQ-9 answers (item 9 always 0) by total.
PHQ = {
    13: [2, 2, 2, 2, 2, 1, 1, 1, 0],
    11: [2, 2, 2, 1, 1, 1, 1, 1, 0],
    10: [2, 2, 1, 1, 1, 1, 1, 1, 0],
    6: [1, 1, 1, 1, 1, 1, 0, 0, 0],
}
PHQ9_PARAMS = Params(sd=5, r=0.84, r_kind="test-retest", source="clinical-reference §2")
NEVER = ("deteriorat", "failure", "worse", "§", "reliabl", "RCI")


def answer_phq9(client, totals):
    start = dt.datetime(2026, 10, 1, 15, 0, tzinfo=dt.UTC)
    for week, total in enumerate(totals):
        with freeze_time(start + dt.timedelta(weeks=week)):
            record_response(
                client=client, instrument="phq9", answers=PHQ[total], client_request_id=f"w{week}"
            )


def questionnaires(http) -> str:
    return visible_text(http.get(reverse("measures:my_measures")))


def test_casey_sees_her_mood_scores_are_lower_than_when_she_started(casey, signed_in):
    answer_phq9(casey.client, [13, 10, 6])
    page = questionnaires(signed_in(casey))
    assert "Mood check (PHQ-9)" in page
    assert (
        "Your mood scores are lower than when you started (13 then, 6 now) — a change for the "
        "better, bigger than everyday ups and downs." in page
    )
    # Each step on its own was within everyday ups and downs; the table still says so.
    assert page.count("about the same") == 2
    for word in NEVER:
        assert word not in page


def test_a_harder_stretch_is_said_gently_with_an_invitation_to_talk(casey, signed_in):
    answer_phq9(casey.client, [6, 13])
    page = questionnaires(signed_in(casey))
    assert (
        "Things seem to have been harder lately: your mood scores are higher than when you "
        "started (6 then, 13 now), more than everyday ups and downs. Would you like to talk "
        "about it with your care team?" in page
    )
    for word in NEVER:
        assert word not in page


def test_a_small_change_is_called_everyday_ups_and_downs(casey, signed_in):
    answer_phq9(casey.client, [13, 11])
    page = questionnaires(signed_in(casey))
    assert (
        "Your mood scores are a little lower than when you started (13 then, 11 now); a change "
        "this size can be everyday ups and downs." in page
    )


def test_one_score_is_not_compared_with_anything(casey, signed_in):
    answer_phq9(casey.client, [13])
    assert "than when you started" not in questionnaires(signed_in(casey))


def test_the_result_of_a_later_answer_sets_it_against_the_first(casey, signed_in):
    answer_phq9(casey.client, [13, 10, 6])
    latest = Response.objects.order_by("submitted_at").last()
    page = visible_text(signed_in(casey).get(reverse("measures:result", args=[latest.pk])))
    assert "Mood check (PHQ-9)" in page
    assert "That's about the same as last time." in page
    assert "Your mood scores are lower than when you started (13 then, 6 now)" in page


@pytest.mark.parametrize(
    ("first", "latest", "expected"),
    [
        (13, 6, Change.IMPROVED),
        (13, 11, Change.NONE),
        (6, 13, Change.WORSE),
    ],
)
def test_the_words_follow_the_reliable_change_core(first, latest, expected):
    result = reliable_change(instruments.PHQ9, PHQ9_PARAMS, first, latest)
    assert result.change is expected
    words = since_first(instruments.PHQ9, first, latest, result)
    assert f"({first} then, {latest} now)" in words
    assert ("bigger than everyday ups and downs" in words) is (expected is Change.IMPROVED)


def test_for_a_measure_where_higher_is_better_a_rise_is_the_change_for_the_better():
    scssf = instruments.SCSSF
    params = Params(sd=0.5, r=0.8, r_kind="illustrative", source="test")
    result = reliable_change(scssf, params, 2.0, 3.5)
    assert result.change is Change.IMPROVED
    words = since_first(scssf, 2.0, 3.5, result)
    assert words.startswith("Your self-kindness scores are higher than when you started")


def test_every_instrument_has_a_plain_name_with_its_code_after():
    names = {code: i.client_title for code, i in instruments.INSTRUMENTS.items()}
    assert names["phq9"] == "Mood check (PHQ-9)"
    assert names["gad7"] == "Worry and anxiety check (GAD-7)"
    assert names["ucla3"] == "Loneliness check (UCLA-3)"
    assert names["session_check"] == "Session check"  # our own: there is no code to give
    for code, name in names.items():
        if code != "session_check":
            plain, _, short = name.partition(" (")
            assert plain and short.endswith(")") and plain[0].isupper(), name


def test_an_average_is_called_an_average_never_a_total(casey, robin, signed_in):
    session = record_session(
        client=casey.client, clinician=robin, planned_at=timezone.now(), status="attended"
    )
    response, _ = record_response(
        client=casey.client,
        instrument="session_check",
        answers=[8, 7, 7],
        client_request_id="sc-1",
        session_id=session.pk,
    )
    page = visible_text(signed_in(casey).get(reverse("measures:result", args=[response.pk])))
    assert "Your average is 7.33, on a scale from 0 to 10." in page
    assert "total" not in page.lower()


def test_the_session_check_says_today_only_on_the_day(casey, robin, signed_in):
    tuesday = dt.datetime(2026, 11, 17, 15, 0, tzinfo=dt.UTC)
    session = record_session(
        client=casey.client, clinician=robin, planned_at=tuesday, status="attended"
    )
    url = reverse("measures:answer", args=["session_check"]) + f"?session={session.pk}"
    with freeze_time(tuesday + dt.timedelta(hours=2)):
        same_day = visible_text(signed_in(casey).get(url))
    with freeze_time(tuesday + dt.timedelta(days=2)):
        later = visible_text(signed_in(casey).get(url))
    assert "How was today's session?" in same_day
    assert "How was your session on Tuesday 17 Nov?" in later
    assert "today's session" not in later
    for page in (same_day, later):
        assert "validated" not in page and "§" not in page
