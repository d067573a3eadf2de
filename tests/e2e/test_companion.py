"""The client companion on a phone: check in fast, find a tool, the plan, the circle, progress."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_browser import go_by_menu, open_menu, serious_violations, sign_in

pytestmark = pytest.mark.e2e


def test_a_client_checks_in_on_a_phone_and_finds_support(phone):
    sign_in(phone, "riley.williams", "client")
    phone.wait_for_url(re.compile(r"/me/$"))
    problems = serious_violations(phone)

    # The check-in: two taps.
    phone.get_by_text("Activated", exact=True).click()
    phone.get_by_role("button", name="Check in").click()
    phone.wait_for_url(re.compile(r"/me/check-ins/\d+/$"))
    expect(phone.get_by_role("heading", name="What do I need right now?")).to_be_visible()
    problems += serious_violations(phone)

    # The offered tool.
    phone.get_by_role("link", name="5-4-3-2-1 grounding").click()
    assert phone.get_by_role("heading", level=1).inner_text() == "5-4-3-2-1 grounding"
    phone.get_by_role("button", name="I'm done").click()
    problems += serious_violations(phone)

    # The safety plan.
    go_by_menu(phone, "Safety plan")
    phone.wait_for_url(re.compile(r"/me/safety-plan/$"))
    expect(phone.get_by_text("Call or text 988").first).to_be_visible()
    problems += serious_violations(phone)

    # A new circle member, then a logged contact.
    go_by_menu(phone, "Circle")
    phone.get_by_role("link", name="Add someone").click()
    phone.get_by_label("Name or nickname").fill("Aunt Mae")
    phone.get_by_label("Who they are to you (optional)").fill("aunt")
    phone.get_by_role("button", name="Save").click()
    phone.wait_for_url(re.compile(r"/me/circle/$"))
    expect(phone.get_by_role("heading", name=re.compile("Aunt Mae"))).to_be_visible()
    phone.get_by_label("Who did you reach out to?").select_option(label="Aunt Mae")
    phone.get_by_text("Better", exact=True).click()
    phone.get_by_role("button", name="Log it").click()
    expect(phone.get_by_text("Reaching out takes courage")).to_be_visible()
    problems += serious_violations(phone)

    # Progress: a chart with its text alternative.
    go_by_menu(phone, "Progress")
    expect(phone.get_by_role("img", name=re.compile("Check-ins"))).to_be_visible()
    expect(phone.get_by_text(re.compile(r"Days I reached out: \d+"))).to_be_visible()
    problems += serious_violations(phone)
    assert problems == []


def test_the_check_in_works_without_javascript(browser, base_url):
    context = browser.new_context(
        base_url=base_url, java_script_enabled=False, viewport={"width": 360, "height": 780}
    )
    page = context.new_page()
    sign_in(page, "taylor.johnson", "client")
    page.get_by_text("Shut down", exact=True).click()
    page.get_by_role("button", name="Check in").click()
    expect(page.get_by_role("heading", name="What do I need right now?")).to_be_visible()
    context.close()


def test_the_safety_plan_and_crisis_lines_stay_readable_offline(phone):
    sign_in(phone, "avery.martinez", "client")
    phone.goto("/me/safety-plan/")
    assert phone.evaluate("navigator.serviceWorker.ready.then(() => true)")
    phone.reload()  # now controlled by the service worker, which keeps a copy
    phone.wait_for_function("navigator.serviceWorker.controller !== null")
    phone.reload()
    phone.context.set_offline(True)
    phone.reload()
    assert phone.get_by_role("heading", level=1).inner_text() == "My safety plan"
    expect(phone.get_by_text("Call or text 988").first).to_be_visible()
    # Any other page opened offline shows the crisis lines, not the browser's error page.
    phone.goto("/me/progress/")
    expect(phone.get_by_text("Call or text 988").first).to_be_visible()
    phone.context.set_offline(False)


def test_the_service_worker_is_served_for_the_whole_site(base_url):
    import urllib.request

    with urllib.request.urlopen(f"{base_url}/sw.js") as response:  # noqa: S310
        assert response.headers["Service-Worker-Allowed"] == "/"
        assert b"/me/safety-plan/" in response.read()


OFFLINE_NOTE = "Typed on the bus with no signal"


def test_a_check_in_made_offline_is_kept_on_the_phone_and_sent_once_when_back_online(phone):
    sign_in(phone, "wren.wilson", "client")
    phone.wait_for_function("navigator.serviceWorker.ready.then(() => true)")
    phone.goto("/me/check-in/")
    phone.wait_for_function("navigator.serviceWorker.controller !== null")
    phone.context.set_offline(True)
    phone.get_by_text("Shut down", exact=True).click()
    phone.get_by_text("Add more (optional)").click()
    phone.get_by_label("A private note (optional)").fill(OFFLINE_NOTE)
    phone.get_by_role("button", name="Check in").click()
    phone.get_by_text("Saved on this phone; it will be sent when you're back online.").wait_for()
    phone.context.set_offline(False)
    phone.get_by_text("Your check-in saved on this phone has been sent.").wait_for()
    phone.reload()  # every page asks the phone to send what it kept: nothing is left to send
    phone.goto("/me/check-ins/")
    assert phone.get_by_text(OFFLINE_NOTE).count() == 1


PLANTED_NOTE = "Written by another site"


def test_another_sites_form_posted_while_offline_is_never_kept_or_sent(phone):
    """A page elsewhere that posts a check-in form here the moment the phone goes offline gets
    the browser's own error page: the phone keeps only forms from Reconnect's own pages, so
    nothing is sent later with this person's session and a fresh token."""
    sign_in(phone, "tatum.lopez", "client")
    phone.wait_for_function("navigator.serviceWorker.ready.then(() => true)")
    phone.reload()
    origin = phone.evaluate("location.origin")
    elsewhere = f"""<!doctype html><title>Elsewhere</title>
    <form id="f" method="post" action="{origin}/me/check-in/" target="_blank">
      <input name="state" value="shut_down"><input name="note" value="{PLANTED_NOTE}">
      <input name="client_request_id" value="planted-1"></form>
    <script>addEventListener("offline", () => document.getElementById("f").submit());</script>"""
    phone.context.route(
        "http://elsewhere.test/**",
        lambda route: route.fulfill(body=elsewhere, content_type="text/html"),
    )
    phone.context.new_page().goto("http://elsewhere.test/")
    with phone.context.expect_page() as opened:
        phone.context.set_offline(True)
    opened.value.wait_for_load_state()
    assert "Saved on this phone" not in opened.value.content()
    outbox = "caches.open('reconnect-outbox-v1').then(q => q.keys()).then(k => k.length)"
    assert phone.evaluate(outbox) == 0
    phone.context.set_offline(False)
    phone.goto("/me/check-ins/")  # every signed-in page asks the phone to send what it kept
    phone.wait_for_timeout(1000)
    phone.reload()
    assert phone.get_by_text(PLANTED_NOTE).count() == 0


