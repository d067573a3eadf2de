"""The client's questionnaire answers (QuestionnaireResponse, Observation) and safety flags."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reconnect.measures.fhir import response_resources
from reconnect.measures.models import Response, SafetyFlag
from reconnect.people.models import Client
from reconnect.records.export.fhir import patient_ref


def measures(client: Client) -> Iterator[dict[str, Any]]:
    yield from response_resources(Response.objects.for_client(client))
    for f in SafetyFlag.objects.filter(client=client):
        yield {
            "resourceType": "Flag",
            "id": f"flag-{f.pk}",
            "status": "active" if f.state == SafetyFlag.State.OPEN else "inactive",
            "code": {"text": f.reason},
            "subject": patient_ref(client),
            "period": {"start": f.raised_at.isoformat()},
        }
