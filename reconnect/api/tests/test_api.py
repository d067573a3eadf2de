"""The HTTP API: tokens stored hashed, the same gate as the pages, errors that name fields."""

from __future__ import annotations

import json

import pytest
from django.core.management import call_command
from django.test import Client as HttpClient

from conftest import PASSWORD
from reconnect.access.models import AccessEvent, Action, Category
from reconnect.accounts.actions import create_api_token, revoke_api_token
from reconnect.api.router import api
from reconnect.people.models import ApiToken, hash_token

pytestmark = pytest.mark.django_db


def bearer(raw: str) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {raw}"}


def test_the_openapi_document_is_public_and_lists_every_route():
    spec = HttpClient().get("/api/v1/openapi.json").json()
    assert spec["info"]["title"] == "Reconnect API"
    assert {"/api/v1/me", "/api/v1/clients", "/api/v1/clients/{client_id}"} <= set(spec["paths"])


def test_a_token_is_stored_only_as_a_hash(casey):
    token, raw = create_api_token(user=casey, name="phone")
    assert raw.startswith("rct_")
    stored = ApiToken.objects.get(pk=token.pk)
    assert stored.token_hash == hash_token(raw)
    assert raw not in {stored.token_hash, stored.hint, stored.name}


def test_me_answers_for_the_token_holder(casey):
    _, raw = create_api_token(user=casey, name="phone")
    body = HttpClient().get("/api/v1/me", **bearer(raw)).json()
    assert body == {
        "id": casey.pk,
        "email": casey.email,
        "display_name": casey.display_name,
        "role": "client",
        "client_id": casey.client.pk,
    }


@pytest.mark.parametrize("header", ["", "Bearer", "Bearer rct_not-a-real-token", "Basic abc"])
def test_missing_or_wrong_credentials_get_401(casey, header):
    extra = {"HTTP_AUTHORIZATION": header} if header else {}
    response = HttpClient().get("/api/v1/me", **extra)
    assert response.status_code == 401
    assert response.json() == {"detail": "A valid API token is required."}


def test_a_revoked_token_stops_working_at_once(casey):
    token, raw = create_api_token(user=casey, name="phone")
    revoke_api_token(token=token, revoked_by=casey)
    assert HttpClient().get("/api/v1/me", **bearer(raw)).status_code == 401


def test_a_clinician_token_reads_a_caseload_client_and_the_read_is_audited(casey, robin):
    _, raw = create_api_token(user=robin, name="tablet")
    response = HttpClient().get(f"/api/v1/clients/{casey.client.pk}", **bearer(raw))
    assert response.status_code == 200
    assert response.json()["care_team"] == [{"id": robin.pk, "display_name": robin.display_name}]
    event = AccessEvent.objects.get(client_id=casey.client.pk)
    assert (event.actor_id, event.category) == (robin.pk, Category.PROFILE)


def test_a_clinician_token_gets_404_for_a_client_outside_the_care_team(casey, sam):
    _, raw = create_api_token(user=sam, name="tablet")
    response = HttpClient().get(f"/api/v1/clients/{casey.client.pk}", **bearer(raw))
    assert response.status_code == 404
    assert response.json() == {"detail": "Not found."}


def test_the_client_list_is_scoped_like_the_caseload_page(casey, lee, robin):
    _, raw = create_api_token(user=robin, name="tablet")
    body = HttpClient().get("/api/v1/clients", **bearer(raw)).json()
    assert [c["id"] for c in body] == [casey.client.pk]


def test_a_malformed_id_finds_nothing_and_says_so_in_json(casey):
    _, raw = create_api_token(user=casey, name="phone")
    response = HttpClient().get("/api/v1/clients/not-a-number", **bearer(raw))
    assert response.status_code == 404
    assert "couldn't find" in response.json()["detail"]


def test_create_token_command_prints_a_working_token_and_is_audited(casey, capsys):
    call_command("create_token", casey.email, name="script")
    raw = capsys.readouterr().out.strip()
    assert HttpClient().get("/api/v1/me", **bearer(raw)).status_code == 200
    assert AccessEvent.objects.filter(actor_id=casey.pk, action=Action.TOKEN_CREATED).exists()


def test_tokens_are_created_and_revoked_on_the_account_page(casey, signed_in):
    http = signed_in(casey)
    http.post("/account/tokens/", {"name": "my phone", "days": "90", "password": PASSWORD})
    page = http.get("/account/").content.decode()
    token = ApiToken.objects.get(user=casey)
    raw = page.split('<code class="token">')[1].split("</code>")[0]
    assert hash_token(raw) == token.token_hash
    assert '<code class="token">' not in http.get("/account/").content.decode()  # shown once
    http.post(f"/account/tokens/{token.pk}/revoke/")
    token.refresh_from_db()
    assert token.revoked_at is not None


def test_a_token_without_a_name_gets_a_message_and_nothing_is_created(casey, signed_in):
    response = signed_in(casey).post(
        "/account/tokens/", {"name": "", "days": "90", "password": PASSWORD}
    )
    assert response.status_code == 400
    assert "give the token a name" in response.content.decode()
    assert not ApiToken.objects.exists()


def test_api_answers_are_json_even_for_unknown_routes(casey):
    response = HttpClient().get("/api/v1/nowhere")
    assert response.status_code == 404
    assert json.loads(response.content)["detail"]


def test_the_token_lookup_returns_the_whole_person_and_notes_when_it_was_used(casey, robin):
    from reconnect.accounts.actions import authenticate_token

    _, raw = create_api_token(user=casey, name="phone")
    user = authenticate_token(raw)
    assert (user.pk, user.email, user.is_active) == (casey.pk, casey.email, True)
    assert user.date_joined.tzinfo is not None
    assert user.client.pk == casey.client.pk and user.client.created_at.tzinfo is not None
    assert ApiToken.objects.get(user=casey).last_used_at is not None
    _, staff_raw = create_api_token(user=robin, name="tablet")
    assert not hasattr(authenticate_token(staff_raw), "_client_cache")
    assert authenticate_token(staff_raw).role == "clinician"


def test_text_with_a_nul_character_is_refused_kindly(casey):
    _, raw = create_api_token(user=casey, name="phone")
    response = HttpClient().post(
        "/api/v1/me/checkins",
        {"state": "settled", "note": "a\x00b", "client_request_id": "nul-1"},
        content_type="application/json",
        **bearer(raw),
    )
    assert response.status_code == 422
    assert "NUL" in response.json()["errors"][0]["message"]


def test_a_date_no_database_can_store_is_refused(casey):
    _, raw = create_api_token(user=casey, name="phone")
    response = HttpClient().get(
        "/api/v1/me/checkins", {"since": "0090-09-20T15:33:44-20:04"}, **bearer(raw)
    )
    assert response.status_code == 422
    assert "1900" in response.json()["errors"][0]["message"]


def test_the_openapi_document_is_built_once_and_served_the_same_each_time():
    first = HttpClient().get("/api/v1/openapi.json").json()
    assert api.get_openapi_schema() is api.get_openapi_schema()
    assert HttpClient().get("/api/v1/openapi.json").json() == first


def test_only_one_openapi_document_is_kept_whatever_prefixes_are_asked_for():
    served = api.get_openapi_schema()
    for n in range(3):
        odd = api.get_openapi_schema(path_prefix=f"/odd{n}/api/v1/")
        assert all(path.startswith(f"/odd{n}/") for path in odd["paths"])
    assert api.get_openapi_schema() == served
    assert api.__dict__["_kept_document"][0] == "/api/v1/"
