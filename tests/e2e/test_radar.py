"""The radar in a browser, on the seeded demo: the drifting and the returning clients are at the
top with the right explanations; the clinician logs outreach and resolves a signal."""

from __future__ import annotations

import re

import pytest

from tests.e2e.test_browser import serious_violations, sign_in

pytestmark = pytest.mark.e2e


def test_the_radar_shows_who_needs_attention_first_and_the_clinician_acts(browser, base_url):
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
    assert page.get_by_text("Outreach logged.").is_visible()
    assert page.get_by_text("Talked for ten minutes").is_visible()
    page.get_by_label("Why").fill("Back in touch")
    page.get_by_label("Was this signal useful?").select_option("yes")
    page.get_by_role("button", name="Save").click()
    assert page.get_by_text("Resolved.").is_visible()
    assert serious_violations(page) == []

    page.get_by_role("link", name="Back to the caseload").click()
    alex = page.locator(".radar-row", has_text="Alex Garcia")
    assert "Drifting away" not in alex.inner_text()
    context.close()
