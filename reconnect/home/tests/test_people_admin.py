"""Program admins add a client with a phone and the demographics the client chose to give, and
correct an email address that bounces; the new address counts only once its owner confirms it."""

from __future__ import annotations

import base64
import datetime as dt
import re

import pytest
from django.core import mail
from django.test import Client as HttpClient
from django.urls import reverse

from conftest import PASSWORD, visible_text
from reconnect.contact.models import ContactDetails
from reconnect.journal.models import DeliveryOutcome, ReminderDelivery
from reconnect.people.models import Client, Role, User

pytestmark = pytest.mark.django_db

NEW_CLIENT = {
    "display_name": "Avery New",
    "email": "avery@example.org",
    "role": Role.CLIENT,
    "phone": "202-555-0142",
    "age_band": "25-34",
    "gender": "prefer not to say",
}


def add(http, **changes):
    return http.post(reverse("home:person_new"), {**NEW_CLIENT, **changes})


def test_the_add_person_form_asks_for_a_phone_and_demographics_with_the_reason(morgan, signed_in):
    page = visible_text(signed_in(morgan).get(reverse("home:person_new")))
    for words in ("Phone (for a client, optional)", "Age (optional)", "Gender (optional)"):
        assert words in page
    assert "so the program can check its alerts treat everyone fairly" in page
    assert "Prefer not to say" in page


def test_the_phone_field_brings_up_a_phones_number_keypad(morgan, signed_in):
    html = signed_in(morgan).get(reverse("home:person_new")).content.decode()
    (phone,) = re.findall(r'<input[^>]*name="phone"[^>]*>', html)
    assert 'type="tel"' in phone and 'inputmode="tel"' in phone


def test_an_admin_adds_a_client_with_a_phone_and_her_demographics(
    morgan, robin, signed_in, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = add(signed_in(morgan), clinician=robin.pk)
    assert response.status_code == 302
    client = Client.objects.get(user__email="avery@example.org")
    assert (client.age_band, client.gender) == ("25-34", "prefer not to say")
    details = ContactDetails.objects.get(client=client)
    assert details.phone_e164 == "+12025550142"
    # The number is kept; whether we may call or text it stays the client's choice.
    assert not (details.ok_text or details.ok_voicemail)
    assert len(mail.outbox) == 1 and "/welcome/" in mail.outbox[0].body


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"phone": "12"}, "That doesn't look like a phone number"),
        ({"age_band": "16-17"}, "Please choose one of the listed answers for age"),
        ({"gender": "unknown-value"}, "Please choose one of the listed answers for gender"),
        ({"role": Role.CLINICIAN}, "This is kept only for clients; leave it empty."),
    ],
)
def test_bad_input_gets_a_clear_message_and_nothing_is_stored(morgan, signed_in, changes, message):
    before = (User.objects.count(), ContactDetails.objects.count())
    response = add(signed_in(morgan), **changes)
    assert response.status_code == 400  # as every other form answers bad input
    assert message in visible_text(response)
    assert "your age" not in visible_text(response) and "your gender" not in visible_text(response)
    assert (User.objects.count(), ContactDetails.objects.count()) == before


def test_only_the_program_admin_adds_people_or_corrects_addresses(casey, robin, pat, signed_in):
    for person in (casey, robin, pat):
        http = signed_in(person)
        assert add(http).status_code in (403, 404)
        url = reverse("home:person_email", args=[casey.pk])
        assert http.get(url).status_code in (403, 404)
    assert not User.objects.filter(email="avery@example.org").exists()


def correct(http, person, email):
    return http.post(reverse("home:person_email", args=[person.pk]), {"email": email})


def test_the_page_says_the_address_bounces(morgan, casey, signed_in):
    ReminderDelivery.objects.create(
        client=casey.client,
        for_date=dt.date(2026, 11, 19),
        channel="email",
        outcome=DeliveryOutcome.BOUNCED,
    )
    page = visible_text(signed_in(morgan).get(reverse("home:person_email", args=[casey.pk])))
    assert "Reminder emails to this address bounced (the latest on 19 Nov)." in page
    assert casey.email in page


