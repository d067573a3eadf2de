"""The client's journal: check-ins, tools used and reminder choices (Observation, Basic)."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reconnect.journal.models import CheckIn, ReminderPreference, ToolUse
from reconnect.people.models import Client
from reconnect.records.export.fhir import EXT, patient_ref, text_concept


def checkins(client: Client) -> Iterator[dict[str, Any]]:
    for c in CheckIn.objects.for_client(client).prefetch_related("circle_members"):
        components: list[dict[str, Any]] = [
            {
                "code": text_concept("Body state", "body-state"),
                "valueCodeableConcept": text_concept(c.get_state_display(), c.state),
            }
        ]
        if c.craving is not None:
            components.append(
                {"code": text_concept("Craving", "craving"), "valueInteger": c.craving}
            )
        if c.connected:
            components.append(
                {
                    "code": text_concept("Connected with someone", "connected"),
                    "valueCodeableConcept": text_concept(c.get_connected_display(), c.connected),
                }
            )
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "id": f"checkin-{c.pk}",
            "status": "final",
            "code": text_concept("Check-in", "check-in"),
            "subject": patient_ref(client),
            "effectiveDateTime": c.recorded_at.isoformat(),
            "component": components,
        }
        who = [m.name for m in c.circle_members.all()]
        notes = [{"text": f"Connected with: {', '.join(who)}"}] if who else []
        if c.note:
            notes.append({"text": c.note})
        if notes:
            resource["note"] = notes
        yield resource


def tool_uses(client: Client) -> Iterator[dict[str, Any]]:
    for t in ToolUse.objects.filter(client=client):
        components = [
            {"code": text_concept(label), "valueInteger": value}
            for label, value in (
                ("Strength before", t.strength_before),
                ("After", t.strength_after),
            )
            if value is not None
        ]
        resource: dict[str, Any] = {
            "resourceType": "Observation",
            "id": f"tool-{t.pk}",
            "status": "final",
            "code": text_concept(f"Used a tool: {t.get_tool_display()}", "tool-use"),
            "subject": patient_ref(client),
            "effectiveDateTime": t.recorded_at.isoformat(),
        }
        if components:
            resource["component"] = components
        yield resource


def reminders(client: Client) -> Iterator[dict[str, Any]]:
    pref = ReminderPreference.objects.filter(client=client).first()
    if pref is None:
        return
    yield {
        "resourceType": "Basic",
        "id": f"reminders-{client.pk}",
        "code": text_concept("Reminder choices", "reminder-preference"),
        "subject": patient_ref(client),
        "extension": [
            {"url": f"{EXT}/StructureDefinition/reminder-enabled", "valueBoolean": pref.enabled},
            {
                "url": f"{EXT}/StructureDefinition/reminder-time",
                "valueTime": pref.time_of_day.strftime("%H:%M:%S"),
            },
        ],
    }
