"""The client companion on a phone: check in fast, find a tool, the plan, the circle, progress."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_browser import serious_violations, sign_in

pytestmark = pytest.mark.e2e


def test_a_client_checks_in_on_a_phone_and_finds_support(phone):
    sign_in(phone, "riley.williams", "client")
    phone.wait_for_url(re.compile(r"/me/$"))
    problems = serious_violations(phone)

    # The check-in: two taps.
    phone.get_by_text("Activated", exact=True).click()
    phone.get_by_role("button", name="Check in").click()
    phone.wait_for_url(re.compile(r"/me/check-ins/\d+/$"))
    assert phone.get_by_role("heading", name="What do I need right now?").is_visible()
    problems += serious_violations(phone)

    # The offered tool.
    phone.get_by_role("link", name="5-4-3-2-1 grounding").click()
    assert phone.get_by_role("heading", level=1).inner_text() == "5-4-3-2-1 grounding"
    phone.get_by_role("button", name="I'm done").click()
    problems += serious_violations(phone)

    # The safety plan.
    phone.get_by_role("link", name="Safety plan").first.click()
    phone.wait_for_url(re.compile(r"/me/safety-plan/$"))
    assert phone.get_by_text("Call or text 988").first.is_visible()
    problems += serious_violations(phone)

    # A new circle member, then a logged contact.
    phone.get_by_role("link", name="Circle", exact=True).click()
    phone.get_by_role("link", name="Add someone").click()
    phone.get_by_label("Name or nickname").fill("Aunt Mae")
    phone.get_by_label("Who they are to you (optional)").fill("aunt")
    phone.get_by_role("button", name="Save").click()
    phone.wait_for_url(re.compile(r"/me/circle/$"))
    assert phone.get_by_role("heading", name=re.compile("Aunt Mae")).is_visible()
    phone.get_by_label("Who did you reach out to?").select_option(label="Aunt Mae")
    phone.get_by_text("Better", exact=True).click()
    phone.get_by_role("button", name="Log it").click()
    assert phone.get_by_text("Reaching out takes courage").is_visible()
    problems += serious_violations(phone)

    # Progress: a chart with its text alternative.
    phone.get_by_role("link", name="Progress").click()
    assert phone.locator("svg[role=img]").is_visible()
    assert phone.get_by_text(re.compile(r"Days I reached out: \d+")).is_visible()
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
    assert page.get_by_role("heading", name="What do I need right now?").is_visible()
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
    assert phone.get_by_text("Call or text 988").first.is_visible()
    phone.context.set_offline(False)


def test_the_service_worker_is_served_for_the_whole_site(base_url):
    import urllib.request

    with urllib.request.urlopen(f"{base_url}/sw.js") as response:  # noqa: S310
        assert response.headers["Service-Worker-Allowed"] == "/"
        assert b"/me/safety-plan/" in response.read()
