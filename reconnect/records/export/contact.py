"""The client's contact details: phone and email on the Patient, their choices as a Basic."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reconnect.contact.models import Channel, ContactDetails
from reconnect.people.models import Client
from reconnect.records.export.fhir import EXT, patient_ref, text_concept

CHOICES = ("ok_voicemail", "ok_text", "ok_email", "others_may_see", "discreet")


def telecom(client: Client) -> list[dict[str, Any]]:
    """Patient.telecom: the account email, then the phone and contact email the client gave."""
    details = ContactDetails.objects.for_client(client).first()
    points: list[dict[str, Any]] = [{"system": "email", "value": client.user.email}]
    if details is None:
        return points
    preferred = details.preferred_channel
    if details.phone_e164:
        points.append(_point("phone", details.phone_e164, preferred == Channel.CALL))
        if details.ok_text:
            points.append(_point("sms", details.phone_e164, preferred == Channel.TEXT))
    if details.email and details.email != client.user.email:
        points.append(_point("email", details.email, preferred == Channel.EMAIL))
    elif preferred == Channel.EMAIL:
        points[0]["rank"] = 1
    return points


def _point(system: str, value: str, preferred: bool) -> dict[str, Any]:
    point: dict[str, Any] = {"system": system, "value": value}
    if preferred:
        point["rank"] = 1
    return point


def contact_choices(client: Client) -> Iterator[dict[str, Any]]:
    """The safe-contact choices: preferred channel, voicemail, texts, email, discretion."""
    details = ContactDetails.objects.for_client(client).first()
    if details is None:
        return
    extension: list[dict[str, Any]] = [
        {
            "url": f"{EXT}/StructureDefinition/contact-preferred-channel",
            "valueCode": details.preferred_channel,
        },
        *(
            {
                "url": f"{EXT}/StructureDefinition/contact-{name.replace('_', '-')}",
                "valueBoolean": getattr(details, name),
            }
            for name in CHOICES
        ),
    ]
    if details.best_times:
        extension.append(
            {
                "url": f"{EXT}/StructureDefinition/contact-best-times",
                "valueString": details.best_times,
            }
        )
    if details.texts_stopped_at is not None:
        extension.append(
            {
                "url": f"{EXT}/StructureDefinition/contact-texts-stopped",
                "valueDateTime": details.texts_stopped_at.isoformat(),
            }
        )
    yield {
        "resourceType": "Basic",
        "id": f"contact-{client.pk}",
        "code": text_concept("Contact choices", "contact-preferences"),
        "subject": patient_ref(client),
        "extension": extension,
    }
