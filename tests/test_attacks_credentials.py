"""Attacks on the credential lifecycle and on sign-in behind a proxy (security-reference #17,
#18, #22): each attack here must keep failing.

API tokens that outlive the password, tokens minted from a borrowed session, password re-entry
as an unthrottled oracle, floods of API requests, forged or proxied client addresses, and
password guessing spread over many addresses."""

from __future__ import annotations

import datetime as dt

import pytest
from axes.models import AccessAttempt
from django.contrib.auth.tokens import default_token_generator
from django.core.cache import cache
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from conftest import PASSWORD, page_text
from proof.scorecard import record_figure
from reconnect.access.models import AccessEvent, Action
from reconnect.accounts.actions import create_api_token, disable_account
from reconnect.accounts.lockout import DEVICE_COOKIE
from reconnect.accounts.tests.test_sign_in import current_code, sign_in
from reconnect.people.models import ApiToken, KnownDevice, User
from reconnect.records.models import ExportLink

pytestmark = pytest.mark.django_db
NEW_PASSWORD = "a-new-calm-passphrase-77"


def _attack(name: str, attempts: int, successes: int) -> None:
    record_figure("8_attack_suite", cases=attempts, successes=successes, **{name: attempts})


def _me(raw: str, ip: str = "10.0.0.1"):
    return HttpClient().get("/api/v1/me", HTTP_AUTHORIZATION=f"Bearer {raw}", REMOTE_ADDR=ip)


def test_a_token_cannot_be_made_from_a_signed_in_session_alone(casey, robin, signed_in):
    staff = signed_in(robin)
    wrong_code = current_code(TOTPDevice.objects.get(user=robin), offset=10)
    attempts = [
        (signed_in(casey), {"name": "borrowed session", "days": "90"}),
        (signed_in(casey), {"name": "borrowed session", "days": "90", "password": "a-guess-42"}),
        (staff, {"name": "borrowed session", "days": "30", "password": PASSWORD}),
        (staff, {"name": "borrowed session", "days": "30", "password": PASSWORD, "code": "12"}),
        (
            staff,
            {"name": "borrowed session", "days": "30", "password": PASSWORD, "code": wrong_code},
        ),
    ]
    for http, body in attempts:
        http.post(reverse("accounts:token_create"), body)
    minted = ApiToken.objects.count()
    _attack("token_without_reauth", len(attempts), minted)
    assert minted == 0


def test_an_api_token_stops_working_when_it_expires(casey, robin):
    _, client_raw = create_api_token(user=casey, name="phone")
    _, staff_raw = create_api_token(user=robin, name="tablet")
    assert _me(client_raw).status_code == _me(staff_raw).status_code == 200
    with freeze_time(timezone.now() + dt.timedelta(days=91)):
        client_late = _me(client_raw)
    with freeze_time(timezone.now() + dt.timedelta(days=31)):
        staff_late = _me(staff_raw)
    answers = [client_late.status_code, staff_late.status_code]
    _attack("expired_token", len(answers), answers.count(200))
    assert answers == [401, 401]
    assert "expired" in client_late.json()["detail"]


def _reset_password(user: User, new_password: str) -> None:
    http = HttpClient()
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    page = http.get(reverse("accounts:password_reset_confirm", args=[uid, token]), follow=True)
    form_url = page.redirect_chain[-1][0]
    done = http.post(form_url, {"new_password1": new_password, "new_password2": new_password})
    assert done.status_code == 302


def test_api_tokens_end_with_a_password_change_a_reset_or_a_disabled_account(
    casey, morgan, signed_in
):
    still_working = {}
    _, raw = create_api_token(user=casey, name="phone")
    changed = signed_in(casey).post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
    )
    assert changed.status_code == 302
    still_working["password_change"] = _me(raw).status_code == 200
    _, raw = create_api_token(user=casey, name="phone")
    _reset_password(User.objects.get(pk=casey.pk), PASSWORD)
    still_working["password_reset"] = _me(raw).status_code == 200
    _, raw = create_api_token(user=casey, name="phone")
    disable_account(user=casey, disabled_by=morgan)
    still_working["disable"] = _me(raw).status_code == 200
    record_figure(
        "18_tokens_end_with_password",
        attempts=len(still_working),
        successes=sum(still_working.values()),
        **{k: int(v) for k, v in still_working.items()},
    )
    assert not any(still_working.values()), still_working
    assert ApiToken.objects.filter(user=casey, revoked_at__isnull=True).count() == 0


