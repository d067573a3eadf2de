"""Sending a message: once per request id, text only within limits, the words-that-worry-us
check on what a client writes (one urgent item, notifications without the words), the waiting
mark a reply clears, outreach logged from a signal, and messages that cannot be changed."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.db import connection

from reconnect.conversations.actions import mark_read, send_message
from reconnect.conversations.models import (
    Conversation,
    ImmutableMessage,
    Message,
    MessageRead,
)
from reconnect.core.input import IdempotencyConflict, InvalidInput
from reconnect.core.worry import VERSION
from reconnect.notifications.models import Notification
from reconnect.radar.models import Outreach, Signal

pytestmark = pytest.mark.django_db
WORRYING = "I can't go on like this tonight"


def test_a_client_message_is_stored_encrypted_with_who_wrote_it_and_waits_for_a_reply(casey):
    sent = send_message(
        client=casey.client, author=casey, body="  Hello Robin  ", client_request_id="m1"
    )
    message = Message.objects.get()
    assert sent.created and sent.message == message
    assert (message.body, message.author_role, message.author_name) == (
        "Hello Robin",
        "client",
        "Casey Example",
    )
    assert message.phrase_list_version == VERSION and not message.worrying
    conversation = Conversation.objects.get(client=casey.client)
    assert conversation.waiting_since == message.sent_at
    with connection.cursor() as cursor:
        cursor.execute("SELECT body FROM conversations_message")
        (stored,) = cursor.fetchone()
    assert stored.startswith("enc1:") and "Hello" not in stored


def test_the_same_request_id_twice_stores_one_message_and_returns_the_first(casey):
    first = send_message(client=casey.client, author=casey, body="Hi", client_request_id="once")
    again = send_message(client=casey.client, author=casey, body="Hi", client_request_id="once")
    assert (again.created, again.message.pk) == (False, first.message.pk)
    assert Message.objects.count() == 1
    with pytest.raises(IdempotencyConflict):
        send_message(client=casey.client, author=casey, body="Other", client_request_id="once")
    assert Message.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "says"),
    [
        ("", "Please write a message"),
        ("   \n ", "Please write a message"),
        ("x" * 5001, "to 5,000 characters or fewer (this one has 5,001)"),
    ],
)
def test_an_empty_or_too_long_message_is_refused_kindly_and_nothing_changes(casey, body, says):
    with pytest.raises(InvalidInput) as refused:
        send_message(client=casey.client, author=casey, body=body, client_request_id="bad")
    assert refused.value.field == "body" and says in refused.value.message
    assert not Message.objects.exists() and not Notification.objects.exists()


def test_five_thousand_characters_is_still_a_message(casey):
    assert send_message(client=casey.client, author=casey, body="x" * 5000).created


def test_only_the_client_and_their_care_team_write_in_the_conversation(casey, sam, pat, jo):
    for stranger in (sam, pat, jo):
        with pytest.raises(InvalidInput):
            send_message(client=casey.client, author=stranger, body="Hello")
    assert not Message.objects.exists()


def test_worrying_words_raise_exactly_one_urgent_item_and_the_message_is_still_sent(
    casey, robin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sent = send_message(
            client=casey.client, author=casey, body=WORRYING, client_request_id="w1"
        )
    assert sent.crisis_resources_shown and sent.message.worrying
    item = Signal.objects.get(client=casey.client, kind="worrying_words")
    assert (item.severity, item.state) == ("urgent", "open")
    assert item.explanation.startswith("Message from Casey at ")
    assert item.explanation.endswith("has words that worry us — read it now")
    assert "go on" not in item.explanation
    note = Notification.objects.get(recipient=robin)
    assert note.urgent and note.message_id == sent.message.pk
    for email in mail.outbox:
        assert "go on" not in email.body and "go on" not in email.subject
    # The same submission again changes nothing: still one item, one message.
    send_message(client=casey.client, author=casey, body=WORRYING, client_request_id="w1")
    assert Signal.objects.filter(kind="worrying_words").count() == 1
    assert Message.objects.count() == 1


def test_a_second_worrying_message_reopens_the_one_live_item(casey, robin):
    send_message(client=casey.client, author=casey, body="I want to die")
    item = Signal.objects.get(kind="worrying_words")
    Signal.objects.filter(pk=item.pk).update(state="acknowledged")
    send_message(client=casey.client, author=casey, body="still thinking about suicide")
    item.refresh_from_db()
    assert item.state == "open"
    assert Signal.objects.filter(kind="worrying_words").count() == 1


def test_a_clinician_s_words_are_not_checked_and_raise_nothing(casey, robin):
    sent = send_message(client=casey.client, author=robin, body="Did you mean an overdose?")
    assert not sent.message.worrying and not sent.crisis_resources_shown
    assert not Signal.objects.filter(kind="worrying_words").exists()


def test_a_care_team_reply_clears_the_wait_and_tells_the_client(casey, robin):
    send_message(client=casey.client, author=casey, body="Are we still on for Friday?")
    send_message(client=casey.client, author=robin, body="Yes, 10 am.")
    assert Conversation.objects.get().waiting_since is None
    assert Notification.objects.filter(recipient=casey).count() <= 1  # by her channel, if any
    assert Notification.objects.filter(recipient=robin, urgent=False).count() == 1


def test_sending_from_a_signal_logs_outreach_messaged_and_acknowledges_it(casey, robin):
    signal = Signal.objects.create(
        client=casey.client,
        kind="drifting",
        severity="attention",
        start="2026-12-01",
        end="2026-12-03",
        explanation="No check-in for 6 days.",
    )
    send_message(client=casey.client, author=robin, body="Thinking of you", signal=signal)
    outreach = Outreach.objects.get()
    assert (outreach.action, outreach.signal, outreach.clinician) == ("messaged", signal, robin)
    assert "Thinking" not in outreach.outcome
    signal.refresh_from_db()
    assert signal.state == "acknowledged"


def test_a_signal_about_someone_else_is_refused(casey, robin, lee):
    other = Signal.objects.create(
        client=lee.client,
        kind="drifting",
        severity="attention",
        start="2026-12-01",
        end="2026-12-03",
        explanation="x",
    )
    with pytest.raises(InvalidInput):
        send_message(client=casey.client, author=robin, body="Hi", signal=other)
    assert not Outreach.objects.exists()


def test_a_message_is_a_record_of_care_and_cannot_be_changed(casey):
    message = send_message(client=casey.client, author=casey, body="Original").message
    message.body = "Rewritten"
    with pytest.raises(ImmutableMessage):
        message.save()
    assert Message.objects.get().body == "Original"
    Message.objects.get().save()  # an unchanged save (re-encryption with a new key) is fine


def test_reading_is_recorded_once_and_never_for_one_s_own_message(casey, robin):
    message = send_message(client=casey.client, author=casey, body="Hello").message
    assert mark_read(message=message, reader=robin) is True
    assert mark_read(message=message, reader=robin) is False
    assert mark_read(message=message, reader=casey) is False
    assert MessageRead.objects.get().reader == robin


def test_unread_counts_for_a_caseload_take_one_query(casey, lee, robin, django_assert_num_queries):
    for n in range(3):
        send_message(client=casey.client, author=casey, body=f"Message {n}")
    mark_read(message=Message.objects.first(), reader=robin)
    with django_assert_num_queries(1):
        counts = Message.objects.unread_counts(robin, [casey.client.pk, lee.client.pk])
    assert counts == {casey.client.pk: 2}


def test_a_conversation_in_flow_tells_the_care_team_once_an_hour_and_a_worry_every_time(
    casey, robin, django_assert_num_queries
):
    from freezegun import freeze_time

    start = dt.datetime(2026, 12, 2, 15, 0, tzinfo=dt.UTC)
    with freeze_time(start):
        send_message(client=casey.client, author=casey, body="First")
    with freeze_time(start + dt.timedelta(minutes=30)):
        # Savepoint, the mark (which finds the team told this hour), the message, release: no
        # notification queries.
        with django_assert_num_queries(4):
            send_message(client=casey.client, author=casey, body="Second")
        send_message(client=casey.client, author=casey, body=WORRYING)
    with freeze_time(start + dt.timedelta(minutes=61)):
        send_message(client=casey.client, author=casey, body="Third")
    told = Notification.objects.order_by("created_at")
    assert [(n.recipient_id, n.urgent) for n in told] == [
        (robin.pk, False),
        (robin.pk, True),
        (robin.pk, False),
    ]
