"""Posts and replies under aliases: held first posts, "with you" without scores, deleting
one's own post (a tombstone stays), the gentle language suggestion, and bad input."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from conftest import visible_text
from reconnect.core.input import IdempotencyConflict, InvalidInput
from reconnect.groups import actions, moderation, wording
from reconnect.groups.models import BODY_MAX_LENGTH, Post, PostState, WithYou

pytestmark = pytest.mark.django_db


def test_a_new_members_first_three_posts_wait_for_a_facilitator(casey_seat):
    posts = [actions.write_post(seat=casey_seat, body=f"Post {n}").post for n in range(4)]
    assert [p.state for p in posts] == [PostState.HELD] * 3 + [PostState.PUBLISHED]
    assert {p.held_because for p in posts[:3]} == {"new_member"}


def test_the_writer_sees_their_held_post_and_others_do_not(
    casey_seat, alex_seat, group, casey, alex, signed_in
):
    actions.write_post(seat=casey_seat, body="Hello everyone, first time here.")
    mine = visible_text(signed_in(casey).get(f"/groups/{group.pk}/"))
    assert "Hello everyone" in mine and "Only you can see this for now" in mine
    assert "Hello everyone" not in visible_text(signed_in(alex).get(f"/groups/{group.pk}/"))


@pytest.mark.usefixtures("settings_held_none")
def test_a_post_and_a_reply_and_with_you_show_aliases_without_counts(
    casey_seat, alex_seat, group, alex, casey, signed_in
):
    first = actions.write_post(seat=casey_seat, body="Seven days today.").post
    http = signed_in(alex)
    http.post(
        f"/groups/{group.pk}/posts/{first.pk}/reply/",
        {"body": "That's wonderful to hear.", "client_request_id": "r1"},
    )
    http.post(f"/groups/{group.pk}/posts/{first.pk}/with-you/")
    reply = Post.objects.get(reply_to=first)
    assert reply.alias == "River" and reply.state == PostState.PUBLISHED
    text = visible_text(signed_in(casey).get(f"/groups/{group.pk}/"))
    assert "replying to You" in text or "replying to" in text
    assert "With you: River" in text
    assert "1 " not in text.split("With you:")[1][:12]  # names, not a score


@pytest.mark.usefixtures("settings_held_none")
def test_saying_with_you_twice_takes_it_back(casey_seat, alex_seat):
    post = actions.write_post(seat=casey_seat, body="Hard day.").post
    assert actions.toggle_with_you(seat=alex_seat, post=post) is True
    assert actions.toggle_with_you(seat=alex_seat, post=post) is False
    assert not WithYou.objects.exists()


@pytest.mark.usefixtures("settings_held_none")
def test_deleting_my_post_leaves_a_tombstone_without_content(
    casey_seat, alex_seat, group, alex, casey, signed_in
):
    post = actions.write_post(seat=casey_seat, body="Something I regret saying.").post
    reply = actions.write_post(seat=alex_seat, body="Thanks for sharing", reply_to=post.pk).post
    signed_in(casey).post(f"/groups/{group.pk}/posts/{post.pk}/delete/", {"confirm": "yes"})
    post.refresh_from_db()
    assert post.state == PostState.DELETED and post.body == ""
    text = visible_text(signed_in(alex).get(f"/groups/{group.pk}/"))
    assert "This post was deleted by its writer." in text
    assert "Something I regret" not in text
    assert Post.objects.get(pk=reply.pk).reply_to_id == post.pk
    # The reply still names the writer the tombstone shows, who is still in the group.
    assert "replying to Sunrise" in text and "A former member" not in text


@pytest.mark.usefixtures("settings_held_none")
def test_deleting_my_post_asks_first_without_javascript(
    casey_seat, alex_seat, group, casey, alex, signed_in
):
    post = actions.write_post(seat=casey_seat, body="Not sure about this one.").post
    http = signed_in(casey)
    thread = http.get(f"/groups/{group.pk}/").content.decode()
    assert f'<a href="/groups/{group.pk}/posts/{post.pk}/delete/">Delete my post' in thread
    asked = http.get(f"/groups/{group.pk}/posts/{post.pk}/delete/")
    text = visible_text(asked)
    assert "Delete your post?" in text and "Not sure about this one." in text
    assert "Yes, delete my post" in text and "No, keep it" in text
    http.post(f"/groups/{group.pk}/posts/{post.pk}/delete/")  # a first tap only asks
    assert Post.objects.get(pk=post.pk).state == PostState.PUBLISHED
    http.post(f"/groups/{group.pk}/posts/{post.pk}/delete/", {"confirm": "yes"})
    assert Post.objects.get(pk=post.pk).state == PostState.DELETED
    # Someone else's post, or one already deleted, has no confirmation page to open.
    other = actions.write_post(seat=alex_seat, body="Mine, not Casey's").post
    assert http.get(f"/groups/{group.pk}/posts/{other.pk}/delete/").status_code == 404
    assert http.get(f"/groups/{group.pk}/posts/{post.pk}/delete/").status_code == 404
    by_alex = signed_in(alex).post(
        f"/groups/{group.pk}/posts/{post.pk}/delete/", {"confirm": "yes"}
    )
    assert by_alex.status_code == 404


def test_a_member_cannot_delete_someone_elses_post(casey_seat, alex_seat):
    post = actions.write_post(seat=casey_seat, body="Mine").post
    with pytest.raises(InvalidInput):
        actions.delete_own_post(seat=alex_seat, post=post)


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("", wording.EMPTY),
        ("   ", wording.EMPTY),
        ("x" * (BODY_MAX_LENGTH + 1), "5,000 characters or fewer (this one has 5,001)"),
    ],
)
def test_an_empty_or_too_long_post_is_refused_kindly_and_nothing_is_stored(
    casey_seat, group, casey, signed_in, body, message
):
    response = signed_in(casey).post(
        f"/groups/{group.pk}/", {"body": body, "client_request_id": "x1"}
    )
    assert response.status_code == 400
    assert message in visible_text(response)
    assert not Post.objects.exists()


def test_a_double_submit_stores_one_post(casey_seat):
    first = actions.write_post(seat=casey_seat, body="Once", client_request_id="same")
    again = actions.write_post(seat=casey_seat, body="Once", client_request_id="same")
    assert first.created and not again.created and first.post.pk == again.post.pk
    with pytest.raises(IdempotencyConflict):
        actions.write_post(seat=casey_seat, body="Different", client_request_id="same")
    assert Post.objects.count() == 1
    casey_seat.refresh_from_db()
    assert casey_seat.posts_written == 1  # the replays were not counted as posts


def test_a_double_submit_of_a_first_post_does_not_use_up_a_held_place(casey_seat):
    for _ in range(2):
        actions.write_post(seat=casey_seat, body="Hello", client_request_id="hello")
    later = [actions.write_post(seat=casey_seat, body=f"Post {n}").post for n in range(3)]
    assert [p.state for p in later] == [PostState.HELD, PostState.HELD, PostState.PUBLISHED]


def test_a_muted_member_cannot_post_and_is_told_until_when(
    casey_seat, park, group, casey, signed_in
):
    moderation.mute_member(seat=casey_seat, duration="24h", by=park, reason="Cooling off")
    response = signed_in(casey).post(
        f"/groups/{group.pk}/", {"body": "Can I post?", "client_request_id": "m1"}
    )
    assert response.status_code == 400
    text = visible_text(response)
    assert "paused your posting for now. You can post again on" in text
    until = timezone.localtime(timezone.now() + dt.timedelta(hours=24))
    assert str(until.day) in text
    assert not Post.objects.exists()


@pytest.mark.usefixtures("settings_held_none")
def test_a_muted_member_reads_until_when_in_their_time_zone_instead_of_a_post_box(
    casey_seat, alex_seat, park, group, casey, signed_in
):
    casey.time_zone = "America/Los_Angeles"
    casey.save(update_fields=["time_zone"])
    post = actions.write_post(seat=alex_seat, body="How is everyone?").post
    moderation.mute_member(seat=casey_seat, duration="24h", by=park, reason="Cooling off")
    until = dt.datetime(2037, 12, 2, 23, 40, tzinfo=dt.UTC)  # 3:40 pm in Los Angeles
    type(casey_seat).objects.filter(pk=casey_seat.pk).update(muted_until=until)
    http = signed_in(casey)
    for url in (f"/groups/{group.pk}/", f"/groups/{group.pk}/posts/{post.pk}/reply/"):
        page = http.get(url)
        text = visible_text(page)
        assert "Your posting is paused" in text
        assert "You can post again on Wed 2 Dec, 3:40 pm." in text
        assert wording.MUTED_READING in text
        assert 'name="body"' not in page.content.decode()
    assert "How is everyone?" in visible_text(http.get(f"/groups/{group.pk}/"))


def test_after_removal_posting_is_refused_and_the_group_is_closed(
    casey_seat, park, group, casey, signed_in
):
    moderation.remove_member(seat=casey_seat, by=park, reason="Repeated harassment")
    casey_seat.refresh_from_db()
    with pytest.raises(InvalidInput) as refused:
        actions.write_post(seat=casey_seat, body="Still here")
    assert refused.value.message == wording.REMOVED
    assert signed_in(casey).get(f"/groups/{group.pk}/").status_code == 404
    assert not Post.objects.exists()


def test_a_post_to_a_group_one_is_not_in_is_404(group, lee, signed_in):
    response = signed_in(lee).post(
        f"/groups/{group.pk}/", {"body": "Hello", "client_request_id": "z"}
    )
    assert response.status_code == 404
    assert not Post.objects.exists()


def test_the_language_check_suggests_gently_once_and_never_blocks(
    casey_seat, group, casey, signed_in
):
    http = signed_in(casey)
    data = {"body": "I was an addict for ten years.", "client_request_id": "lang-1"}
    first = http.post(f"/groups/{group.pk}/", data)
    assert first.status_code == 200
    text = visible_text(first)
    assert "A gentle thought" in text and "person with a substance use disorder" in text
    assert not Post.objects.exists()
    second = http.post(f"/groups/{group.pk}/", {**data, "language_checked": "True"})
    assert second.status_code == 302
    assert Post.objects.get().body == data["body"]


def test_links_are_plain_text_unless_the_program_allows_them(
    casey_seat, alex_seat, group, alex, settings
):
    settings.RECONNECT = {**settings.RECONNECT, "GROUP_POSTS_HELD": 0}
    actions.write_post(seat=casey_seat, body="See https://example.org/meeting")
    from django.test import Client

    http = Client()
    http.force_login(alex)
    body = http.get(f"/groups/{group.pk}/").content.decode()
    assert "https://example.org/meeting" in body and 'href="https://example.org' not in body
    settings.RECONNECT = {**settings.RECONNECT, "GROUP_LINKS": True}
    assert 'href="https://example.org/meeting"' in http.get(f"/groups/{group.pk}/").content.decode()


@pytest.mark.usefixtures("settings_held_none")
def test_a_hidden_posts_words_stay_hidden_on_the_reply_and_report_pages(
    casey_seat, alex_seat, group, park, alex, signed_in
):
    post = actions.write_post(seat=casey_seat, body="Words a facilitator hid").post
    moderation.moderate_post(post=post, step="hide", by=park, reason="Unkind to a member")
    http = signed_in(alex)
    for page in ("reply", "report"):
        response = http.get(f"/groups/{group.pk}/posts/{post.pk}/{page}/")
        assert response.status_code == 404
        assert "Words a facilitator hid" not in response.content.decode()
    refused = http.post(f"/groups/{group.pk}/posts/{post.pk}/report/", {"reason": "unkind"})
    assert refused.status_code == 404
    assert not post.reports.exists()


def test_words_that_worry_us_post_at_once_without_the_language_suggestion(
    casey_seat, group, casey, signed_in
):
    response = signed_in(casey).post(
        f"/groups/{group.pk}/",
        {"body": "I'm just an addict and I want to die", "client_request_id": "lang-w"},
    )
    assert response.status_code == 302 and response["Location"].endswith("#worry-h")
    post = Post.objects.get()
    assert post.worrying and post.state == PostState.HELD


@pytest.mark.usefixtures("settings_held_none")
def test_the_report_page_of_ones_own_post_says_so_kindly_instead_of_a_form(
    casey_seat, group, casey, signed_in
):
    post = actions.write_post(seat=casey_seat, body="My own words").post
    page = signed_in(casey).get(f"/groups/{group.pk}/posts/{post.pk}/report/")
    assert page.status_code == 200
    text = visible_text(page)
    assert wording.REPORT_OWN_PAGE in text and "This is your post" in text
    assert 'name="reason"' not in page.content.decode() and "Send the report" not in text


@pytest.mark.usefixtures("settings_held_none")
def test_with_you_names_the_others_and_the_button_says_it_is_you(
    casey_seat, alex_seat, group, alex, casey, signed_in
):
    # The button already says "You're with Sunrise": the line beside it never repeats "you".
    post = actions.write_post(seat=casey_seat, body="Ninety days.").post
    actions.toggle_with_you(seat=alex_seat, post=post)
    text = visible_text(signed_in(alex).get(f"/groups/{group.pk}/"))
    assert "You're with Sunrise" in text
    assert "With you: you" not in text and "With you:" not in text
    assert "With you: River" in visible_text(signed_in(casey).get(f"/groups/{group.pk}/"))


@pytest.mark.usefixtures("settings_held_none")
def test_a_facilitator_reads_the_thread_in_their_own_time_zone(
    casey_seat, group, park, signed_in, settings
):
    settings.TIME_ZONE = "UTC"
    park.time_zone = "Asia/Kolkata"
    park.save(update_fields=["time_zone"])
    post = actions.write_post(seat=casey_seat, body="Evening all").post
    at = dt.datetime(2026, 3, 3, 12, 0, tzinfo=dt.UTC)  # 5:30 pm in Kolkata, a Tuesday
    Post.objects.filter(pk=post.pk).update(created_at=at)
    page = signed_in(park).get(f"/groups/{group.pk}/")
    text = visible_text(page)
    assert "Tue 3 Mar, 5:30 pm" in text and "12:00 pm" not in text
    assert 'datetime="2026-03-03T17:30:00+05:30"' in page.content.decode()


def test_the_jump_to_the_crisis_card_keeps_its_top_in_sight():
    from pathlib import Path

    from django.conf import settings

    css = (Path(settings.BASE_DIR) / "static" / "css" / "app.css").read_text()
    assert ".safety-first > h2[id] { scroll-margin-top:" in css


def test_deleting_a_first_post_nobody_reviewed_does_not_skip_the_review(casey_seat):
    for n in range(3):
        held = actions.write_post(seat=casey_seat, body=f"Throw-away {n}").post
        actions.delete_own_post(seat=casey_seat, post=held)
    after = actions.write_post(seat=casey_seat, body="Now for real").post
    assert after.state == PostState.HELD
