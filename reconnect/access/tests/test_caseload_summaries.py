"""Lists that show clients write one access row per client, in one insert, on the same chain."""

from __future__ import annotations

import importlib
import threading

import pytest
from django.db import connection, connections
from django.urls import reverse

from conftest import visible_text
from reconnect.access import gate
from reconnect.access.audit import chain_in_order, verify_chain
from reconnect.access.models import AccessEvent, Action, Category

pytestmark = pytest.mark.django_db


def test_summaries_join_the_hash_chain_between_single_events(robin, casey, lee):
    gate.record_event(actor=robin, client_id=None, category=Category.SECURITY, action="sign_in")
    written = gate.record_summaries(
        robin, [casey.client.pk, lee.client.pk, casey.client.pk], where="their caseload"
    )
    gate.record_event(actor=robin, client_id=casey.client.pk, category="profile", action="view")
    assert written == 2  # a client listed twice is one access
    rows = list(AccessEvent.objects.order_by("id"))
    assert [r.category for r in rows[1:3]] == [Category.CASELOAD_SUMMARY] * 2
    assert {r.purpose for r in rows[1:3]} == {"treatment"}
    assert verify_chain(chain_in_order()) == []


def test_an_empty_list_writes_nothing(robin):
    assert gate.record_summaries(robin, [], where="their caseload") == 0
    assert not AccessEvent.objects.exists()


@pytest.fixture
def _trail_emptied_afterwards():
    """A transactional test's database is emptied row by row on SQLite, which the append-only
    triggers refuse: lift them for the clean-up only, then put them back."""
    yield
    if connection.vendor != "sqlite":
        return
    guard = importlib.import_module("reconnect.access.migrations.0002_append_only_triggers")
    with connection.cursor() as cursor:
        for statement in guard.SQLITE_REVERSE:
            cursor.execute(statement)
        cursor.execute("DELETE FROM access_accessevent")
        for statement in guard.SQLITE:
            cursor.execute(statement)


@pytest.mark.django_db(transaction=True)
@pytest.mark.usefixtures("_trail_emptied_afterwards")
def test_concurrent_lists_and_single_events_keep_one_valid_chain(robin, casey, lee):
    if connection.vendor == "sqlite" and "mode=memory" in connection.settings_dict["NAME"]:
        pytest.skip(
            "an in-memory SQLite database takes no concurrent writers; set a file in "
            "RECONNECT_TEST_SQLITE to run this"
        )
    ids = [casey.client.pk, lee.client.pk]
    errors: list[BaseException] = []

    def work(n: int) -> None:
        try:
            for _ in range(5):
                gate.record_summaries(robin, ids, where="their caseload")
                gate.record_event(
                    actor=robin, client_id=ids[n % 2], category="profile", action="view"
                )
        except BaseException as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=work, args=(n,)) for n in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert AccessEvent.objects.filter(category=Category.CASELOAD_SUMMARY).count() == 60
    assert verify_chain(chain_in_order()) == []


def test_the_client_reads_each_list_view_grouped_by_person_and_day(casey, robin, signed_in):
    http = signed_in(robin)
    for _ in range(3):
        http.get(reverse("radar:caseload"))
    http.get(reverse("home:client_detail", args=[casey.client.pk]))
    page = signed_in(casey).get(reverse("records:my_record_access"))
    text = visible_text(page)
    assert "Robin Example (clinician) saw you in their caseload 3 times at " in text
    assert "Robin Example (clinician) viewed your profile and care team, for treatment" in text
    assert text.count("saw you in their caseload") == 1


def test_the_client_can_list_each_caseload_view_on_its_own(casey, robin, signed_in):
    http = signed_in(robin)
    http.get(reverse("radar:caseload"))
    http.get(reverse("radar:caseload"))
    url = reverse("records:my_record_access") + f"?category={Category.CASELOAD_SUMMARY}"
    text = visible_text(signed_in(casey).get(url))
    assert text.count("Robin Example (clinician) saw you in their caseload, for treatment") == 2


def test_a_supervisor_seen_in_the_team_list_reads_naturally(casey, pat, signed_in):
    signed_in(pat).get(reverse("home:team"))
    event = AccessEvent.objects.get(client_id=casey.client.pk)
    assert (event.action, event.detail, event.purpose) == (
        Action.VIEW,
        "their team list",
        "supervision",
    )
