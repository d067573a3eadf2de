"""The client's support circle (RelatedPerson) and their reaching out to it (Observation)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reconnect.journal.models import CircleMember, Contact
from reconnect.people.models import Client
from reconnect.records.export.fhir import EXT, patient_ref, text_concept


def circle(client: Client) -> Iterator[dict[str, Any]]:
    for m in CircleMember.objects.for_client(client):
        resource: dict[str, Any] = {
            "resourceType": "RelatedPerson",
            "id": f"circle-{m.pk}",
            "patient": patient_ref(client),
            "name": [{"text": m.name}],
        }
        if m.relationship:
            resource["relationship"] = [{"text": m.relationship}]
        if m.how_to_reach:
            resource["telecom"] = [{"system": "other", "value": m.how_to_reach}]
        extra = [("how-they-help", m.how_they_help), ("best-times", m.best_times)]
        extensions = [
            {"url": f"{EXT}/StructureDefinition/{key}", "valueString": value}
            for key, value in extra
            if value
        ]
        if extensions:
            resource["extension"] = extensions
        yield resource


def contacts(client: Client) -> Iterator[dict[str, Any]]:
    for c in Contact.objects.for_client(client):
        components = []
        if c.channel:
            components.append({"code": text_concept("How"), "valueString": c.get_channel_display()})
        if c.felt:
            components.append({"code": text_concept("Felt"), "valueString": c.get_felt_display()})
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "id": f"contact-{c.pk}",
            "status": "final",
            "code": text_concept("Reached out to someone", "reached-out"),
            "subject": patient_ref(client),
            "effectiveDateTime": c.recorded_at.isoformat(),
        }
        if c.circle_member_id:
            resource["focus"] = [{"reference": f"RelatedPerson/circle-{c.circle_member_id}"}]
        if components:
            resource["component"] = components
        yield resource
