"""API tokens over their life: made with the password again, expiring, ended with the password,
reaching what the person's pages reach, noted when used, and rate-limited."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from freezegun import freeze_time

from conftest import PASSWORD, page_text, visible_text
from reconnect.access.models import AccessEvent, Action, Outcome
from reconnect.accounts.actions import (
    TokenRefused,
    authenticate_token,
    create_api_token,
    disable_account,
)
from reconnect.accounts.tests.test_sign_in import current_code
from reconnect.people.models import ApiToken, RevokedReason

pytestmark = pytest.mark.django_db


def bearer(raw: str, ip: str = "10.0.0.1") -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}", "REMOTE_ADDR": ip}


def test_a_client_makes_a_token_with_the_password_and_chooses_how_long_it_lasts(casey, signed_in):
    http = signed_in(casey)
    response = http.post(
        reverse("accounts:token_create"), {"name": "phone", "days": "30", "password": PASSWORD}
    )
    assert response.status_code == 302
    token = ApiToken.objects.get(user=casey)
    assert (
        dt.timedelta(days=29, hours=23) < token.expires_at - timezone.now() <= dt.timedelta(days=30)
    )
    page = page_text(http.get(reverse("accounts:account")))
    assert token.expires_at.strftime("%-d %b %Y") in page
    assert "stop at once when your password changes" in page


def test_a_wrong_password_makes_no_token_and_says_so_kindly(casey, signed_in):
    response = signed_in(casey).post(
        reverse("accounts:token_create"), {"name": "phone", "days": "90", "password": "not-it-42"}
    )
    assert response.status_code == 400
    assert "That password didn't match" in page_text(response)
    assert not ApiToken.objects.exists()


def test_staff_give_the_current_code_as_well_and_get_at_most_30_days(robin, signed_in):
    http = signed_in(robin)
    device = TOTPDevice.objects.get(user=robin)
    form = page_text(http.get(reverse("accounts:account")))
    assert "90 days" not in form and "30 days" in form and "Six-digit code" in form
    too_long = http.post(
        reverse("accounts:token_create"),
        {"name": "tablet", "days": "90", "password": PASSWORD, "code": current_code(device)},
    )
    assert too_long.status_code == 400 and not ApiToken.objects.exists()
    made = http.post(
        reverse("accounts:token_create"),
        {"name": "tablet", "days": "30", "password": PASSWORD, "code": current_code(device)},
    )
    assert made.status_code == 302
    assert ApiToken.objects.get(user=robin).expires_at <= timezone.now() + dt.timedelta(days=30)


def test_the_action_refuses_a_staff_token_longer_than_30_days(robin):
    with pytest.raises(TokenRefused):
        create_api_token(user=robin, name="tablet", days=31)
    assert not ApiToken.objects.exists()


def test_create_token_takes_days_and_refuses_more_than_allowed(casey, robin, capsys):
    call_command("create_token", casey.email, name="script", days=7)
    token = ApiToken.objects.get(user=casey)
    assert token.expires_at - token.created_at == dt.timedelta(days=7)
    with pytest.raises(CommandError, match="at most 30 days"):
        call_command("create_token", robin.email, days=90)


def test_an_expired_token_gets_a_clear_json_401_and_is_shown_as_expired(casey, signed_in):
    _, raw = create_api_token(user=casey, name="phone", days=7)
    assert HttpClient().get("/api/v1/me", **bearer(raw)).status_code == 200
    with freeze_time(timezone.now() + dt.timedelta(days=7, seconds=1)):
        response = HttpClient().get("/api/v1/me", **bearer(raw))
    ApiToken.objects.update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    page = visible_text(signed_in(casey).get(reverse("accounts:account")))
    assert response.status_code == 401
    assert response["WWW-Authenticate"] == "Bearer"
    assert response.json() == {
        "detail": "This API token has expired. Please create a new one on your account page."
    }
    assert re.search(r"\d\d:\d\d expired", page)  # last used, then its status: no Revoke


def test_a_password_change_ends_every_token_and_the_page_says_why(casey, signed_in):
    create_api_token(user=casey, name="phone")
    create_api_token(user=casey, name="watch")
    http = signed_in(casey)
    new = "a-new-calm-passphrase-77"
    http.post(
        reverse("accounts:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    tokens = ApiToken.objects.filter(user=casey)
    assert {t.revoked_reason for t in tokens} == {RevokedReason.PASSWORD_CHANGED}
    page = page_text(http.get(reverse("accounts:account"), follow=True))
    assert "ended when the password changed" in page
    assert AccessEvent.objects.filter(
        action=Action.TOKEN_REVOKED, detail=f"2 tokens of user {casey.pk}: password_changed"
    ).exists()


def test_a_password_hash_upgrade_at_sign_in_keeps_the_tokens(casey, settings):
    _, raw = create_api_token(user=casey, name="phone")
    settings.PASSWORD_HASHERS = [
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
        "django.contrib.auth.hashers.MD5PasswordHasher",
    ]
    assert casey.check_password(PASSWORD)  # re-hashed with the new first hasher and saved
    assert casey.password.startswith("pbkdf2_")
    assert authenticate_token(raw) is not None


def test_disabling_an_account_ends_its_tokens_with_the_reason(casey, morgan):
    _, raw = create_api_token(user=casey, name="phone")
    disable_account(user=casey, disabled_by=morgan)
    assert ApiToken.objects.get(user=casey).revoked_reason == RevokedReason.ACCOUNT_DISABLED
    assert HttpClient().get("/api/v1/me", **bearer(raw)).status_code == 401


# Each API route about one client, with the page that shows the same to a signed-in person.
SAME_READS = [
    ("/api/v1/clients/{id}", "/clients/{id}/"),
    ("/api/v1/clients/{id}/checkins", "/clients/{id}/check-ins/"),
    ("/api/v1/clients/{id}/timeline", "/clients/{id}/timeline/"),
    ("/api/v1/clients/{id}/responses", "/clients/{id}/questionnaires/"),
]


def test_a_staff_token_reaches_exactly_what_the_same_persons_pages_reach(
    casey, lee, robin, signed_in
):
    _, raw = create_api_token(user=robin, name="tablet")
    session = signed_in(robin)
    outside, mine = lee.client.pk, casey.client.pk
    for route, page in SAME_READS:
        by_token = HttpClient().get(route.format(id=outside), **bearer(raw))
        by_session = session.get(page.format(id=outside))
        assert by_token.status_code == by_session.status_code == 404, route
        assert by_token.json() == {"detail": "Not found."}, route
        assert HttpClient().get(route.format(id=mine), **bearer(raw)).status_code == 200, route
        assert session.get(page.format(id=mine)).status_code == 200, page
    refusals = AccessEvent.objects.filter(
        actor_id=robin.pk, client_id=outside, outcome=Outcome.DENIED
    )
    assert refusals.count() == 2 * len(SAME_READS)  # the gate records every refusal, both ways


def test_last_use_is_written_at_most_once_a_minute(casey):
    token, raw = create_api_token(user=casey, name="phone")
    start = timezone.now()
    with freeze_time(start):
        authenticate_token(raw)
        authenticate_token(raw)
    token.refresh_from_db()
    assert token.last_used_at == start
    with freeze_time(start + dt.timedelta(seconds=30)):
        authenticate_token(raw)
    token.refresh_from_db()
    assert token.last_used_at == start
    with freeze_time(start + dt.timedelta(seconds=61)):
        authenticate_token(raw)
    token.refresh_from_db()
    assert token.last_used_at == start + dt.timedelta(seconds=61)


def test_made_up_tokens_count_toward_the_address_limit(casey, settings):
    settings.RECONNECT = {**settings.RECONNECT, "API_RATE_PER_IP": "3/m"}
    cache.clear()
    answers = [
        HttpClient().get("/api/v1/me", **bearer(f"rct_made-up-{n}", ip="192.0.2.7")).status_code
        for n in range(4)
    ]
    assert answers == [401, 401, 401, 429]
    _, raw = create_api_token(user=casey, name="phone")
    assert HttpClient().get("/api/v1/me", **bearer(raw, ip="192.0.2.8")).status_code == 200


def test_a_limit_that_does_not_parse_is_a_system_check_error(settings):
    from reconnect.api.checks import rate_limits_and_proxies

    settings.RECONNECT = {**settings.RECONNECT, "API_RATE_PER_TOKEN": "lots"}
    settings.RECONNECT_TRUSTED_PROXIES = "not-a-network"
    assert {e.id for e in rate_limits_and_proxies()} == {"reconnect.E020", "reconnect.E021"}


def test_the_openapi_document_names_429_on_every_operation():
    spec = HttpClient().get("/api/v1/openapi.json").json()
    operations = [op for path in spec["paths"].values() for op in path.values()]
    assert operations and all("429" in op["responses"] for op in operations)
