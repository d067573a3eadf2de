"""The client's conversation with the care team: one FHIR Communication per message."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from reconnect.conversations.models import Message, MessageRead
from reconnect.people.models import Client, Role
from reconnect.records.export.fhir import patient_ref, text_concept


def conversation(client: Client) -> Iterator[dict[str, Any]]:
    messages = list(Message.objects.for_client(client).order_by("sent_at", "id"))
    first_read: dict[int, MessageRead] = {}
    for read in MessageRead.objects.filter(message__client=client).order_by("read_at"):
        first_read.setdefault(read.message_id, read)
    for m in messages:
        from_client = m.author_role == Role.CLIENT
        other_side = {"display": "Your care team"}
        resource: dict[str, Any] = {
            "resourceType": "Communication",
            "id": f"care-message-{m.pk}",
            "status": "completed",
            "category": [text_concept("Message with the care team", "care-team-message")],
            "medium": [{"text": "Secure message in Reconnect"}],
            "subject": patient_ref(client),
            "sender": patient_ref(client) if from_client else {"display": m.author_name},
            "recipient": [other_side if from_client else patient_ref(client)],
            "sent": m.sent_at.isoformat(),
            "payload": [{"contentString": m.body}],
        }
        first = first_read.get(m.pk)
        if first is not None:
            resource["received"] = first.read_at.isoformat()
        yield resource