def test_api_requests_beyond_the_rate_get_429_with_retry_after(casey, lee, settings):
    settings.RECONNECT = {
        **settings.RECONNECT,
        "API_RATE_PER_TOKEN": "5/m",
        "API_RATE_PER_IP": "8/m",
    }
    cache.clear()
    _, casey_raw = create_api_token(user=casey, name="phone")
    _, lee_raw = create_api_token(user=lee, name="phone")
    per_token = [_me(casey_raw, ip="192.0.2.10") for _ in range(6)]
    elsewhere = _me(casey_raw, ip="192.0.2.99")  # the same token from another address
    per_address = [_me(lee_raw, ip="192.0.2.10") for _ in range(3)]
    beyond = [per_token[5], elsewhere, per_address[2]]
    _attack("api_flood", len(beyond), sum(r.status_code != 429 for r in beyond))
    record_figure(
        "22_api_rate_limited",
        attempts=len(beyond),
        refused=sum(r.status_code == 429 for r in beyond),
    )
    assert [r.status_code for r in per_token] == [200] * 5 + [429]
    assert elsewhere.status_code == 429
    assert [r.status_code for r in per_address] == [200, 200, 429]
    for refused in beyond:
        assert int(refused["Retry-After"]) >= 1
        assert "try again" in refused.json()["detail"]


def test_password_again_guesses_are_paused_like_sign_in(casey, signed_in):
    attacker = signed_in(casey)  # someone at an unlocked, signed-in device
    ip = {"REMOTE_ADDR": "203.0.113.9"}
    export = reverse("records:export")
    guesses = [
        attacker.post(export, {"password": f"guess-{n}", "format": "html"}, **ip) for n in range(5)
    ]
    after_limit = {
        "export": attacker.post(export, {"password": PASSWORD, "format": "html"}, **ip),
        "token": attacker.post(
            reverse("accounts:token_create"),
            {"name": "mine now", "days": "90", "password": PASSWORD},
            **ip,
        ),
        "password_change": attacker.post(
            reverse("accounts:password_change"),
            {
                "old_password": PASSWORD,
                "new_password1": NEW_PASSWORD,
                "new_password2": NEW_PASSWORD,
            },
            **ip,
        ),
        "sign_in": sign_in(HttpClient(), casey.email, ip=ip["REMOTE_ADDR"]),
        "delete": attacker.post(
            reverse("records:delete"), {"password": PASSWORD, "confirm": "delete"}, **ip
        ),
    }
    casey.refresh_from_db()
    done = {
        "export": ExportLink.objects.exists(),
        "token": ApiToken.objects.exists(),
        "password_change": not casey.check_password(PASSWORD),
        "sign_in": after_limit["sign_in"].status_code == 302,
        "delete": not User.objects.filter(pk=casey.pk).exists(),
    }
    record_figure(
        "17_reauth_throttled",
        guesses=len(guesses),
        attempts=len(after_limit),
        successes=sum(done.values()),
        **{k: int(v) for k, v in done.items()},
    )
    assert not any(done.values()), done
    for name, response in after_limit.items():
        assert response.status_code == 429, name
        assert "paus" in page_text(response).lower(), name
        assert "Traceback" not in page_text(response)
    failures = AccessEvent.objects.filter(actor_id=casey.pk, action=Action.SIGN_IN_FAILED)
    assert failures.count() == 5
    assert AccessAttempt.objects.get(username=casey.email).failures_since_start == 5
    assert sign_in(HttpClient(), casey.email, ip="198.51.100.7").status_code == 302


