"""In a real browser: every role signs in and lands home, and every page reachable from there
fits a 360-px phone (no sideways scrolling, the content starting near the top, chart words big
enough to read, no label pointing at nothing) with no serious axe violations; quick exit."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

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
    if role not in ("client", "supporter"):
        page.wait_for_url(re.compile(r"/two-factor/$"))
        page.get_by_label("Six-digit code").fill(fresh_code(email))
        page.get_by_role("button", name="Confirm").click()
    page.wait_for_load_state()


PHONE = {"width": 360, "height": 780}
LEAVES = ("/api/", "/sign-out", "/quick-exit", "/password-reset")
# Checked on every page: what a person on a phone would notice, and ids that point nowhere.
PAGE_PROBLEMS = """() => {
  const problems = [];
  const root = document.documentElement;
  if (root.scrollWidth > innerWidth) problems.push(`${root.scrollWidth - innerWidth}px too wide`);
  const top = document.querySelector("main").getBoundingClientRect().top;
  if (top > 200) problems.push(`the content starts ${Math.round(top)}px down`);
  for (const text of document.querySelectorAll("svg text")) {
    const height = text.getClientRects().length ? text.getBoundingClientRect().height : 0;
    if (height && height < 11) {
      problems.push(`chart words "${text.textContent}" are ${height.toFixed(1)}px tall`);
      break;
    }
  }
  for (const attribute of ["aria-describedby", "aria-labelledby", "for"]) {
    for (const element of document.querySelectorAll(`[${attribute}]`)) {
      for (const id of element.getAttribute(attribute).split(/\\s+/).filter(Boolean)) {
        if (!document.getElementById(id)) problems.push(`${attribute} points to no #${id}`);
      }
    }
  }
  return problems;
}"""


def shape(path: str) -> str:
    return re.sub(r"\d+", "N", path)


def reachable_pages(page, limit: int = 10) -> list[str]:
    """Same-site pages linked from here, one per URL shape (ids folded), in link order."""
    seen, pages = set(), []
    hrefs = page.eval_on_selector_all(
        "a[href^='/']:not([download])", "links => links.map(a => a.pathname)"
    )
    for href in hrefs:
        if shape(href) in seen or href.startswith(LEAVES) or href.endswith((".ics", ".csv")):
            continue
        seen.add(shape(href))
        pages.append(href)
    return pages[:limit]


def every_page_from_home(page, depth: int = 2) -> list[str]:
    """Each page reachable from where the person is now, `depth` links away at most, one per
    URL shape; visits them all and returns the problems found (PAGE_PROBLEMS and axe)."""
    from playwright.sync_api import Error

    home = urlparse(page.url).path
    seen, queue, problems = {shape(home)}, [(home, 0)], []
    while queue:
        path, away = queue.pop(0)
        try:
            page.goto(path)
        except Error as error:  # a file to download rather than a page
            if "Download is starting" in error.message:
                continue
            raise
        problems += [f"{path}: {p}" for p in page.evaluate(PAGE_PROBLEMS)]
        problems += serious_violations(page)
        assert page.locator("h1").count() == 1, path
        if away < depth:
            for href in reachable_pages(page, limit=100):
                if shape(href) not in seen:
                    seen.add(shape(href))
                    queue.append((href, away + 1))
    return problems


def open_menu(page) -> None:
    """On a phone the links are in the menu: open it (a <details>, no script needed)."""
    page.locator("summary", has_text="Menu").click()


def go_by_menu(page, name: str) -> None:
    """Open the menu and follow one of its links."""
    open_menu(page)
    page.locator("nav[aria-label='Main']").get_by_role("link", name=name, exact=True).click()
    page.wait_for_load_state()


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
        ("jamie.family", "supporter", "/support/", "The people you support"),
    ],
)
def test_each_role_signs_in_and_every_page_from_home_fits_a_phone_and_passes_axe(
    phone, handle, role, home, heading
):
    sign_in(phone, handle, role)
    assert phone.url.endswith(home)
    assert heading in phone.get_by_role("heading", level=1).inner_text()
    problems = every_page_from_home(phone)
    assert not problems, "\n".join(problems)


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


def bounding(locator) -> dict[str, float]:
    return locator.bounding_box()


def headings_going_back(page, steps: int) -> list[str]:
    """What Back shows, step by step: each page's main heading (the browser's own memory of a
    page, the back-forward cache, is on as on a phone)."""
    seen = []
    for _ in range(steps):
        page.go_back()
        page.wait_for_load_state()
        seen.append(page.locator("h1").first.inner_text())
    return seen


def test_quick_exit_ends_the_session_leaves_no_copies_and_back_never_shows_a_record(phone):
    quiet_neutral_site(phone)
    sign_in(phone, "alex.garcia", "client")
    phone.wait_for_url(re.compile(r"/me/$"))
    expect(phone.get_by_role("link", name="Crisis support")).to_be_visible()
    phone.wait_for_function("navigator.serviceWorker.ready.then(() => true)")
    phone.goto("/me/safety-plan/")
    assert phone.evaluate("caches.match('/me/safety-plan/').then(Boolean)")  # kept offline
    length = phone.evaluate("history.length")
    phone.get_by_role("link", name="Quick exit").click()
    phone.wait_for_url(NEUTRAL_SITE)
    assert phone.evaluate("history.length") == length  # the plan's entry was replaced
    assert headings_going_back(phone, 2) == ["Sign in", "Sign in"]
    assert not phone.evaluate("caches.match('/me/safety-plan/').then(Boolean)")
    assert [c["name"] for c in phone.context.cookies()] == ["csrftoken"]  # signed out here


def test_a_quick_exit_whose_request_never_reached_the_server_is_finished_before_anything_shows(
    phone,
):
    """Pressed with no connection, or its background request lost on the way: the session is
    still open on the server, so Back (the sign-in page, which sends a signed-in person home)
    would show the record. The phone remembers the unfinished exit; the next page it opens here
    shows nothing, ends the session on the server, clears and leaves for the neutral site."""
    quiet_neutral_site(phone)
    sign_in(phone, "quinn.davis", "client")
    phone.wait_for_url(re.compile(r"/me/$"))
    held = []  # requests to /quick-exit/ held on the way: they never reach the server
    phone.context.route("**/quick-exit/", lambda route: held.append(route))
    phone.get_by_role("link", name="Quick exit").click()
    phone.wait_for_url(NEUTRAL_SITE)
    phone.go_back()
    phone.wait_for_url(re.compile(r"/me/$"))  # the session is open: the server sends it home
    hidden = "getComputedStyle(document.documentElement).display === 'none'"
    assert phone.evaluate(hidden)
    assert not phone.get_by_text("Hello, Quinn").is_visible()
    phone.context.unroute("**/quick-exit/")
    held[-1].continue_()  # this time it reaches the server
    phone.wait_for_url(NEUTRAL_SITE)
    phone.goto("/me/")  # opened again later: signed out, and shown as usual
    phone.wait_for_url(re.compile(r"/sign-in/"))
    expect(phone.get_by_role("heading", name="Sign in")).to_be_visible()
    assert not phone.evaluate(hidden)


def test_on_a_phone_without_javascript_the_menu_works_and_quick_exit_still_exits(browser, base_url):
    context = browser.new_context(base_url=base_url, java_script_enabled=False, viewport=PHONE)
    page = context.new_page()
    quiet_neutral_site(page)
    sign_in(page, "jesse.harris", "client")
    # The header: Crisis support and Quick exit always in sight, the links in a menu.
    expect(page.get_by_role("link", name="Crisis support")).to_be_visible()
    expect(page.get_by_role("link", name="Quick exit")).to_be_visible()
    assert page.locator("nav[aria-label='Main']").is_hidden()
    assert page.locator("h1").bounding_box()["y"] < 200
    go_by_menu(page, "Safety plan")
    assert page.url.endswith("/me/safety-plan/")
    # After an "Activated" check-in, every tool offered is on the first screen.
    go_by_menu(page, "Home")
    page.get_by_text("Activated", exact=True).click()
    page.get_by_role("button", name="Check in").click()
    page.wait_for_url(re.compile(r"/me/check-ins/\d+/$"))
    bottoms = [box["y"] + box["height"] for box in map(bounding, page.locator("a.tool-card").all())]
    assert len(bottoms) == 5 and max(bottoms) <= PHONE["height"]
    # Quick exit as a plain link: signed out on the server; Back finds only the sign-in page.
    page.goto("/me/safety-plan/")
    page.get_by_role("link", name="Quick exit").click()
    page.wait_for_url(NEUTRAL_SITE)
    assert headings_going_back(page, 2) == ["Sign in", "Sign in"]
    context.close()


def test_a_client_can_add_reconnect_to_the_home_screen_and_make_it_discreet(phone):
    phone.goto("/sign-in/")
    phone.wait_for_function("navigator.serviceWorker.ready.then(() => true)")
    phone.reload()
    cdp = phone.context.new_cdp_session(phone)
    # Chromium's own check: only the private window itself stands in the way of installing.
    errors = cdp.send("Page.getInstallabilityErrors")["installabilityErrors"]
    assert [e["errorId"] for e in errors if e["errorId"] != "in-incognito"] == []
    manifest = phone.request.get("/manifest.webmanifest").json()
    assert manifest["name"] == "Reconnect" and manifest["display"] == "standalone"
    for icon in manifest["icons"]:
        assert phone.request.get(icon["src"]).ok, icon["src"]
    assert phone.request.get("/favicon.ico").headers["content-type"] == "image/x-icon"

    sign_in(phone, "kendall.nguyen", "client")
    phone.goto("/me/contact/")
    phone.get_by_label("Someone may look at my phone").check()
    phone.get_by_role("button", name="Save").click()
    phone.wait_for_url(re.compile(r"/me/contact/$"))
    assert phone.title() == "Journal"
    assert phone.locator(".brand").inner_text() == "Journal"
    discreet = phone.request.get("/manifest.webmanifest").json()
    assert discreet["name"] == "Journal" and "journal" in discreet["icons"][0]["src"]
    phone.goto("/me/safety-plan/")
    assert phone.title() == "Journal"  # no page says what it is
    # Signed out, this phone still shows the neutral name.
    open_menu(phone)
    phone.get_by_role("button", name="Sign out").click()
    phone.wait_for_url(re.compile(r"/sign-in/"))
    assert phone.title() == "Journal"
    assert serious_violations(phone) == []


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


def test_on_a_phone_a_table_cell_holding_a_date_and_a_link_keeps_both_beside_its_label(phone):
    sign_in(phone, "robin", "clinician")
    timeline = phone.get_by_role("link", name="Casey Nguyen", exact=True).first
    client_page = re.sub(r"timeline/$", "", timeline.get_attribute("href"))
    phone.goto(f"{client_page}sessions/")
    cell = phone.locator("table.stacked td[data-label='When']").first
    link = cell.get_by_role("link").bounding_box()
    label_right = cell.evaluate(
        "td => td.getBoundingClientRect().left + parseFloat(getComputedStyle(td, '::before').width)"
    )
    assert link["x"] > label_right  # in the value's column, not wrapped under "When"


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
