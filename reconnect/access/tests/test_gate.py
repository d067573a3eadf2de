"""The access gate: each role reaches exactly its own scope, and every access is recorded."""

from __future__ import annotations

import pytest
from django.http import Http404

from reconnect.access import gate
from reconnect.access.models import AccessEvent, Action, Category, Outcome
from reconnect.accounts import actions
from reconnect.core.errors import AuditUnavailable

pytestmark = pytest.mark.django_db


def ids(queryset):
    return set(queryset.values_list("pk", flat=True))


def test_a_client_reaches_only_their_own_record(casey, lee):
    assert ids(gate.reachable_clients(casey)) == {casey.client.pk}


def test_a_clinician_reaches_only_clients_on_their_care_team(casey, lee, robin, sam):
    assert ids(gate.reachable_clients(robin)) == {casey.client.pk}
    assert ids(gate.reachable_clients(sam)) == {lee.client.pk}


def test_a_supervisor_reaches_the_clients_of_the_clinicians_they_supervise(casey, lee, pat):
    assert ids(gate.reachable_clients(pat)) == {casey.client.pk}


def test_program_admins_and_supporters_reach_no_clinical_record(casey, morgan, jo):
    assert ids(gate.reachable_clients(morgan)) == set()
    assert ids(gate.reachable_clients(jo)) == set()


def test_a_disabled_clinician_reaches_nothing(casey, robin, morgan):
    actions.disable_account(user=robin, disabled_by=morgan)
    robin.refresh_from_db()
    assert ids(gate.reachable_clients(robin)) == set()


def test_a_clinician_leaving_the_care_team_loses_access_at_once(casey, robin, morgan):
    actions.remove_clinician(client=casey.client, clinician=robin, removed_by=morgan)
    with pytest.raises(Http404):
        gate.open_record(robin, casey.client.pk, category=Category.PROFILE)


def test_opening_a_record_writes_one_audit_row_with_who_what_and_why(casey, robin):
    client = gate.open_record(robin, casey.client.pk, category=Category.PROFILE)
    assert client == casey.client
    event = AccessEvent.objects.get(client_id=casey.client.pk)
    assert (event.actor_id, event.actor_role, event.category, event.action, event.outcome) == (
        robin.pk,
        "clinician",
        Category.PROFILE,
        Action.VIEW,
        Outcome.ALLOWED,
    )
    assert event.purpose == "treatment"


def test_a_refused_attempt_answers_404_and_is_recorded_for_the_client(casey, sam):
    with pytest.raises(Http404):
        gate.open_record(sam, casey.client.pk, category=Category.PROFILE)
    event = AccessEvent.objects.get(client_id=casey.client.pk)
    assert event.outcome == Outcome.DENIED
    assert event.actor_id == sam.pk


def test_an_unknown_record_answers_404_and_records_nothing(robin):
    with pytest.raises(Http404):
        gate.open_record(robin, 999_999, category=Category.PROFILE)
    assert not AccessEvent.objects.exists()


def test_a_client_reading_their_own_record_is_not_an_access_by_someone_else(casey):
    gate.open_record(casey, casey.client.pk, category=Category.PROFILE)
    assert not AccessEvent.objects.filter(client_id=casey.client.pk).exists()


def test_own_record_is_404_for_anyone_but_a_client(robin):
    with pytest.raises(Http404):
        gate.own_record(robin)


def test_when_the_audit_row_cannot_be_written_the_record_is_not_returned(casey, robin, monkeypatch):
    from django.db import DatabaseError

    def broken_save(self, *args, **kwargs):
        raise DatabaseError("disk I/O error")

    monkeypatch.setattr(AccessEvent, "save", broken_save)
    with pytest.raises(AuditUnavailable):
        gate.open_record(robin, casey.client.pk, category=Category.PROFILE)


def test_the_page_answers_503_without_record_content_when_auditing_fails(
    casey, robin, signed_in, monkeypatch
):
    from django.db import DatabaseError
    from django.urls import reverse

    http = signed_in(robin)
    monkeypatch.setattr(
        AccessEvent, "save", lambda self, *a, **k: (_ for _ in ()).throw(DatabaseError("full"))
    )
    response = http.get(reverse("home:client_detail", args=[casey.client.pk]))
    assert response.status_code == 503
    assert casey.display_name not in response.content.decode()
