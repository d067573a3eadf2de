"""The peer-group API: my groups, a group's posts (aliases only), posting with `held` and
`crisis_resources_shown`, reporting, and bad input answered kindly with nothing stored."""

from __future__ import annotations

import pytest

from reconnect.accounts.actions import create_api_token
from reconnect.groups import actions, moderation
from reconnect.groups.models import GroupMember, Post, Report

pytestmark = pytest.mark.django_db


def api(user):
    from django.test import Client

    token = create_api_token(user=user, name="test")[1]
    http = Client(HTTP_AUTHORIZATION=f"Bearer {token}")
    return http


def post(http, group, **body):
    return http.post(f"/api/v1/peer-groups/{group.pk}/posts", body, content_type="application/json")


def test_my_groups_lists_mine_and_those_i_may_ask_to_join(casey_seat, group, program, park, casey):
    listed = actions.create_group(
        program=program,
        name="Early recovery",
        purpose="First months",
        facilitators=[],
        created_by=park,
    )
    found = api(casey).get("/api/v1/me/peer-groups").json()
    assert {(g["name"], g["status"], g["alias"]) for g in found} == {
        ("Tuesday evening", "member", "Sunrise"),
        ("Early recovery", "can_ask", ""),
    }
    assert all(g["facilitators"] == ["Park Example"] for g in found)
    assert listed.pk in {g["id"] for g in found}


def test_posting_answers_201_with_held_and_crisis_flags_and_a_replay_200(casey_seat, group, casey):
    http = api(casey)
    first = post(http, group, body="Hello all", reply_to=None, client_request_id="a1")
    assert first.status_code == 201
    assert first.json()["held"] is True and first.json()["crisis_resources_shown"] is False
    again = post(http, group, body="Hello all", reply_to=None, client_request_id="a1")
    assert again.status_code == 200 and again.json()["id"] == first.json()["id"]
    worrying = post(http, group, body="I might overdose", client_request_id="a2")
    assert worrying.json()["held"] is True and worrying.json()["crisis_resources_shown"] is True
    assert post(http, group, body="Different", client_request_id="a1").status_code == 409
    assert Post.objects.count() == 2


def test_the_posts_list_shows_aliases_to_members_and_facilitators(
    casey_seat, alex_seat, group, alex, park, settings
):
    settings.RECONNECT = {**settings.RECONNECT, "GROUP_POSTS_HELD": 0}
    actions.write_post(seat=casey_seat, body="Grateful today")
    for person in (alex, park):
        items = api(person).get(f"/api/v1/peer-groups/{group.pk}/posts").json()["items"]
        assert [(i["alias"], i["body"]) for i in items] == [("Sunrise", "Grateful today")]


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ({"body": "", "client_request_id": "e"}, 422),
        ({"body": "x" * 5001, "client_request_id": "e"}, 422),
        ({"body": "Hi", "client_request_id": "   "}, 422),  # a blank id would post twice
    ],
)
def test_bad_posts_are_refused_kindly_and_nothing_is_stored(casey_seat, group, casey, body, status):
    response = post(api(casey), group, **body)
    assert response.status_code == status
    assert response.json()["errors"][0]["message"]
    assert not Post.objects.exists()


def test_a_muted_or_removed_member_gets_403_with_the_reason(casey_seat, group, casey, park):
    moderation.mute_member(seat=casey_seat, duration="7d", by=park, reason="Pause")
    muted = post(api(casey), group, body="Hi", client_request_id="m")
    assert muted.status_code == 403 and "You can post again on" in muted.json()["detail"]
    moderation.remove_member(seat=casey_seat, by=park, reason="Harassment")
    removed = post(api(casey), group, body="Hi", client_request_id="m2")
    assert removed.status_code == 403 and "removed you" in removed.json()["detail"]
    assert not Post.objects.exists()
    casey_seat.refresh_from_db()
    assert casey_seat.posts_written == 0  # a refused post uses up none of the held first posts


def test_a_group_one_is_not_in_is_404_whichever_post_a_reply_names(
    group, casey_seat, lee, sam, settings
):
    settings.RECONNECT = {**settings.RECONNECT, "GROUP_POSTS_HELD": 0}
    theirs = actions.write_post(seat=casey_seat, body="Seven days").post
    for person in (lee, sam):
        http = api(person)
        assert post(http, group, body="Hi", client_request_id="x").status_code == 404
        for reply_to in (theirs.pk, theirs.pk + 1):  # a post of the group's, and none
            answer = post(http, group, body="Hi", reply_to=reply_to, client_request_id="y")
            assert answer.status_code == 404
        assert http.get(f"/api/v1/peer-groups/{group.pk}/posts").status_code == 404
    assert list(Post.objects.all()) == [theirs]
    assert not GroupMember.objects.filter(posts_written__gt=1).exists()


def test_reporting_through_the_api_once_never_ones_own(
    casey_seat, alex_seat, alex, casey, settings
):
    settings.RECONNECT = {**settings.RECONNECT, "GROUP_POSTS_HELD": 0}
    target = actions.write_post(seat=casey_seat, body="Buy from me").post
    url = f"/api/v1/posts/{target.pk}/report"
    ok = api(alex).post(url, {"reason": "soliciting"}, content_type="application/json")
    assert ok.status_code == 201 and ok.json()["post_id"] == target.pk
    twice = api(alex).post(url, {"reason": "unkind"}, content_type="application/json")
    own = api(casey).post(url, {"reason": "unkind"}, content_type="application/json")
    assert twice.status_code == 422 and own.status_code == 422
    assert "can't report your own post" in own.json()["errors"][0]["message"]
    assert Report.objects.count() == 1


def test_a_hidden_post_is_not_reported_again(casey_seat, alex_seat, alex, park, settings):
    settings.RECONNECT = {**settings.RECONNECT, "GROUP_POSTS_HELD": 0}
    target = actions.write_post(seat=casey_seat, body="Something unkind").post
    moderation.moderate_post(post=target, step="hide", by=park, reason="Unkind")
    url = f"/api/v1/posts/{target.pk}/report"
    refused = api(alex).post(url, {"reason": "unkind"}, content_type="application/json")
    assert refused.status_code == 422
    assert "already hidden" in refused.json()["errors"][0]["message"]
    assert not Report.objects.exists()


def test_a_group_id_beyond_any_database_id_is_404(casey):
    http = api(casey)
    for group_id in (2**63, 10**30):
        response = http.post(
            f"/api/v1/peer-groups/{group_id}/posts",
            {"body": "Hi", "client_request_id": "huge"},
            content_type="application/json",
        )
        assert response.status_code == 404
