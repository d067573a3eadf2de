"""In a real browser: every role signs in and lands home; quick exit; no serious axe violations."""

from __future__ import annotations

import re

import pytest
from axe_playwright_python.sync_playwright import Axe

from reconnect.home.demo import DEMO_DOMAIN, current_code, password_for

pytestmark = pytest.mark.e2e
NEUTRAL_SITE = "https://www.weather.gov/"
AXE = Axe()


def serious_violations(page) -> list[str]:
    results = AXE.run(page)
    return [
        f"{page.url} {v['id']}: {v['help']} ({len(v['nodes'])} nodes)"
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


_LAST_STEP: dict[str, int] = {}


def fresh_code(email: str) -> str:
    """A code not used before in this run: a code works once, so a second sign-in in the same
    30-second step takes the next step's code (within the one-step drift allowed), or waits."""
    import time

    step = int(time.time()) // 30
    used = _LAST_STEP.get(email, -1)
    if used >= step + 1:
        time.sleep(30 - time.time() % 30 + 0.5)
        step = int(time.time()) // 30
    offset = 0 if used < step else 1
    _LAST_STEP[email] = step + offset
    return current_code(email, offset)


def sign_in(page, handle: str, role: str) -> None:
    email = f"{handle}@{DEMO_DOMAIN}"
    page.goto("/sign-in/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password_for(role))
    page.get_by_role("button", name="Sign in").click()
    if role != "client":
        page.wait_for_url(re.compile(r"/two-factor/$"))
        page.get_by_label("Six-digit code").fill(fresh_code(email))
        page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()


def reachable_pages(page, limit: int = 10) -> list[str]:
    """Same-site pages linked from here, one per URL shape (ids folded), in link order."""
    seen, pages = set(), []
    hrefs = page.eval_on_selector_all("a[href^='/']", "links => links.map(a => a.pathname)")
    for href in hrefs:
        shape = re.sub(r"\d+", "N", href)
        leaves = ("/api/", "/sign-out", "/quick-exit", "/password-reset")
        if shape in seen or href.startswith(leaves):
            continue
        seen.add(shape)
        pages.append(href)
    return pages[:limit]


def quiet_neutral_site(page) -> None:
    page.context.route(
        f"{NEUTRAL_SITE}**",
        lambda route: route.fulfill(
            body="<!doctype html><title>Weather</title><p>Forecast</p>", content_type="text/html"
        ),
    )


@pytest.mark.parametrize(
    ("handle", "role", "home", "heading"),
    [
        ("casey.nguyen", "client", "/me/", "Hello, Casey"),
        ("robin", "clinician", "/caseload/", "Your caseload"),
        ("pat", "supervisor", "/team/", "Your team"),
        ("morgan", "admin", "/program/", "Harbor Recovery Program"),
    ],
)
def test_each_role_signs_in_lands_home_and_every_reachable_page_passes_axe(
    desktop, handle, role, home, heading
):
    sign_in(desktop, handle, role)
    assert desktop.url.endswith(home)
    assert heading in desktop.get_by_role("heading", level=1).inner_text()
    problems = serious_violations(desktop)
    for path in reachable_pages(desktop):
        desktop.goto(path)
        assert desktop.locator("h1").count() == 1, path
        problems += serious_violations(desktop)
    assert problems == []


def test_public_pages_pass_axe_on_a_phone(phone):
    problems = []
    for path in ("/sign-in/", "/crisis/", "/password-reset/"):
        phone.goto(path)
        problems += serious_violations(phone)
    assert problems == []


def test_quick_exit_leaves_at_once_and_back_does_not_return(phone):
    quiet_neutral_site(phone)
    phone.goto("/crisis/")
    phone.goto("/sign-in/")
    phone.get_by_role("link", name="Quick exit").click()
    phone.wait_for_url(NEUTRAL_SITE)
    phone.go_back()
    assert phone.url.endswith("/crisis/")


def test_quick_exit_from_a_client_page_replaces_the_history_entry(phone):
    quiet_neutral_site(phone)
    sign_in(phone, "alex.garcia", "client")
    phone.wait_for_url(re.compile(r"/me/$"))
    assert phone.get_by_role("link", name="Crisis support").is_visible()
    length = phone.evaluate("history.length")
    phone.get_by_role("link", name="Quick exit").click()
    phone.wait_for_url(NEUTRAL_SITE)
    assert phone.evaluate("history.length") == length


def test_a_client_page_fits_a_360px_phone_without_sideways_scrolling(phone):
    sign_in(phone, "sam.smith", "client")
    phone.goto("/me/record-access/")
    overflow = phone.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0


def test_tables_and_tick_boxes_fit_a_360px_phone(phone):
    sign_in(phone, "casey.nguyen", "client")
    phone.goto("/account/")
    phone.get_by_label("What is this token for?").fill("A phone app for daily check-ins")
    phone.get_by_label("Your password").fill(password_for("client"))
    phone.get_by_role("button", name="Create a token").click()
    phone.wait_for_load_state()
    wide = "document.documentElement.scrollWidth - window.innerWidth"
    assert phone.evaluate(wide) <= 0, "/account/"
    phone.goto("/me/sharing/")
    assert phone.evaluate(wide) <= 0, "/me/sharing/"
    box = phone.locator("fieldset div.checkbox input").first.bounding_box()
    label = phone.locator("fieldset div.checkbox label").first.bounding_box()
    assert box["width"] < 32 and box["x"] + box["width"] <= label["x"]
    assert abs((box["y"] + box["height"] / 2) - (label["y"] + label["height"] / 2)) < 12
    assert serious_violations(phone) == []


def test_a_clinicians_view_shows_up_in_the_clients_record_access_history(browser, base_url):
    clinician = browser.new_context(base_url=base_url)
    page = clinician.new_page()
    sign_in(page, "dana", "clinician")
    page.get_by_role("link", name="Parker Moore", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Parker Moore"
    clinician.close()
    client = browser.new_context(base_url=base_url)
    page = client.new_page()
    sign_in(page, "parker.moore", "client")
    page.get_by_role("link", name="Who saw my record").click()
    assert "Dana Reyes (clinician) viewed your whole timeline" in page.inner_text("main")
    client.close()
