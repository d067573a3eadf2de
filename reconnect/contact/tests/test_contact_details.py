"""Contact details the client chooses: stored in E.164, every safe-contact flag off until the
client turns it on, bad input refused with a clear message and nothing changed, STOP and START."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, connection

from reconnect.contact.actions import (
    CANNOT_TEXT,
    NOT_A_PHONE,
    resume_texts,
    save_contact_details,
    stop_texts,
)
from reconnect.contact.models import ContactDetails
from reconnect.core.input import InvalidInput

pytestmark = pytest.mark.django_db


def test_a_number_written_any_way_is_stored_in_e164_with_every_flag_off(casey):
    details, changed = save_contact_details(
        client=casey.client, by=casey, phone="(202) 555-0142", preferred_channel="call"
    )
    details.refresh_from_db()
    assert changed and details.phone_e164 == "+12025550142"
    assert (details.ok_voicemail, details.ok_text, details.ok_email, details.others_may_see) == (
        False,
        False,
        False,
        False,
    )
    assert (details.updated_by, details.updated_by_role) == (casey, "client")


def test_a_blank_email_means_the_account_email(casey):
    details, _ = save_contact_details(client=casey.client, by=casey, ok_email=True)
    assert details.email_to_use == casey.email


@pytest.mark.parametrize(
    "phone",
    ["+1 800 555 0142", "555-1234", "not a number", "911"],
)
def test_texting_needs_a_number_a_text_can_reach(casey, phone):
    with pytest.raises(InvalidInput) as refused:
        save_contact_details(client=casey.client, by=casey, phone=phone, ok_text=True)
    assert (refused.value.field, refused.value.message) == ("phone", CANNOT_TEXT)
    assert refused.value.message == "That doesn't look like a number we can text."
    assert not ContactDetails.objects.exists()


def test_a_number_that_is_no_phone_number_is_refused_kindly_without_texting(casey):
    with pytest.raises(InvalidInput) as refused:
        save_contact_details(client=casey.client, by=casey, phone="555-1234")
    assert refused.value.message == NOT_A_PHONE


def test_texts_without_any_number_are_refused(casey):
    with pytest.raises(InvalidInput) as refused:
        save_contact_details(client=casey.client, by=casey, ok_text=True)
    assert refused.value.field == "phone"


def test_an_unknown_channel_is_refused_and_nothing_changes(casey):
    save_contact_details(client=casey.client, by=casey, phone="202-555-0142")
    before = list(ContactDetails.objects.values())
    with pytest.raises(InvalidInput) as refused:
        save_contact_details(
            client=casey.client, by=casey, phone="202-555-0199", preferred_channel="pigeon"
        )
    assert refused.value.field == "preferred_channel"
    assert list(ContactDetails.objects.values()) == before


@pytest.mark.parametrize(
    ("choices", "field"),
    [
        ({"preferred_channel": "text", "phone": "202-555-0142"}, "ok_text"),
        ({"preferred_channel": "email"}, "ok_email"),
        ({"preferred_channel": "call"}, "phone"),
    ],
)
def test_the_preferred_way_must_be_one_the_choices_allow(casey, choices, field):
    with pytest.raises(InvalidInput) as refused:
        save_contact_details(client=casey.client, by=casey, **choices)
    assert refused.value.field == field


def test_best_times_over_120_characters_are_refused(casey):
    with pytest.raises(InvalidInput) as refused:
        save_contact_details(client=casey.client, by=casey, best_times="x" * 121)
    assert refused.value.field == "best_times"


def test_saving_the_same_answers_again_writes_nothing(casey):
    first, _ = save_contact_details(
        client=casey.client, by=casey, phone="202-555-0142", ok_text=True
    )
    again, changed = save_contact_details(
        client=casey.client, by=casey, phone="+12025550142", ok_text=True
    )
    assert not changed and again.updated_at == first.updated_at
    assert ContactDetails.objects.count() == 1


def test_the_database_refuses_texts_without_a_phone(casey):
    with pytest.raises(IntegrityError):
        ContactDetails.objects.create(client=casey.client, ok_text=True)


def test_stop_ends_texts_to_that_number_for_everyone_who_gave_it_and_start_resumes(casey, lee):
    for person in (casey, lee):  # a shared family phone
        save_contact_details(client=person.client, by=person, phone="202-555-0142", ok_text=True)
    assert stop_texts(phone="+12025550142") == 2
    assert stop_texts(phone="(202) 555-0142") == 0  # already stopped: nothing more to change
    for details in ContactDetails.objects.for_phone("+12025550142"):
        assert details.texts_stopped_reason == "replied STOP"
        assert not details.can_be_texted and details.ok_text  # the client's choice stays
    assert resume_texts(phone="202-555-0142") == 2
    assert all(d.can_be_texted for d in ContactDetails.objects.all())


def test_stop_from_a_number_nobody_gave_changes_nothing(casey):
    assert stop_texts(phone="+12025550199") == 0
    assert stop_texts(phone="gibberish") == 0


def test_a_new_number_starts_with_texts_on(casey):
    save_contact_details(client=casey.client, by=casey, phone="202-555-0142", ok_text=True)
    stop_texts(phone="202-555-0142")
    details, _ = save_contact_details(
        client=casey.client, by=casey, phone="202-555-0143", ok_text=True
    )
    assert details.can_be_texted


def test_the_same_number_keeps_its_stop_when_other_choices_change(casey):
    save_contact_details(client=casey.client, by=casey, phone="202-555-0142", ok_text=True)
    stop_texts(phone="202-555-0142")
    details, _ = save_contact_details(
        client=casey.client, by=casey, phone="202-555-0142", ok_text=True, ok_voicemail=True
    )
    assert details.texts_stopped and not details.can_be_texted


def test_best_times_are_encrypted_at_rest(casey):
    save_contact_details(client=casey.client, by=casey, best_times="After 5pm, Canary-b7")
    with connection.cursor() as cursor:
        cursor.execute("SELECT best_times FROM contact_contactdetails")
        (raw,) = cursor.fetchone()
    assert "Canary-b7" not in raw
    assert ContactDetails.objects.get().best_times == "After 5pm, Canary-b7"
