"""The messages API: the client's own conversation, the care team's through the gate (audited),
idempotent sends, `since` and pages, read receipts, and the same refusals as the pages."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.test import Client as HttpClient
from freezegun import freeze_time

from reconnect.access.models import AccessEvent
from reconnect.accounts.actions import create_api_token
from reconnect.conversations.actions import send_message
from reconnect.conversations.models import Message, MessageRead
from reconnect.radar.models import Signal

pytestmark = pytest.mark.django_db


def api(user) -> HttpClient:
    _, raw = create_api_token(user=user, name="phone")
    return HttpClient(headers={"Authorization": f"Bearer {raw}"})


def post(http, path, body):
    return http.post(path, json.dumps(body), content_type="application/json")


def test_the_client_sends_a_message_and_gets_201_with_the_stored_message(casey, robin):
    response = post(
        api(casey), "/api/v1/me/messages", {"body": " Hello ", "client_request_id": "a1"}
    )
    assert response.status_code == 201
    body = response.json()
    message = Message.objects.get()
    assert body["id"] == message.pk and body["body"] == "Hello"
    assert body["author"] == {"role": "client", "name": "Casey Example"}
    assert body["crisis_resources_shown"] is False
    sent_at = dt.datetime.fromisoformat(body["sent_at"])
    assert abs(sent_at - message.sent_at) < dt.timedelta(milliseconds=1)


def test_the_same_client_request_id_returns_the_first_message(casey, robin):
    http = api(casey)
    first = post(http, "/api/v1/me/messages", {"body": "Once", "client_request_id": "same"})
    again = post(http, "/api/v1/me/messages", {"body": "Once", "client_request_id": "same"})
    assert (first.status_code, again.status_code) == (201, 200)
    assert again.json() == first.json()
    conflict = post(http, "/api/v1/me/messages", {"body": "Other", "client_request_id": "same"})
    assert conflict.status_code == 409
    assert Message.objects.count() == 1


@pytest.mark.parametrize(
    "body",
    [
        {"body": "", "client_request_id": "x"},
        {"body": "   ", "client_request_id": "x"},
        {"body": "z" * 5001, "client_request_id": "x"},
        {"body": "Hi"},
        {"body": "Hi", "client_request_id": ""},
        {"body": "Hi", "client_request_id": "   "},  # a blank id would send twice
        ["not", "an", "object"],
    ],
)
def test_bad_input_is_422_naming_the_field_and_sends_nothing(casey, robin, body):
    response = post(api(casey), "/api/v1/me/messages", body)
    assert response.status_code == 422
    assert response.json()["errors"]
    assert not Message.objects.exists()


def test_worrying_words_come_back_flagged_so_the_app_shows_the_resources(casey, robin):
    response = post(
        api(casey), "/api/v1/me/messages", {"body": "better off dead", "client_request_id": "w"}
    )
    assert response.status_code == 201 and response.json()["crisis_resources_shown"] is True
    assert Signal.objects.filter(kind="worrying_words").count() == 1


def test_the_client_lists_messages_oldest_first_with_since_and_pages(casey, robin):
    for n in range(5):
        with freeze_time(dt.datetime(2026, 12, 1, 10, n, tzinfo=dt.UTC)):
            send_message(client=casey.client, author=casey if n % 2 else robin, body=f"m{n}")
    http = api(casey)
    first = http.get("/api/v1/me/messages?page_size=2").json()
    assert [m["body"] for m in first["items"]] == ["m0", "m1"]
    assert (first["count"], first["page"], first["next_page"]) == (5, 1, 2)
    last = http.get("/api/v1/me/messages?page_size=2&page=3").json()
    assert [m["body"] for m in last["items"]] == ["m4"] and last["next_page"] is None
    since = http.get("/api/v1/me/messages?since=2026-12-01T10:03:00Z").json()
    assert [m["body"] for m in since["items"]] == ["m3", "m4"]
    assert http.get("/api/v1/me/messages?since=yesterday").status_code == 422


def test_the_care_team_reads_and_replies_through_the_gate(casey, robin):
    send_message(client=casey.client, author=casey, body="Question")
    http = api(robin)
    path = f"/api/v1/clients/{casey.client.pk}/messages"
    listed = http.get(path)
    assert listed.status_code == 200 and listed.json()["items"][0]["body"] == "Question"
    event = AccessEvent.objects.filter(actor_id=robin.pk).latest("id")
    assert (event.category, event.client_id) == ("messages", casey.client.pk)
    reply = post(http, path, {"body": "Answer", "client_request_id": "r1"})
    assert reply.status_code == 201
    assert reply.json()["author"] == {"role": "clinician", "name": "Robin Example"}


def test_a_supervisor_reads_but_cannot_reply_and_sam_and_jo_get_404(casey, robin, pat, sam, jo):
    send_message(client=casey.client, author=casey, body="Question")
    path = f"/api/v1/clients/{casey.client.pk}/messages"
    supervisor = api(pat)
    assert supervisor.get(path).status_code == 200
    assert AccessEvent.objects.filter(actor_id=pat.pk).latest("id").purpose == "supervision"
    assert post(supervisor, path, {"body": "No", "client_request_id": "p"}).status_code == 403
    for outsider in (sam, jo):
        http = api(outsider)
        assert http.get(path).status_code == 404
        refused = post(http, path, {"body": "No", "client_request_id": "o"})
        assert refused.status_code == 404
    assert Message.objects.count() == 1


def test_read_receipts_are_recorded_once_and_shown_to_the_writer(casey, robin, pat, sam):
    message = send_message(client=casey.client, author=casey, body="Seen?").message
    with freeze_time(dt.datetime(2026, 12, 3, 14, 14, tzinfo=dt.UTC)):
        first = api(robin).post(f"/api/v1/messages/{message.pk}/read")
    again = api(robin).post(f"/api/v1/messages/{message.pk}/read")
    assert first.status_code == again.status_code == 200
    assert first.json()["read_at"] == again.json()["read_at"]
    assert MessageRead.objects.count() == 1
    (item,) = api(casey).get("/api/v1/me/messages").json()["items"]
    assert [r["name"] for r in item["read_by"]] == ["Robin"]
    assert api(pat).post(f"/api/v1/messages/{message.pk}/read").status_code == 403
    assert api(sam).post(f"/api/v1/messages/{message.pk}/read").status_code == 404
    assert api(casey).post("/api/v1/messages/999999/read").status_code == 404
    assert MessageRead.objects.count() == 1


def test_the_client_marks_a_care_team_message_read(casey, robin, lee):
    message = send_message(client=casey.client, author=robin, body="Reply").message
    assert api(casey).post(f"/api/v1/messages/{message.pk}/read").status_code == 200
    assert MessageRead.objects.get().reader == casey
    assert api(lee).post(f"/api/v1/messages/{message.pk}/read").status_code == 404


def test_the_routes_are_documented_in_openapi():
    spec = HttpClient().get("/api/v1/openapi.json").json()
    paths = spec["paths"]
    assert {"get", "post"} <= set(paths["/api/v1/me/messages"])
    assert {"get", "post"} <= set(paths["/api/v1/clients/{client_id}/messages"])
    assert "post" in paths["/api/v1/messages/{message_id}/read"]