def test_behind_a_trusted_proxy_lockout_and_audit_use_the_client_address(casey, settings):
    settings.RECONNECT_TRUSTED_PROXIES = "1"
    proxy = "10.0.0.2"
    for n in range(5):  # the attacker forges the left part; the proxy appends the real address
        HttpClient().post(
            reverse("accounts:sign_in"),
            {"username": casey.email, "password": "wrong-guess"},
            REMOTE_ADDR=proxy,
            HTTP_X_FORWARDED_FOR=f"198.51.100.{n}, 203.0.113.9",
        )
    attacker_again = HttpClient().post(
        reverse("accounts:sign_in"),
        {"username": casey.email, "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.77, 203.0.113.9",
    )
    real_person = HttpClient().post(
        reverse("accounts:sign_in"),
        {"username": casey.email, "password": PASSWORD},
        REMOTE_ADDR=proxy,
        HTTP_X_FORWARDED_FOR="198.51.100.7",
    )
    signed = AccessEvent.objects.filter(actor_id=casey.pk, action=Action.SIGN_IN).last()
    settings.RECONNECT_TRUSTED_PROXIES = "0"
    for n in range(5):  # no proxy is trusted: a rotating forged header changes nothing
        HttpClient().post(
            reverse("accounts:sign_in"),
            {"username": casey.email, "password": "wrong-guess"},
            REMOTE_ADDR="203.0.113.50",
            HTTP_X_FORWARDED_FOR=f"192.0.2.{n}",
        )
    forged = HttpClient().post(
        reverse("accounts:sign_in"),
        {"username": casey.email, "password": PASSWORD},
        REMOTE_ADDR="203.0.113.50",
        HTTP_X_FORWARDED_FOR="192.0.2.200",
    )
    wrong = {
        "attacker_not_paused": attacker_again.status_code != 429,
        "real_person_paused": real_person.status_code != 302,
        "audit_has_proxy_address": signed is None or signed.ip_address != "198.51.100.7",
        "forged_header_evades_pause": forged.status_code != 429,
    }
    _attack("forwarded_for", len(wrong), sum(wrong.values()))
    assert not any(wrong.values()), wrong


def test_guessing_spread_over_many_addresses_is_bounded_per_account(casey, mailoutbox, settings):
    settings.RECONNECT_ACCOUNT_FAILURE_LIMIT = 20
    addresses = [f"203.0.113.{n}" for n in range(1, 11)]
    tries = 0
    for _ in range(4):  # four guesses from each of ten addresses: no address reaches five
        for address in addresses:
            sign_in(HttpClient(), casey.email, "wrong-guess", ip=address)
            tries += 1
    checked = sum(AccessAttempt.objects.values_list("failures_since_start", flat=True))
    real_person = sign_in(HttpClient(), casey.email, ip="198.51.100.7")
    record_figure("17_distributed_guesses_bounded", attempts=tries, checked=checked)
    _attack("distributed_guessing", tries, max(0, checked - 20))
    assert checked == 20
    assert real_person.status_code == 429
    assert "paused sign-in for this account" in page_text(real_person)
    assert [m.to for m in mailoutbox] == [[casey.email]]
    assert casey.email not in mailoutbox[0].body and "203.0.113" not in mailoutbox[0].body


def _pause_the_account(email: str) -> None:
    for n in range(1, 5):  # five wrong guesses from each of four addresses: the account total
        for _ in range(5):
            sign_in(HttpClient(), email, "wrong-guess", ip=f"203.0.113.{n}")


def _staff_signed_in_fully(user: User, ip: str = "10.0.0.1") -> HttpClient:
    """A browser that gave the password and then the two-factor code."""
    device, _ = TOTPDevice.objects.get_or_create(user=user, defaults={"confirmed": True})
    http = HttpClient()
    assert sign_in(http, user.email, ip=ip).status_code == 302
    done = http.post(reverse("accounts:two_factor"), {"code": current_code(device)}, REMOTE_ADDR=ip)
    assert done.status_code == 302 and DEVICE_COOKIE in http.cookies
    return http


def test_a_stranger_cannot_pause_the_real_person_out_of_their_own_device(
    casey, robin, signed_in, settings
):
    settings.RECONNECT_ACCOUNT_FAILURE_LIMIT = 20
    home = "198.51.100.7"
    own_device = HttpClient()
    assert sign_in(own_device, casey.email, ip=home).status_code == 302  # signed in here before
    own_device.post(reverse("accounts:sign_out"), REMOTE_ADDR=home)
    robins_device = _staff_signed_in_fully(robin, ip="198.51.100.8")
    casey.refresh_from_db()  # signing out moved her session generation on
    already_signed_in = signed_in(casey)  # a session from before the pause, with no cookie
    _pause_the_account(casey.email)
    forged = HttpClient()  # Robin's device cookie, presented for Casey's account
    forged.cookies[DEVICE_COOKIE] = robins_device.cookies[DEVICE_COOKIE].value
    answers = {
        "own_device": sign_in(own_device, casey.email, ip=home).status_code,
        "password_again": already_signed_in.post(
            reverse("records:export"), {"password": PASSWORD, "format": "html"}, REMOTE_ADDR=home
        ).status_code,
        "stranger": sign_in(HttpClient(), casey.email, ip="192.0.2.44").status_code,
        "another_accounts_cookie": sign_in(forged, casey.email, ip="192.0.2.45").status_code,
    }
    expected = {
        "own_device": 302,
        "password_again": 200,
        "stranger": 429,
        "another_accounts_cookie": 429,
    }
    wrong = {k: answers[k] != v for k, v in expected.items()}
    record_figure(
        "17_account_pause_spares_known_devices",
        attempts=len(answers),
        real_person_paused=int(wrong["own_device"]) + int(wrong["password_again"]),
        stranger_let_through=int(wrong["stranger"]) + int(wrong["another_accounts_cookie"]),
    )
    _attack("pause_the_real_person", len(answers), sum(wrong.values()))
    assert answers == expected
    assert ExportLink.objects.count() == 1


def test_the_device_cookie_is_signed_http_only_and_names_no_account(casey):
    http = HttpClient()
    sign_in(http, casey.email)
    cookie = http.cookies[DEVICE_COOKIE]
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert int(cookie["max-age"]) == 180 * 24 * 3600
    assert casey.email not in cookie.value and "casey" not in cookie.value.lower()
    tampered = HttpClient()
    tampered.cookies[DEVICE_COOKIE] = cookie.value[:-2] + "xx"
    _pause_the_account(casey.email)
    assert sign_in(tampered, casey.email, ip="192.0.2.50").status_code == 429


def _stolen(cookie_from: HttpClient) -> HttpClient:
    copy = HttpClient()
    copy.cookies[DEVICE_COOKIE] = cookie_from.cookies[DEVICE_COOKIE].value
    return copy


def test_a_stolen_device_cookie_stops_sparing_the_account_after_five_wrong_passwords(
    casey, settings
):
    settings.RECONNECT_ACCOUNT_FAILURE_LIMIT = 20
    own_device = HttpClient()
    assert sign_in(own_device, casey.email, ip="198.51.100.7").status_code == 302
    _pause_the_account(casey.email)
    # Every guess from a fresh address, so only the cookie could keep them coming.
    guesses = [
        sign_in(_stolen(own_device), casey.email, f"guess-{n}", ip=f"192.0.2.{n}").status_code
        for n in range(1, 31)
    ]
    checked = guesses.count(200)
    record_figure("17_stolen_device_cookie_guesses", tries=len(guesses), checked=checked)
    _attack("stolen_device_cookie_guessing", len(guesses), max(0, checked - 5))
    assert guesses == [200] * 5 + [429] * 25
    # The real person's browser holds the same token: paused now like anyone else's.
    assert sign_in(_stolen(own_device), casey.email, ip="198.51.100.7").status_code == 429
    assert KnownDevice.objects.get(user=casey).revoked_at is not None


def test_each_browser_gets_its_own_random_device_token(casey, robin):
    first, second = HttpClient(), HttpClient()
    sign_in(first, casey.email)
    sign_in(second, casey.email)
    assert first.cookies[DEVICE_COOKIE].value != second.cookies[DEVICE_COOKIE].value
    raw = first.cookies[DEVICE_COOKIE].value.split(":")[0]
    assert not KnownDevice.objects.filter(token_hash=raw).exists()
    assert KnownDevice.objects.filter(user=casey).count() == 2


def test_no_device_cookie_from_before_a_password_change_is_honoured(casey, settings):
    settings.RECONNECT_ACCOUNT_FAILURE_LIMIT = 20
    changed, other_browser = HttpClient(), HttpClient()
    sign_in(changed, casey.email, ip="198.51.100.7")
    sign_in(other_browser, casey.email, ip="198.51.100.9")
    changed.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": NEW_PASSWORD, "new_password2": NEW_PASSWORD},
        REMOTE_ADDR="198.51.100.7",
    )
    casey.refresh_from_db()
    assert casey.check_password(NEW_PASSWORD)
    _pause_the_account(casey.email)
    answers = [
        sign_in(_stolen(http), casey.email, NEW_PASSWORD, ip="192.0.2.60").status_code
        for http in (changed, other_browser)
    ]
    _attack("device_cookie_outlives_password", len(answers), answers.count(302))
    assert answers == [429, 429]


