"""Peer groups on the seeded demo, in real browsers: Lee Park (peer recovery specialist) starts a
group and invites Casey and Alex from their pages; both choose aliases and accept the
agreements; Casey posts, Lee approves it (a new member's first posts wait), Alex replies and
says "with you", Alex reports the post and Lee hides it with a reason; a post with a worrying
phrase is held, shows the writer the crisis resources at once and raises urgent items for Lee
and for Casey's clinician. Neither real name appears on any group page."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from reconnect.groups.wording import WORRYING_WORDS_SHOWN
from tests.e2e.test_browser import serious_violations, sign_in

pytestmark = pytest.mark.e2e
PHONE = {"width": 360, "height": 780}
GROUP = "Thursday circle"
REAL_NAMES = ("Casey", "Nguyen", "Alex", "Garcia")


class Watch:
    """Every group page a test sees, checked for real names and serious accessibility issues."""

    def __init__(self) -> None:
        self.problems: list[str] = []
        self.seen = 0

    def __call__(self, page) -> None:
        if "/groups/" not in page.url or "/clients/" in page.url:
            return
        text = page.content()
        self.problems += [f"{page.url}: {name}" for name in REAL_NAMES if name in text]
        self.problems += serious_violations(page)
        self.seen += 1


def _start_group(lee, watch: Watch) -> None:
    lee.goto("/groups/new/")
    lee.get_by_label("Name").fill(GROUP)
    lee.get_by_label("What the group is for").fill("An evening check-in for the week ahead.")
    lee.get_by_label("Meeting rhythm (optional)").fill("Thursdays, 7 pm")
    lee.get_by_label(re.compile("Listed: the program")).uncheck()
    lee.get_by_role("button", name="Start the group").click()
    lee.get_by_text(f"{GROUP} is ready").wait_for()
    watch(lee)


def _invite(lee, name: str) -> None:
    lee.goto("/peer/")
    lee.locator("li", has_text=name).get_by_role("link", name="peer groups").click()
    lee.get_by_label("Group", exact=True).select_option(label=GROUP)
    lee.get_by_role("button", name="Send the invitation").click()
    lee.get_by_text(f"is invited to {GROUP}").wait_for()


def _join(page, alias: str, watch: Watch) -> None:
    page.get_by_role("link", name="Peer groups").first.click()
    page.locator("article", has_text=GROUP).get_by_role(
        "link", name="Read the agreements and join"
    ).click()
    expect(page.get_by_text("No screenshots")).to_be_visible()
    watch(page)
    page.get_by_label("The name you'll use in this group").fill(alias)
    page.get_by_label("I have read the group agreements and I agree to them").check()
    page.get_by_role("button", name=f"Join {GROUP}").click()
    page.get_by_text(f"You are here as {alias}").wait_for()
    watch(page)


def _queue_step(lee, group_url: str, has_text: str, button: str, reason: str | None) -> None:
    lee.goto(f"{group_url}queue/")
    item = lee.locator("article", has_text=has_text)
    if reason is not None:
        item.get_by_label("Reason for hiding" if button == "Hide" else "Reason").fill(reason)
    item.get_by_role("button", name=button).click()
    lee.wait_for_load_state()


def test_a_peer_group_from_the_first_invitation_to_an_urgent_post(browser, base_url):
    watch = Watch()
    lee = browser.new_context(base_url=base_url, viewport=PHONE).new_page()
    sign_in(lee, "lee", "peer")
    lee.wait_for_url(re.compile(r"/peer/$"))
    _start_group(lee, watch)
    _invite(lee, "Casey Nguyen")
    _invite(lee, "Alex Garcia")

    casey = browser.new_context(base_url=base_url, viewport=PHONE).new_page()
    sign_in(casey, "casey.nguyen", "client")
    _join(casey, "Morning Star", watch)
    group_url = re.sub(r"\?.*$", "", casey.url)
    alex = browser.new_context(base_url=base_url, viewport=PHONE).new_page()
    sign_in(alex, "alex.garcia", "client")
    _join(alex, "Lighthouse", watch)

    # On the phone, "Leave" is far from "Post to the group" (and asks before it leaves).
    post_box = casey.get_by_role("button", name="Post to the group").bounding_box()
    leave = casey.get_by_role("link", name=f"Leave {GROUP}").bounding_box()
    assert leave["y"] - (post_box["y"] + post_box["height"]) >= 40

    # Casey posts; a new member's first posts wait for Lee, who approves it with a reason.
    casey.get_by_label("Write to the group").fill("Grateful for this group tonight.")
    casey.get_by_role("button", name="Post to the group").click()
    casey.get_by_text("A facilitator reads a new member's first posts").first.wait_for()
    _queue_step(lee, group_url, "Grateful for this group", "Approve", None)
    watch(lee)

    # Alex replies and says "with you"; the reply is approved too.
    alex.goto(group_url)
    alex.get_by_role("button", name=re.compile("^With you")).click()
    alex.get_by_role("button", name=re.compile("^You're with Morning Star")).wait_for()
    assert alex.get_by_text("With you: you").count() == 0  # the button says it once
    alex.get_by_role("link", name="Reply to Morning Star").click()
    alex.get_by_label("Reply to Morning Star").fill("Same here. See you next Thursday.")
    alex.get_by_role("button", name="Post my reply").click()
    _queue_step(lee, group_url, "See you next Thursday", "Approve", None)
    casey.goto(group_url)
    expect(casey.get_by_text("With you: Lighthouse")).to_be_visible()
    expect(casey.get_by_text("Same here. See you next Thursday.")).to_be_visible()
    watch(casey)

    # Alex reports Casey's post; Lee hides it with a reason, and the log keeps the reason.
    alex.goto(group_url)
    alex.get_by_role("link", name="Report this post by Morning Star").click()
    alex.get_by_label("Unkind or harassing").check()
    alex.get_by_role("button", name="Send the report").click()
    alex.get_by_text("A facilitator will look at it").wait_for()
    watch(alex)
    _queue_step(lee, group_url, "Grateful for this group", "Hide", "Reported; checking in first")
    lee.goto(f"{group_url}log/")
    expect(lee.get_by_text("Reported; checking in first")).to_be_visible()
    watch(lee)
    alex.goto(group_url)
    expect(alex.get_by_text("A facilitator hid this post.")).to_be_visible()

    # A worrying phrase: held, the crisis words at once for Casey, urgent items for Lee and Robin.
    casey.goto(group_url)
    casey.get_by_label("Write to the group").fill("Honestly I might overdose tonight")
    casey.get_by_role("button", name="Post to the group").click()
    casey.get_by_text(WORRYING_WORDS_SHOWN).wait_for()
    card = casey.locator(".safety-first").bounding_box()
    assert card["y"] >= 0  # the jump to the crisis words keeps the card's top edge in sight
    expect(casey.get_by_role("link", name="Call or text 988")).to_be_visible()
    expect(casey.get_by_role("link", name=re.compile("safety plan"))).to_be_visible()
    watch(casey)
    alex.goto(group_url)
    assert "might overdose tonight" not in alex.content()
    lee.goto(f"{group_url}queue/")
    urgent = lee.locator("article", has_text="might overdose tonight")
    assert "Urgent" in urgent.inner_text() and "Words that worry us" in urgent.inner_text()
    watch(lee)
    robin = browser.new_context(base_url=base_url, viewport=PHONE).new_page()
    sign_in(robin, "robin", "clinician")
    robin.wait_for_url(re.compile(r"/caseload/$"))
    card = robin.locator(".radar-row", has_text="Casey Nguyen")
    assert re.search(r"peer-group post from Casey at .* has words that worry us", card.inner_text())
    assert "might overdose tonight" not in robin.content()

    for page in (lee, casey, alex, robin):
        page.context.close()
    assert watch.seen >= 10
    assert watch.problems == []
