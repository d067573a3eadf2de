"""Password again and the sign-in pause: one count for every password check, a per-account bound,
calm words while paused, one email to the account holder, and no email address in the logs."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from axes.models import AccessAttempt
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from conftest import PASSWORD, page_text
from reconnect.access.models import AccessEvent, Action
from reconnect.accounts.tests.test_sign_in import sign_in
from reconnect.people.models import ApiToken
from reconnect.records.models import ExportLink

pytestmark = pytest.mark.django_db
IP = "203.0.113.9"


def _wrong_everywhere(http: HttpClient, casey) -> None:
    """One wrong password on each form that asks for it, and one at sign-in: five in all."""
    ip = {"REMOTE_ADDR": IP}
    http.post(reverse("records:export"), {"password": "wrong-1", "format": "html"}, **ip)
    http.post(reverse("records:delete"), {"password": "wrong-2", "confirm": "delete"}, **ip)
    http.post(
        reverse("accounts:token_create"), {"name": "x", "days": "90", "password": "wrong-3"}, **ip
    )
    http.post(
        reverse("accounts:password_change"),
        {"old_password": "wrong-4", "new_password1": "x" * 20, "new_password2": "x" * 20},
        **ip,
    )
    sign_in(HttpClient(), casey.email, "wrong-5", ip=IP)


def test_wrong_passwords_on_every_form_add_up_to_the_same_pause_as_sign_in(casey, signed_in):
    http = signed_in(casey)
    _wrong_everywhere(http, casey)
    assert AccessAttempt.objects.get(username=casey.email).failures_since_start == 5
    again = http.post(
        reverse("records:export"), {"password": PASSWORD, "format": "html"}, REMOTE_ADDR=IP
    )
    assert again.status_code == 429
    assert not ExportLink.objects.exists()
    assert sign_in(HttpClient(), casey.email, ip=IP).status_code == 429
    details = set(
        AccessEvent.objects.filter(actor_id=casey.pk, action=Action.SIGN_IN_FAILED).values_list(
            "detail", flat=True
        )
    )
    assert details == {
        "password again (export) did not match",
        "password again (deletion) did not match",
        "password again (new API token) did not match",
        "password again (password change) did not match",
    }


def test_a_paused_form_says_so_once_calmly_and_keeps_the_page(casey, signed_in):
    http = signed_in(casey)
    _wrong_everywhere(http, casey)
    response = http.post(
        reverse("accounts:token_create"),
        {"name": "", "days": "90", "password": PASSWORD},
        REMOTE_ADDR=IP,
    )
    text = page_text(response)
    assert response.status_code == 429
    assert "For your security, we've paused password checks for this account for 15 minutes" in text
    assert "give the token a name" not in text  # no other errors while paused
    assert "Create a token" in text  # still the account page, form and all
    assert not ApiToken.objects.exists()
    assert AccessEvent.objects.filter(actor_id=casey.pk, action=Action.LOCKED_OUT).exists()


def test_the_pause_ends_after_15_minutes(casey, signed_in):
    start = timezone.now()
    with freeze_time(start):
        http = signed_in(casey)
        _wrong_everywhere(http, casey)
    with freeze_time(start + dt.timedelta(minutes=16)):
        response = http.post(
            reverse("records:export"), {"password": PASSWORD, "format": "html"}, REMOTE_ADDR=IP
        )
    assert response.status_code == 200
    assert ExportLink.objects.count() == 1


def test_a_right_password_on_a_form_does_its_work_and_records_no_failure(casey, signed_in):
    response = signed_in(casey).post(
        reverse("records:export"), {"password": PASSWORD, "format": "html"}
    )
    assert response.status_code == 200 and ExportLink.objects.count() == 1
    assert not AccessAttempt.objects.exists()
    assert not AccessEvent.objects.filter(action=Action.SIGN_IN_FAILED).exists()


def _spread_guesses(email: str, count: int) -> None:
    for n in range(count):  # at most four from each address, so no pair is paused
        sign_in(HttpClient(), email, "wrong-guess", ip=f"198.51.100.{n // 4 + 1}")


def test_the_account_holder_gets_one_email_however_long_the_guessing_goes_on(casey, mailoutbox):
    _spread_guesses(casey.email, 40)
    assert len(mailoutbox) == 1
    message = mailoutbox[0]
    assert message.subject == "Sign-in to your Reconnect account is paused for a while"
    assert "Nobody signed in" in message.body and "198.51.100" not in message.body
    assert AccessEvent.objects.filter(action=Action.LOCKED_OUT).count() == 1


def test_an_email_with_no_account_gets_the_same_pause_and_no_email(casey, mailoutbox):
    _spread_guesses("nobody@example.org", 24)
    _spread_guesses(casey.email, 24)
    nobody = sign_in(HttpClient(), "nobody@example.org", ip="192.0.2.1")
    someone = sign_in(HttpClient(), casey.email, ip="192.0.2.1")
    assert nobody.status_code == someone.status_code == 429
    assert page_text(nobody).replace("nobody@example.org", "") == page_text(someone).replace(
        casey.email, ""
    )
    assert [m.to for m in mailoutbox] == [[casey.email]]


def test_capitals_in_the_email_do_not_start_a_separate_count(casey):
    for n in range(5):
        variant = casey.email.upper() if n % 2 else casey.email.title()
        sign_in(HttpClient(), variant, "wrong-guess", ip=IP)
    assert AccessAttempt.objects.get().username == casey.email
    assert sign_in(HttpClient(), casey.email, ip=IP).status_code == 429


def test_the_lockout_logs_hold_no_email_address(casey, caplog):
    with caplog.at_level(logging.INFO):
        _spread_guesses(casey.email, 20)
        sign_in(HttpClient(), casey.email, ip="192.0.2.1")
    assert caplog.records
    assert all(casey.email not in record.getMessage() for record in caplog.records)
    assert all("198.51.100" not in record.getMessage() for record in caplog.records)
