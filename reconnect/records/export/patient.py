"""The client as a FHIR Patient, and their care team."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reconnect.people.models import Client
from reconnect.records.export.contact import telecom
from reconnect.records.export.fhir import EXT, patient_ref


def patient(client: Client) -> dict[str, Any]:
    user = client.user
    resource: dict[str, Any] = {
        "resourceType": "Patient",
        "id": str(client.pk),
        "active": user.is_active,
        "name": [{"text": user.display_name}],
        "telecom": telecom(client),
        "managingOrganization": {"display": client.program.name},
    }
    # What the client told us about themselves, as they said it (pronouns, and the optional
    # age band and gender they chose, "prefer not to say" included), and their time zone.
    told = {
        "pronouns": client.pronouns,
        "age-band": client.age_band,
        "gender": client.gender,
        "time-zone": user.time_zone,
    }
    extension = [
        {"url": f"{EXT}/StructureDefinition/{name}", "valueString": value}
        for name, value in told.items()
        if value
    ]
    if extension:
        resource["extension"] = extension
    return resource


def care_team(client: Client) -> Iterator[dict[str, Any]]:
    team = list(client.care_team.select_related("clinician"))
    if team:
        yield {
            "resourceType": "CareTeam",
            "id": f"care-team-{client.pk}",
            "status": "active",
            "subject": patient_ref(client),
            "participant": [{"member": {"display": m.clinician.display_name}} for m in team],
        }
