"""Fixtures for texts: the fake provider, Casey's texting choices, and signed provider webhooks."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from reconnect.contact.actions import save_contact_details
from reconnect.journal.models import ReminderPreference
from reconnect.notifications.tests import fake_twilio
from reconnect.notifications.tests.fake_twilio import FakeTwilio

CASEY_PHONE = "+12025550142"


@pytest.fixture
def provider(settings) -> Iterator[FakeTwilio]:
    """The twilio backend on, talking to a loopback fake of the provider's REST API."""
    fake = FakeTwilio()
    server = fake_twilio.start(fake)
    settings.RECONNECT = {
        **settings.RECONNECT,
        "SMS_BACKEND": "twilio",
        "PUBLIC_URL": fake_twilio.PUBLIC_URL,
        "QUIET_HOURS": "",
    }
    settings.TWILIO_ACCOUNT_SID = fake_twilio.ACCOUNT_SID
    settings.TWILIO_AUTH_TOKEN = fake_twilio.AUTH_TOKEN
    settings.TWILIO_FROM_NUMBER = fake_twilio.FROM_NUMBER
    settings.TWILIO_API_BASE = fake.base
    yield fake
    server.shutdown()
    server.server_close()


@pytest.fixture
def casey_texts(casey):
    """Casey said texts are fine, to her mobile, and they are how she'd like to hear from us."""
    save_contact_details(
        client=casey.client,
        by=casey,
        phone="202-555-0142",
        preferred_channel="text",
        ok_text=True,
    )
    ReminderPreference.objects.update_or_create(
        client=casey.client,
        defaults={"enabled": True, "channel": "text", "timezone_name": "America/New_York"},
    )
    casey.time_zone = "America/New_York"  # she lives in New York (her account's time zone)
    casey.save(update_fields=["time_zone"])
    return casey


class Provider:
    """Posts to our webhooks as the provider does: signed over the public URL."""

    def __init__(self, token: str = fake_twilio.AUTH_TOKEN) -> None:
        self.http = HttpClient()
        self.token = token

    def post(self, name: str, params: dict[str, str], *, signature: str | None = None):
        path = reverse(f"notifications:{name}")
        url = fake_twilio.PUBLIC_URL + path
        headers = {}
        if signature is None:
            signature = fake_twilio.signature(url, params, self.token)
        if signature:
            headers["HTTP_X_TWILIO_SIGNATURE"] = signature
        return self.http.post(path, params, **headers)

    def status(self, sid: str, status: str, **extra: str):
        params = {
            "MessageSid": sid,
            "MessageStatus": status,
            "AccountSid": fake_twilio.ACCOUNT_SID,
            "From": fake_twilio.FROM_NUMBER,
            "To": CASEY_PHONE,
            **extra,
        }
        return self.post("sms_status", params)

    def text_in(self, body: str, *, sid: str, from_number: str = CASEY_PHONE):
        params = {
            "MessageSid": sid,
            "AccountSid": fake_twilio.ACCOUNT_SID,
            "From": from_number,
            "To": fake_twilio.FROM_NUMBER,
            "Body": body,
            "NumMedia": "0",
        }
        return self.post("sms_inbound", params)


@pytest.fixture
def twilio_posts(provider) -> Provider:
    return Provider()
