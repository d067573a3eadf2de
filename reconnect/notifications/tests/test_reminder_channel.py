"""The client chooses to get check-in reminders by text, only to a number we may text."""

from __future__ import annotations

import pytest
from django.urls import reverse

from conftest import visible_text
from reconnect.contact.actions import save_contact_details
from reconnect.journal.models import ReminderPreference

pytestmark = pytest.mark.django_db
CHOICES = {"enabled": "on", "time_of_day": "19:30", "timezone_name": "America/New_York"}


def test_reminders_by_text_need_a_number_we_may_text_and_nothing_is_saved_without_one(
    casey, signed_in
):
    http = signed_in(casey)
    response = http.post(reverse("journal:reminders"), {**CHOICES, "channel": "text"})

    assert response.status_code == 200
    assert "first add a number we can text in your contact details" in visible_text(response)
    preference = ReminderPreference.objects.get(client=casey.client)
    assert (preference.enabled, preference.channel) == (False, "email")


def test_with_texts_allowed_the_client_chooses_reminders_by_text(casey, signed_in):
    save_contact_details(client=casey.client, by=casey, phone="202-555-0142", ok_text=True)
    http = signed_in(casey)
    response = http.post(reverse("journal:reminders"), {**CHOICES, "channel": "text"})

    assert response.status_code == 302
    assert ReminderPreference.objects.get(client=casey.client).channel == "text"
    assert "Text message" in visible_text(http.get(reverse("journal:reminders")))


def test_an_unknown_channel_is_refused(casey, signed_in):
    response = signed_in(casey).post(reverse("journal:reminders"), {**CHOICES, "channel": "fax"})
    assert response.status_code == 200
    assert ReminderPreference.objects.get(client=casey.client).channel == "email"


def test_leaving_the_channel_out_keeps_the_one_chosen(casey, signed_in):
    save_contact_details(client=casey.client, by=casey, phone="202-555-0142", ok_text=True)
    http = signed_in(casey)
    http.post(reverse("journal:reminders"), {**CHOICES, "channel": "text"})
    http.post(reverse("journal:reminders"), CHOICES)
    assert ReminderPreference.objects.get(client=casey.client).channel == "text"
