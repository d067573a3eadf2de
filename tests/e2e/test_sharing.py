"""Sharing in a real browser: a client invites a supporter, who joins from the emailed link; the
client shares only the check-in summary, the supporter sees it (not the safety plan), the client
revokes, the supporter sees nothing, and the client's "who saw my record" lists the supporter's
views."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_browser import serious_violations, sign_in

pytestmark = pytest.mark.e2e


def emailed_link(mail_dir: Path, address: str) -> str:
    """The joining link in the newest email to this address (the file backend's messages)."""
    for path in sorted(mail_dir.glob("*.log"), key=lambda p: p.stat().st_mtime, reverse=True):
        for message in reversed(path.read_text().split("-" * 79)):
            if f"To: {address}" in message:
                found = re.search(r"https?://\S+/invite/finish/\S+/", message)
                if found:
                    return found.group(0)
    raise AssertionError(f"no joining email to {address} in {mail_dir}")


def test_invite_share_revoke_and_see_who_looked(browser, base_url, server_env):
    client_ctx = browser.new_context(base_url=base_url, viewport={"width": 360, "height": 780})
    supporter_ctx = browser.new_context(base_url=base_url, viewport={"width": 1280, "height": 900})
    me, friend = client_ctx.new_page(), supporter_ctx.new_page()

    sign_in(me, "skyler.wilson", "client")
    me.goto("/me/sharing/")
    problems = serious_violations(me)
    me.get_by_label("Their name").fill("Morgan (my cousin)")
    me.get_by_role("button", name="Make an invitation link").click()
    link = me.get_by_role("textbox", name="Invitation link").input_value()
    assert "/invite/" in link

    friend.goto(link)
    problems += serious_violations(friend)
    friend.get_by_label("Your name").fill("Morgan Cousin")
    friend.get_by_label("Email").fill("morgan.cousin@example.org")
    friend.get_by_role("button", name="Email me a link to join").click()
    expect(friend.get_by_role("heading", name="Check your email to finish joining")).to_be_visible()
    friend.goto(emailed_link(Path(server_env["EMAIL_FILE_PATH"]), "morgan.cousin@example.org"))
    assert friend.get_by_label("Your name").input_value() == "Morgan Cousin"
    problems += serious_violations(friend)
    friend.get_by_label("Choose a password").fill("a-long-calm-passphrase-42")
    friend.get_by_role("button", name="Join as a supporter").click()
    friend.wait_for_url(re.compile(r"/support/$"))
    expect(friend.get_by_text("isn't sharing anything with you right now")).to_be_visible()

    me.reload()
    card = me.get_by_role("article").filter(has_text="Morgan Cousin")
    card.get_by_label("Check-in summary").check()
    name = card.get_by_text(re.compile("As it is on your account:")).inner_text().split(": ", 1)[1]
    card.get_by_label("Sign by typing your full name").fill(name)
    card.get_by_label(re.compile("I understand")).check()
    card.get_by_role("button", name="Sign and save").click()
    expect(me.get_by_text("now sees what you chose")).to_be_visible()
    problems += serious_violations(me)

    friend.goto("/support/")
    friend.get_by_role("link", name=re.compile("See what .* shares")).click()
    expect(friend.get_by_role("heading", name="Check-ins")).to_be_visible()
    assert friend.get_by_role("heading", name="Safety plan").count() == 0
    expect(friend.get_by_text("42 CFR part 2").first).to_be_visible()
    shared_url = friend.url
    problems += serious_violations(friend)

    me.goto("/me/sharing/")
    me.get_by_role("button", name=re.compile("Stop sharing with Morgan")).click()
    expect(me.get_by_text("You stopped sharing with Morgan Cousin")).to_be_visible()

    response = friend.goto(shared_url)
    assert response.status == 404
    assert friend.get_by_role("heading", name="Check-ins").count() == 0

    me.goto("/me/record-access/")
    disclosures = me.get_by_role("table").filter(has_text="Morgan Cousin")
    expect(disclosures.get_by_text("Viewed check-in summary").first).to_be_visible()
    views = me.locator(
        "ol.events li", has_text=re.compile(r"Morgan Cousin\s+\(supporter\)\s+viewed")
    )
    assert views.count() == 1
    problems += serious_violations(me)
    assert problems == []
    client_ctx.close()
    supporter_ctx.close()