def test_a_joined_clients_new_address_counts_only_once_she_confirms_it(
    morgan, casey, signed_in, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=casey.pk).update(last_login=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    with django_capture_on_commit_callbacks(execute=True):
        response = correct(signed_in(morgan), casey, "Casey.New@Example.org")
    assert response.status_code == 302
    casey.refresh_from_db()
    assert (casey.email, casey.pending_email) == ("casey@example.org", "casey.new@example.org")
    to_new, to_old = mail.outbox
    assert to_new.to == ["casey.new@example.org"] and to_old.to == ["casey@example.org"]
    assert "casey.new@" not in to_old.body  # the old address is told, not given the new one
    link = re.search(r"http://testserver(/account/email/\S+/)", to_new.body).group(1)
    assert b"casey.new" not in base64.urlsafe_b64decode(link.split("/")[3].split(":")[0] + "==")

    # Nobody else signed in can use her link, the admin who asked for it included.
    assert signed_in(morgan).post(link).status_code == 400
    casey.refresh_from_db()
    assert casey.email == "casey@example.org"

    http = signed_in(casey)
    assert "Yes, this is my email address" in visible_text(http.get(link))
    assert http.post(link).status_code == 302
    casey.refresh_from_db()
    assert (casey.email, casey.pending_email) == ("casey.new@example.org", "")
    assert "Use it to sign in from now on" in visible_text(http.get(reverse("accounts:account")))
    assert http.post(link).status_code == 400  # a used link does nothing
    signing_in = HttpClient().post(
        reverse("accounts:sign_in"), {"username": "casey.new@example.org", "password": PASSWORD}
    )
    assert signing_in.status_code == 302  # she signs in with the new address


def test_a_later_correction_spends_the_earlier_link(
    morgan, casey, signed_in, django_capture_on_commit_callbacks
):
    User.objects.filter(pk=casey.pk).update(last_login=dt.datetime(2026, 11, 1, tzinfo=dt.UTC))
    admin = signed_in(morgan)
    with django_capture_on_commit_callbacks(execute=True):
        correct(admin, casey, "first@example.org")
        correct(admin, casey, "second@example.org")
    first_link = re.search(r"http://testserver(/account/email/\S+/)", mail.outbox[0].body)
    assert signed_in(casey).post(first_link.group(1)).status_code == 400
    casey.refresh_from_db()
    assert (casey.email, casey.pending_email) == ("casey@example.org", "second@example.org")


def test_someone_who_has_not_joined_gets_the_new_address_and_a_new_welcome_link(
    morgan, casey, signed_in, django_capture_on_commit_callbacks
):
    assert casey.last_login is None
    with django_capture_on_commit_callbacks(execute=True):
        correct(signed_in(morgan), casey, "casey.right@example.org")
    casey.refresh_from_db()
    assert (casey.email, casey.pending_email) == ("casey.right@example.org", "")
    (welcome,) = mail.outbox
    assert welcome.to == ["casey.right@example.org"] and "/welcome/" in welcome.body


@pytest.mark.parametrize(
    ("email", "message"),
    [
        ("not an address", "That doesn't look like an email address"),
        ("robin@example.org", "Someone else already has an account with this email."),
        ("casey@example.org", "That is already the address on the account."),
    ],
)
def test_a_bad_or_taken_address_gets_a_clear_message_and_nothing_changes(
    morgan, casey, robin, signed_in, email, message
):
    response = correct(signed_in(morgan), casey, email)
    assert response.status_code == 400
    assert message in visible_text(response)
    casey.refresh_from_db()
    assert (casey.email, casey.pending_email) == ("casey@example.org", "")
    assert mail.outbox == []
