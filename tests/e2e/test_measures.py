"""Questionnaires in a browser: a clinician assigns PHQ-9 weekly, the client answers, a positive
item 9 shows crisis resources at once and raises the clinician's urgent item."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.test_browser import serious_violations, sign_in

pytestmark = pytest.mark.e2e


def test_assign_answer_and_a_safety_answer_reaches_the_clinician(browser, base_url):
    clinician = browser.new_context(base_url=base_url)
    page = clinician.new_page()
    sign_in(page, "jordan", "clinician")
    page.get_by_role("link", name="Remy Martinez", exact=True).click()
    page.get_by_role("link", name="Questionnaires").click()
    page.get_by_label("Questionnaire").select_option("phq9")
    page.get_by_label("How often").select_option("weekly")
    page.get_by_role("button", name="Assign").click()
    expect(page.get_by_text("The questionnaire is assigned.")).to_be_visible()
    assert serious_violations(page) == []

    client = browser.new_context(base_url=base_url, viewport={"width": 360, "height": 780})
    phone = client.new_page()
    sign_in(phone, "remy.martinez", "client")
    phone.get_by_role("link", name="PHQ-9").first.click()
    for number in range(1, 9):
        phone.locator(f"input[name=item_{number}][value='1']").check(force=True)
    phone.locator("input[name=item_9][value='1']").check(force=True)
    assert serious_violations(phone) == []
    phone.get_by_role("button", name="Done").click()
    phone.wait_for_url(re.compile(r"/me/questionnaires/results/\d+/$"))
    expect(phone.get_by_role("heading", name="You don't have to carry this alone")).to_be_visible()
    expect(phone.get_by_text("Call or text 988").first).to_be_visible()
    assert serious_violations(phone) == []
    client.close()

    page.reload()
    expect(page.get_by_role("heading", name="Safety items")).to_be_visible()
    expect(page.get_by_role("button", name="Acknowledge").first).to_be_visible()
    clinician.close()


def test_a_client_sees_her_real_improvement_since_her_first_score(phone):
    # Casey's mood scores in the demo fell from the high teens to single figures over the year.
    sign_in(phone, "casey.nguyen", "client")
    phone.goto("/me/questionnaires/")
    change = phone.get_by_text(re.compile(r"Your mood scores are lower than when you started"))
    expect(change).to_be_visible()
    assert "bigger than everyday ups and downs" in change.inner_text()
    words = phone.locator("main").inner_text()
    for alarming in ("deteriorat", "failure", "worse"):
        assert alarming not in words.lower()
    assert serious_violations(phone) == []
