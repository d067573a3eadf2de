"""Every version of the client's safety plan (CarePlan), the latest one active."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reconnect.people.models import Client
from reconnect.records.export.fhir import patient_ref
from reconnect.safety.models import SECTIONS, SafetyPlanVersion


def safety_plans(client: Client) -> Iterator[dict[str, Any]]:
    versions = list(SafetyPlanVersion.objects.filter(plan__client=client).order_by("number"))
    for v in versions:
        sections = v.sections
        yield {
            "resourceType": "CarePlan",
            "id": f"safety-plan-v{v.number}",
            "status": "active" if v is versions[-1] else "revoked",
            "intent": "plan",
            "title": f"Safety plan, version {v.number}",
            "subject": patient_ref(client),
            "created": v.created_at.isoformat(),
            "note": [
                {"text": f"{s.title}: {'; '.join(sections[s.key])}"}
                for s in SECTIONS
                if sections.get(s.key)
            ]
            or [{"text": "(empty)"}],
        }
