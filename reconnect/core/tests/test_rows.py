"""Hand-written statements store and load rows exactly as the ORM would."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection, transaction
from django.db.models.signals import post_save

from reconnect.conversations.actions import send_message
from reconnect.conversations.models import Message
from reconnect.core import rows
from reconnect.people.models import Program

pytestmark = pytest.mark.django_db


def test_an_insert_stores_what_save_would_and_the_instance_knows_its_id():
    program = rows.insert(Program(name="Northside", time_zone="America/Chicago"))

    stored = Program.objects.get(pk=program.pk)
    assert (stored.name, stored.time_zone, stored.created_at) == (
        "Northside",
        "America/Chicago",
        program.created_at,
    )
    assert not program._state.adding


def test_an_insert_that_breaks_a_constraint_raises_and_stores_nothing(program):
    with pytest.raises(IntegrityError), transaction.atomic():
        rows.insert(Program(name=program.name))
    assert Program.objects.filter(name=program.name).count() == 1


def test_a_model_someone_listens_to_is_saved_the_ordinary_way():
    heard = []

    def listener(sender, instance, created, **kwargs):
        heard.append((instance.name, created))

    post_save.connect(listener, sender=Program)
    try:
        rows.insert(Program(name="Heard"))
    finally:
        post_save.disconnect(listener, sender=Program)
    assert heard == [("Heard", True)]


def test_encrypted_fields_are_encrypted_on_the_way_in_and_read_back(casey):
    sent = send_message(client=casey.client, author=casey, body="Canary words for the rows")
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM conversations_message WHERE id = %s", [sent.message.pk])
        (stored,) = cursor.fetchone()
    assert "Canary" not in stored
    assert Message.objects.get(pk=sent.message.pk).body == "Canary words for the rows"


def test_a_row_from_a_plain_statement_becomes_an_instance_with_python_values(program):
    with connection.cursor() as cursor:
        cursor.execute(
            f"SELECT {rows.columns(Program)} FROM people_program WHERE id = %s",  # noqa: S608
            [program.pk],
        )
        loaded = rows.from_row(Program, cursor.fetchone())
    assert loaded == program
    assert loaded.created_at == Program.objects.get(pk=program.pk).created_at