def test_a_device_cookie_ends_with_a_sign_out_elsewhere_and_a_disabled_account(
    casey, pat, settings
):
    settings.RECONNECT_ACCOUNT_FAILURE_LIMIT = 20
    left_behind, signing_out = HttpClient(), HttpClient()
    sign_in(left_behind, casey.email, ip="198.51.100.7")
    sign_in(signing_out, casey.email, ip="198.51.100.9")
    signing_out.post(reverse("accounts:sign_out"), REMOTE_ADDR="198.51.100.9")
    _pause_the_account(casey.email)
    assert sign_in(left_behind, casey.email, ip="198.51.100.7").status_code == 429
    assert sign_in(signing_out, casey.email, ip="198.51.100.9").status_code == 302
    disable_account(user=casey, disabled_by=pat)
    assert not KnownDevice.objects.honoured().filter(user=casey).exists()
    assert not KnownDevice.objects.filter(user=casey, revoked_at__isnull=True).exists()


def test_no_device_cookie_exists_until_a_staff_member_confirms_their_code(robin, settings):
    settings.RECONNECT_ACCOUNT_FAILURE_LIMIT = 20
    device = TOTPDevice.objects.create(user=robin, name="phone", confirmed=True)
    http = HttpClient()
    assert sign_in(http, robin.email).status_code == 302
    issued_before_code = int(DEVICE_COOKIE in http.cookies) + KnownDevice.objects.count()
    _attack("device_cookie_before_two_factor", 1, issued_before_code)
    assert issued_before_code == 0
    _pause_the_account(robin.email)
    later = HttpClient()  # the same browser's cookies, after that half-finished session
    for name, morsel in http.cookies.items():
        if name != settings.SESSION_COOKIE_NAME:
            later.cookies[name] = morsel.value
    assert sign_in(later, robin.email, ip="192.0.2.61").status_code == 429
    signed_in_here = HttpClient()
    settings.RECONNECT_ACCOUNT_FAILURE_LIMIT = 100
    sign_in(signed_in_here, robin.email, ip="192.0.2.62")
    signed_in_here.post(
        reverse("accounts:two_factor"), {"code": current_code(device)}, REMOTE_ADDR="192.0.2.62"
    )
    assert KnownDevice.objects.filter(user=robin).count() == 1
    assert DEVICE_COOKIE in signed_in_here.cookies


