"""The peer recovery specialist: staff with two-factor sign-in, on a client's care team with
the peer scope the gate enforces (clinical-reference §4.2: narrower than a clinician's)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import Http404
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from conftest import PASSWORD, visible_text
from reconnect.access import gate
from reconnect.access.models import AccessEvent, Category, Outcome
from reconnect.conversations.actions import send_message
from reconnect.journal.actions import add_circle_member, record_checkin
from reconnect.measures.actions import record_response
from reconnect.measures.models import Assignment
from reconnect.people.models import Role
from reconnect.radar.actions import record_session

pytestmark = pytest.mark.django_db
OUTSIDE_THE_PEER_SCOPE = [
    Category.PROFILE,
    Category.CHECKINS,
    Category.CIRCLE,
    Category.CONTACT,
    Category.SAFETY_PLAN,
    Category.MEASURES,
    Category.SESSIONS,
    Category.SIGNALS,
    Category.TIMELINE,
    Category.ANALYSIS,
    Category.RECORD,
]


def test_a_peer_specialist_is_staff_and_signs_in_with_two_factor(park):
    assert park.role == Role.PEER and park.is_program_staff
    http = HttpClient()
    http.post(reverse("accounts:sign_in"), {"username": park.email, "password": PASSWORD})
    response = http.get(reverse("home:peer_home"))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two_factor")


@pytest.mark.parametrize("category", sorted(gate.PEER_SCOPE))
def test_the_peer_scope_opens_on_a_client_whose_care_team_they_are_on(park, casey, category):
    assert gate.open_record(park, casey.client.pk, category=category).pk == casey.client.pk


@pytest.mark.parametrize("category", OUTSIDE_THE_PEER_SCOPE)
def test_everything_else_answers_404_and_the_refusal_is_recorded(park, casey, category):
    with pytest.raises(Http404):
        gate.open_record(park, casey.client.pk, category=category)
    event = AccessEvent.objects.get(client_id=casey.client.pk, category=category)
    assert event.outcome == Outcome.DENIED and event.actor_id == park.pk


def test_a_client_outside_their_care_teams_is_404_even_in_the_peer_scope(park, lee):
    with pytest.raises(Http404):
        gate.open_record(park, lee.client.pk, category=Category.PEER_SUMMARY)


def test_the_summary_shows_counts_names_totals_and_appointments_never_notes_or_answers(
    park, casey, robin, signed_in
):
    client = casey.client
    friend, _ = add_circle_member(client=client, name="Aunt May")
    record_checkin(
        client=client,
        state="settled",
        note="A private note about Tuesday",
        circle_member_ids=[friend.pk],
        client_request_id="c1",
    )
    record_response(
        client=client,
        instrument="barc10",
        answers=[5, 4, 5, 3, 4, 5, 2, 6, 4, 5],
        client_request_id="b1",
    )
    record_session(
        client=client,
        clinician=robin,
        planned_at=timezone.now() + dt.timedelta(days=2),
        status="planned",
        note="Session note: talked about family",
    )
    text = visible_text(signed_in(park).get(f"/clients/{client.pk}/support/"))
    assert "1 in the last 7 days" in text and "Aunt May" in text
    assert "43 of 60" in text and "(in person)" in text
    assert "A private note" not in text and "talked about family" not in text
    event = AccessEvent.objects.filter(actor_id=park.pk).latest("id")
    assert event.category == Category.PEER_SUMMARY and event.purpose == "peer support"


@pytest.mark.parametrize(
    "name",
    [
        "home:client_detail",
        "journal:client_checkins",
        "journal:client_circle",
        "safety:client_plan",
        "measures:client_measures",
        "radar:sessions",
        "radar:timeline",
        "relational:client_feedback",
        "contact:client",
    ],
)
def test_clinical_pages_answer_404_to_the_peer_specialist(park, casey, robin, signed_in, name):
    url = reverse(name, args=[casey.client.pk])
    assert signed_in(robin).get(url).status_code == 200  # the page exists, for the clinician
    assert signed_in(park).get(url).status_code == 404


def test_the_peer_specialist_asks_for_barc10_every_4_weeks(park, casey, signed_in):
    page = signed_in(park).post(f"/clients/{casey.client.pk}/support/", follow=True)
    assignment = Assignment.objects.get(client=casey.client, instrument="barc10")
    assert assignment.schedule == "every_4_weeks" and assignment.assigned_by == park
    text = visible_text(page)
    assert "Casey will be asked the recovery resources questions (BARC-10) every 4 weeks." in text


def test_the_peer_specialist_writes_in_the_care_team_conversation(park, casey, signed_in):
    http = signed_in(park)
    http.post(
        f"/clients/{casey.client.pk}/messages/",
        {"body": "Thinking of you this week.", "client_request_id": "p1"},
    )
    text = visible_text(signed_in(casey).get("/me/messages/"))
    assert "Thinking of you this week." in text and "peer recovery specialist" in text


def test_the_client_reads_what_a_peer_specialist_sees_in_plain_words(park, casey, signed_in):
    send_message(client=casey.client, author=casey, body="hello")
    signed_in(park).get(f"/clients/{casey.client.pk}/support/")
    http = signed_in(casey)
    home = visible_text(http.get("/me/"))
    assert "Park Example (peer recovery specialist) can see less" in home
    assert "Never your notes, your answers to questionnaires or session analyses" in home
    access = visible_text(http.get("/me/record-access/"))
    assert "viewed your recovery-support summary: check-in counts (not what you wrote)" in access
    assert "A peer recovery specialist on your care team sees less" in access


PEER_LINES = {
    "/me/circle/": "Park Example (peer recovery specialist) can see only the names of the "
    "people in your circle, not how to reach them or when you were in touch.",
    "/me/check-in/": "Park Example (peer recovery specialist) can see only how many check-ins "
    "you made and when the last one was, never how you felt or what you wrote.",
    "/me/check-ins/": "Park Example (peer recovery specialist) can see only how many check-ins "
    "you made and when the last one was, never how you felt or what you wrote.",
    "/me/questionnaires/": "Park Example (peer recovery specialist) can see only your recovery "
    "resources (BARC-10) totals, never your answers, and none of your other questionnaires.",
    "/me/questionnaires/barc10/": "Park Example (peer recovery specialist) can see only your "
    "total, never your answers.",
}


@pytest.mark.parametrize("url", sorted(PEER_LINES))
def test_who_can_see_this_names_the_peer_specialist_and_what_they_see(
    park, casey, lee, signed_in, url
):
    text = visible_text(signed_in(casey).get(url))
    assert PEER_LINES[url] in text
    # Lee's care team has no peer recovery specialist: no such line.
    assert "peer recovery specialist" not in visible_text(signed_in(lee).get(url))


def test_a_questionnaire_the_peer_specialist_never_sees_has_no_peer_line(park, casey, signed_in):
    assert "peer recovery specialist" not in visible_text(
        signed_in(casey).get("/me/questionnaires/phq9/")
    )


def test_the_safety_plan_opens_to_the_peer_only_once_the_client_shares_it_and_only_to_read(
    park, casey, signed_in
):
    from reconnect.safety.actions import save_safety_plan

    save_safety_plan(client=casey.client, sections={"coping": ["Walk by the river"]}, author=casey)
    peer = signed_in(park)
    plan = reverse("safety:client_plan", args=[casey.client.pk])
    assert peer.get(plan).status_code == 404
    client = signed_in(casey)
    assert "Let my peer recovery specialist read my safety plan" in visible_text(
        client.get(reverse("consent:sharing"))
    )
    client.post(reverse("safety:share_with_peer"), {"plan_to_peer": "on"})
    page = peer.get(plan)
    assert page.status_code == 200 and "Walk by the river" in visible_text(page)
    assert "Edit together" not in visible_text(page)
    assert peer.get(reverse("safety:client_plan_edit", args=[casey.client.pk])).status_code == 404
    seen = AccessEvent.objects.filter(
        actor_id=park.pk, client_id=casey.client.pk, category=Category.SAFETY_PLAN
    )
    assert seen.filter(outcome=Outcome.ALLOWED).count() == 1
    assert "Park Example (peer recovery specialist) can read it too" in visible_text(
        client.get(reverse("safety:my_plan"))
    )
    client.post(reverse("safety:share_with_peer"), {})
    assert peer.get(plan).status_code == 404
