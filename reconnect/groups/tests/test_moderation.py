"""Reports, the facilitators' queue (urgent first, oldest first), hide and restore, pause and
remove, every step with a reason in the log, and words that worry us in a post."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from conftest import visible_text
from reconnect.core.input import InvalidInput
from reconnect.groups import actions, moderation, pages, wording
from reconnect.groups.models import ModerationAction, Post, PostState, Report
from reconnect.notifications.models import Notification
from reconnect.radar.models import Signal

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("settings_held_none")]


def test_a_member_reports_a_post_once_and_never_their_own(
    casey_seat, alex_seat, group, alex, signed_in
):
    post = actions.write_post(seat=casey_seat, body="Meet me after, I sell stuff").post
    response = signed_in(alex).post(
        f"/groups/{group.pk}/posts/{post.pk}/report/", {"reason": "soliciting"}
    )
    assert response.status_code == 302
    assert Report.objects.get().reason == "soliciting"
    with pytest.raises(InvalidInput) as twice:
        actions.report_post(seat=alex_seat, post=post, reason="unkind")
    assert twice.value.message == wording.REPORT_TWICE
    with pytest.raises(InvalidInput) as own:
        actions.report_post(seat=casey_seat, post=post, reason="unkind")
    assert own.value.message == wording.REPORT_OWN
    assert Report.objects.count() == 1


def test_the_queue_holds_reported_and_held_posts_urgent_first_then_oldest(
    casey_seat, alex_seat, group, settings
):
    older = actions.write_post(seat=casey_seat, body="An ordinary post").post
    actions.report_post(seat=alex_seat, post=older, reason="unkind")
    settings.RECONNECT = {**settings.RECONNECT, "GROUP_POSTS_HELD": 10}
    held = actions.write_post(seat=alex_seat, body="My first words").post
    urgent = actions.write_post(seat=alex_seat, body="I want to end it all").post
    items = pages.queue(group, zone="UTC")
    assert [i.post_id for i in items] == [urgent.pk, older.pk, held.pk]
    assert items[0].urgent and items[0].why == "Words that worry us"


def test_a_facilitator_hides_a_reported_post_with_a_reason_and_it_is_logged(
    casey_seat, alex_seat, group, park, alex, signed_in
):
    post = actions.write_post(seat=casey_seat, body="Something unkind").post
    actions.report_post(seat=alex_seat, post=post, reason="unkind")
    http = signed_in(park)
    assert "Something unkind" in visible_text(http.get(f"/groups/{group.pk}/queue/"))
    refused = http.post(f"/groups/{group.pk}/posts/{post.pk}/moderate/", {"step": "hide"})
    assert refused.status_code == 302
    assert Post.objects.get(pk=post.pk).state == PostState.PUBLISHED  # a reason is needed
    http.post(
        f"/groups/{group.pk}/posts/{post.pk}/moderate/",
        {"step": "hide", "reason": "Unkind to another member"},
    )
    assert Post.objects.get(pk=post.pk).state == PostState.HIDDEN
    assert Report.objects.get().resolved_at is not None
    entry = ModerationAction.objects.get()
    assert (entry.kind, entry.reason, entry.alias) == (
        "hide",
        "Unkind to another member",
        "Sunrise",
    )
    text = visible_text(signed_in(alex).get(f"/groups/{group.pk}/"))
    assert "A facilitator hid this post." in text and "Something unkind" not in text
    moderation.moderate_post(post=post, step="restore", by=park, reason="Talked it through")
    assert Post.objects.get(pk=post.pk).state == PostState.PUBLISHED


def test_a_facilitator_hides_and_restores_a_post_from_the_thread_with_a_reason(
    casey_seat, group, park, alex, alex_seat, signed_in
):
    # Not only reported posts: the thread itself offers hide, and a hidden post offers restore.
    post = actions.write_post(seat=casey_seat, body="An unkind remark").post
    http = signed_in(park)
    url = f"/groups/{group.pk}/posts/{post.pk}/moderate/"
    assert "Hide this post" in visible_text(http.get(f"/groups/{group.pk}/"))
    hidden = http.post(url, {"step": "hide", "reason": "Unkind", "back": "thread"})
    assert hidden.url == f"/groups/{group.pk}/#post-{post.pk}"
    assert Post.objects.get(pk=post.pk).state == PostState.HIDDEN
    assert "Restore this post" in visible_text(http.get(f"/groups/{group.pk}/"))
    http.post(url, {"step": "restore", "back": "thread"})  # a reason is needed
    assert Post.objects.get(pk=post.pk).state == PostState.HIDDEN
    http.post(url, {"step": "restore", "reason": "Talked it through", "back": "thread"})
    assert Post.objects.get(pk=post.pk).state == PostState.PUBLISHED
    assert list(ModerationAction.objects.order_by("id").values_list("kind", "reason")) == [
        ("hide", "Unkind"),
        ("restore", "Talked it through"),
    ]
    # Members never see the facilitators' steps.
    assert "Hide this post" not in visible_text(signed_in(alex).get(f"/groups/{group.pk}/"))


def test_removing_a_member_says_they_are_no_longer_in_the_group(casey_seat, group, park, signed_in):
    page = signed_in(park).post(
        f"/groups/{group.pk}/members/{casey_seat.pk}/moderate/",
        {"step": "remove", "reason": "Repeated unkind posts"},
        follow=True,
    )
    assert "Sunrise is no longer in the group." in visible_text(page)


def test_the_log_is_for_facilitators_and_program_admins_and_copies_no_words(
    casey_seat, group, park, morgan, robin, signed_in
):
    post = actions.write_post(seat=casey_seat, body="The secret words").post
    moderation.moderate_post(post=post, step="hide", by=park, reason="Shared a name")
    moderation.mute_member(seat=casey_seat, duration="7d", by=park, reason="Two warnings")
    for person in (park, morgan):
        text = visible_text(signed_in(person).get(f"/groups/{group.pk}/log/"))
        assert "Shared a name" in text and "Two warnings" in text and "Sunrise" in text
        assert "The secret words" not in text
    assert signed_in(robin).get(f"/groups/{group.pk}/log/").status_code == 404
    assert signed_in(morgan).get(f"/groups/{group.pk}/").status_code == 404  # no posts


def test_words_that_worry_us_hold_the_post_show_resources_and_raise_urgent_items(
    casey_seat,
    alex_seat,
    group,
    casey,
    alex,
    park,
    robin,
    signed_in,
    django_capture_on_commit_callbacks,
):
    http = signed_in(casey)
    with django_capture_on_commit_callbacks(execute=True):
        response = http.post(
            f"/groups/{group.pk}/",
            {"body": "Honestly I want to die tonight", "client_request_id": "w1"},
        )
    post = Post.objects.get()
    assert response["Location"].endswith("#worry-h")
    assert post.state == PostState.HELD and post.held_because == "worrying"
    shown = visible_text(http.get(response["Location"]))
    assert wording.WORRYING_WORDS_SHOWN in shown and "Call or text 988" in shown
    assert "Honestly I want to die" not in visible_text(signed_in(alex).get(f"/groups/{group.pk}/"))
    signal = Signal.objects.get(client=casey.client, kind="worrying_words")
    assert signal.severity == "urgent" and "peer-group post" in signal.explanation
    assert "want to die" not in signal.explanation
    notes = Notification.objects.filter(urgent=True)
    assert {(n.recipient_id, n.kind) for n in notes} == {
        (park.pk, "group_held"),
        (robin.pk, "group_worry"),
    }
    assert len(mail.outbox) == 2
    for email in mail.outbox:
        assert "want to die" not in email.body and "Sunrise" not in email.body
        assert "Casey" not in email.body and "Tuesday evening" not in email.body
    queue = visible_text(signed_in(park).get(f"/groups/{group.pk}/queue/"))
    assert "Urgent" in queue and "Words that worry us" in queue


def test_a_post_without_those_words_is_never_called_safe(casey_seat, group, casey, signed_in):
    response = signed_in(casey).post(
        f"/groups/{group.pk}/", {"body": "Good week", "client_request_id": "s1"}, follow=True
    )
    text = visible_text(response).lower()
    assert "no risk" not in text and "you are safe" not in text


def test_keeping_up_a_post_no_one_reported_changes_nothing_and_logs_nothing(
    casey_seat, alex_seat, group, park, signed_in
):
    post = actions.write_post(seat=casey_seat, body="A quiet post").post
    with pytest.raises(moderation.NothingToDo) as nothing:
        moderation.moderate_post(post=post, step="dismiss", by=park, reason="Fine")
    assert nothing.value.message == wording.NOTHING_TO_KEEP_UP
    page = signed_in(park).post(
        f"/groups/{group.pk}/posts/{post.pk}/moderate/",
        {"step": "dismiss", "reason": "Fine"},
        follow=True,
    )
    assert wording.NOTHING_TO_KEEP_UP in visible_text(page)
    # Once the reports are closed, keeping it up again is nothing to do either.
    actions.report_post(seat=alex_seat, post=post, reason="unkind")
    moderation.moderate_post(post=post, step="dismiss", by=park, reason="Kind enough")
    with pytest.raises(moderation.NothingToDo):
        moderation.moderate_post(post=post, step="dismiss", by=park, reason="Again")
    assert list(ModerationAction.objects.values_list("kind", "reason")) == [
        ("dismiss", "Kind enough")
    ]


def test_letting_post_again_someone_never_paused_changes_nothing_and_logs_nothing(
    casey_seat, group, park, signed_in
):
    http = signed_in(park)
    url = f"/groups/{group.pk}/members/{casey_seat.pk}/moderate/"
    page = http.post(url, {"step": "unmute", "reason": "Just in case"}, follow=True)
    assert "Sunrise can already post: their posting isn't paused." in visible_text(page)
    assert not ModerationAction.objects.exists()
    # A pause that has run out is over: nothing to lift, and the button is gone.
    moderation.mute_member(seat=casey_seat, duration="24h", by=park, reason="Cooling off")
    assert "Let them post again" in visible_text(http.get(f"/groups/{group.pk}/members/"))
    past = timezone.now() - dt.timedelta(minutes=1)
    type(casey_seat).objects.filter(pk=casey_seat.pk).update(muted_until=past)
    casey_seat.refresh_from_db()
    with pytest.raises(moderation.NothingToDo):
        moderation.unmute_member(seat=casey_seat, by=park, reason="Over")
    members = visible_text(http.get(f"/groups/{group.pk}/members/"))
    assert "Let them post again" not in members and "Posting paused until" not in members
    assert list(ModerationAction.objects.values_list("kind", flat=True)) == ["mute"]


def test_join_requests_wait_in_the_queue_and_are_let_in_from_there(
    casey_seat, group, alex, park, signed_in
):
    group.listed = True
    group.save()
    asking = actions.join_group(group=group, client=alex.client, alias="River", agreed=True)
    http = signed_in(park)
    queue = visible_text(http.get(f"/groups/{group.pk}/queue/"))
    assert "Asking to join" in queue and "River asked to join" in queue
    assert "Nothing is waiting" not in queue
    assert "1 waiting in the queue" in visible_text(http.get("/peer/"))
    assert "(1 waiting)" in visible_text(http.get("/groups/"))
    back = http.post(
        f"/groups/{group.pk}/members/{asking.pk}/moderate/",
        {"step": "admit", "reason": "Asked and agreed", "back": "queue"},
    )
    assert back.url == f"/groups/{group.pk}/queue/"
    assert type(asking).objects.get(pk=asking.pk).status == "active"
    assert "Asking to join" not in visible_text(http.get(f"/groups/{group.pk}/queue/"))


def test_the_counts_say_how_many_wait_and_how_many_are_urgent(
    casey_seat, alex_seat, group, park, signed_in, settings
):
    reported = actions.write_post(seat=casey_seat, body="Something unkind").post
    actions.report_post(seat=alex_seat, post=reported, reason="unkind")
    unsafe = actions.write_post(seat=casey_seat, body="Not sure they're okay").post
    actions.report_post(seat=alex_seat, post=unsafe, reason="unsafe")
    actions.write_post(seat=alex_seat, body="I might overdose tonight")  # held, worrying
    settings.RECONNECT = {**settings.RECONNECT, "GROUP_POSTS_HELD": 10}
    actions.write_post(seat=alex_seat, body="A new member's post")  # held, not urgent
    assert pages.queue_counts([group.pk]) == {group.pk: pages.Waiting(waiting=4, urgent=2)}
    http = signed_in(park)
    home = http.get("/peer/")
    assert "4 waiting, 2 urgent in the queue" in visible_text(home)
    assert '<span class="badge urgent">Urgent</span> 4 waiting, 2 urgent' in home.content.decode()
    listing = http.get("/groups/")
    assert "Queue (4 waiting, 2 urgent)" in visible_text(listing)
    assert '<span class="badge urgent">Urgent</span>' in listing.content.decode()


def test_the_queue_shows_times_in_the_facilitators_own_time_zone(
    casey_seat, alex_seat, group, park, signed_in, settings
):
    settings.TIME_ZONE = "UTC"
    park.time_zone = "America/Chicago"
    park.save(update_fields=["time_zone"])
    post = actions.write_post(seat=casey_seat, body="Late post").post
    actions.report_post(seat=alex_seat, post=post, reason="unkind")
    at = dt.datetime(2026, 1, 6, 3, 15, tzinfo=dt.UTC)  # Mon 5 Jan, 9:15 pm in Chicago
    Post.objects.filter(pk=post.pk).update(created_at=at)
    text = visible_text(signed_in(park).get(f"/groups/{group.pk}/queue/"))
    assert "Sunrise, Mon 5 Jan, 9:15 pm" in text and "3:15 am" not in text


def test_report_notes_and_moderation_reasons_are_encrypted_at_rest(casey_seat, alex_seat, park):
    from django.db import connection

    post = actions.write_post(seat=casey_seat, body="Meet me later").post
    actions.report_post(seat=alex_seat, post=post, reason="soliciting", note="Asked for my number")
    moderation.moderate_post(post=post, step="hide", by=park, reason="Sunrise asked to meet up")
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM groups_report")
        (note,) = cursor.fetchone()
        cursor.execute("SELECT reason FROM groups_moderationaction")
        (reason,) = cursor.fetchone()
    assert "number" not in note and "meet up" not in reason
    assert Report.objects.get().note == "Asked for my number"
    assert ModerationAction.objects.get().reason == "Sunrise asked to meet up"


def test_a_facilitator_on_the_writers_care_team_is_told_of_both_in_one_email(
    program, casey, robin, park, signed_in, django_capture_on_commit_callbacks
):
    # Robin facilitates the group and is Casey's clinician: one email that says the post is
    # held and that an urgent radar item waits, never two, and never the post's words.
    circle = actions.create_group(
        program=program,
        name="Robin's circle",
        purpose="A place to talk.",
        facilitators=[robin],
        created_by=park,
    )
    actions.invite_member(group=circle, client=casey.client, invited_by=robin)
    seat = actions.join_group(group=circle, client=casey.client, alias="Sunrise", agreed=True)
    with django_capture_on_commit_callbacks(execute=True):
        actions.write_post(seat=seat, body="I want to end it all")
    assert sorted(Notification.objects.values_list("recipient_id", "kind")) == sorted(
        [(park.pk, "group_held"), (robin.pk, "group_both")]
    )
    to_robin = [m for m in mail.outbox if m.to == [robin.email]]
    assert len(to_robin) == 1 and len(mail.outbox) == 2
    body = to_robin[0].body
    assert "held for you" in body and "urgent item is on your radar" in body
    assert "end it all" not in body and "Sunrise" not in body and "Casey" not in body
    assert Signal.objects.get(client=casey.client, kind="worrying_words").severity == "urgent"
