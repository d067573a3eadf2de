"""The whole record as one FHIR R4 collection Bundle, Patient first."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.utils import timezone

from reconnect.measures.fhir import bundle
from reconnect.people.models import Client
from reconnect.records.export.access_log import access_events, emergency_accesses
from reconnect.records.export.circle import circle, contacts
from reconnect.records.export.consents import consents, disclosures
from reconnect.records.export.contact import contact_choices
from reconnect.records.export.fhir import EXT
from reconnect.records.export.groups import group_places, group_posts
from reconnect.records.export.journal import checkins, reminders, tool_uses
from reconnect.records.export.measures import measures
from reconnect.records.export.messages import conversation
from reconnect.records.export.patient import care_team, patient
from reconnect.records.export.safety import safety_plans
from reconnect.records.export.sessions import outreach, sessions
from reconnect.records.export.supporters import supporters

SCHEMA_VERSION = "1"

FAMILIES = (
    care_team,
    supporters,
    checkins,
    circle,
    contacts,
    tool_uses,
    reminders,
    contact_choices,
    safety_plans,
    measures,
    sessions,
    outreach,
    conversation,
    group_places,
    group_posts,
    consents,
    access_events,
    disclosures,
    emergency_accesses,
)


def resources(client: Client) -> Iterator[dict[str, Any]]:
    """Every resource of the export, Patient first."""
    yield patient(client)
    for family in FAMILIES:
        yield from family(client)


def fhir_bundle(client: Client) -> dict[str, Any]:
    """The whole record as one FHIR R4 collection Bundle."""
    result = bundle(resources(client), bundle_id=f"export-{client.pk}")
    result["timestamp"] = timezone.now().isoformat()
    result["meta"] = {
        "tag": [{"system": f"{EXT}/export-schema", "code": SCHEMA_VERSION}],
    }
    return result
