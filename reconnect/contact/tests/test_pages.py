"""The pages: the client chooses on /me/contact/, a clinician records with the client present,
and the care team sees links (audited as "contact details") on the client page and signal cards."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from conftest import page_text, visible_text
from reconnect.access.models import AccessEvent, Category
from reconnect.accounts import actions as people
from reconnect.contact.actions import save_contact_details, stop_texts
from reconnect.contact.models import ContactDetails
from reconnect.journal.actions import add_circle_member, record_checkin
from reconnect.people.models import Role
from reconnect.radar.models import Signal
from reconnect.radar.refresh import refresh_signals

pytestmark = pytest.mark.django_db

CHOICES = {
    "phone": "202-555-0142",
    "email": "",
    "preferred_channel": "text",
    "ok_text": "on",
    "best_times": "After 5pm",
}


def _drifting(client):
    now = timezone.now()
    for n in range(8, 20):
        record_checkin(
            client=client,
            state="settled",
            client_request_id=f"c{client.pk}-{n}",
            recorded_at=now - dt.timedelta(days=n),
        )
    refresh_signals([client.pk])


def _contact_rows(client):
    return AccessEvent.objects.filter(client_id=client.pk, category=Category.CONTACT)


def test_the_client_reaches_the_page_from_their_account_and_home(casey, signed_in):
    http = signed_in(casey)
    url = reverse("contact:mine")
    assert url == "/me/contact/"
    assert url in page_text(http.get(reverse("accounts:account")))
    assert url in page_text(http.get(reverse("home:client_home")))


def test_the_client_saves_their_choices_and_sees_what_the_care_team_sees(casey, signed_in):
    http = signed_in(casey)
    response = http.post(reverse("contact:mine"), CHOICES)
    assert response.status_code == 302
    details = ContactDetails.objects.get(client=casey.client)
    assert (details.phone_e164, details.preferred_channel, details.ok_text) == (
        "+12025550142",
        "text",
        True,
    )
    assert not details.ok_voicemail and not details.ok_email
    page = http.get(reverse("contact:mine"))
    text = visible_text(page)
    assert "Saved. Your care team will reach you only in the ways you chose." in text
    assert "Do not leave a voicemail" in text and "Text (202) 555-0142" in text
    assert not _contact_rows(casey.client).exists()  # a person reading their own record


def test_nothing_is_ticked_for_a_client_who_has_not_chosen(casey, signed_in):
    form = signed_in(casey).get(reverse("contact:mine")).context["form"]
    assert not any(form[name].value() for name in ("ok_voicemail", "ok_text", "ok_email"))
    assert form["preferred_channel"].value() == "in_app"


def test_a_number_that_cannot_be_texted_is_refused_with_a_clear_message(casey, signed_in):
    response = signed_in(casey).post(
        reverse("contact:mine"), {**CHOICES, "phone": "1-800-555-0142"}
    )
    assert response.status_code == 400
    assert "That doesn't look like a number we can text." in visible_text(response)
    assert not ContactDetails.objects.exists()


def test_a_phone_field_thousands_of_characters_long_is_refused_in_plain_words(casey, signed_in):
    response = signed_in(casey).post(reverse("contact:mine"), {**CHOICES, "phone": "5" * 5000})
    assert response.status_code == 400
    assert "That doesn't look like a phone number: it is too long." in visible_text(response)
    assert "Ensure this value" not in visible_text(response)
    assert not ContactDetails.objects.exists()


def test_an_unknown_channel_is_refused_on_the_page(casey, signed_in):
    response = signed_in(casey).post(
        reverse("contact:mine"), {**CHOICES, "preferred_channel": "carrier_pigeon"}
    )
    assert response.status_code == 400
    assert "Please choose one of the ways offered" in visible_text(response)
    assert not ContactDetails.objects.exists()


def test_a_double_submit_changes_nothing(casey, signed_in):
    http = signed_in(casey)
    http.post(reverse("contact:mine"), CHOICES)
    first = ContactDetails.objects.values().get()
    again = http.post(reverse("contact:mine"), CHOICES, follow=True)
    assert "Nothing needed changing." in visible_text(again)
    assert ContactDetails.objects.values().get() == first


def test_after_stop_the_client_reads_texts_off_and_how_to_turn_them_on(casey, signed_in):
    save_contact_details(client=casey.client, by=casey, phone="202-555-0142", ok_text=True)
    stop_texts(phone="+12025550142")
    text = visible_text(signed_in(casey).get(reverse("contact:mine")))
    assert "Texts off: replied STOP." in text and "reply START" in text


def test_a_clinician_records_them_with_the_client_present(casey, robin, signed_in):
    http = signed_in(robin)
    url = reverse("contact:client", args=[casey.client.pk])
    missing = http.post(url, CHOICES)
    assert missing.status_code == 400
    assert "only with Casey present" in visible_text(missing)
    assert not ContactDetails.objects.exists()
    done = http.post(url, {**CHOICES, "client_present": "on"})
    assert done["Location"] == reverse("home:client_detail", args=[casey.client.pk])
    details = ContactDetails.objects.get()
    assert (details.updated_by, details.updated_by_role) == (robin, "clinician")
    rows = _contact_rows(casey.client)
    assert {(r.action, r.actor_id) for r in rows} == {("change", robin.pk)}  # each attempt
    text = visible_text(signed_in(casey).get(reverse("contact:mine")))
    assert "by Robin Example, with you" in text


@pytest.mark.parametrize("persona", ["sam", "jo", "pat", "lee", "morgan"])
def test_nobody_outside_the_care_team_reaches_the_clinician_page(
    everyone, casey, signed_in, persona
):
    save_contact_details(client=casey.client, by=casey, phone="202-555-0142")
    before = list(ContactDetails.objects.values())
    http = signed_in(everyone[persona])
    url = reverse("contact:client", args=[casey.client.pk])
    assert http.get(url).status_code == 404
    posted = http.post(url, {**CHOICES, "phone": "202-555-0199", "client_present": "on"})
    assert posted.status_code == 404
    assert b"555-0142" not in posted.content
    assert list(ContactDetails.objects.values()) == before


def test_staff_cannot_use_the_clients_own_page(robin, signed_in):
    assert signed_in(robin).get(reverse("contact:mine")).status_code == 404


def test_the_client_page_shows_links_to_the_care_team_and_records_it(casey, robin, signed_in):
    save_contact_details(
        client=casey.client,
        by=casey,
        phone="202-555-0142",
        preferred_channel="call",
        best_times="After 5pm",
    )
    response = signed_in(robin).get(reverse("home:client_detail", args=[casey.client.pk]))
    body = page_text(response)
    assert 'href="tel:+12025550142"' in body and "sms:" not in body and "mailto:" not in body
    assert "Do not leave a voicemail" in visible_text(response)
    assert "Best times: After 5pm" in visible_text(response)
    row = _contact_rows(casey.client).get()
    assert (row.action, row.actor_id, row.purpose) == ("view", robin.pk, "treatment")
    history = visible_text(signed_in(casey).get(reverse("records:my_record_access")))
    assert "Robin Example (clinician) viewed your contact details, for treatment" in history


def test_the_supervisor_and_a_client_without_details_see_no_links_and_no_row(
    casey, robin, pat, signed_in
):
    url = reverse("home:client_detail", args=[casey.client.pk])
    assert "No contact details yet" in visible_text(signed_in(robin).get(url))
    save_contact_details(client=casey.client, by=casey, phone="202-555-0142")
    assert "tel:+1" not in page_text(signed_in(pat).get(url))
    assert not _contact_rows(casey.client).exists()


def test_the_caseload_card_of_a_client_with_a_signal_shows_their_links(casey, robin, signed_in):
    save_contact_details(
        client=casey.client, by=casey, phone="202-555-0142", ok_text=True, preferred_channel="text"
    )
    _drifting(casey.client)
    response = signed_in(robin).get(reverse("radar:caseload"))
    body = page_text(response)
    assert 'href="sms:+12025550142"' in body and 'href="tel:+12025550142"' in body
    assert "Do not leave a voicemail" in visible_text(response)
    assert _contact_rows(casey.client).get().detail == "their caseload"


def test_flags_hide_the_links_they_do_not_allow_on_the_signal_card(casey, robin, signed_in):
    save_contact_details(
        client=casey.client, by=casey, phone="202-555-0142", ok_text=True, preferred_channel="text"
    )
    stop_texts(phone="202-555-0142")
    _drifting(casey.client)
    http = signed_in(robin)
    response = http.get(reverse("radar:caseload"))
    assert "sms:" not in page_text(response)
    assert "Texts off: replied STOP" in visible_text(response)
    signal = Signal.objects.get(client=casey.client, kind="drifting")
    detail = http.get(reverse("radar:signal", args=[casey.client.pk, signal.pk]))
    assert 'href="tel:+12025550142"' in page_text(detail) and "sms:" not in page_text(detail)
    assert "Texts off: replied STOP" in visible_text(detail)


def test_a_quiet_client_s_card_carries_no_contact_details(casey, robin, signed_in):
    save_contact_details(
        client=casey.client, by=casey, phone="202-555-0142", preferred_channel="call"
    )
    response = signed_in(robin).get(reverse("radar:caseload"))
    assert "tel:+1" not in page_text(response)
    assert not _contact_rows(casey.client).exists()


def _caseload_queries(http) -> int:
    http.get(reverse("radar:caseload"))  # signals computed on the first load
    with CaptureQueriesContext(connection) as captured:
        assert http.get(reverse("radar:caseload")).status_code == 200
    return len(captured.captured_queries)


def test_contact_details_add_no_queries_per_client_to_the_caseload(
    program, casey, robin, signed_in
):
    clients = [casey.client]
    for n in range(6):
        clients.append(
            people.add_person(
                program=program,
                email=f"c{n}@example.org",
                display_name=f"Client {n}",
                role=Role.CLIENT,
                clinician=robin,
            ).client
        )
    for client in clients:
        _drifting(client)
    save_contact_details(
        client=casey.client, by=casey.client.user, phone="202-555-0100", preferred_channel="call"
    )
    http = signed_in(robin)
    with_one = _caseload_queries(http)
    for n, client in enumerate(clients[1:], start=1):
        save_contact_details(
            client=client,
            by=client.user,
            phone=f"202-555-01{n:02d}",
            ok_text=True,
            ok_email=True,
            preferred_channel="text",
        )
    assert _caseload_queries(http) == with_one
    assert page_text(http.get(reverse("radar:caseload"))).count('href="sms:') == 6


def test_the_circle_turns_numbers_into_links_and_escapes_the_rest(casey, signed_in):
    add_circle_member(
        client=casey.client, name="Marcus", how_to_reach="Call after 5pm: 202-555-0117"
    )
    add_circle_member(
        client=casey.client, name="Ana", how_to_reach="<script>alert('x')</script> Text"
    )
    body = page_text(signed_in(casey).get(reverse("journal:circle")))
    raw = signed_in(casey).get(reverse("journal:circle")).content.decode()
    assert 'href="tel:+12025550117"' in raw and 'href="sms:+12025550117"' in raw
    assert "<script>alert('x')</script>" not in raw
    assert "<script>alert('x')</script> Text" in body  # shown as written, as text