def test_quick_exit_from_another_site_signs_out_but_never_wipes_a_signed_in_device(casey):
    elsewhere = [
        {"Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Site": "cross-site", "Sec-Fetch-Dest": "image"},
        {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "cross-site"},
        {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "same-site"},
        {"Sec-Fetch-Site": "cross-site"},
    ]
    wiped = 0
    for headers in elsewhere:
        http = HttpClient()
        sign_in(http, casey.email)
        response = http.get(reverse("accounts:quick_exit"), headers=headers)
        wiped += "Clear-Site-Data" in response
        assert http.get(reverse("home:client_home")).status_code == 302  # signed out
    _attack("quick_exit_wipes_signed_in_device", len(elsewhere), wiped)
    assert wiped == 0
    for headers in ({"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "same-origin"}, {}):
        http = HttpClient()
        sign_in(http, casey.email)
        pressed = http.get(reverse("accounts:quick_exit"), headers=headers)
        assert "storage" in pressed["Clear-Site-Data"]
        assert pressed.cookies["sessionid"]["max-age"] == 0  # expired one by one
        assert http.get(reverse("home:client_home")).status_code == 302


def _production_cache() -> dict:
    """The default cache `config/settings.py` gives production, read in a fresh interpreter."""
    import json
    import os
    import subprocess
    import sys

    env = {k: v for k, v in os.environ.items() if not k.startswith("RECONNECT_")}
    env.update(
        RECONNECT_ENV="production",
        SECRET_KEY="k3y-" + "9f8e7d6c5b4a3210" * 4,
        RECONNECT_FIELD_KEYS="k1:" + "A" * 43,
    )
    code = "import json, config.settings as s; print(json.dumps(s.CACHES['default']))"
    done = subprocess.run(
        [sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True
    )
    return json.loads(done.stdout)


def _another_server_process() -> None:
    """What a second gunicorn worker starts with: nothing in its own process memory."""
    from django.core.cache.backends import locmem

    for store in (locmem._caches, locmem._expire_info):
        for entries in store.values():
            entries.clear()


def test_api_limits_hold_across_the_server_processes_of_production(casey, settings):
    from django.core.management import call_command

    settings.CACHES = {"default": _production_cache()}
    call_command("createcachetable", verbosity=0)
    settings.RECONNECT = {**settings.RECONNECT, "API_RATE_PER_TOKEN": "3/m"}
    cache.clear()
    _, raw = create_api_token(user=casey, name="phone")
    answers = []
    for _ in range(3):  # each request lands on another worker, as gunicorn spreads them
        answers.append(_me(raw).status_code)
        _another_server_process()
    beyond = [_me(raw).status_code for _ in range(2)]
    _attack("api_limit_per_process", len(beyond), beyond.count(200))
    assert answers == [200, 200, 200]
    assert beyond == [429, 429]
