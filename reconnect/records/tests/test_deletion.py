"""Deletion (security-reference #28): every row with the client's content goes; a content-free
record of the deletion and the access log stay."""

from __future__ import annotations

import pytest
from django.apps import apps
from django.urls import reverse

from conftest import PASSWORD, share
from proof.scorecard import record_figure
from reconnect.access.models import AccessEvent, Action
from reconnect.people.models import User
from reconnect.records.deletion import delete_account
from reconnect.records.models import DeletionRecord
from reconnect.records.tests.test_export import _fill
from reconnect.relational.models import Analysis, AnalysisConsent
from reconnect.supporters.actions import send_encouragement

pytestmark = pytest.mark.django_db


def _every_value() -> list[str]:
    """Every value of every row of every model, decrypted where a field is encrypted."""
    values = []
    for model in apps.get_models():
        fields = [f.attname for f in model._meta.concrete_fields]
        for row in model._default_manager.values_list(*fields):
            values += [str(v) for v in row if v is not None]
    return values


def _content_of(tag: str) -> list[str]:
    return [f"Friend-{tag}", f"Reason-{tag}", f"Note-{tag}", f"Outreach-{tag}", f"Shared-{tag}"]


@pytest.fixture
def full_record(casey, lee, robin, sam, jo, jo_supports_casey):
    _fill(casey, robin, "casey")
    _fill(lee, sam, "lee")
    share(casey, jo, ["checkin_summary"])
    send_encouragement(link=jo_supports_casey, message="Msg-casey", client_request_id="m")
    AnalysisConsent.objects.create(client=casey.client)
    Analysis.objects.create(
        client=casey.client, clinician=robin, transcript="T: hi\nC: Transcript-casey", status="done"
    )


def test_after_deletion_no_row_in_any_table_holds_the_clients_content(
    casey, lee, full_record, signed_in
):
    client_id = casey.client.pk
    before = _every_value()
    assert all(any(c in v for v in before) for c in _content_of("casey"))
    http = signed_in(casey)
    response = http.post(reverse("records:delete"), {"password": PASSWORD, "confirm": "delete"})
    assert response.status_code == 302
    after = _every_value()
    left = [
        c
        for c in (*_content_of("casey"), "Msg-casey", "Transcript-casey", casey.email)
        if any(c in v for v in after)
    ]
    record_figure("16_export_and_deletion", rows_with_content_left_after_deletion=len(left))
    assert not left, left
    for theirs in _content_of("lee"):
        assert any(theirs in v for v in after)
    assert not User.objects.filter(pk=casey.pk).exists()
    proof = DeletionRecord.objects.get()
    assert proof.client_ref == client_id and proof.rows_removed["journal.checkin"] == 1
    event = AccessEvent.objects.get(action=Action.ACCOUNT_DELETED)
    assert event.client_id == client_id and event.actor_name == ""
    assert http.get(reverse("home:client_home")).status_code == 302  # signed out


def test_deletion_needs_the_password_and_the_word(casey, full_record, signed_in):
    http = signed_in(casey)
    for body in (
        {"password": "wrong", "confirm": "delete"},
        {"password": PASSWORD, "confirm": "no"},
    ):
        assert http.post(reverse("records:delete"), body).status_code == 400
    assert User.objects.filter(pk=casey.pk).exists()


def test_an_admin_deletes_at_the_clients_request_after_typing_their_name_and_password(
    casey, morgan, full_record, signed_in
):
    http = signed_in(morgan)
    url = reverse("records:admin_delete", args=[casey.client.pk])
    assert "Casey Example" in http.get(url).content.decode()
    assert http.post(url, {"confirm_name": "Someone Else", "password": PASSWORD}).status_code == 400
    assert User.objects.filter(pk=casey.pk).exists()
    http.post(url, {"confirm_name": "casey example", "password": PASSWORD})
    assert not User.objects.filter(pk=casey.pk).exists()
    assert DeletionRecord.objects.get().requested_by_role == "admin"


def test_deletion_is_all_or_nothing(casey, full_record, monkeypatch):
    def fail(**kwargs):
        raise RuntimeError("disk went away")

    monkeypatch.setattr("reconnect.records.deletion.record_event", fail)
    pk = casey.pk
    with pytest.raises(RuntimeError):
        delete_account(client=casey.client, requested_by=casey, reason="client request")
    assert User.objects.filter(pk=pk).exists()
    assert not DeletionRecord.objects.exists()
