"""Real names never appear in a group: not on any group page, in any API answer, nor in any
notification, for every member, seen by every member and every facilitator."""

from __future__ import annotations

import pytest
from django.core import mail
from django.urls import reverse

from reconnect.accounts import actions as accounts
from reconnect.core.routes import all_routes
from reconnect.groups import actions, moderation
from reconnect.groups.models import Post
from reconnect.people.models import Role

pytestmark = pytest.mark.django_db
# The care team's page about one client is part of the client's record, not of a group.
RECORD_PAGES = {"groups:client"}
GROUP_ROUTES = [
    r for r in all_routes() if r.name.startswith("groups:") and r.name not in RECORD_PAGES
]
ALIASES = ["Sunrise", "River", "Harbor Light", "Quiet Oak"]


@pytest.fixture
def full_group(
    group, casey, alex, program, park, robin, settings, django_capture_on_commit_callbacks
):
    """Four members under aliases, a few weeks' worth of posts, replies, a report, a hidden
    post, a held one, and a post with words that worry us (its emails sent)."""
    settings.RECONNECT = {**settings.RECONNECT, "GROUP_POSTS_HELD": 1}
    others = [
        accounts.add_person(
            program=program,
            email=f"member{n}@example.org",
            display_name=name,
            role=Role.CLIENT,
            password="a-long-calm-passphrase-42",
            clinician=robin,
        )
        for n, name in enumerate(["Jordan Whitfield", "Morgan Castellanos"])
    ]
    people = [casey, alex, *others]
    seats = []
    for person, alias in zip(people, ALIASES, strict=True):
        accounts.assign_clinician(client=person.client, clinician=park)
        actions.invite_member(group=group, client=person.client, invited_by=park)
        seats.append(
            actions.join_group(group=group, client=person.client, alias=alias, agreed=True)
        )
    with django_capture_on_commit_callbacks(execute=True):
        for n, seat in enumerate(seats):
            first = actions.write_post(seat=seat, body=f"Hello from member {n}").post
            moderation.moderate_post(post=first, step="approve", by=park, reason="Welcome")
            actions.write_post(seat=seat, body=f"A week on, {n}", reply_to=first.pk)
        worrying = actions.write_post(seat=seats[0], body="I feel suicidal tonight").post
    reported = Post.objects.filter(state="published").exclude(member=seats[1]).first()
    actions.report_post(seat=seats[1], post=reported, reason="unkind")
    actions.toggle_with_you(seat=seats[2], post=reported)
    moderation.mute_member(seat=seats[3], duration="24h", by=park, reason="Cooling off")
    return {"people": people, "seats": seats, "worrying": worrying, "reported": reported}


def _urls(group, full_group) -> list[str]:
    post = full_group["reported"]
    values = {"group_id": group.pk, "post_id": post.pk, "seat_id": full_group["seats"][1].pk}
    return [reverse(r.name, kwargs={p: values[p] for p in r.params}) for r in GROUP_ROUTES]


def test_no_group_page_api_answer_or_notification_names_any_member(
    full_group, group, park, morgan, signed_in
):
    names = []
    for person in full_group["people"]:
        names += [person.display_name, person.email, *person.display_name.split()]
    names = [n for n in names if n not in ("Example",)]
    readers = [*full_group["people"], park, morgan]
    seen = 0
    for reader in readers:
        http = signed_in(reader)
        for url in _urls(group, full_group) + [f"/groups/{group.pk}/?page=2"]:
            response = http.get(url)
            if response.status_code != 200:
                continue
            body = response.content.decode()
            for name in names:
                assert name not in body, (reader.email, url, name)
            seen += 1
        token = accounts.create_api_token(user=reader, name="names")[1]
        for url in ("/api/v1/me/peer-groups", f"/api/v1/peer-groups/{group.pk}/posts"):
            response = http.get(url, HTTP_AUTHORIZATION=f"Bearer {token}")
            for name in names:
                assert name not in response.content.decode(), (reader.email, url, name)
    assert seen >= 25
    assert len(mail.outbox) >= 2
    for email in mail.outbox:
        for name in names:
            assert name not in email.subject + email.body
        assert "suicidal" not in email.body


def test_members_appear_by_their_aliases(full_group, group, alex, signed_in):
    body = signed_in(alex).get(f"/groups/{group.pk}/").content.decode()
    for alias in ("Sunrise", "Harbor Light", "Quiet Oak"):
        assert alias in body
