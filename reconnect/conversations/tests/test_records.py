"""Messages are in the client's export (one FHIR R4 Communication each, validated), in the
readable report, never in a file for someone outside, and removed when the account is deleted."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.bundle import Bundle
from fhir.resources.R4B.communication import Communication

from reconnect.conversations.actions import mark_read, send_message
from reconnect.conversations.models import Conversation, Message, MessageRead
from reconnect.records.deletion import delete_account
from reconnect.records.export import fhir_bundle
from reconnect.records.report import render

pytestmark = pytest.mark.django_db


def _talk(casey, robin, lee, sam):
    send_message(client=casey.client, author=casey, body="Casey-words-1")
    reply = send_message(client=casey.client, author=robin, body="Robin-reply-1").message
    mark_read(message=reply, reader=casey)
    send_message(client=lee.client, author=lee, body="Lee-words-1")
    return reply


def test_each_message_is_a_valid_fhir_communication_of_this_client_only(casey, robin, lee, sam):
    reply = _talk(casey, robin, lee, sam)
    bundle = fhir_bundle(casey.client)
    Bundle.model_validate(bundle)
    found = [
        e["resource"] for e in bundle["entry"] if e["resource"]["id"].startswith("care-message-")
    ]
    assert len(found) == 2
    for resource in found:
        Communication.model_validate(resource)
    mine, theirs = found
    assert mine["sender"] == {"reference": f"Patient/{casey.client.pk}"}
    assert mine["payload"] == [{"contentString": "Casey-words-1"}]
    assert theirs["sender"] == {"display": "Robin Example"}
    assert theirs["received"] == MessageRead.objects.get(message=reply).read_at.isoformat()
    text = json.dumps(bundle)
    assert "Lee-words-1" not in text


def test_the_readable_report_holds_the_conversation(casey, robin, lee, sam):
    _talk(casey, robin, lee, sam)
    report = render(casey.client)
    assert "Casey-words-1" in report and "Robin-reply-1" in report
    assert "Lee-words-1" not in report


def test_deleting_the_account_removes_every_message_and_read(casey, robin, lee, sam):
    _talk(casey, robin, lee, sam)
    record = delete_account(client=casey.client, requested_by=casey, reason="asked")
    assert list(Message.objects.values_list("body", flat=True)) == ["Lee-words-1"]
    assert not MessageRead.objects.exists()
    assert Conversation.objects.count() == 1
    assert record.rows_removed["conversations.message"] == 2
