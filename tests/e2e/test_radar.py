"""The radar in a browser, on the seeded demo: the drifting and the returning clients are at the
top with the right explanations; the clinician logs outreach and resolves a signal, which stays
resolved when the radar recomputes; the supervisor's list puts urgent first, filters and pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.conftest import reconnect
from tests.e2e.test_browser import serious_violations, sign_in

pytestmark = pytest.mark.e2e


def test_the_radar_shows_who_needs_attention_first_and_the_clinician_acts(
    browser, base_url, server_env
):
    context = browser.new_context(base_url=base_url, viewport={"width": 1024, "height": 1300})
    page = context.new_page()
    sign_in(page, "robin", "clinician")
    page.wait_for_url(re.compile(r"/caseload/$"))
    names = page.locator(".radar-row h2").all_inner_texts()
    first_calm = min(
        i
        for i, row in enumerate(page.locator(".radar-row").all())
        if "rank-2" in (row.get_attribute("class") or "")
        or "rank-3" in (row.get_attribute("class") or "")
    )
    assert names.index("Alex Garcia") < first_calm  # drifting away
    assert names.index("Sam Smith") < first_calm  # returned to use, coming back
    alex = page.locator(".radar-row", has_text="Alex Garcia")
    assert re.search(r"No check-in for \d+ days; before that, \d+ a week", alex.inner_text())
    sam = page.locator(".radar-row", has_text="Sam Smith")
    assert "Activated or shut down on" in sam.inner_text()
    assert serious_violations(page) == []

    alex.get_by_role("link", name=re.compile(r"Act on this.*Drifting away")).click()
    page.get_by_label("What I did").select_option("called")
    page.get_by_label("How it went (optional)").fill("Talked for ten minutes; coming Thursday.")
    page.get_by_role("button", name="Log it").click()
    expect(page.get_by_text("Outreach logged.")).to_be_visible()
    expect(page.get_by_text("Talked for ten minutes")).to_be_visible()
    page.get_by_label("Why").fill("Back in touch")
    page.get_by_label("Was this signal useful?").select_option("yes")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_text("Resolved.")).to_be_visible()
    assert serious_violations(page) == []

    page.get_by_role("link", name="Back to the caseload").click()
    alex = page.locator(".radar-row", has_text="Alex Garcia")
    assert "Drifting away" not in alex.inner_text()
    assert re.search(r"Ranked by \d+ signals?", page.locator(".radar-row").first.inner_text())

    # The radar recomputes everyone (as the nightly run does, or new data would): the same
    # silent stretch does not bring the resolved signal back.
    reconnect(server_env, "radar_refresh", "--full")
    page.reload()
    alex = page.locator(".radar-row", has_text="Alex Garcia")
    assert "Drifting away" not in alex.inner_text()
    context.close()


def test_the_supervisor_sees_urgent_first_from_when_the_evidence_fired_with_filters_and_pages(
    browser, base_url
):
    context = browser.new_context(base_url=base_url, viewport={"width": 1024, "height": 1300})
    page = context.new_page()
    sign_in(page, "pat", "supervisor")
    page.goto("/team/signals/")
    rows = page.locator("tbody tr")
    assert "Urgent" in rows.first.inner_text()
    assert re.match(r"\d{1,2} [A-Z][a-z]{2}\b", rows.first.locator("td").first.inner_text())
    assert "minute" not in page.locator("tbody").inner_text()
    assert serious_violations(page) == []

    page.get_by_role("link", name="Next page").click()
    page.wait_for_url(re.compile(r"page=2"))
    expect(page.get_by_text(re.compile(r"Page 2 of \d+"))).to_be_visible()

    page.get_by_label("Clinician").select_option(label="Robin Okafor")
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"clinician=\d+"))
    shown = page.locator("tbody tr").all_inner_texts()
    assert shown and all("Robin Okafor" in row for row in shown)
    kinds = page.get_by_label("Signal", exact=True).locator("option").all_inner_texts()[1:]
    kind = next(k for k in kinds if f"{k}:" in shown[-1])
    page.get_by_label("Signal", exact=True).select_option(label=kind)
    page.get_by_role("button", name="Show").click()
    page.wait_for_url(re.compile(r"kind=\w+"))
    shown = page.locator("tbody tr").all_inner_texts()
    assert shown and all(f"{kind}:" in row and "Robin Okafor" in row for row in shown)
    assert page.get_by_label("Clinician").locator("option:checked").inner_text() == "Robin Okafor"
    context.close()
