"""A session's place, video link, title choice and the client's answer reach the client's
export (FHIR Appointment), and deletion takes them with the reminders sent about them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from fhir.resources.R4B.bundle import Bundle

from reconnect.radar.actions import record_session, respond_to_session
from reconnect.radar.models import AppointmentReminder, Session
from reconnect.records.deletion import delete_account
from reconnect.records.export import fhir_bundle
from reconnect.records.tests.test_deletion import _every_value

pytestmark = pytest.mark.django_db


def _appointments(casey, robin):
    soon = timezone.now() + dt.timedelta(days=2)
    video = record_session(
        client=casey.client,
        clinician=robin,
        planned_at=soon,
        modality="video",
        video_link="https://meet.example.org/room-canary-9",
    )
    respond_to_session(session=video, response="confirmed")
    discreet = record_session(
        client=casey.client,
        clinician=robin,
        planned_at=soon + dt.timedelta(days=7),
        place="Room canary-7, 14 Harbour Street",
        discreet_title=True,
    )
    respond_to_session(session=discreet, response="change_requested")
    AppointmentReminder.objects.create(session=video, kind="day_before", outcome="sent")
    return video, discreet


def test_the_export_holds_each_appointment_with_its_place_link_title_and_answer(casey, robin):
    video, discreet = _appointments(casey, robin)
    bundle = fhir_bundle(casey.client)
    Bundle.model_validate(bundle)
    found = {
        e["resource"]["id"]: e["resource"]
        for e in bundle["entry"]
        if e["resource"]["resourceType"] == "Appointment"
    }
    first, second = found[f"appointment-{video.pk}"], found[f"appointment-{discreet.pk}"]
    assert first["status"] == "booked"
    assert first["participant"][0]["status"] == "accepted"
    assert "https://meet.example.org/room-canary-9" in first["patientInstruction"]
    assert second["description"] == "Appointment"
    assert second["participant"][0]["status"] == "tentative"
    assert "Room canary-7" in second["patientInstruction"]
    assert "Discreet title" in second["comment"] and "Asked to change" in second["comment"]


def test_deletion_removes_the_appointments_and_their_reminders(casey, robin):
    _appointments(casey, robin)
    delete_account(client=casey.client, requested_by=casey, reason="client asked")
    assert not Session.objects.exists() and not AppointmentReminder.objects.exists()
    assert not [v for v in _every_value() if "canary" in v]
