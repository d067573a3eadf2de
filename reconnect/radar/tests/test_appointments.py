"""Appointments as the care team sets them: a place or an https video link and a discreet title
on the sessions page; the client's answers on the caseload; the session as a calendar file."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import reset_queries
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from conftest import page_text, visible_text
from reconnect.accounts import actions as people
from reconnect.core.input import InvalidInput
from reconnect.people.models import Role
from reconnect.radar.actions import record_session, respond_to_session, update_session_details
from reconnect.radar.calendar import session_calendar
from reconnect.radar.demo import seed_sessions
from reconnect.radar.models import AppointmentReminder, Session

pytestmark = pytest.mark.django_db
SOON = dt.timedelta(days=2)


def planned(client, clinician, *, at=None, **where) -> Session:
    when = at or timezone.now() + SOON
    return record_session(client=client, clinician=clinician, planned_at=when, **where)


def test_the_clinician_gives_a_session_a_video_link_and_a_discreet_title(casey, robin, signed_in):
    http = signed_in(robin)
    url = reverse("radar:sessions", args=[casey.client.pk])
    response = http.post(
        url,
        {
            "planned_at": "2027-03-04T10:00",
            "status": "planned",
            "modality": "video",
            "video_link": "https://meet.example.org/room-7",
            "discreet_title": "on",
        },
    )
    assert response.status_code == 302
    session = Session.objects.get(client=casey.client)
    assert (session.modality, session.video_link, session.discreet_title) == (
        "video",
        "https://meet.example.org/room-7",
        True,
    )
    page = visible_text(http.get(url))
    assert "Discreet title" in page and "No answer yet" in page


@pytest.mark.parametrize(
    "link",
    [
        "http://meet.example.org/room-7",
        "javascript:alert(1)",
        "meet.example.org/room-7",
        "https://",
        "ftp://meet.example.org/x",
    ],
)
def test_a_video_link_that_is_not_a_whole_https_address_is_refused_kindly(
    casey, robin, signed_in, link
):
    response = signed_in(robin).post(
        reverse("radar:sessions", args=[casey.client.pk]),
        {"planned_at": "2027-03-04T10:00", "status": "planned", "modality": "video",
         "video_link": link},
    )  # fmt: skip
    assert response.status_code == 400
    assert "Please give the whole video link, starting with https://" in page_text(response)
    assert not Session.objects.exists()


def test_a_place_too_long_is_refused_and_nothing_is_saved(casey, robin):
    with pytest.raises(InvalidInput) as refused:
        planned(casey.client, robin, place="x" * 201)
    assert refused.value.field == "place"
    assert not Session.objects.exists()


def test_a_new_time_asks_the_client_again_and_reminds_them_again(casey, robin, signed_in):
    session = planned(casey.client, robin, place="Room 2")
    respond_to_session(session=session, response="confirmed")
    AppointmentReminder.objects.create(session=session, kind="day_before")
    http = signed_in(robin)
    url = reverse("radar:session_details", args=[casey.client.pk, session.pk])
    assert "A new time asks Casey again" in visible_text(http.get(url))
    later = timezone.localtime(session.planned_at) + dt.timedelta(days=1)
    response = http.post(
        url,
        {"planned_at": later.strftime("%Y-%m-%dT%H:%M"), "modality": "in_person",
         "place": "Room 3"},
    )  # fmt: skip
    assert response.status_code == 302
    session.refresh_from_db()
    assert (session.place, session.client_response, session.responded_at) == (
        "Room 3",
        "none",
        None,
    )
    assert not AppointmentReminder.objects.filter(session=session).exists()


def test_changing_only_the_place_keeps_the_clients_answer(casey, robin):
    session = planned(casey.client, robin, place="Room 2")
    respond_to_session(session=session, response="confirmed")
    update_session_details(
        session=session, planned_at=session.planned_at, modality="in_person", place="Room 4"
    )
    session.refresh_from_db()
    assert (session.place, session.client_response) == ("Room 4", "confirmed")


def test_a_bad_link_on_the_change_page_is_refused_and_nothing_changes(casey, robin, signed_in):
    session = planned(
        casey.client, robin, modality="video", video_link="https://meet.example.org/a"
    )
    response = signed_in(robin).post(
        reverse("radar:session_details", args=[casey.client.pk, session.pk]),
        {"planned_at": "2027-03-04T10:00", "modality": "video", "video_link": "http://x.org"},
    )
    assert response.status_code == 400
    assert "starting with https://" in page_text(response)
    session.refresh_from_db()
    assert session.video_link == "https://meet.example.org/a"


def test_the_same_answer_twice_changes_nothing(casey, robin):
    session = planned(casey.client, robin)
    assert respond_to_session(session=session, response="confirmed") is True
    first = Session.objects.get(pk=session.pk).responded_at
    assert respond_to_session(session=session, response="confirmed") is False
    assert Session.objects.get(pk=session.pk).responded_at == first


def test_the_change_page_is_for_the_clients_care_team_only(casey, lee, robin, sam, jo, signed_in):
    session = planned(casey.client, robin)
    url = reverse("radar:session_details", args=[casey.client.pk, session.pk])
    for person in (sam, jo):
        http = signed_in(person)
        assert http.get(url).status_code == 404
        assert (
            http.post(url, {"planned_at": "2027-03-04T10:00", "modality": "phone"}).status_code
            == 404
        )
    # Robin, with Lee's session under Casey's id: not found.
    lees = planned(lee.client, sam)
    other = reverse("radar:session_details", args=[casey.client.pk, lees.pk])
    assert signed_in(robin).get(other).status_code == 404
    assert Session.objects.get(pk=session.pk).modality == "in_person"


def test_the_caseload_shows_each_clients_answer_without_a_query_per_client(
    program, robin, casey, signed_in, django_assert_max_num_queries
):
    session = planned(casey.client, robin)
    respond_to_session(session=session, response="change_requested")
    http = signed_in(robin)
    text = visible_text(http.get(reverse("radar:caseload")))
    assert "(asked to change)" in text
    respond_to_session(session=session, response="confirmed")
    assert "(confirmed)" in visible_text(http.get(reverse("radar:caseload")))

    http.get(reverse("radar:caseload"))  # signals computed for today
    reset_queries()  # the capture counts from here (a request resets the log)
    with django_assert_max_num_queries(60) as few:
        http.get(reverse("radar:caseload"))
    one_client = len(few)
    for n in range(6):
        client = people.add_person(
            program=program,
            email=f"client{n}@example.org",
            display_name=f"Client {n}",
            role=Role.CLIENT,
            clinician=robin,
        ).client
        respond_to_session(session=planned(client, robin), response="confirmed")
    http.get(reverse("radar:caseload"))
    reset_queries()
    with django_assert_max_num_queries(one_client):
        page = visible_text(http.get(reverse("radar:caseload")))
    assert page.count("(confirmed)") == 7


def ics(session: Session, *, discreet: bool) -> tuple[bytes, object]:
    body = session_calendar(session, discreet=discreet, program="Test Program", now=timezone.now())
    events = list(Calendar.from_ical(body).walk("VEVENT"))
    assert len(events) == 1
    return body, events[0]


def test_the_calendar_file_holds_the_time_place_and_link(casey, robin):
    at = dt.datetime(2027, 3, 4, 15, 0, tzinfo=dt.UTC)
    session = planned(
        casey.client, robin, at=at, modality="video", video_link="https://meet.example.org/r-1"
    )
    _, event = ics(session, discreet=False)
    assert event.start == at and event.end == at + dt.timedelta(hours=1)
    assert str(event["summary"]) == "Session with Robin Example"
    assert str(event["url"]) == "https://meet.example.org/r-1"
    assert "Test Program" in str(event["description"])
    assert event.walk("VALARM")[0].decoded("trigger") == -dt.timedelta(hours=1)


def test_a_discreet_calendar_file_says_appointment_and_nothing_else(casey, robin):
    session = planned(
        casey.client,
        robin,
        place="Riverside Recovery Clinic, 14 Harbour Street",
        discreet_title=True,
    )
    body, event = ics(session, discreet=True)
    assert str(event["summary"]) == "Appointment"
    assert event.start == session.planned_at.replace(microsecond=0)
    for absent in ("description", "location", "url", "organizer", "attendee"):
        assert absent not in event
    text = body.decode().lower()
    for word in (
        "robin", "casey", "example", "test program", "reconnect", "session", "recovery",
        "clinic", "therapy", "counsel", "care team", "harbour",
    ):  # fmt: skip
        assert word not in text, word


def test_the_demo_plans_next_sessions_with_places_links_and_confirmations(program, robin):
    rng = random.Random(7)
    for n in range(12):
        client = people.add_person(
            program=program,
            email=f"demo{n}@example.org",
            display_name=f"Demo {n}",
            role=Role.CLIENT,
            clinician=robin,
        ).client
        seed_sessions(client, "steady", robin, rng)
    upcoming = list(Session.objects.filter(status="planned"))
    assert len(upcoming) == 12
    assert {s.client_response for s in upcoming} == {"confirmed", "none"}
    assert all(s.place for s in upcoming if s.modality == "in_person")
    assert all(s.video_link.startswith("https://") for s in upcoming if s.modality == "video")
    assert any(s.discreet_title for s in upcoming)
