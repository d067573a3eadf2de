"""The text settings are checked at start-up: a backend that cannot work is refused."""

from __future__ import annotations

from reconnect.notifications.checks import text_settings


def _ids(settings) -> list[str]:
    return [error.id for error in text_settings()]


def test_the_embedded_outbox_needs_nothing(settings):
    assert _ids(settings) == []


def test_the_twilio_backend_without_its_account_or_public_address_is_refused(settings):
    settings.RECONNECT = {**settings.RECONNECT, "SMS_BACKEND": "twilio", "PUBLIC_URL": ""}
    settings.TWILIO_ACCOUNT_SID = ""
    (error,) = text_settings()
    assert error.id == "reconnect.E031"
    for name in (
        "TWILIO_ACCOUNT_SID",
        "TWILIO_AUTH_TOKEN",
        "TWILIO_FROM_NUMBER",
        "RECONNECT_PUBLIC_URL",
    ):
        assert name in error.msg


def test_an_unknown_backend_and_bad_quiet_hours_are_refused(settings):
    settings.RECONNECT = {**settings.RECONNECT, "SMS_BACKEND": "pigeon", "QUIET_HOURS": "late"}
    assert _ids(settings) == ["reconnect.E030", "reconnect.E032"]