NOT_SENT = (
    "A check-in saved on this phone could not be sent after you were signed out. "
    "You can check in again."
)


def test_a_check_in_that_could_not_be_sent_before_signing_out_is_told_on_the_sign_in_page(phone):
    """Kept offline, with the time it was made; back online the phone still cannot send it (the
    server is out of reach) and the person signs out, which empties the outbox: the sign-in page
    says so kindly, and nothing of what was written stays on the phone."""
    sign_in(phone, "emerson.anderson", "client")
    phone.wait_for_function("navigator.serviceWorker.ready.then(() => true)")
    phone.goto("/me/check-in/")
    phone.wait_for_function("navigator.serviceWorker.controller !== null")
    phone.context.set_offline(True)
    phone.get_by_text("Shut down", exact=True).click()
    phone.get_by_text("Add more (optional)").click()
    phone.get_by_label("A private note (optional)").fill("Never sent")
    phone.get_by_role("button", name="Check in").click()
    phone.get_by_text("Saved on this phone; it will be sent when you're back online.").wait_for()
    kept = phone.evaluate(
        """caches.open('reconnect-outbox-v1').then(q => q.keys())
           .then(keys => Promise.all(keys.map(key => caches.match(key).then(r => r.text()))))"""
    )
    assert len(kept) == 1 and "made_at=" in kept[0]  # the time it was made goes with it
    # Back online, but every sending of it fails on the way (the service worker's own request).
    phone.context.route("**/me/check-in/", lambda route: route.abort())
    phone.context.set_offline(False)
    open_menu(phone)
    phone.locator("nav[aria-label='Main']").get_by_role("button", name="Sign out").click()
    phone.wait_for_url(re.compile(r"/sign-in/"))
    expect(phone.get_by_text(NOT_SENT)).to_be_visible()
    assert phone.get_by_text("Never sent").count() == 0
    outbox = "caches.has('reconnect-outbox-v1')"
    assert not phone.evaluate(outbox)
    phone.context.unroute("**/me/check-in/")
