"""Supporters: single-use expiring invitations, a calm view of only what is shared, guidance,
encouragement the client can pause, and removal that ends everything at once."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from conftest import PASSWORD, page_text, share, visible_text
from reconnect.consent.models import ConsentGrant
from reconnect.core.input import InvalidInput
from reconnect.people.models import Role, User
from reconnect.supporters import actions
from reconnect.supporters.models import Encouragement, SupporterLink

pytestmark = pytest.mark.django_db


def _join(http, raw: str, email: str = "alex.friend@example.org"):
    return http.post(
        reverse("supporters:invitation", args=[raw]),
        {"display_name": "Alex Friend", "email": email},
    )


def _emailed_link(message) -> str:
    found = re.search(r"https?://\S+(/invite/finish/[^/\s]+/)", message.body)
    assert found, message.body
    return found.group(1)


@pytest.fixture
def emails(mailoutbox, django_capture_on_commit_callbacks):
    """Run a step and return the emails it sent (they go out after the commit)."""

    def sent(step):
        before = len(mailoutbox)
        with django_capture_on_commit_callbacks(execute=True):
            response = step()
        return response, mailoutbox[before:]

    return sent


def test_an_invitation_link_makes_a_supporter_account_from_the_emailed_link_once(
    casey, client, emails
):
    _, raw = actions.invite(client=casey.client, name="Alex")
    assert "invited to be a supporter" in page_text(
        client.get(reverse("supporters:invitation", args=[raw]))
    )
    asked, sent = emails(lambda: _join(client, raw))
    assert asked.status_code == 200
    assert "Check your email to finish joining" in visible_text(asked)
    assert [m.to for m in sent] == [["alex.friend@example.org"]]
    assert "choose a password" in sent[0].body
    link = _emailed_link(sent[0])
    assert not User.objects.filter(email="alex.friend@example.org").exists()
    form = visible_text(client.get(link))
    assert "Create your supporter account" in form and "alex.friend@example.org" in form
    response = client.post(link, {"display_name": "Alex Friend", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == reverse("supporters:home")
    alex = User.objects.get(email="alex.friend@example.org")
    assert alex.role == Role.SUPPORTER
    assert SupporterLink.objects.get().supporter == alex
    assert "isn't sharing anything with you right now" in visible_text(
        client.get(reverse("supporters:home"))
    )
    client.logout()
    again = client.post(link, {"display_name": "Alex Friend", "password": PASSWORD})
    assert again.status_code == 410 and "used already" in page_text(again)
    reused = _join(client, raw, email="someone.else@example.org")
    assert reused.status_code == 410
    assert "used already" in page_text(reused)
    assert not User.objects.filter(email="someone.else@example.org").exists()


def test_an_expired_or_made_up_link_changes_nothing(casey, client):
    _, raw = actions.invite(client=casey.client, name="Alex")
    with freeze_time(timezone.now() + dt.timedelta(days=8)):
        response = _join(client, raw)
    assert response.status_code == 410 and "expired" in page_text(response)
    assert client.get(reverse("supporters:invitation", args=["made-up"])).status_code == 410
    made_up = client.get(reverse("supporters:finish_joining", args=["made-up"]))
    assert made_up.status_code == 410 and "ask the person who invited you" in page_text(made_up)
    assert not User.objects.filter(email="alex.friend@example.org").exists()
    assert not SupporterLink.objects.exists()


def test_an_emailed_link_expires_after_a_day(casey, client, emails):
    _, raw = actions.invite(client=casey.client, name="Alex")
    _, sent = emails(lambda: _join(client, raw))
    with freeze_time(timezone.now() + dt.timedelta(hours=25)):
        late = client.post(_emailed_link(sent[0]), {"display_name": "Alex", "password": PASSWORD})
    assert late.status_code == 410 and "24 hours" in page_text(late)
    assert not User.objects.filter(email="alex.friend@example.org").exists()


def test_choosing_a_weak_password_explains_and_creates_nothing(casey, client, emails):
    _, raw = actions.invite(client=casey.client, name="Alex")
    _, sent = emails(lambda: _join(client, raw))
    link = _emailed_link(sent[0])
    response = client.post(link, {"display_name": "Alex", "password": "short"})
    assert response.status_code == 400
    assert "too short" in page_text(response)
    assert not User.objects.filter(email="alex.friend@example.org").exists()
    assert actions.find_join_request(link.split("/")[-2])  # still usable


def test_a_bad_email_explains_and_counts_as_a_try(casey, client, mailoutbox):
    _, raw = actions.invite(client=casey.client, name="Alex")
    response = _join(client, raw, email="not-an-email")
    assert response.status_code == 400 and "valid email" in page_text(response)
    assert actions.find_invitation(raw).join_tries == 1
    assert not mailoutbox


def test_someone_with_a_supporter_account_signs_in_from_the_email_and_accepts(
    casey, jo, client, emails
):
    _, raw = actions.invite(client=casey.client, name="Jo")
    asked, sent = emails(lambda: _join(client, raw, email=jo.email.upper()))
    assert asked.status_code == 200
    assert "sign in" in sent[0].body and "choose a password" not in sent[0].body
    link = _emailed_link(sent[0])
    page = visible_text(client.get(link))
    assert "You already have an account" in page
    assert reverse("accounts:sign_in") in page_text(client.get(link))
    client.force_login(jo, backend="reconnect.people.backends.MemberBackend")
    assert "Accept the invitation" in visible_text(client.get(link))
    response = client.post(link)
    assert response.status_code == 302
    assert SupporterLink.objects.get(client=casey.client).supporter == jo
    assert client.post(link).status_code == 410


def test_an_emailed_link_opened_by_another_account_changes_nothing(
    casey, jo, lee, client, emails, signed_in
):
    _, raw = actions.invite(client=casey.client, name="Jo")
    _, sent = emails(lambda: _join(client, raw, email=jo.email))
    link = _emailed_link(sent[0])
    other = signed_in(lee)
    assert "not the account you're signed in with" in visible_text(other.get(link))
    assert other.post(link).status_code == 400
    assert not SupporterLink.objects.exists()


def test_an_email_of_someone_in_care_gets_a_kind_no_and_no_link(casey, lee, client, emails):
    _, raw = actions.invite(client=casey.client, name="Lee")
    asked, sent = emails(lambda: _join(client, raw, email=lee.email))
    assert asked.status_code == 200 and "Check your email" in visible_text(asked)
    assert "can't also be a supporter account" in sent[0].body
    assert "/invite/finish/" not in sent[0].body
    assert not SupporterLink.objects.exists()


def test_a_locked_invitation_still_finishes_from_an_email_it_sent(casey, client, emails):
    _, raw = actions.invite(client=casey.client, name="Alex")
    _, sent = emails(lambda: _join(client, raw))
    for _ in range(4):
        _join(client, raw, email="typo@example")
    locked = client.get(reverse("supporters:invitation", args=[raw]))
    assert locked.status_code == 410 and "tried too many times" in page_text(locked)
    response = client.post(_emailed_link(sent[0]), {"display_name": "Alex", "password": PASSWORD})
    assert response.status_code == 302
    assert SupporterLink.objects.get().supporter.email == "alex.friend@example.org"


def test_the_client_sees_when_a_link_was_tried_too_often(casey, client, signed_in):
    _, raw = actions.invite(client=casey.client, name="Alex")
    for _ in range(5):
        _join(client, raw, email="typo@example")
    page = visible_text(signed_in(casey).get(reverse("consent:sharing")))
    assert "The link for Alex was tried too many times" in page


def test_a_signed_in_supporter_accepts_with_one_button(casey, jo, signed_in):
    _, raw = actions.invite(client=casey.client, name="Jo")
    response = signed_in(jo).post(reverse("supporters:invitation", args=[raw]))
    assert response.status_code == 302
    assert SupporterLink.objects.get(client=casey.client).supporter == jo


def test_a_clinician_cannot_accept_an_invitation(casey, sam, signed_in):
    _, raw = actions.invite(client=casey.client, name="Sam")
    signed_in(sam).post(reverse("supporters:invitation", args=[raw]))
    assert not SupporterLink.objects.exists()


def test_encouragement_arrives_once_even_when_sent_twice(casey, jo, jo_supports_casey, signed_in):
    http = signed_in(jo)
    form = {
        f"c{casey.client.pk}-message": "Proud of you for going today.",
        f"c{casey.client.pk}-client_request_id": "req-1",
    }
    url = reverse("supporters:message", args=[casey.client.pk])
    http.post(url, form)
    http.post(url, form)
    assert Encouragement.objects.count() == 1
    assert "Proud of you for going today." in visible_text(
        signed_in(casey).get(reverse("home:client_home"))
    )


def test_the_client_can_pause_messages_and_remove_a_supporter(
    casey, jo, jo_supports_casey, signed_in
):
    share(casey, jo, ["checkin_summary"])
    me = signed_in(casey)
    me.post(reverse("supporters:mute", args=[jo.pk]), {"muted": "on"})
    response = signed_in(jo).post(
        reverse("supporters:message", args=[casey.client.pk]),
        {f"c{casey.client.pk}-message": "Hi", f"c{casey.client.pk}-client_request_id": "r"},
    )
    assert response.status_code == 302
    assert not Encouragement.objects.exists()
    me.post(reverse("supporters:remove", args=[jo.pk]))
    assert not ConsentGrant.objects.active().exists()
    url = reverse("consent:shared_record", args=[casey.client.pk])
    assert signed_in(jo).get(url).status_code == 404
    with pytest.raises(InvalidInput, match="not one of your supporters"):
        share(casey, jo, ["checkin_summary"])


def test_the_guidance_asks_about_safety_first_and_offers_help(jo, signed_in):
    http = signed_in(jo)
    first = visible_text(http.get(reverse("supporters:guide")))
    assert "Do you feel safe at home right now?" in first
    assert "Reward recovery-positive moments" not in first
    unsafe = visible_text(http.get(reverse("supporters:guide"), {"safe_at_home": "no"}))
    assert "National Domestic Violence Hotline" in unsafe
    safe = visible_text(http.get(reverse("supporters:guide"), {"safe_at_home": "yes"}))
    for topic in ("Talk in a way that can be heard", "Look after yourself", "Suggest treatment"):
        assert topic in safe
    assert "988" in safe


def test_the_client_sees_which_link_each_supporter_joined_through(casey, jo, signed_in):
    _, raw = actions.invite(client=casey.client, name="Uncle Bao")
    actions.accept(raw=raw, supporter=jo)
    link = SupporterLink.objects.get(client=casey.client, supporter=jo)
    assert link.invitation.name == "Uncle Bao"
    page = visible_text(signed_in(casey).get(reverse("consent:sharing")))
    joined = link.created_at.strftime("%-d %b")
    assert f"Joined through your link for “Uncle Bao” as Jo Example (j…@example.org), {joined}" in (
        page
    )
    assert "Remove Jo as a supporter" in page
    assert "For Uncle Bao" not in page  # no longer an open link


def test_someone_who_supports_the_client_already_is_told_so_and_the_link_stays_open(
    casey, jo, jo_supports_casey, signed_in
):
    invitation, raw = actions.invite(client=casey.client, name="Uncle Bao")
    http = signed_in(jo)
    response = http.post(reverse("supporters:invitation", args=[raw]), follow=True)
    text = visible_text(response)
    assert "You already support Casey" in text
    assert "You're now a supporter" not in text
    invitation.refresh_from_db()
    assert invitation.is_open
    assert SupporterLink.objects.filter(client=casey.client).count() == 1


def test_a_client_can_hold_ten_open_links_and_is_asked_kindly_to_cancel_one(casey, signed_in):
    for n in range(10):
        actions.invite(client=casey.client, name=f"Friend {n}")
    me = signed_in(casey)
    response = me.post(reverse("supporters:invite"), {"name": "Friend 10"}, follow=True)
    assert "Please cancel one you no longer need" in visible_text(response)
    assert casey.client.invitations.count() == 10
    first = casey.client.invitations.get(name="Friend 0")
    response = me.post(reverse("supporters:cancel_invitation", args=[first.pk]), follow=True)
    assert "The link for Friend 0 no longer works" in visible_text(response)
    first.refresh_from_db()
    assert first.cancelled_at is not None
    me.post(reverse("supporters:invite"), {"name": "Friend 10"})
    assert casey.client.invitations.count() == 11


def test_a_cancelled_link_cannot_be_used(casey, jo, signed_in):
    invitation, raw = actions.invite(client=casey.client, name="Jo")
    signed_in(casey).post(reverse("supporters:cancel_invitation", args=[invitation.pk]))
    response = signed_in(jo).post(reverse("supporters:invitation", args=[raw]))
    assert response.status_code == 410
    assert not SupporterLink.objects.exists()


def test_a_client_cannot_cancel_someone_elses_link(casey, lee, signed_in):
    invitation, _ = actions.invite(client=casey.client, name="Jo")
    response = signed_in(lee).post(reverse("supporters:cancel_invitation", args=[invitation.pk]))
    assert response.status_code == 404
    invitation.refresh_from_db()
    assert invitation.is_open
