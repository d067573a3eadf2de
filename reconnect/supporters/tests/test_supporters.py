"""Supporters: single-use expiring invitations, a calm view of only what is shared, guidance,
encouragement the client can pause, and removal that ends everything at once."""

from __future__ import annotations

import datetime as dt

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


def _join(http, raw: str, email: str = "alex.friend@example.org"):  # noqa: ANN001
    return http.post(
        reverse("supporters:invitation", args=[raw]),
        {"display_name": "Alex Friend", "email": email, "password": PASSWORD},
    )


def test_an_invitation_link_makes_a_supporter_account_once(casey, client):
    _, raw = actions.invite(client=casey.client, name="Alex")
    assert "invited to be a supporter" in page_text(
        client.get(reverse("supporters:invitation", args=[raw]))
    )
    response = _join(client, raw)
    assert response.status_code == 302 and response["Location"] == reverse("supporters:home")
    alex = User.objects.get(email="alex.friend@example.org")
    assert alex.role == Role.SUPPORTER
    assert SupporterLink.objects.get().supporter == alex
    assert "isn't sharing anything with you right now" in visible_text(
        client.get(reverse("supporters:home"))
    )
    client.logout()
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
    assert not User.objects.filter(email="alex.friend@example.org").exists()
    assert not SupporterLink.objects.exists()


def test_joining_with_a_weak_password_explains_and_creates_nothing(casey, client):
    _, raw = actions.invite(client=casey.client, name="Alex")
    response = client.post(
        reverse("supporters:invitation", args=[raw]),
        {"display_name": "Alex", "email": "alex.friend@example.org", "password": "short"},
    )
    assert response.status_code == 400
    assert "too short" in page_text(response)
    assert not User.objects.filter(email="alex.friend@example.org").exists()
    assert actions.find_invitation(raw)  # still usable


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
        signed_in(casey).get(reverse("people:client_home"))
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
