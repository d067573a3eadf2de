"""A submission sent twice is stored once: the replay gets the first row, never a duplicate.

Any model with a unique natural key will do; Django's auth Group (unique name) keeps core's
tests free of the apps above it.
"""

from __future__ import annotations

import threading

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection

from reconnect.core.idempotency import MAX_REQUEST_ID, clean_request_id, create_once
from reconnect.core.input import IdempotencyConflict, InvalidInput


def submit(name: str, *, same: bool = True) -> tuple[Group, bool]:
    return create_once(
        create=lambda: Group.objects.create(name=name),
        existing=lambda: Group.objects.filter(name=name),
        same=lambda group: same,
    )


@pytest.mark.django_db
def test_a_double_submission_returns_the_first_row_and_stores_one():
    first, created = submit("weekly check-in")
    again, created_again = submit("weekly check-in")
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk
    assert Group.objects.filter(name="weekly check-in").count() == 1


@pytest.mark.django_db
def test_a_replay_with_a_different_body_is_a_conflict_and_stores_nothing_new():
    submit("same id")
    with pytest.raises(IdempotencyConflict):
        submit("same id", same=False)
    assert Group.objects.count() == 1


@pytest.mark.django_db
def test_a_replay_that_loses_the_insert_race_gets_the_winners_row_and_the_transaction_lives_on():
    winner = Group.objects.create(name="raced")  # the other request got there first

    row, created = create_once(
        create=lambda: Group.objects.create(name="raced"),
        existing=lambda: Group.objects.filter(name="raced"),
        same=lambda group: True,
    )
    assert (row.pk, created) == (winner.pk, False)
    # The failed insert was rolled back to its savepoint: the transaction is still usable
    # (PostgreSQL would refuse every later statement otherwise).
    assert Group.objects.count() == 1


@pytest.mark.django_db
def test_an_integrity_error_that_is_not_a_replay_is_raised():
    Group.objects.create(name="taken")
    with pytest.raises(IntegrityError):
        create_once(
            create=lambda: Group.objects.create(name="taken"),
            existing=lambda: Group.objects.filter(name="a different key"),
            same=lambda group: True,
        )
    assert Group.objects.count() == 1


@pytest.mark.django_db
def test_everything_create_writes_commits_or_rolls_back_together():
    def create() -> Group:
        Group.objects.create(name="first write")
        raise RuntimeError("the second write failed")

    with pytest.raises(RuntimeError):
        create_once(create=create, existing=Group.objects.none, same=lambda group: True)
    assert not Group.objects.exists()


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrent writers need PostgreSQL")
def test_two_concurrent_submissions_store_one_row():
    start = threading.Barrier(2)
    results: list[tuple[int, bool]] = []
    errors: list[BaseException] = []

    def send() -> None:
        try:
            start.wait()
            group, created = submit("sent twice at once")
            results.append((group.pk, created))
        except BaseException as error:  # surfaced below, in the test's thread
            errors.append(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert not errors
    assert sorted(created for _, created in results) == [False, True]
    assert len({pk for pk, _ in results}) == 1
    assert Group.objects.filter(name="sent twice at once").count() == 1


@pytest.mark.parametrize(
    ("sent", "kept"), [("abc", "abc"), ("  padded  ", "padded"), ("x" * MAX_REQUEST_ID,) * 2]
)
def test_a_request_id_is_trimmed(sent, kept):
    assert clean_request_id(sent) == kept


@pytest.mark.parametrize("sent", ["", "   ", None, "x" * (MAX_REQUEST_ID + 1)])
def test_a_missing_or_overlong_request_id_is_refused_naming_the_field(sent):
    with pytest.raises(InvalidInput) as error:
        clean_request_id(sent)
    assert error.value.field == "client_request_id"
