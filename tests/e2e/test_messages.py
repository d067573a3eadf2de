"""Messages on a 360-px phone, on the seeded demo: the client writes to the care team with and
without JavaScript, sees the hours and 988 above the box, and the crisis words at once after a
worrying message; Robin sees the unread count and the urgent item, replies from the signal
(logged as outreach); the client sees the reply and the read receipt."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from reconnect.conversations.wording import DANGER_NOW, WORRYING_WORDS_SHOWN
from tests.e2e.test_browser import go_by_menu, serious_violations, sign_in

pytestmark = pytest.mark.e2e
CLIENT = "hayden.thomas"  # on Robin's caseload, with no conversation in the demo
PHONE = {"width": 360, "height": 780}


def _fits(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_client_and_her_clinician_message_each_other_on_phones(browser, base_url):
    problems: list[str] = []
    client = browser.new_context(base_url=base_url, viewport=PHONE).new_page()
    sign_in(client, CLIENT, "client")
    go_by_menu(client, "Messages")
    client.wait_for_url(re.compile(r"/me/messages/$"))
    expect(client.get_by_text(DANGER_NOW)).to_be_visible()
    expect(
        client.get_by_text(re.compile(r"Mon–Fri 9am–5pm.*usually within one working day"))
    ).to_be_visible()
    problems += serious_violations(client)

    # With JavaScript: htmx swaps the conversation in place.
    client.get_by_label("Your message").fill("Hi Robin, could we talk about Thursday?")
    client.get_by_role("button", name="Send").click()
    client.get_by_text("Sent. Your care team will see it.").wait_for()
    assert client.locator(".msg.mine").last.inner_text().count("could we talk about Thursday?")

    # A worrying phrase: the message is sent, and the crisis words are on the same screen.
    client.get_by_label("Your message").fill("Honestly some nights I feel like I cant go on")
    client.get_by_role("button", name="Send").click()
    client.get_by_text(WORRYING_WORDS_SHOWN).wait_for()
    expect(client.get_by_role("link", name=re.compile("safety plan"))).to_be_visible()
    expect(client.get_by_role("link", name="Call or text 988")).to_be_visible()
    assert "cant go on" in client.locator(".msg.mine").last.inner_text()
    assert _fits(client)
    problems += serious_violations(client)

    # Without JavaScript: a plain form post, then the page again.
    plain = browser.new_context(
        base_url=base_url, java_script_enabled=False, viewport=PHONE
    ).new_page()
    sign_in(plain, CLIENT, "client")
    plain.goto("/me/messages/")
    plain.get_by_label("Your message").fill("Sent from a phone without JavaScript")
    plain.get_by_role("button", name="Send").click()
    plain.wait_for_url(re.compile(r"/me/messages/\?sent=\d+"))
    expect(plain.get_by_text("Sent from a phone without JavaScript")).to_be_visible()
    plain.context.close()

    # Robin: the unread count and the urgent item on the caseload, the conversation in the inbox.
    staff = browser.new_context(base_url=base_url, viewport=PHONE).new_page()
    sign_in(staff, "robin", "clinician")
    staff.wait_for_url(re.compile(r"/caseload/$"))
    card = staff.locator(".radar-row", has_text="Hayden Thomas")
    expect(card.get_by_text("3 unread messages")).to_be_visible()
    assert re.search(r"Message from Hayden at .* has words that worry us", card.inner_text())
    problems += serious_violations(staff)
    go_by_menu(staff, "Messages")
    row = staff.locator("tr", has_text="Hayden Thomas")
    assert "3 unread" in row.inner_text() and "Words that worry us" in row.inner_text()
    problems += serious_violations(staff)

    # From the urgent item's card: "Send a message" opens the conversation; sending logs outreach.
    staff.goto("/caseload/")
    card = staff.locator(".radar-row", has_text="Hayden Thomas")
    card.get_by_role("link", name=re.compile(r"Send a message.*Words that worry us")).click()
    expect(staff.get_by_text("Sending logs it as outreach")).to_be_visible()
    expect(staff.get_by_text("cant go on")).to_be_visible()
    staff.get_by_label("Reply to Hayden").fill(
        "Thank you for telling me. I'll call you at 3 today."
    )
    staff.get_by_role("button", name="Send").click()
    staff.get_by_text("Logged as outreach on the signal.").wait_for()
    problems += serious_violations(staff)
    staff.goto("/caseload/")
    card = staff.locator(".radar-row", has_text="Hayden Thomas")
    assert "unread" not in card.inner_text()
    card.get_by_role("link", name=re.compile(r"(Act on this|Details).*Words that worry us")).click()
    expect(staff.get_by_text(re.compile(r"Robin Okafor — sent a message"))).to_be_visible()
    staff.context.close()

    # Back on the client's phone: the reply, and who read her messages.
    client.goto("/me/messages/")
    expect(client.get_by_text("I'll call you at 3 today.")).to_be_visible()
    receipts = client.locator(".receipt").all_inner_texts()
    assert any(re.fullmatch(r"Read by Robin, today at \d{1,2}:\d{2} (am|pm)", r) for r in receipts)
    assert _fits(client)
    problems += serious_violations(client)
    client.context.close()
    assert problems == []
