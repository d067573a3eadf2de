"""A client's own posts and group places are in their export (FHIR Communication and Basic
with the peer-group extension, valid R4; the readable report) and go with their account,
leaving content-free tombstones in the threads."""

from __future__ import annotations

import json

import pytest
from fhir.resources.R4B.bundle import Bundle

from reconnect.groups import actions
from reconnect.groups.models import Post, PostState
from reconnect.records.deletion import delete_account
from reconnect.records.export.bundle import fhir_bundle
from reconnect.records.export.groups import PEER_GROUP
from reconnect.records.report import render

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("settings_held_none")]


@pytest.fixture
def posts(casey_seat, alex_seat):
    mine = actions.write_post(seat=casey_seat, body="My first week here").post
    theirs = actions.write_post(seat=alex_seat, body="Welcome, glad you came", reply_to=mine.pk)
    reply = actions.write_post(seat=casey_seat, body="Thank you", reply_to=theirs.post.pk).post
    return {"mine": mine, "theirs": theirs.post, "reply": reply}


def test_the_export_holds_my_posts_and_places_with_the_group_extension_and_is_valid(posts, casey):
    bundle = fhir_bundle(casey.client)
    Bundle.model_validate(bundle)
    resources = [e["resource"] for e in bundle["entry"]]
    sent = [r for r in resources if r["id"].startswith("peer-group-post-")]
    assert [r["payload"][0]["contentString"] for r in sent] == ["My first week here", "Thank you"]
    extension = sent[0]["extension"][0]
    assert extension["url"] == PEER_GROUP
    assert {"url": "group", "valueString": "Tuesday evening"} in extension["extension"]
    assert {"url": "alias", "valueString": "Sunrise"} in extension["extension"]
    places = [r for r in resources if r["id"].startswith("peer-group-place-")]
    assert places[0]["extension"][0]["extension"][2] == {"url": "status", "valueCode": "active"}
    assert "Welcome, glad you came" not in json.dumps(bundle)  # another member's words


def test_the_readable_report_lists_my_groups_and_posts(posts, casey):
    html = render(casey.client)
    assert "Tuesday evening" in html and "as Sunrise" in html and "My first week here" in html
    assert "Welcome, glad you came" not in html


def test_deletion_leaves_tombstones_without_content_and_the_thread_keeps_its_shape(
    posts, casey, alex, group, signed_in
):
    delete_account(client=casey.client, requested_by=casey, reason="client asked")
    mine = Post.objects.get(pk=posts["mine"].pk)
    assert (mine.state, mine.body, mine.alias, mine.member_id) == (PostState.DELETED, "", "", None)
    assert Post.objects.get(pk=posts["theirs"].pk).reply_to_id == mine.pk
    body = signed_in(alex).get(f"/groups/{group.pk}/").content.decode()
    assert "My first week here" not in body and "Sunrise" not in body
    assert "This post was deleted by its writer." in body
