"""Sessions (Encounter, with shared notes as DocumentReference, and Appointment for where it
is and the client's answer) and the care team's outreach."""

from __future__ import annotations

import base64
from collections.abc import Iterator
from typing import Any

from reconnect.people.models import Client
from reconnect.radar.appointments import NEUTRAL_TITLE
from reconnect.radar.models import ClientResponse, NoteKind, Outreach, Session
from reconnect.records.export.fhir import patient_ref

ENCOUNTER_STATUS = {
    "planned": "planned",
    "attended": "finished",
    "cancelled": "cancelled",
    "missed": "cancelled",
}

APPOINTMENT_STATUS = {
    "planned": "booked",
    "attended": "fulfilled",
    "missed": "noshow",
    "cancelled_by_client": "cancelled",
    "cancelled_by_program": "cancelled",
}
# The client's answer as FHIR participation: asking to change reads as tentative.
PARTICIPATION = {
    ClientResponse.NONE: "needs-action",
    ClientResponse.CONFIRMED: "accepted",
    ClientResponse.CHANGE_REQUESTED: "tentative",
}


def sessions(client: Client) -> Iterator[dict[str, Any]]:
    for s in Session.objects.filter(client=client):
        yield {
            "resourceType": "Encounter",
            "id": f"session-{s.pk}",
            "status": ENCOUNTER_STATUS.get(s.status, "unknown"),
            "class": {
                "system": "http://terminology.hl7.org/CodeSystem/v3-ActCode",
                "code": "VR" if s.modality != "in_person" else "AMB",
            },
            "type": [{"text": f"{s.get_modality_display()} session: {s.get_status_display()}"}],
            "subject": patient_ref(client),
            "period": {"start": s.planned_at.isoformat()},
            "appointment": [{"reference": f"Appointment/appointment-{s.pk}"}],
        }
        yield _appointment(client, s)
        if s.note and s.note_kind == NoteKind.SHARED:
            yield _shared_note(client, s, s.note)


def _appointment(client: Client, s: Session) -> dict[str, Any]:
    """Where the session is, how its title reads, and what the client answered."""
    place: str = s.place
    link: str = s.video_link
    resource: dict[str, Any] = {
        "resourceType": "Appointment",
        "id": f"appointment-{s.pk}",
        "status": APPOINTMENT_STATUS.get(s.status, "booked"),
        "description": NEUTRAL_TITLE if s.discreet_title else f"{s.get_modality_display()} session",
        "start": s.planned_at.isoformat(),
        "participant": [
            {
                "actor": patient_ref(client),
                "status": PARTICIPATION.get(ClientResponse(s.client_response), "needs-action"),
            }
        ],
    }
    instructions = [f"Place: {place}" if place else "", f"Video link: {link}" if link else ""]
    if any(instructions):
        resource["patientInstruction"] = "\n".join(i for i in instructions if i)
    notes = []
    if s.discreet_title:
        notes.append(f'Discreet title: shown as "{NEUTRAL_TITLE}" in calendars and reminders.')
    if s.responded_at is not None:
        answer = s.get_client_response_display()
        notes.append(f"Your answer: {answer} ({s.responded_at.isoformat()}).")
    if notes:
        resource["comment"] = " ".join(notes)
    return resource


def _shared_note(client: Client, s: Session, note: str) -> dict[str, Any]:
    return {
        "resourceType": "DocumentReference",
        "id": f"session-note-{s.pk}",
        "status": "current",
        "type": {"text": "Session note"},
        "subject": patient_ref(client),
        "date": s.created_at.isoformat(),
        "content": [
            {
                "attachment": {
                    "contentType": "text/plain; charset=utf-8",
                    "data": base64.b64encode(note.encode()).decode(),
                }
            }
        ],
        "context": {"encounter": [{"reference": f"Encounter/session-{s.pk}"}]},
    }


def outreach(client: Client) -> Iterator[dict[str, Any]]:
    for o in Outreach.objects.filter(client=client):
        resource: dict[str, Any] = {
            "resourceType": "Communication",
            "id": f"outreach-{o.pk}",
            "status": "completed",
            "subject": patient_ref(client),
            "sent": o.at.isoformat(),
            "medium": [{"text": o.get_action_display()}],
        }
        if o.outcome:
            resource["payload"] = [{"contentString": o.outcome}]
        yield resource
