"""The client's supporters (RelatedPerson) and their messages of encouragement (Communication)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reconnect.people.models import Client
from reconnect.records.export.fhir import patient_ref
from reconnect.supporters.models import Encouragement, SupporterLink


def supporters(client: Client) -> Iterator[dict[str, Any]]:
    for link in SupporterLink.objects.filter(client=client).select_related("supporter"):
        yield {
            "resourceType": "RelatedPerson",
            "id": f"supporter-{link.pk}",
            "active": link.removed_at is None,
            "patient": patient_ref(client),
            "name": [{"text": link.supporter.display_name}],
            "relationship": [{"text": "Supporter"}],
        }
    for m in Encouragement.objects.filter(client=client):
        yield {
            "resourceType": "Communication",
            "id": f"message-{m.pk}",
            "status": "completed",
            "subject": patient_ref(client),
            "sender": {"reference": f"RelatedPerson/supporter-{m.link_id}"},
            "sent": m.created_at.isoformat(),
            "payload": [{"contentString": m.message}],
        }
