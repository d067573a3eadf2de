"""Break-glass: a stated reason, 60 minutes, marked in the audit trail and the ledger, and the
client and the supervisor are told."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from conftest import visible_text
from reconnect.access.emergency import open_in_emergency
from reconnect.access.models import AccessEvent, Action, EmergencyAccess
from reconnect.consent.models import Channel, Disclosure
from reconnect.people import actions as people

pytestmark = pytest.mark.django_db


@pytest.fixture
def sams_supervisor(program, sam):
    from conftest import _person

    supervisor = _person(program, "Quinn", "supervisor")
    people.assign_supervisor(supervisor=supervisor, clinician=sam)
    return supervisor


def test_without_a_reason_nothing_opens(casey, sam, signed_in):
    http = signed_in(sam)
    response = http.post(
        reverse("access:emergency_access"), {"client": casey.client.pk, "reason": "need"}
    )
    assert response.status_code == 400
    assert "describe the emergency" in visible_text(response)
    assert not EmergencyAccess.objects.exists()
    assert http.get(reverse("people:client_detail", args=[casey.client.pk])).status_code == 404


def test_the_full_break_glass_flow(
    casey, sam, sams_supervisor, signed_in, django_capture_on_commit_callbacks
):
    http = signed_in(sam)
    reason = "Client called the front desk in crisis; need the safety plan now"
    with django_capture_on_commit_callbacks(execute=True):
        response = http.post(
            reverse("access:emergency_access"), {"client": casey.client.pk, "reason": reason}
        )
    assert response.status_code == 302
    detail = reverse("people:client_detail", args=[casey.client.pk])
    plan = reverse("safety:client_plan", args=[casey.client.pk])
    assert http.get(detail).status_code == 200
    assert http.get(plan).status_code == 200
    marked = AccessEvent.objects.filter(actor_id=sam.pk, client_id=casey.client.pk)
    assert marked.filter(action=Action.EMERGENCY).count() == 1
    assert marked.filter(action=Action.VIEW, purpose="emergency (break-glass)").count() == 2
    disclosure = Disclosure.objects.get(channel=Channel.EMERGENCY)
    assert reason in disclosure.purpose and disclosure.recipient_name == "Sam Example, Test Program"
    assert sorted(m.to[0] for m in mail.outbox) == [casey.email, sams_supervisor.email]
    assert "Sam Example" in visible_text(signed_in(casey).get(reverse("people:client_home")))
    seen = visible_text(signed_in(casey).get(reverse("access:my_record_access")))
    assert reason in seen and "opened your record in an emergency" in seen
    assert reason in visible_text(signed_in(sams_supervisor).get(reverse("people:team")))
    with freeze_time(timezone.now() + dt.timedelta(minutes=61)):
        assert signed_in(sam).get(detail).status_code == 404


def test_a_care_team_clinician_does_not_need_break_glass(casey, robin, signed_in):
    response = signed_in(robin).post(
        reverse("access:emergency_access"),
        {"client": casey.client.pk, "reason": "A long enough reason for the record"},
    )
    assert response.status_code == 400
    assert not EmergencyAccess.objects.exists()


def test_clients_of_another_program_cannot_be_chosen(casey, sam, signed_in):
    from reconnect.people.models import Program

    other = Program.objects.create(name="Elsewhere")
    stranger = people.add_person(
        program=other, email="x@example.org", display_name="X", role="client", password="p" * 12
    )
    response = signed_in(sam).post(
        reverse("access:emergency_access"),
        {"client": stranger.client.pk, "reason": "A long enough reason for the record"},
    )
    assert response.status_code == 400
    assert not EmergencyAccess.objects.exists()


def test_a_record_opened_in_an_emergency_is_listed_once(casey, robin, sam, program):
    from conftest import _person
    from reconnect.access.gate import reachable_clients

    people.assign_clinician(client=casey.client, clinician=_person(program, "Dana", "clinician"))
    open_in_emergency(clinician=sam, client=casey.client, reason="Found unresponsive, need plan")
    assert list(reachable_clients(sam)) == [casey.client]
    assert list(reachable_clients(robin)) == [casey.client]
