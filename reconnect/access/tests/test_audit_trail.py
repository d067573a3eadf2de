"""The audit trail is append-only and tamper-evident (security-reference #12)."""

from __future__ import annotations

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection, transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from proof.scorecard import record_figure
from reconnect.access.audit import chain_head, chain_in_order, verify_chain
from reconnect.access.gate import record_event
from reconnect.access.models import AccessEvent, Action, AppendOnlyError, Category

pytestmark = pytest.mark.django_db


def write_events(actor, count: int) -> list[AccessEvent]:
    return [
        record_event(
            actor=actor,
            client_id=index,
            category=Category.PROFILE,
            action=Action.VIEW,
            detail=f"event {index}",
        )
        for index in range(count)
    ]


def disable_guard():
    """Simulate someone with direct database access: switch the guard off for this test."""
    with connection.cursor() as cursor:
        if connection.vendor == "sqlite":
            cursor.execute("DROP TRIGGER access_event_no_update")
            cursor.execute("DROP TRIGGER access_event_no_delete")
        else:
            cursor.execute("ALTER TABLE access_accessevent DISABLE TRIGGER access_event_no_change")


def test_the_orm_refuses_to_change_or_remove_an_event(robin):
    event = write_events(robin, 1)[0]
    event.detail = "edited"
    with pytest.raises(AppendOnlyError):
        event.save()
    with pytest.raises(AppendOnlyError):
        event.delete()
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.filter(pk=event.pk).update(detail="edited")
    with pytest.raises(AppendOnlyError):
        AccessEvent.objects.all().delete()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE access_accessevent SET detail = 'edited'",
        "DELETE FROM access_accessevent",
    ],
)
def test_the_database_refuses_raw_updates_and_deletes(robin, statement):
    write_events(robin, 2)
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(statement)
    assert AccessEvent.objects.count() == 2


def test_a_clean_chain_verifies_with_no_false_alarm(robin):
    write_events(robin, 25)
    assert verify_chain(chain_in_order()) == []
    call_command("verify_audit")


def test_an_edited_row_is_found(robin):
    events = write_events(robin, 10)
    disable_guard()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE access_accessevent SET actor_id = 987654 WHERE id = %s", [events[4].pk]
        )
    problems = verify_chain(chain_in_order())
    assert [p.event_id for p in problems] == [events[4].pk]
    with pytest.raises(CommandError):
        call_command("verify_audit")


def test_a_removed_row_is_found(robin):
    events = write_events(robin, 10)
    disable_guard()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM access_accessevent WHERE id = %s", [events[6].pk])
    problems = verify_chain(chain_in_order())
    assert [p.event_id for p in problems] == [events[7].pk]


def test_rows_cut_from_the_end_are_found_against_a_recorded_head(robin):
    write_events(robin, 5)
    head = chain_head()
    assert head is not None
    disable_guard()
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM access_accessevent WHERE id = %s", [head[0]])
    assert verify_chain(chain_in_order()) == []  # invisible without the head...
    assert verify_chain(chain_in_order(), head=head)  # ...found with it
    with pytest.raises(CommandError):
        call_command("verify_audit", head=f"{head[0]}:{head[1]}")


FIELDS = ["actor_id", "client_id", "category", "action", "outcome", "detail", "ip_address"]


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    count=st.integers(min_value=1, max_value=12),
    victim=st.integers(min_value=0, max_value=11),
    field=st.sampled_from(FIELDS),
)
def test_any_single_edit_to_any_row_is_detected(robin, count, victim, field):
    with transaction.atomic():
        events = write_events(robin, count)
        target = events[victim % count]
        disable_guard()
        with connection.cursor() as cursor:
            value = 424242 if field in {"actor_id", "client_id"} else "tampered"
            cursor.execute(
                f"UPDATE access_accessevent SET {field} = %s WHERE id = %s",  # noqa: S608
                [value, target.pk],
            )
        problems = verify_chain(chain_in_order())
        found = target.pk in {p.event_id for p in problems}
        record_figure("5_audit_tamper", edits_made=1, edits_detected=int(found))
        assert found
        transaction.set_rollback(True)
