"""Links to reach someone appear only where the client's choices allow, with the warnings first;
phone numbers in free text become tap-to-call and tap-to-text, and everything else is escaped."""

from __future__ import annotations

import pytest

from reconnect.contact.actions import save_contact_details, stop_texts
from reconnect.contact.links import contact_links
from reconnect.contact.templatetags.contact import reach_links

pytestmark = pytest.mark.django_db


def _reach(casey, **choices):
    details, _ = save_contact_details(client=casey.client, by=casey, **choices)
    return contact_links(details)


def _kinds(reach):
    return [link.kind for link in reach.links]


def test_no_details_means_no_links():
    assert contact_links(None) is None


def test_a_phone_alone_gives_a_call_link_and_says_do_not_leave_a_voicemail(casey):
    reach = _reach(casey, phone="202-555-0142", preferred_channel="call")
    assert [(link.href, link.label) for link in reach.links] == [
        ("tel:+12025550142", "Call (202) 555-0142")
    ]
    assert reach.no_voicemail


def test_voicemail_allowed_removes_the_warning(casey):
    reach = _reach(casey, phone="202-555-0142", preferred_channel="call", ok_voicemail=True)
    assert not reach.no_voicemail


def test_a_text_link_only_when_texts_are_ok_and_the_number_has_not_replied_stop(casey):
    assert _kinds(_reach(casey, phone="202-555-0142", preferred_channel="call")) == ["call"]
    reach = _reach(casey, phone="202-555-0142", ok_text=True, preferred_channel="call")
    assert _kinds(reach) == ["call", "text"]
    stop_texts(phone="202-555-0142")
    reach = _reach(casey, phone="202-555-0142", ok_text=True, preferred_channel="call")
    assert _kinds(reach) == ["call"]
    assert reach.texts_off == "Texts off: replied STOP"


def test_an_email_link_only_when_email_is_ok_falling_back_to_the_account_email(casey):
    assert _kinds(_reach(casey, phone="202-555-0142", preferred_channel="call")) == ["call"]
    reach = _reach(casey, ok_email=True, preferred_channel="email")
    assert [(link.href, link.label) for link in reach.links] == [
        (f"mailto:{casey.email}", f"Email {casey.email}")
    ]
    reach = _reach(casey, ok_email=True, preferred_channel="email", email="casey.home@example.org")
    assert reach.links[0].href == "mailto:casey.home@example.org"


def test_the_preferred_way_comes_first(casey):
    reach = _reach(
        casey, phone="202-555-0142", ok_text=True, ok_email=True, preferred_channel="email"
    )
    assert _kinds(reach) == ["email", "call", "text"]
    reach = _reach(casey, phone="202-555-0142", ok_text=True, preferred_channel="text")
    assert _kinds(reach) == ["text", "call"]


def test_messages_in_the_app_only_hides_every_link(casey):
    reach = _reach(casey, phone="202-555-0142", ok_text=True, ok_email=True)
    assert reach.links == () and not reach.no_voicemail
    assert reach.prefers.startswith("Prefers messages in the app only")


def test_someone_else_may_see_my_messages_is_said(casey):
    assert _reach(casey, others_may_see=True).discreet


def test_a_number_in_how_to_reach_becomes_call_and_text_links():
    html = str(reach_links("Call after 5pm: 202-555-0117"))
    assert html.startswith("Call after 5pm: ")
    assert (
        '<a href="tel:+12025550117"><span class="visually-hidden">Call </span>202-555-0117</a>'
        in html
    )
    assert '<a href="sms:+12025550117">Text' in html


def test_a_toll_free_number_can_be_called_but_not_texted():
    html = str(reach_links("Helpline 1-800-555-0142"))
    assert 'href="tel:+18005550142"' in html and "sms:" not in html


def test_text_without_a_phone_number_stays_plain_text():
    assert str(reach_links("Sunday visits")) == "Sunday visits"
    assert str(reach_links("555-0100")) == "555-0100"  # no area code: not a number we can dial
    assert str(reach_links("")) == ""


def test_everything_around_a_number_is_escaped():
    html = str(reach_links('<script>alert(1)</script> "><img src=x onerror=alert(2)> 202-555-0117'))
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "&quot;&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    assert 'href="tel:+12025550117"' in html
