"""The demo program: enough synthetic people to try every role, created once."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.test import Client as HttpClient

from reconnect.home.demo import DEMO_PROGRAM, current_code
from reconnect.people.models import CareTeamMember, Client, Program, Role, Supervision

pytestmark = pytest.mark.django_db


def test_seed_demo_creates_every_role_and_at_least_30_clients_across_three_caseloads():
    call_command("seed_demo")
    program = Program.objects.get(name=DEMO_PROGRAM)
    roles = list(program.memberships.values_list("role", flat=True))
    assert roles.count(Role.ADMIN) == 1
    assert roles.count(Role.SUPERVISOR) == 1
    assert roles.count(Role.CLINICIAN) == 3
    assert roles.count(Role.PEER) == 1  # Lee Park, who facilitates the demo peer groups
    assert Client.objects.filter(program=program).count() >= 30
    clinicians = CareTeamMember.objects.filter(clinician__memberships__role=Role.CLINICIAN)
    per_clinician = {
        cid: CareTeamMember.objects.filter(clinician_id=cid).count()
        for cid in clinicians.values_list("clinician_id", flat=True).distinct()
    }
    assert len(per_clinician) == 3 and min(per_clinician.values()) >= 10
    assert Supervision.objects.count() == 3


def test_seed_demo_is_idempotent(capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    assert "already present" in capsys.readouterr().out
    assert Program.objects.filter(name=DEMO_PROGRAM).count() == 1


def test_demo_accounts_prints_json_sign_ins_that_work_including_staff_codes(capsys):
    call_command("seed_demo")
    capsys.readouterr()
    call_command("demo_accounts")
    accounts = json.loads(capsys.readouterr().out)
    assert {"email", "password", "role", "name"} <= set(accounts[0])
    assert len(accounts) >= 35
    robin = next(a for a in accounts if a["role"] == "clinician")
    http = HttpClient()
    http.post("/sign-in/", {"username": robin["email"], "password": robin["password"]})
    assert http.post("/two-factor/", {"code": current_code(robin["email"])}).status_code == 302
    assert http.get("/caseload/").status_code == 200


def test_seed_demo_refuses_outside_the_demo(settings):
    from django.core.management.base import CommandError

    settings.RECONNECT = {**settings.RECONNECT, "DEMO": False}
    with pytest.raises(CommandError):
        call_command("seed_demo")
