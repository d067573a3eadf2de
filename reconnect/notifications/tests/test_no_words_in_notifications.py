"""What anyone writes in a message never reaches a text or an email, through the whole stack."""

from __future__ import annotations

import pytest
from django.core import mail

from reconnect.conversations.actions import send_message
from reconnect.notifications.models import Notification, OutboundText

pytestmark = pytest.mark.django_db
CANARY = "Canary-message-9d41"


def _everything_sent(provider) -> str:
    emails = [f"{m.subject}\n{m.body}" for m in mail.outbox]
    texts = [t["Body"] for t in provider.texts]
    stored = list(OutboundText.objects.values_list("body", flat=True))
    return "\n".join(emails + texts + stored)


def test_a_message_and_its_reply_notify_without_their_words(
    provider, casey_texts, robin, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        send_message(client=casey_texts.client, author=casey_texts, body=f"Hello {CANARY}")
    with django_capture_on_commit_callbacks(execute=True):
        send_message(client=casey_texts.client, author=robin, body=f"Hi Casey {CANARY}")

    assert [m.to for m in mail.outbox] == [[robin.email]]
    assert len(provider.texts) == 1
    assert CANARY not in _everything_sent(provider)
    assert Notification.objects.filter(state="sent").count() == 2


def test_a_worrying_message_emails_the_care_team_at_once_without_its_words(
    provider, casey_texts, robin, settings, django_capture_on_commit_callbacks
):
    settings.RECONNECT = {**settings.RECONNECT, "QUIET_HOURS": "00:00-23:59"}  # always quiet
    with django_capture_on_commit_callbacks(execute=True):
        send_message(client=casey_texts.client, author=casey_texts, body=f"I want to die {CANARY}")

    (email,) = mail.outbox
    assert email.subject == "Please read a message now"
    assert CANARY not in _everything_sent(provider) and "die" not in email.body
