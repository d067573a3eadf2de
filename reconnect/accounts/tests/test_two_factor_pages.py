"""Setting up and entering two-factor codes: a link for a phone, a menu that waits for the
second step, and a message that says how long to wait when django-otp holds codes back."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, page_text
from reconnect.accounts.tests.test_sign_in import current_code, sign_in

pytestmark = pytest.mark.django_db


def _just_failed(device: TOTPDevice, times: int) -> None:
    """As if `times` wrong codes were entered a moment ago: django-otp waits 2^(n-1) seconds."""
    device.throttling_failure_count = times
    device.throttling_failure_timestamp = timezone.now()
    device.save()


def test_the_setup_page_offers_a_tappable_otpauth_link_beside_the_qr_code_and_key(robin):
    http = HttpClient()
    sign_in(http, robin.email)
    text = page_text(http.get(reverse("accounts:two_factor_setup")))
    device = TOTPDevice.objects.get(user=robin)
    assert "Add to an authenticator app on this phone" in text
    assert f'href="{device.config_url}"' in text
    assert device.config_url.startswith("otpauth://totp/")
    assert "data:image/svg+xml" in text and "Key:" in text


def test_before_the_second_step_the_menu_offers_only_signing_out(robin):
    TOTPDevice.objects.create(user=robin, name="phone", confirmed=True)
    http = HttpClient()
    sign_in(http, robin.email)
    text = page_text(http.get(reverse("accounts:two_factor")))
    assert "Sign out" in text
    for staff_link in ("Caseload", "Emergency access", "My session feedback", "Account"):
        assert staff_link not in text


def test_after_the_second_step_the_full_staff_menu_is_back(robin, signed_in):
    text = page_text(signed_in(robin).get(reverse("radar:caseload")))
    assert "Emergency access" in text and "Account" in text and "Sign out" in text


def test_a_wrong_code_says_it_did_not_work(robin):
    device = TOTPDevice.objects.create(user=robin, name="phone", confirmed=True)
    http = HttpClient()
    sign_in(http, robin.email)
    text = page_text(http.post(reverse("accounts:two_factor"), {"code": current_code(device, 5)}))
    assert "didn't work" in text and "Too many tries" not in text


def test_while_codes_are_held_back_even_the_right_code_is_refused_with_how_long_to_wait(robin):
    device = TOTPDevice.objects.create(user=robin, name="phone", confirmed=True)
    http = HttpClient()
    sign_in(http, robin.email)
    _just_failed(device, 3)
    response = http.post(reverse("accounts:two_factor"), {"code": current_code(device)})
    text = page_text(response)
    assert "Too many tries: please wait 4 seconds and try again." in text
    assert "didn't work" not in text
    assert http.get(reverse("radar:caseload")).status_code == 302

    device.refresh_from_db()
    device.throttling_failure_timestamp = timezone.now() - dt.timedelta(seconds=5)
    device.save()
    later = http.post(reverse("accounts:two_factor"), {"code": current_code(device)})
    assert later.status_code == 302
    assert http.get(reverse("radar:caseload")).status_code == 200


def test_setting_up_says_how_long_to_wait_after_too_many_tries(robin):
    http = HttpClient()
    sign_in(http, robin.email)
    http.get(reverse("accounts:two_factor_setup"))
    device = TOTPDevice.objects.get(user=robin)
    _just_failed(device, 1)
    response = http.post(reverse("accounts:two_factor_setup"), {"code": current_code(device)})
    assert "Too many tries: please wait 1 second and try again." in page_text(response)
    device.refresh_from_db()
    assert not device.confirmed


def test_a_new_api_token_says_how_long_to_wait_after_too_many_codes(robin, signed_in):
    http = signed_in(robin)
    device = TOTPDevice.objects.get(user=robin)
    _just_failed(device, 2)
    response = http.post(
        reverse("accounts:token_create"),
        {"name": "phone app", "days": 30, "password": PASSWORD, "code": current_code(device, 1)},
    )
    assert "Too many tries: please wait 2 seconds and try again." in page_text(response)
    assert not robin.api_tokens.exists()
