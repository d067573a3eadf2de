"""FHIR building blocks every resource family of the export shares."""

from __future__ import annotations

from typing import Any

from reconnect.people.models import Client

EXT = "https://reconnect.example/fhir"
AUDIT_SOURCE = {"observer": {"display": "Reconnect"}}


def patient_ref(client: Client) -> dict[str, str]:
    return {"reference": f"Patient/{client.pk}"}


def text_concept(
    text: str, code: str | None = None, system: str = f"{EXT}/CodeSystem"
) -> dict[str, Any]:
    concept: dict[str, Any] = {"text": text}
    if code:
        concept["coding"] = [{"system": system, "code": code, "display": text}]
    return concept
