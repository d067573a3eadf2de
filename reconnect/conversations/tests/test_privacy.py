"""What someone writes in a message stays in the message: never in a log, a URL, an email, a
text, a notification, a radar item or the audit trail, and never readable in the raw database
file or its WAL (encrypted at rest)."""

from __future__ import annotations

import json
import logging
import re
import uuid

import pytest
from django.apps import apps
from django.core import mail

from proof.canaries import database_bytes
from reconnect.conversations.models import Message
from reconnect.notifications.models import OutboundText
from tests.children import QUICK_HASHES, database_for, run_reconnect

pytestmark = pytest.mark.django_db


def _canary(kind: str) -> str:
    return f"CANARY{kind}{uuid.uuid4().hex[:12]}"


def _every_plain_value(skip: set[str]) -> str:
    """Every stored value of every model except the message bodies themselves."""
    values = []
    for model in apps.get_models():
        label = model._meta.label_lower
        fields = [
            f.attname for f in model._meta.concrete_fields if f"{label}.{f.attname}" not in skip
        ]
        for row in model._default_manager.values_list(*fields):
            values += [str(v) for v in row if v is not None]
    return "\n".join(values)


def test_message_words_reach_only_the_message(
    casey_texts, robin, provider, signed_in, caplog, django_capture_on_commit_callbacks
):
    casey = casey_texts
    worried = f"{_canary('W')} and I want to end it all"
    plain = _canary("P")
    reply = _canary("R")
    urls: list[str] = []
    with caplog.at_level(logging.DEBUG), django_capture_on_commit_callbacks(execute=True):
        client_page = signed_in(casey)
        for n, body in enumerate((worried, plain)):
            response = client_page.post(
                "/me/messages/", {"body": body, "client_request_id": f"c{n}"}
            )
            urls.append(response["Location"])
            urls.append(client_page.get(response["Location"]).request["PATH_INFO"])
        staff = signed_in(robin)
        page = staff.get(f"/clients/{casey.client.pk}/messages/")
        urls += re.findall(r'href="([^"]+)"', page.content.decode())
        response = staff.post(
            f"/clients/{casey.client.pk}/messages/", {"body": reply, "client_request_id": "s"}
        )
        urls.append(response["Location"])
        caseload = staff.get("/caseload/").content.decode()
        urls += re.findall(r'href="([^"]+)"', caseload)
    words = [worried.split()[0], plain, reply]
    assert Message.objects.count() == 3
    logged = caplog.text + "\n".join(r.getMessage() for r in caplog.records)
    emails = "\n".join(f"{m.subject}\n{m.body}" for m in mail.outbox)
    texts = "\n".join(OutboundText.objects.values_list("body", flat=True)) + json.dumps(
        provider.texts
    )
    stored = _every_plain_value(skip={"conversations.message.body"})
    assert OutboundText.objects.exists() and mail.outbox  # both channels were really used
    for word in words:
        assert word not in logged
        assert word not in "\n".join(urls)
        assert word not in emails
        assert word not in texts
        assert word not in stored  # notifications, radar items, audit rows, outreach
        assert word not in caseload


def test_message_words_are_encrypted_in_the_raw_database_file_and_its_wal():
    env = {**database_for("conversation_canaries"), **QUICK_HASHES}  # nobody signs in
    words = [_canary("A"), _canary("B")]
    code = f"""
import json
from pathlib import Path
from django.conf import settings
from django.db import connection
from reconnect.accounts.actions import add_person
from reconnect.conversations.actions import send_message
from reconnect.people.models import Program
program = Program.objects.create(name="Canary program")
robin = add_person(program=program, email="r@canary.example", display_name="Robin Canary",
                   role="clinician")
casey = add_person(program=program, email="c@canary.example", display_name="PlainCanaryName",
                   role="client", clinician=robin)
send_message(client=casey.client, author=casey, body={words[0]!r}, client_request_id="a")
send_message(client=casey.client, author=robin, body={words[1]!r}, client_request_id="b")
parts = {{}}
if connection.vendor == "sqlite":
    base = Path(settings.DATABASES["default"]["NAME"])
    parts = {{"file": base, "wal": Path(f"{{base}}-wal")}}
    # Read while this connection holds the WAL open: the new rows are in the WAL now.
    parts = {{k: p.read_bytes().decode("latin-1") if p.exists() else "" for k, p in parts.items()}}
print("RESULT " + json.dumps(parts))
"""
    done = run_reconnect("shell", "-c", code, env=env, timeout=300)
    assert done.returncode == 0, done.stderr[-2000:]
    line = next(x for x in done.stdout.splitlines() if x.startswith("RESULT "))
    parts = {k: v.encode("latin-1") for k, v in json.loads(line[7:]).items()}
    if not parts:  # PostgreSQL: the data as stored, dumped
        parts = {"database": database_bytes(env)[0]}
    else:
        assert parts["wal"], "the WAL holds the new rows"
    everything = b"".join(parts.values())
    assert b"PlainCanaryName" in everything  # the sweep sees what is stored in plain text
    for part, blob in parts.items():
        for word in words:
            assert word.encode() not in blob, part
