"""Who opened the client's record (AuditEvent), emergency accesses included."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reconnect.access.models import AccessEvent, EmergencyAccess
from reconnect.people.models import Client
from reconnect.records.export.fhir import AUDIT_SOURCE, patient_ref

REST = {"system": "http://terminology.hl7.org/CodeSystem/audit-event-type", "code": "rest"}
EMERGENCY_TREATMENT = {
    "system": "http://terminology.hl7.org/CodeSystem/v3-ActReason",
    "code": "ETREAT",
}


def access_events(client: Client) -> Iterator[dict[str, Any]]:
    """Every access by someone other than the client, streamed: the trail can be long."""
    for e in AccessEvent.objects.about(client.pk).exclude(actor_id=client.user_id).iterator():
        yield {
            "resourceType": "AuditEvent",
            "id": f"access-{e.pk}",
            "type": REST,
            "recorded": e.at.isoformat(),
            "outcome": "0" if e.outcome == "allowed" else "4",
            "purposeOfEvent": [{"text": e.purpose}] if e.purpose else [],
            "agent": [{"who": {"display": f"{e.actor_name} ({e.actor_role})"}, "requestor": True}],
            "source": AUDIT_SOURCE,
            "entity": [
                {
                    "what": patient_ref(client),
                    "description": f"{e.get_action_display()} {e.get_category_display()}",
                }
            ],
        }


def emergency_accesses(client: Client) -> Iterator[dict[str, Any]]:
    for a in EmergencyAccess.objects.filter(client=client):
        yield {
            "resourceType": "AuditEvent",
            "id": f"emergency-{a.pk}",
            "type": REST,
            "recorded": a.started_at.isoformat(),
            "purposeOfEvent": [{"coding": [EMERGENCY_TREATMENT], "text": a.nature_of_emergency}],
            "agent": [
                {"who": {"display": f"{a.clinician_name}, {a.affiliation}"}, "requestor": True}
            ],
            "source": AUDIT_SOURCE,
            "entity": [{"what": patient_ref(client), "description": "emergency access"}],
        }
