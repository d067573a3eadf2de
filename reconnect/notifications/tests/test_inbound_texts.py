"""Texts people send us: STOP and START, HELP, and anything else (which is not a message)."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from conftest import visible_text
from reconnect.contact.models import ContactDetails
from reconnect.journal.reminders import send_reminder
from reconnect.notifications.models import InboundText, Notification, OutboundText
from reconnect.notifications.tests import fake_twilio
from reconnect.notifications.tests.conftest import CASEY_PHONE, Provider
from reconnect.radar.models import Signal
from reconnect.records.deletion import delete_account

pytestmark = pytest.mark.django_db


def _reply(response) -> str:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/xml"
    return response.content.decode()


@pytest.mark.parametrize("word", ["STOP", "stop", " Stop. ", "STOPALL", "UNSUBSCRIBE", "CANCEL",
                                  "END", "QUIT"])  # fmt: skip
def test_each_opt_out_word_stops_texts_to_that_number(casey_texts, twilio_posts, word):
    response = twilio_posts.text_in(word, sid="SMstop1")

    assert "<Message>" not in _reply(response)  # the provider confirms an opt-out itself
    details = ContactDetails.objects.get(client=casey_texts.client)
    assert details.texts_stopped and details.texts_stopped_reason == "replied STOP"
    assert InboundText.objects.get().kind == "stop"


def test_after_stop_no_more_texts_reach_the_provider(provider, casey_texts, twilio_posts):
    twilio_posts.text_in("STOP", sid="SMstop2")

    delivery = send_reminder(casey_texts.client, timezone.localdate())

    assert provider.texts == []
    assert OutboundText.objects.filter(purpose="reminder").count() == 0
    assert (delivery.outcome, delivery.detail) == ("failed", "texts off: replied STOP")


def test_after_stop_the_client_and_the_care_team_read_texts_off_replied_stop(
    casey_texts, robin, twilio_posts, signed_in
):
    twilio_posts.text_in("STOP", sid="SMstop3")

    mine = signed_in(casey_texts).get(reverse("contact:mine"))
    reminders = signed_in(casey_texts).get(reverse("journal:reminders"))
    team = signed_in(robin).get(reverse("contact:client", args=[casey_texts.client.pk]))

    assert "Texts off: replied STOP" in visible_text(mine)
    assert "Texts off: replied STOP. Reminders by text are not being sent." in visible_text(
        reminders
    )
    assert "Texts off: replied STOP" in visible_text(team)


@pytest.mark.parametrize("word", ["START", "unstop"])
def test_start_turns_texts_back_on(provider, casey_texts, twilio_posts, word):
    twilio_posts.text_in("STOP", sid="SMstop4")
    twilio_posts.text_in(word, sid="SMstart4")

    assert not ContactDetails.objects.get(client=casey_texts.client).texts_stopped
    send_reminder(casey_texts.client, timezone.localdate())
    assert len(provider.to(CASEY_PHONE)) == 1


def test_help_gets_the_fixed_reply_with_stop_and_988(casey_texts, twilio_posts):
    reply = _reply(twilio_posts.text_in("help", sid="SMhelp1"))

    assert "Test Program: these texts are reminders and notices you chose." in reply
    assert "Reply STOP to stop them" in reply and "call or text 988" in reply
    recorded = OutboundText.objects.get()
    assert (recorded.purpose, recorded.to, recorded.client) == (
        "help_reply",
        CASEY_PHONE,
        casey_texts.client,
    )


def test_help_from_a_number_nobody_gave_us_names_no_program(twilio_posts, casey):
    reply = _reply(twilio_posts.text_in("HELP", sid="SMhelp2", from_number="+12025550199"))

    assert "These texts are reminders you chose." in reply
    assert "Test Program" not in reply and "care team" not in reply


def test_any_other_text_is_not_a_message_the_reply_says_sign_in_and_988(casey_texts, twilio_posts):
    reply = _reply(twilio_posts.text_in("Can we move Friday?", sid="SMother1"))

    assert "replies to this number are not read. To message your care team, sign in." in reply
    assert fake_twilio.PUBLIC_URL in reply
    assert "For a crisis, call or text 988." in reply
    inbound = InboundText.objects.get()
    assert (inbound.kind, inbound.worrying, inbound.client) == ("other", False, casey_texts.client)
    assert not Signal.objects.filter(client=casey_texts.client).exists()


def test_the_words_of_an_inbound_text_are_never_stored(casey_texts, twilio_posts):
    twilio_posts.text_in("Can we move Friday? Canary-inbound-51c2", sid="SMother2")

    for model in (InboundText, OutboundText):
        for row in model.objects.values():
            assert "Canary-inbound-51c2" not in repr(row)


def test_words_that_worry_us_in_a_text_raise_the_urgent_item_and_answer_with_resources(
    casey_texts, twilio_posts
):
    reply = _reply(twilio_posts.text_in("i cant go on anymore", sid="SMworry1"))

    assert "It sounds like things may be really hard right now." in reply
    assert "call or text 988 any time, day or night, or text HOME to 741741" in reply
    inbound = InboundText.objects.get()
    assert inbound.worrying and inbound.phrase_list_version
    (item,) = Signal.objects.filter(client=casey_texts.client, severity="urgent")
    assert (item.kind, item.state) == ("worrying_words", "open")
    assert item.explanation.startswith("A text from Casey at ")
    assert item.explanation.endswith(
        "has words that worry us — the text is not kept; reach out now"
    )
    assert "cant go on" not in item.explanation.lower()


def test_the_urgent_item_from_a_text_is_on_the_care_team_s_caseload(
    casey_texts, robin, twilio_posts, signed_in
):
    twilio_posts.text_in("I want to die", sid="SMworry2")
    page = visible_text(signed_in(robin).get(reverse("radar:caseload")))
    assert "A text from Casey" in page and "has words that worry us" in page


def test_a_replayed_inbound_text_gets_the_same_reply_and_changes_nothing(casey_texts, twilio_posts):
    first = _reply(twilio_posts.text_in("HELP", sid="SMhelp3"))
    counts = (InboundText.objects.count(), OutboundText.objects.count())

    again = _reply(twilio_posts.text_in("HELP", sid="SMhelp3"))

    assert again == first
    assert (InboundText.objects.count(), OutboundText.objects.count()) == counts


def test_an_inbound_text_without_a_valid_signature_gets_403_and_changes_nothing(
    casey_texts, twilio_posts
):
    params = {"MessageSid": "SMforged", "From": CASEY_PHONE, "Body": "STOP"}
    url = fake_twilio.PUBLIC_URL + "/hooks/sms/inbound/"
    for signature in ("", fake_twilio.signature(url, params, token="not-our-token")):
        response = twilio_posts.post("sms_inbound", params, signature=signature)
        assert response.status_code == 403
    assert not ContactDetails.objects.get(client=casey_texts.client).texts_stopped
    assert InboundText.objects.count() == 0


def test_the_webhooks_refuse_everything_when_no_auth_token_is_set(casey_texts, settings):
    settings.TWILIO_AUTH_TOKEN = ""
    response = Provider(token="").text_in("STOP", sid="SMnotoken")
    assert response.status_code == 403


def test_deleting_the_account_removes_the_client_s_texts_and_notifications(
    provider, casey_texts, twilio_posts
):
    send_reminder(casey_texts.client, timezone.localdate())
    twilio_posts.text_in("HELP", sid="SMhelp9")
    Notification.objects.create(recipient=casey_texts, client=casey_texts.client, channel="text")

    delete_account(client=casey_texts.client, requested_by=casey_texts, reason="asked")

    assert (OutboundText.objects.count(), InboundText.objects.count()) == (0, 0)
    assert Notification.objects.count() == 0


def test_after_stop_an_ordinary_text_gets_no_reply_and_none_is_recorded(casey_texts, twilio_posts):
    twilio_posts.text_in("STOP", sid="SMstop9")

    reply = _reply(twilio_posts.text_in("Can we move Friday?", sid="SMafter9"))

    assert "<Message>" not in reply
    assert not OutboundText.objects.exists()


def test_after_stop_words_that_worry_us_still_reach_the_care_team_but_no_text_goes_back(
    casey_texts, twilio_posts
):
    twilio_posts.text_in("STOP", sid="SMstop10")

    reply = _reply(twilio_posts.text_in("I want to die", sid="SMworry10"))

    assert "<Message>" not in reply
    assert not OutboundText.objects.exists()
    assert Signal.objects.filter(client=casey_texts.client, kind="worrying_words").count() == 1


def test_help_is_answered_even_after_stop(casey_texts, twilio_posts):
    twilio_posts.text_in("STOP", sid="SMstop11")
    assert "988" in _reply(twilio_posts.text_in("HELP", sid="SMhelp11"))


def test_a_sender_that_is_not_a_phone_number_gets_no_reply_and_nothing_is_sent(twilio_posts):
    reply = _reply(twilio_posts.text_in("hello", sid="SMjunk1", from_number="+1" + "9" * 3000))

    assert "<Message>" not in reply
    assert not OutboundText.objects.exists()
