"""Break-glass: the clinician names the client, states the emergency in a sentence, and gets 60
minutes, marked in the audit trail and the ledger; the client and the supervisor (or the program
admins) are told; one grant at a time, a few a day, counted on the supervisor's team page."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from conftest import visible_text
from reconnect.access.models import AccessEvent, Action, EmergencyAccess, Outcome
from reconnect.accounts import actions as people
from reconnect.consent.emergency import open_in_emergency, reason_problem
from reconnect.consent.models import Channel, Disclosure

pytestmark = pytest.mark.django_db


@pytest.fixture
def sams_supervisor(program, sam):
    from conftest import _person

    supervisor = _person(program, "Quinn", "supervisor")
    people.assign_supervisor(supervisor=supervisor, clinician=sam)
    return supervisor


REASON = "Client called the front desk in crisis; need the safety plan now"


def _named(person, reason: str = REASON) -> dict[str, str]:
    return {"full_name": person.display_name, "email": person.email, "reason": reason}


def test_without_a_reason_nothing_opens(casey, sam, signed_in):
    http = signed_in(sam)
    response = http.post(reverse("consent:emergency_access"), _named(casey, "need"))
    assert response.status_code == 400
    assert "describe the emergency" in visible_text(response)
    assert not EmergencyAccess.objects.exists()
    assert not AccessEvent.objects.filter(actor_id=sam.pk, action=Action.EMERGENCY).exists()
    assert http.get(reverse("home:client_detail", args=[casey.client.pk])).status_code == 404


def test_the_full_break_glass_flow(
    casey, sam, sams_supervisor, signed_in, django_capture_on_commit_callbacks
):
    http = signed_in(sam)
    reason = REASON
    with django_capture_on_commit_callbacks(execute=True):
        response = http.post(
            reverse("consent:emergency_access"),
            {**_named(casey), "full_name": "  casey   EXAMPLE ", "email": casey.email.upper()},
        )
    assert response.status_code == 302
    detail = reverse("home:client_detail", args=[casey.client.pk])
    plan = reverse("safety:client_plan", args=[casey.client.pk])
    assert http.get(detail).status_code == 200
    assert http.get(plan).status_code == 200
    marked = AccessEvent.objects.filter(actor_id=sam.pk, client_id=casey.client.pk)
    assert marked.filter(action=Action.EMERGENCY).count() == 1
    assert marked.filter(action=Action.VIEW, purpose="emergency (break-glass)").count() == 2
    disclosure = Disclosure.objects.get(channel=Channel.EMERGENCY)
    assert reason in disclosure.purpose and disclosure.recipient_name == "Sam Example, Test Program"
    assert sorted(m.to[0] for m in mail.outbox) == [casey.email, sams_supervisor.email]
    assert "Sam Example" in visible_text(signed_in(casey).get(reverse("home:client_home")))
    seen = visible_text(signed_in(casey).get(reverse("records:my_record_access")))
    assert reason in seen and "opened your record in an emergency" in seen
    assert reason in visible_text(signed_in(sams_supervisor).get(reverse("home:team")))
    with freeze_time(timezone.now() + dt.timedelta(minutes=61)):
        assert signed_in(sam).get(detail).status_code == 404


def test_a_care_team_clinician_does_not_need_break_glass(casey, robin, signed_in):
    response = signed_in(robin).post(reverse("consent:emergency_access"), _named(casey))
    assert response.status_code == 400
    assert "on this client's care team already" in visible_text(response)
    assert not EmergencyAccess.objects.exists()


def test_the_page_names_nobody_and_a_name_without_its_email_matches_nobody(
    casey, lee, sam, signed_in
):
    http = signed_in(sam)
    page = visible_text(http.get(reverse("consent:emergency_access")))
    assert casey.display_name not in page and "full name" in page
    response = http.post(
        reverse("consent:emergency_access"), {**_named(casey), "email": "guess@example.org"}
    )
    assert response.status_code == 400
    assert "No client in this program has that full name and email" in visible_text(response)
    assert casey.display_name not in visible_text(response)
    assert not EmergencyAccess.objects.exists()
    refused = AccessEvent.objects.get(actor_id=sam.pk, action=Action.EMERGENCY)
    assert refused.outcome == Outcome.DENIED and refused.client_id is None


def test_clients_of_another_program_cannot_be_found(casey, sam, signed_in):
    from reconnect.people.models import Program

    other = Program.objects.create(name="Elsewhere")
    stranger = people.add_person(
        program=other, email="x@example.org", display_name="X Y", role="client", password="p" * 12
    )
    response = signed_in(sam).post(reverse("consent:emergency_access"), _named(stranger))
    assert response.status_code == 400
    assert not EmergencyAccess.objects.exists()
    assert not AccessEvent.objects.filter(client_id=stranger.client.pk).exists()


def test_asking_again_while_open_shows_the_open_grant(casey, sam, signed_in):
    http = signed_in(sam)
    http.post(reverse("consent:emergency_access"), _named(casey))
    again = http.post(reverse("consent:emergency_access"), _named(casey), follow=True)
    assert "Emergency access to this record is open until" in visible_text(again)
    assert EmergencyAccess.objects.count() == 1
    assert AccessEvent.objects.filter(action=Action.EMERGENCY).count() == 1
    assert casey.display_name in visible_text(http.get(reverse("consent:emergency_access")))


def test_over_the_daily_limit_the_refusal_is_audited_and_says_whom_to_ask(
    casey, lee, sam, robin, settings, signed_in
):
    settings.RECONNECT = {**settings.RECONNECT, "EMERGENCY_DAILY_LIMIT": 1}
    open_in_emergency(clinician=sam, client=casey.client, reason=REASON)
    response = signed_in(robin).post(reverse("consent:emergency_access"), _named(lee))
    assert response.status_code == 302  # another clinician has their own count
    response = signed_in(sam).post(reverse("consent:emergency_access"), _named(casey))
    assert response.status_code == 302  # the open grant, not a new one
    with freeze_time(timezone.now() + dt.timedelta(minutes=61)):
        refused = signed_in(sam).post(reverse("consent:emergency_access"), _named(casey))
        assert refused.status_code == 400
        text = visible_text(refused)
        assert "You have opened 1 record in an emergency in the last 24 hours" in text
        assert "Please ask your program admin, who can review the need with you" in text
    assert EmergencyAccess.objects.filter(clinician=sam).count() == 1
    denied = AccessEvent.objects.get(actor_id=sam.pk, outcome=Outcome.DENIED)
    assert denied.client_id is None and denied.action == Action.EMERGENCY  # nobody looked up


def test_a_clinician_without_a_supervisor_tells_the_program_admins(
    casey, sam, morgan, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        open_in_emergency(clinician=sam, client=casey.client, reason=REASON)
    sent = {m.to[0]: m for m in mail.outbox}
    assert set(sent) == {casey.email, morgan.email}
    assert "no supervisor" in sent[morgan.email].body
    assert casey.display_name not in sent[morgan.email].body


def test_supervisors_see_a_count_per_clinician(casey, lee, robin, sam, pat, signed_in):
    people.assign_supervisor(supervisor=pat, clinician=sam)
    open_in_emergency(clinician=sam, client=casey.client, reason=REASON)
    with freeze_time(timezone.now() - dt.timedelta(days=3)):
        open_in_emergency(clinician=robin, client=lee.client, reason=REASON)
    page = visible_text(signed_in(pat).get(reverse("home:team")))
    assert "Emergency access: 1 in the last 24 hours, 1 in the last 30 days" in page
    assert "Emergency access: 0 in the last 24 hours, 1 in the last 30 days" in page


@pytest.mark.parametrize(
    ("reason", "accepted"),
    [
        ("Found unresponsive, need plan", True),
        ("Llamó en crisis; necesito su plan de seguridad", True),
        ("I am in crisis right now", True),
        ("Client called the crisis line and said they took pills", True),
        ("Pt in ED, BP low, needs safety plan now", True),  # abbreviations among words
        ("OD risk, PTSD hx, GP says call ASAP", True),
        ("Wants to die, has a rope, called crisis line", True),
        ("Try to reach her; she may be in danger", True),  # "y" counts as a vowel
        ("Клиент позвонил в кризисе, нужен план", True),  # another script
        ("need the plan", False),  # too short to say what happened
        ("aaaaaaaaaaaaaaaaaaaaaaaa", False),
        ("ab ab ab ab ab ab ab ab", False),
        ("!!!!!!!!!!!!!!!!!!!!!!!!", False),
        ("x y z x y z x y z x y z", False),
        ("aaaa bbbb cccc dddd", False),  # each word one letter repeated
        ("asdf qwer zxcv uiop", False),  # keys along a row
        ("qwerty asdfgh zxcvbn", False),
        ("bcdf ghjk lmnp qrst", False),  # no vowel anywhere
        ("ab cd ef gh ij kl mn", False),  # mostly not words, none of three letters
        ("lorem ipsum dolor sit amet", False),  # placeholder text
    ],
)
def test_a_reason_must_be_a_sentence(reason, accepted):
    assert (reason_problem(reason) is None) is accepted


def test_a_record_opened_in_an_emergency_is_listed_once(casey, robin, sam, program):
    from conftest import _person
    from reconnect.access.gate import reachable_clients

    people.assign_clinician(client=casey.client, clinician=_person(program, "Dana", "clinician"))
    open_in_emergency(clinician=sam, client=casey.client, reason=REASON)
    assert list(reachable_clients(sam)) == [casey.client]
    assert list(reachable_clients(robin)) == [casey.client]


def test_naming_ones_own_client_links_to_their_record(casey, robin, signed_in):
    response = signed_in(robin).post(reverse("consent:emergency_access"), _named(casey))
    assert response.status_code == 400
    record = reverse("home:client_detail", args=[casey.client.pk])
    assert f'href="{record}"' in response.content.decode()
    assert "Open their record" in visible_text(response)


def test_the_page_says_how_many_emergency_openings_are_left(
    casey, robin, sam, program, signed_in, settings
):
    from conftest import _person

    settings.RECONNECT = {**settings.RECONNECT, "EMERGENCY_DAILY_LIMIT": 2}
    dana = _person(program, "Dana", "client", clinician=robin)
    page = reverse("consent:emergency_access")
    assert "You have 2 of 2 emergency openings left in the last 24 hours" in visible_text(
        signed_in(sam).get(page)
    )
    open_in_emergency(clinician=sam, client=casey.client, reason=REASON)
    assert "You have 1 of 2 emergency openings left" in visible_text(signed_in(sam).get(page))
    started = EmergencyAccess.objects.get(client=casey.client).started_at
    with freeze_time(started + dt.timedelta(hours=2)):
        open_in_emergency(clinician=sam, client=dana.client, reason=REASON)
        text = visible_text(signed_in(sam).get(page))
    free_at = timezone.localtime(started + dt.timedelta(hours=24)).strftime("%H:%M")
    assert "You have no emergency openings left in the last 24 hours" in text
    assert f"the next one is free at {free_at}" in text


def test_asking_again_for_an_open_grant_works_even_at_the_limit(casey, sam, signed_in, settings):
    settings.RECONNECT = {**settings.RECONNECT, "EMERGENCY_DAILY_LIMIT": 1}
    http = signed_in(sam)
    assert http.post(reverse("consent:emergency_access"), _named(casey)).status_code == 302
    again = http.post(reverse("consent:emergency_access"), _named(casey), follow=True)
    assert "Emergency access to this record is open until" in visible_text(again)
    assert EmergencyAccess.objects.count() == 1


def test_after_five_names_that_match_nobody_the_form_stops_looking(casey, sam, sams_supervisor):
    from reconnect.consent.emergency import open_named_in_emergency
    from reconnect.core.input import InvalidInput

    for n in range(5):
        with pytest.raises(InvalidInput) as missed:
            open_named_in_emergency(
                clinician=sam, full_name=f"No One {n}", email=f"n{n}@example.org", reason=REASON
            )
        assert "No client in this program has that full name and email" in missed.value.message
    with pytest.raises(InvalidInput) as stopped:
        open_named_in_emergency(clinician=sam, **_named(casey))
    assert stopped.value.message.startswith("5 names you entered in the last 24 hours matched")
    assert "your supervisor can open it with you or review the need" in stopped.value.message
    assert not EmergencyAccess.objects.exists()
    refused = AccessEvent.objects.filter(actor_id=sam.pk, outcome=Outcome.DENIED)
    assert refused.count() == 6 and not refused.exclude(client_id=None).exists()
    with freeze_time(timezone.now() + dt.timedelta(hours=24, minutes=1)):
        assert open_named_in_emergency(clinician=sam, **_named(casey)).client == casey.client
