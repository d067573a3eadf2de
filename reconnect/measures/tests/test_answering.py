"""Assigning, answering, declining, safety flags and what is due."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from conftest import page_text, visible_text
from reconnect.access.models import AccessEvent
from reconnect.core.input import IdempotencyConflict, InvalidInput
from reconnect.measures.actions import (
    acknowledge_safety_flag,
    assign_instrument,
    due_for,
    history,
    record_response,
)
from reconnect.measures.models import Response, SafetyFlag
from reconnect.radar.models import Signal
from reconnect.radar.refresh import refresh_signals

pytestmark = pytest.mark.django_db


def phq9(client, answers, key):
    return record_response(client=client, instrument="phq9", answers=answers, client_request_id=key)


def test_a_response_keeps_the_raw_answers_wording_version_and_score(casey):
    response, created = phq9(casey.client, [1, 2, 0, 1, 0, 0, 1, 0, 0], "a")
    assert created
    assert response.answers == [1, 2, 0, 1, 0, 0, 1, 0, 0]
    assert (response.total, response.band, response.version) == (
        5,
        "Mild",
        "PHQ-9 (Kroenke 2001), English",
    )


def test_a_declined_administration_is_stored_as_declined_never_as_zero(casey):
    response, _ = record_response(
        client=casey.client, instrument="phq9", answers=[], declined=True, client_request_id="d"
    )
    assert (response.status, response.total, response.answers) == ("declined", None, [])


def test_the_same_request_twice_stores_one_response_and_a_different_body_conflicts(casey):
    phq9(casey.client, [0] * 9, "same")
    _, created = phq9(casey.client, [0] * 9, "same")
    assert not created
    with pytest.raises(IdempotencyConflict):
        phq9(casey.client, [1] * 9, "same")
    assert Response.objects.count() == 1


@pytest.mark.parametrize(
    ("instrument", "answers", "version", "field"),
    [
        ("bdi2", [0] * 21, None, "instrument"),
        ("phq9", [5] + [0] * 8, None, "answers"),
        ("phq9", [0] * 9, "PHQ-9 (1999 draft)", "version"),
        ("auditc", [0, 0, 0], None, "instrument"),
    ],
)
def test_bad_input_is_refused_with_the_field_named_and_nothing_stored(
    casey, instrument, answers, version, field
):
    with pytest.raises(InvalidInput) as error:
        record_response(
            client=casey.client,
            instrument=instrument,
            answers=answers,
            version=version,
            client_request_id="bad",
        )
    assert error.value.field == field
    assert not Response.objects.exists()


def test_item_9_above_zero_raises_an_urgent_item_and_emails_the_care_team_at_once(
    casey, robin, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response, _ = phq9(casey.client, [0] * 8 + [1], "flag")
    flag = SafetyFlag.objects.get()
    assert flag.response == response and flag.state == "open"
    assert mailoutbox[0].to == [robin.email]
    assert "Casey" not in mailoutbox[0].body


def test_weekly_assignments_come_due_again_after_a_week(casey, robin):
    assign_instrument(client=casey.client, instrument="phq9", schedule="weekly", assigned_by=robin)
    assert [d.instrument.code for d in due_for(casey.client)] == ["phq9"]
    phq9(casey.client, [0] * 9, "w1")
    assert due_for(casey.client) == []
    with freeze_time(timezone.now() + dt.timedelta(days=7)):
        assert [d.instrument.code for d in due_for(casey.client)] == ["phq9"]


def test_a_once_assignment_is_not_due_after_a_decline(casey, robin):
    assign_instrument(client=casey.client, instrument="ucla3", schedule="once", assigned_by=robin)
    record_response(
        client=casey.client, instrument="ucla3", answers=[], declined=True, client_request_id="x"
    )
    assert due_for(casey.client) == []


def test_history_marks_reliable_change_from_baseline_and_previous(casey):
    for key, total in (("h1", 18), ("h2", 16), ("h3", 9)):
        answers = [3] * (total // 3) + [total % 3] + [0] * (8 - total // 3)
        phq9(casey.client, answers[:9], key)
    points = history(casey.client, "phq9")
    assert [p.response.total for p in points] == [18, 16, 9]
    assert points[1].from_previous.change.value == "no reliable change"
    assert points[2].from_baseline.recovered


def test_the_clinician_assigns_and_the_client_sees_why_it_is_asked(casey, robin, signed_in):
    signed_in(robin).post(
        reverse("measures:client_measures", args=[casey.client.pk]),
        {"instrument": "phq9", "schedule": "weekly"},
    )
    home = visible_text(signed_in(casey).get(reverse("home:client_home")))
    assert "Questionnaires ready for you" in home and "conversation starter" in home


def test_answering_on_one_page_shows_a_kind_explanation_not_a_bare_label(casey, signed_in):
    http = signed_in(casey)
    form = {f"item_{n}": "1" for n in range(1, 10)} | {"item_9": "0", "client_request_id": "p"}
    response = http.post(reverse("measures:answer", args=["phq9"]), form)
    text = visible_text(http.get(response["Location"]))
    assert "Your answers suggest some signs of low mood lately." in text
    assert "not a diagnosis" in text
    assert "Mild" not in text


def test_answering_one_question_at_a_time_without_javascript(casey, signed_in):
    http = signed_in(casey)
    url = reverse("measures:answer", args=["ucla3"])
    step1 = http.post(url, {"one": "1", "step": "1", "item_1": "2", "client_request_id": "o"})
    assert "Question 2 of 3" in page_text(step1)
    step2 = http.post(
        url, {"one": "1", "step": "2", "item_1": "2", "item_2": "3", "client_request_id": "o"}
    )
    assert 'name="item_1" value="2"' in page_text(step2)
    done = http.post(
        url,
        {
            "one": "1",
            "step": "3",
            "item_1": "2",
            "item_2": "3",
            "item_3": "1",
            "client_request_id": "o",
        },
    )
    assert done.status_code == 302
    assert Response.objects.get().answers == [2, 3, 1]


def test_a_positive_item_9_shows_the_plan_and_crisis_lines_on_the_same_screen(casey, signed_in):
    from reconnect.safety.actions import save_safety_plan

    save_safety_plan(client=casey.client, sections={"people_help": ["My sister Ana"]}, author=casey)
    http = signed_in(casey)
    form = {f"item_{n}": "0" for n in range(1, 9)} | {"item_9": "2", "client_request_id": "s"}
    result = visible_text(
        http.get(http.post(reverse("measures:answer", args=["phq9"]), form)["Location"])
    )
    assert "You don't have to carry this alone" in result
    assert "My sister Ana" in result and "Call or text 988" in result and "741741" in result
    assert "no risk" not in result.lower()


def test_declining_from_the_form_stores_a_decline(casey, signed_in):
    http = signed_in(casey)
    http.post(reverse("measures:answer", args=["gad7"]), {"decline": "1", "client_request_id": "n"})
    assert Response.objects.get().status == "declined"


def test_an_unknown_questionnaire_is_404(casey, signed_in):
    assert signed_in(casey).get("/me/questionnaires/bdi2/").status_code == 404


def test_the_clinician_sees_history_and_acknowledges_a_safety_item(casey, robin, signed_in):
    phq9(casey.client, [0] * 8 + [1], "f")
    http = signed_in(robin)
    page = visible_text(http.get(reverse("measures:client_measures", args=[casey.client.pk])))
    assert "Safety items" in page and "PHQ-9" in page
    flag = SafetyFlag.objects.get()
    http.post(reverse("measures:acknowledge_flag", args=[casey.client.pk, flag.pk]))
    flag.refresh_from_db()
    assert flag.state == "acknowledged" and flag.acknowledged_by == robin
    assert flag.signal.state == "acknowledged"


def test_a_supervisor_may_view_but_not_assign(casey, pat, signed_in):
    http = signed_in(pat)
    url = reverse("measures:client_measures", args=[casey.client.pk])
    assert http.get(url).status_code == 200
    assert http.post(url, {"instrument": "phq9", "schedule": "weekly"}).status_code == 404


# --- one safety answer, one urgent item: the flag is the radar item's evidence -------------


def urgent_items(client):
    return Signal.objects.live().filter(client=client, severity="urgent")


def test_one_item_9_answer_is_exactly_one_urgent_radar_item_whose_evidence_is_the_flag(casey):
    response, _ = phq9(casey.client, [0] * 8 + [2], "one")
    phq9(casey.client, [0] * 8 + [2], "one")
    refresh_signals([casey.client.pk])
    (item,) = urgent_items(casey.client)
    flag = SafetyFlag.objects.get()
    assert item.safety_flag == flag and flag.response == response
    assert (item.kind, item.state) == ("safety", "open")
    assert item.evidence == [timezone.localdate(flag.raised_at).isoformat()]
    assert "PHQ-9 item 9 above 0" in item.explanation and "not a risk rating" in item.explanation


def test_each_item_9_answer_has_its_own_urgent_item(casey):
    phq9(casey.client, [0] * 8 + [1], "first")
    phq9(casey.client, [0] * 8 + [3], "second")
    refresh_signals([casey.client.pk])
    items = urgent_items(casey.client)
    assert {item.safety_flag for item in items} == set(SafetyFlag.objects.all())
    assert len(items) == 2


def test_an_answer_without_item_9_raises_no_flag_and_no_urgent_item(casey):
    phq9(casey.client, [3] * 8 + [0], "none")
    refresh_signals([casey.client.pk])
    assert not SafetyFlag.objects.exists() and not urgent_items(casey.client).exists()


def test_acknowledging_the_flag_clears_its_radar_item_too(casey, robin):
    phq9(casey.client, [0] * 8 + [1], "ack")
    flag = SafetyFlag.objects.get()
    acknowledge_safety_flag(flag=flag, by=robin)
    flag.refresh_from_db()
    assert (flag.state, flag.acknowledged_by) == ("acknowledged", robin)
    assert flag.signal.state == "acknowledged"
    refresh_signals([casey.client.pk])
    assert not Signal.objects.filter(client=casey.client, state="open").exists()


def test_acknowledging_from_the_questionnaire_page_writes_one_audit_row(casey, robin, signed_in):
    phq9(casey.client, [0] * 8 + [1], "audit")
    flag = SafetyFlag.objects.get()
    before = AccessEvent.objects.count()
    signed_in(robin).post(reverse("measures:acknowledge_flag", args=[casey.client.pk, flag.pk]))
    rows = AccessEvent.objects.order_by("pk")[before:]
    assert [(row.action, row.client_id) for row in rows] == [("change", casey.client.pk)]


def test_the_answer_the_flag_and_its_item_are_stored_together_or_not_at_all(casey, monkeypatch):
    def broken(client_id):
        raise RuntimeError("the radar is unavailable")

    monkeypatch.setattr("reconnect.measures.actions.client_changed", broken)
    with pytest.raises(RuntimeError):
        phq9(casey.client, [0] * 8 + [1], "atomic")
    assert not Response.objects.exists() and not SafetyFlag.objects.exists()
    assert not Signal.objects.exists()
