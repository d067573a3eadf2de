"""The demo program: enough synthetic people to try every role, created once, with something
in every part of the product to look at: conversations answered, waiting, written out of hours
and taken up; texts delivered, failed and a STOP; varied, fictional contact details; two peer
groups.

The program is made once for this module (`demo`) and each test's changes are undone after it,
as in any other test: seeding it takes most of a second."""

from __future__ import annotations

import io
import json
from collections.abc import Iterator

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import transaction
from django.test import Client as HttpClient
from django.test import override_settings

from conftest import FAST_HASHERS, visible_text
from reconnect.contact.models import ContactDetails
from reconnect.conversations.models import CareTeamHours, Conversation, Message
from reconnect.groups.models import PeerGroup, Post, Report
from reconnect.home.demo import DEMO_PROGRAM, current_code
from reconnect.measures.models import Response
from reconnect.notifications.models import InboundText, OutboundText
from reconnect.people.models import CareTeamMember, Client, Program, Role, Supervision, User
from reconnect.radar.models import Outreach, Signal

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker) -> Iterator[Program]:
    """The seeded program, inside a transaction rolled back when the module is done (each
    test's own transaction is a savepoint within it)."""
    with (
        django_db_blocker.unblock(),
        override_settings(PASSWORD_HASHERS=FAST_HASHERS),
        transaction.atomic(),
    ):
        call_command("seed_demo", stdout=io.StringIO())
        yield Program.objects.get(name=DEMO_PROGRAM)
        transaction.set_rollback(True)


def test_seed_demo_creates_every_role_and_at_least_30_clients_across_three_caseloads(demo):
    roles = list(demo.memberships.values_list("role", flat=True))
    assert roles.count(Role.ADMIN) == 1
    assert roles.count(Role.SUPERVISOR) == 1
    assert roles.count(Role.CLINICIAN) == 3
    assert roles.count(Role.PEER) == 1  # Lee Park, who facilitates the demo peer groups
    assert Client.objects.filter(program=demo).count() >= 30
    clinicians = CareTeamMember.objects.filter(clinician__memberships__role=Role.CLINICIAN)
    per_clinician = {
        cid: CareTeamMember.objects.filter(clinician_id=cid).count()
        for cid in clinicians.values_list("clinician_id", flat=True).distinct()
    }
    assert len(per_clinician) == 3 and min(per_clinician.values()) >= 10
    assert Supervision.objects.count() == 3


def test_seed_demo_is_idempotent(demo, capsys):
    call_command("seed_demo")
    assert "already present" in capsys.readouterr().out
    assert Program.objects.filter(name=DEMO_PROGRAM).count() == 1


def test_demo_accounts_prints_json_sign_ins_that_work_including_staff_codes(demo, capsys):
    call_command("demo_accounts")
    accounts = json.loads(capsys.readouterr().out)
    assert {"email", "password", "role", "name"} <= set(accounts[0])
    assert len(accounts) >= 35
    people = {u.email: u for u in User.objects.filter(memberships__program=demo)}
    assert all(people[a["email"]].check_password(a["password"]) for a in accounts)
    robin = next(a for a in accounts if a["role"] == "clinician")
    http = HttpClient()
    http.post("/sign-in/", {"username": robin["email"], "password": robin["password"]})
    assert http.post("/two-factor/", {"code": current_code(robin["email"])}).status_code == 302
    assert http.get("/caseload/").status_code == 200


def test_seed_demo_refuses_outside_the_demo(settings):
    settings.RECONNECT = {**settings.RECONNECT, "DEMO": False}
    with pytest.raises(CommandError):
        call_command("seed_demo")


def test_the_demo_has_answered_waiting_out_of_hours_and_triaged_conversations(demo):
    hours = CareTeamHours.objects.get(program=demo)
    assert (hours.timezone_name, hours.reply_time) == (
        "America/New_York",
        "usually within one working day",
    )
    answered = Conversation.objects.filter(
        waiting_since__isnull=True, last_message_at__isnull=False
    )
    assert answered.count() >= 6
    waiting = Signal.objects.live().filter(kind="message_waiting")
    assert waiting.exists()
    assert any("waiting" in s.explanation and "working hours" in s.explanation for s in waiting)
    evening = Message.objects.filter(body__isnull=False, author_role="client")
    assert any(m.sent_at.astimezone(hours.schedule.tz).hour == 21 for m in evening)
    triaged = Signal.objects.filter(kind="worrying_words", state="acknowledged")
    assert triaged.count() == 3  # one on each caseload
    assert Outreach.objects.filter(signal__in=triaged, action="called").count() == 3
    for item in triaged:
        assert item.explanation.endswith("has words that worry us — read it now")
        assert "can't go on" not in item.explanation
    assert Message.objects.filter(worrying=True, crisis_resources_shown=True).count() == 3


def test_the_demo_outbox_has_delivered_and_failed_texts_and_a_stop(demo, signed_in):
    texts = OutboundText.objects.filter(client__program=demo)
    statuses = set(texts.values_list("status", flat=True))
    assert {"delivered", "undelivered"} <= statuses
    assert InboundText.objects.filter(kind="stop").exists()
    for text in texts:
        assert text.reminder_delivery.outcome == text.status
        assert text.reminder_delivery.channel == "text"

    admin = User.objects.get(memberships__role=Role.ADMIN, memberships__program=demo)
    page = visible_text(signed_in(admin).get("/program/outbox/"))
    assert "Delivered" in page and "Not delivered (error 30003)" in page


def test_the_demo_gives_fictional_numbers_and_varied_choices(demo):
    details = list(ContactDetails.objects.filter(client__program=demo))
    assert len(details) >= 25
    assert all(d.phone_e164.startswith("+120255501") for d in details)
    assert {d.preferred_channel for d in details} == {"text", "call", "email", "in_app"}
    assert any(not d.ok_voicemail and d.phone_e164 for d in details)
    assert any(d.others_may_see for d in details) and any(d.texts_stopped for d in details)


def test_the_demo_has_two_groups_with_lee_park_posts_a_report_a_held_post_and_barc10(demo):
    groups = {g.name: g for g in PeerGroup.objects.all()}
    assert set(groups) == {"Tuesday evening", "Early recovery"}
    assert all(
        "Lee Park" in [f.user.display_name for f in g.facilitators.all()] for g in groups.values()
    )
    assert Post.objects.filter(group=groups["Tuesday evening"]).count() >= 6
    assert Report.objects.filter(resolved_at__isnull=True).count() == 1
    assert Post.objects.filter(state="held").count() == 1
    assert Response.objects.filter(instrument="barc10").count() >= 8 * 4
