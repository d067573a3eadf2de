"""Signing in: email and password, lockout, two-factor for staff, and each role's home page."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import PASSWORD, page_text
from reconnect.access.models import AccessEvent, Action

pytestmark = pytest.mark.django_db


def sign_in(http: HttpClient, email: str, password: str = PASSWORD, ip: str = "10.0.0.1"):
    return http.post(
        reverse("accounts:sign_in"), {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def current_code(device: TOTPDevice, offset: int = 0) -> str:
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    totp.time = totp.time + offset * device.step
    return f"{totp.token():0{device.digits}d}"


def test_passwords_are_stored_with_argon2(casey, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.Argon2PasswordHasher"]
    casey.set_password("a-long-calm-passphrase-42")
    assert casey.password.startswith("argon2$")


def test_client_signs_in_with_email_and_lands_on_their_home(casey):
    http = HttpClient()
    response = sign_in(http, casey.email)
    assert response.status_code == 302
    home = http.get(response["Location"], follow=True)
    assert home.redirect_chain[-1][0] == reverse("home:client_home")
    assert AccessEvent.objects.filter(actor_id=casey.pk, action=Action.SIGN_IN).count() == 1


def test_sign_in_changes_the_session_id(casey):
    http = HttpClient()
    http.get(reverse("accounts:sign_in"))
    http.cookies["sessionid"] = "fixated-by-an-attacker"
    sign_in(http, casey.email)
    assert http.cookies["sessionid"].value != "fixated-by-an-attacker"


def test_wrong_password_gets_a_kind_message_and_no_session(casey):
    http = HttpClient()
    response = sign_in(http, casey.email, "not-the-password")
    assert response.status_code == 200
    assert "don't match an account" in page_text(response)
    assert "_auth_user_id" not in http.session


def test_sixth_wrong_password_is_locked_out_but_the_real_person_elsewhere_is_not(casey):
    attacker = HttpClient()
    for _ in range(5):
        sign_in(attacker, casey.email, "wrong-password-guess", ip="203.0.113.9")
    locked = sign_in(attacker, casey.email, PASSWORD, ip="203.0.113.9")
    assert locked.status_code == 429
    assert "pause" in page_text(locked).lower()
    real_person = HttpClient()
    assert sign_in(real_person, casey.email, ip="198.51.100.7").status_code == 302


def test_clinician_cannot_reach_a_client_page_before_two_factor(casey, robin):
    http = HttpClient()
    sign_in(http, robin.email)
    client_id = casey.client.pk
    response = http.get(reverse("home:client_detail", args=[client_id]))
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:two_factor")
    assert not AccessEvent.objects.filter(client_id=client_id).exists()


def test_before_two_factor_the_browser_still_gets_the_service_worker_and_icons(robin):
    http = HttpClient()
    sign_in(http, robin.email)
    for url in ("/sw.js", "/manifest.webmanifest", "/favicon.ico"):
        assert http.get(url).status_code == 200, url


def test_staff_without_an_authenticator_are_sent_to_set_one_up(robin):
    http = HttpClient()
    sign_in(http, robin.email)
    response = http.get(reverse("accounts:two_factor"))
    assert response["Location"] == reverse("accounts:two_factor_setup")
    page = http.get(reverse("accounts:two_factor_setup"))
    assert "data:image/svg+xml" in page_text(page)
    device = TOTPDevice.objects.get(user=robin)
    done = http.post(reverse("accounts:two_factor_setup"), {"code": current_code(device)})
    assert done.status_code == 302
    device.refresh_from_db()
    assert device.confirmed
    assert http.get(reverse("radar:caseload")).status_code == 200


def test_a_two_factor_code_cannot_be_used_twice(robin, casey):
    device = TOTPDevice.objects.create(user=robin, name="phone", confirmed=True)
    code = current_code(device)
    first = HttpClient()
    sign_in(first, robin.email)
    assert first.post(reverse("accounts:two_factor"), {"code": code}).status_code == 302
    replay = HttpClient()
    sign_in(replay, robin.email)
    response = replay.post(reverse("accounts:two_factor"), {"code": code})
    assert response.status_code == 200
    assert "didn't work" in page_text(response)
    assert replay.get(reverse("radar:caseload")).status_code == 302


def test_a_malformed_code_gets_a_message_naming_the_field(robin):
    TOTPDevice.objects.create(user=robin, name="phone", confirmed=True)
    http = HttpClient()
    sign_in(http, robin.email)
    response = http.post(reverse("accounts:two_factor"), {"code": "12ab56"})
    assert "six digits" in page_text(response)


@pytest.mark.parametrize(
    ("persona", "home"),
    [
        ("casey", "home:client_home"),
        ("robin", "radar:caseload"),
        ("pat", "home:team"),
        ("morgan", "accounts:program"),
    ],
)
def test_each_role_lands_on_its_own_home_page(everyone, signed_in, persona, home):
    http = signed_in(everyone[persona])
    response = http.get(reverse("home:home"))
    assert response["Location"] == reverse(home)
    assert http.get(reverse(home)).status_code == 200


def test_a_person_without_a_program_role_is_told_kindly(db, signed_in):
    from reconnect.people.models import User

    stray = User.objects.create_user("stray@example.org", PASSWORD, display_name="Stray")
    response = signed_in(stray).get(reverse("home:home"))
    assert response.status_code == 403
    assert "isn't part of a program" in page_text(response)


def test_password_reset_sends_an_email_with_a_single_use_link(casey, mailoutbox):
    http = HttpClient()
    http.post(reverse("accounts:password_reset"), {"email": casey.email})
    assert len(mailoutbox) == 1
    link = next(line for line in mailoutbox[0].body.splitlines() if "/password-reset/" in line)
    path = link.split("testserver", 1)[1]
    form = http.get(path, follow=True)
    assert "Choose a new password" in page_text(form)
    new = "another-long-passphrase-77"
    done = http.post(
        form.redirect_chain[-1][0], {"new_password1": new, "new_password2": new}, follow=True
    )
    assert done.status_code == 200
    casey.refresh_from_db()
    assert casey.check_password(new)
    assert "expired" in page_text(http.get(path, follow=True))


def test_short_and_common_passwords_are_refused(casey, signed_in):
    http = signed_in(casey)
    for weak in ("short", "password1234"):
        response = http.post(
            reverse("accounts:password_change"),
            {"old_password": PASSWORD, "new_password1": weak, "new_password2": weak},
        )
        assert response.status_code == 200
        casey.refresh_from_db()
        assert casey.check_password(PASSWORD)
