"""The journal API a phone app uses: check-ins, circle, contacts, safety plan."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient

from reconnect.accounts.actions import create_api_token
from reconnect.journal.actions import add_circle_member
from reconnect.journal.models import CheckIn, CircleMember, Contact
from reconnect.safety.models import SafetyPlanVersion

pytestmark = pytest.mark.django_db


@pytest.fixture
def phone(casey):
    _, raw = create_api_token(user=casey, name="phone")
    http = HttpClient(headers={"Authorization": f"Bearer {raw}"})
    return http


def post(http, url, body):
    return http.post(url, body, content_type="application/json")


def test_a_check_in_is_stored_and_a_retry_returns_the_first(phone, casey):
    member, _ = add_circle_member(client=casey.client, name="Sam")
    body = {
        "state": "activated",
        "craving": 6,
        "connected": "a_little",
        "circle_member_ids": [member.pk],
        "note": "hard morning",
        "client_request_id": "phone-1",
    }
    first = post(phone, "/api/v1/me/checkins", body)
    assert first.status_code == 201
    stored = first.json()
    assert stored["state"] == "activated" and stored["circle_member_ids"] == [member.pk]
    retry = post(phone, "/api/v1/me/checkins", body)
    assert retry.status_code == 200
    assert retry.json()["id"] == stored["id"]
    assert CheckIn.objects.count() == 1


def test_the_same_request_id_with_another_body_is_a_conflict(phone):
    post(phone, "/api/v1/me/checkins", {"state": "settled", "client_request_id": "k"})
    response = post(phone, "/api/v1/me/checkins", {"state": "shut_down", "client_request_id": "k"})
    assert response.status_code == 409
    assert CheckIn.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"state": "settled", "craving": 11}, "craving"),
        ({"state": "sleepy"}, "state"),
        ({"state": "settled", "note": "x" * 5001}, "note"),
        ({"state": "settled", "client_request_id": ""}, "client_request_id"),
        ({"state": "settled", "connected": "maybe"}, "connected"),
    ],
)
def test_bad_check_ins_get_422_naming_the_field_and_store_nothing(phone, body, field):
    response = post(phone, "/api/v1/me/checkins", {"client_request_id": "r", **body})
    assert response.status_code == 422
    assert field in {e["field"] for e in response.json()["errors"]}
    assert CheckIn.objects.count() == 0


def test_a_circle_member_of_another_client_is_refused(phone, lee):
    theirs, _ = add_circle_member(client=lee.client, name="Not yours")
    response = post(
        phone,
        "/api/v1/me/checkins",
        {"state": "settled", "circle_member_ids": [theirs.pk], "client_request_id": "x"},
    )
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "circle_member_ids"
    assert CheckIn.objects.count() == 0


def test_check_ins_are_listed_since_a_time_and_paginated(phone):
    for n in range(5):
        post(phone, "/api/v1/me/checkins", {"state": "settled", "client_request_id": f"p{n}"})
    page = phone.get("/api/v1/me/checkins?page_size=2").json()
    assert (page["count"], len(page["items"]), page["next_page"]) == (5, 2, 2)
    last = phone.get("/api/v1/me/checkins?page_size=2&page=3").json()
    assert (len(last["items"]), last["next_page"]) == (1, None)
    since = page["items"][1]["recorded_at"].replace("+00:00", "Z")
    assert phone.get(f"/api/v1/me/checkins?since={since}").json()["count"] == 4


def test_a_bad_since_gets_422(phone):
    response = phone.get("/api/v1/me/checkins?since=yesterday")
    assert response.status_code == 422
    assert response.json()["errors"][0]["field"] == "since"


def test_the_circle_can_be_read_added_edited_and_removed(phone):
    created = post(phone, "/api/v1/me/circle", {"name": "Ana", "relationship": "sister"})
    assert created.status_code == 201
    member_id = created.json()["id"]
    edited = phone.put(
        f"/api/v1/me/circle/{member_id}", {"name": "Ana B."}, content_type="application/json"
    )
    assert edited.json()["name"] == "Ana B."
    assert [m["name"] for m in phone.get("/api/v1/me/circle").json()] == ["Ana B."]
    assert phone.delete(f"/api/v1/me/circle/{member_id}").status_code == 204
    assert not CircleMember.objects.exists()


def test_someone_elses_circle_member_is_404(phone, lee):
    theirs, _ = add_circle_member(client=lee.client, name="Not yours")
    assert phone.delete(f"/api/v1/me/circle/{theirs.pk}").status_code == 404
    assert CircleMember.objects.filter(pk=theirs.pk).exists()


def test_contacts_are_logged_once_per_request_id(phone, casey):
    member, _ = add_circle_member(client=casey.client, name="Sam")
    body = {
        "circle_member_id": member.pk,
        "channel": "call",
        "felt": "better",
        "client_request_id": "c1",
    }
    assert post(phone, "/api/v1/me/contacts", body).status_code == 201
    assert post(phone, "/api/v1/me/contacts", body).status_code == 200
    assert Contact.objects.count() == 1
    assert phone.get("/api/v1/me/contacts").json()[0]["felt"] == "better"


def test_the_safety_plan_is_saved_as_versions(phone):
    assert phone.get("/api/v1/me/safety-plan").status_code == 404
    body = {"warning_signs": ["not sleeping"], "people_help": ["Ana"]}
    saved = phone.put("/api/v1/me/safety-plan", body, content_type="application/json").json()
    assert saved["version"] == 1 and saved["people_help"] == ["Ana"]
    phone.put("/api/v1/me/safety-plan", body, content_type="application/json")
    assert SafetyPlanVersion.objects.count() == 1
    bad = phone.put(
        "/api/v1/me/safety-plan", {"coping": ["x" * 301]}, content_type="application/json"
    )
    assert bad.status_code == 422


def test_a_clinician_reads_check_ins_without_private_notes(phone, casey, robin):
    post(
        phone, "/api/v1/me/checkins", {"state": "settled", "note": "mine", "client_request_id": "n"}
    )
    _, raw = create_api_token(user=robin, name="tablet")
    body = (
        HttpClient()
        .get(f"/api/v1/clients/{casey.client.pk}/checkins", HTTP_AUTHORIZATION=f"Bearer {raw}")
        .json()
    )
    assert body["items"][0]["note"] is None


def test_a_clinician_token_cannot_post_a_check_in_for_themself(robin):
    _, raw = create_api_token(user=robin, name="tablet")
    response = HttpClient().post(
        "/api/v1/me/checkins",
        {"state": "settled", "client_request_id": "r"},
        content_type="application/json",
        HTTP_AUTHORIZATION=f"Bearer {raw}",
    )
    assert response.status_code == 404
