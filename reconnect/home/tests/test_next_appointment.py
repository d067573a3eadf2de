"""The client's next appointment on their home: in their own time zone, answered with "I'll be
there" or "I need to change this" (which writes to the care team), and in their own calendar."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from icalendar import Calendar

from conftest import page_text, visible_text
from reconnect.contact.actions import save_contact_details
from reconnect.conversations.models import Message
from reconnect.radar.actions import record_session, set_session_status
from reconnect.radar.models import Session

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 12, 1, 12, 0, tzinfo=dt.UTC)
# Thursday 3 December at 21:00 UTC: 16:00 in New York, Friday 10:00 in Auckland.
AT = dt.datetime(2026, 12, 3, 21, 0, tzinfo=dt.UTC)
PLACE = "Room 2, 14 Harbour Street"


@pytest.fixture
def frozen():
    """The clock at NOW, for sign-ins and pages alike."""
    with freeze_time(NOW) as clock:
        yield clock


@pytest.fixture
def appointment(casey, robin) -> Session:
    return record_session(client=casey.client, clinician=robin, planned_at=AT, place=PLACE)


def home(http) -> str:
    return visible_text(http.get(reverse("home:client_home")))


def answer(http, session, value, **extra):
    url = reverse("home:appointment_answer", args=[session.pk])
    return http.post(url, {"answer": value, **extra})


@pytest.mark.parametrize(
    ("zone", "shown"),
    [
        ("America/New_York", "Thu 3 Dec, 16:00, with Robin Example, in person at " + PLACE),
        ("Pacific/Auckland", "Fri 4 Dec, 10:00, with Robin Example, in person at " + PLACE),
    ],
)
def test_the_home_shows_the_next_session_in_the_clients_own_time_zone(
    frozen, casey, appointment, signed_in, zone, shown
):
    casey.time_zone = zone
    casey.save(update_fields=["time_zone"])
    text = home(signed_in(casey))
    assert "Your next appointment" in text
    assert shown in text
    assert "I'll be there" in text and "I need to change this" in text


def test_a_video_session_shows_its_link_and_a_late_client_still_finds_it(casey, robin, signed_in):
    record_session(
        client=casey.client,
        clinician=robin,
        planned_at=AT,
        modality="video",
        video_link="https://meet.example.org/room-7",
    )
    with freeze_time(AT + dt.timedelta(minutes=20)):
        response = signed_in(casey).get(reverse("home:client_home"))
    assert 'href="https://meet.example.org/room-7"' in page_text(response)
    assert "Thu 3 Dec, 21:00, with Robin Example, by video" in visible_text(response)
    with freeze_time(AT + dt.timedelta(minutes=40)):
        assert "Your next appointment" not in home(signed_in(casey))


def test_only_a_planned_session_is_shown(frozen, casey, appointment, signed_in):
    set_session_status(session=appointment, status="cancelled_by_program")
    assert "Your next appointment" not in home(signed_in(casey))


def test_ill_be_there_is_a_plain_form_and_saying_it_twice_changes_nothing(
    frozen, casey, appointment, signed_in
):
    http = signed_in(casey)
    page = page_text(http.get(reverse("home:client_home")))
    action = reverse("home:appointment_answer", args=[appointment.pk])
    assert f'<form method="post" action="{action}"' in page
    assert 'name="answer" value="confirmed"' in page

    response = answer(http, appointment, "confirmed")
    assert response.status_code == 302
    assert "your care team will see that you'll be there" in home(http).lower()
    appointment.refresh_from_db()
    first = (appointment.client_response, appointment.responded_at)
    assert first == ("confirmed", NOW)
    frozen.tick(60)
    answer(http, appointment, "confirmed")
    assert "Your care team already has this answer" in home(http)
    appointment.refresh_from_db()
    assert (appointment.client_response, appointment.responded_at) == first
    assert not Message.objects.exists()


def test_i_need_to_change_this_writes_to_the_care_team_once(
    frozen, casey, robin, appointment, signed_in
):
    casey.time_zone = "America/New_York"
    casey.save(update_fields=["time_zone"])
    http = signed_in(casey)
    form = {"note": "Mornings are better for me", "client_request_id": "appt-change-1"}
    assert answer(http, appointment, "change_requested", **form).status_code == 302
    assert "They will be in touch about another time" in home(http)
    answer(http, appointment, "change_requested", **form)  # a double submit
    answer(http, appointment, "change_requested", note="Or Friday", client_request_id="b")
    (message,) = Message.objects.all()
    assert message.author == casey and message.conversation.client == casey.client
    assert message.body == (
        f"I need to change my appointment: Thu 3 Dec, 16:00, with Robin Example, in person at "
        f"{PLACE}.\n\nMornings are better for me"
    )
    appointment.refresh_from_db()
    assert (appointment.client_response, appointment.responded_at) == ("change_requested", NOW)
    caseload = visible_text(signed_in(robin).get(reverse("radar:caseload")))
    assert "(asked to change)" in caseload


def test_a_note_too_long_is_refused_kindly_and_nothing_changes(
    frozen, casey, appointment, signed_in
):
    http = signed_in(casey)
    answer(http, appointment, "change_requested", note="x" * 1001)
    assert "Please keep this under 1000 characters." in home(http)
    appointment.refresh_from_db()
    assert appointment.client_response == "none" and not Message.objects.exists()


def _new_routes(session: Session) -> list[str]:
    return [
        reverse("home:appointment_answer", args=[session.pk]),
        reverse("home:appointment_calendar", args=[session.pk]),
    ]


def test_nobody_but_the_client_reaches_the_appointment_pages(
    casey, robin, sam, pat, jo, appointment, signed_in
):
    for person in (sam, jo, robin, pat):
        http = signed_in(person)
        for url in _new_routes(appointment):
            assert http.get(url).status_code == 404, (person, url)
            assert http.post(url, {"answer": "confirmed"}).status_code == 404, (person, url)
    appointment.refresh_from_db()
    assert appointment.client_response == "none"


def test_another_clients_session_id_is_not_found_and_changes_nothing(
    frozen, casey, lee, sam, appointment, signed_in
):
    lees = record_session(client=lee.client, clinician=sam, planned_at=AT)
    http = signed_in(casey)
    for url in _new_routes(lees):
        assert http.get(url).status_code == 404
        assert http.post(url, {"answer": "change_requested"}).status_code == 404
    lees.refresh_from_db()
    assert lees.client_response == "none" and not Message.objects.exists()


def test_a_past_session_has_no_calendar_file_or_answer(casey, robin, signed_in):
    past = record_session(
        client=casey.client, clinician=robin, planned_at=timezone.now() - dt.timedelta(hours=2)
    )
    http = signed_in(casey)
    for url in _new_routes(past):
        assert http.get(url).status_code == 404
    assert answer(http, past, "confirmed").status_code == 404


def _calendar(http, session):
    response = http.get(reverse("home:appointment_calendar", args=[session.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert response["Content-Disposition"] == 'attachment; filename="appointment.ics"'
    (event,) = Calendar.from_ical(response.content).walk("VEVENT")
    return response.content.decode(), event


def test_the_calendar_file_is_the_session_with_its_place(frozen, casey, appointment, signed_in):
    text, event = _calendar(signed_in(casey), appointment)
    assert event.start.astimezone(ZoneInfo("Pacific/Auckland")) == dt.datetime(
        2026, 12, 4, 10, 0, tzinfo=ZoneInfo("Pacific/Auckland")
    )
    assert str(event["summary"]) == "Session with Robin Example"
    assert str(event["location"]) == PLACE


@pytest.mark.parametrize("choice", ["others_may_see", "discreet_title"])
def test_a_client_who_chose_discretion_gets_a_neutral_calendar_file(
    frozen, casey, robin, signed_in, choice
):
    save_contact_details(client=casey.client, by=casey, others_may_see=choice == "others_may_see")
    session = record_session(
        client=casey.client,
        clinician=robin,
        planned_at=AT,
        place="Riverside Recovery Clinic",
        discreet_title=choice == "discreet_title",
    )
    http = signed_in(casey)
    assert 'it will just say "Appointment"' in home(http)
    text, event = _calendar(http, session)
    assert str(event["summary"]) == "Appointment"
    for word in ("Robin", "Casey", "Test Program", "Recovery", "Clinic", "Session", "Reconnect"):
        assert word.lower() not in text.lower()
