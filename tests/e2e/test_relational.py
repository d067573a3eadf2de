"""Session feedback in a browser: a clinician analyses a demo transcript and sees the result."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from playwright.sync_api import expect

from tests.e2e.test_browser import serious_violations, sign_in

pytestmark = pytest.mark.e2e
DEMO = Path(__file__).resolve().parents[2] / "reconnect" / "relational" / "demo" / "session.txt"


def test_a_clinician_analyses_a_demo_transcript_and_sees_it_coded(browser, base_url):
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    sign_in(page, "dana", "clinician")
    page.get_by_role("link", name="Parker Moore", exact=True).click()
    page.get_by_role("link", name="Session feedback", exact=True).click()
    page.get_by_label("…or paste it here").fill(DEMO.read_text())
    page.get_by_role("button", name="Analyse").click()
    page.wait_for_url(re.compile(r"/feedback/\d+/$"))
    page.get_by_role("heading", name="Summary").wait_for(timeout=30000)
    expect(page.get_by_text("Reflection-to-question ratio")).to_be_visible()
    assert page.locator(".coded li").count() == 23
    assert page.locator(".utt.reflection").count() >= 1
    expect(page.get_by_text("not a MITI rating", exact=False).first).to_be_visible()
    assert serious_violations(page) == []
    context.close()


def test_a_clinician_corrects_a_code_and_the_summary_follows(browser, base_url):
    context = browser.new_context(base_url=base_url)
    page = context.new_page()
    sign_in(page, "dana", "clinician")
    page.get_by_role("link", name="Parker Moore", exact=True).click()
    page.get_by_role("link", name="Session feedback", exact=True).click()
    page.get_by_label("…or paste it here").fill(DEMO.read_text())
    page.get_by_role("button", name="Analyse").click()
    page.wait_for_url(re.compile(r"/feedback/\d+/$"))
    page.get_by_role("heading", name="Summary").wait_for(timeout=30000)
    ratio = page.locator("#figure-reflection_to_question")
    before = ratio.inner_text()
    first = page.locator("#u0")  # "Thanks for coming in today. How have things been ...?"
    first.get_by_role("link", name=re.compile("^Correct")).click()  # tap one: the choices
    panel = page.locator("#panel-0")
    panel.get_by_role("button", name="Complex reflection").click()  # tap two: the code
    page.locator("#u0").get_by_text("corrected by you").wait_for(timeout=10000)
    assert "corrected by you" in ratio.inner_text()
    assert ratio.inner_text() != before  # one question fewer, one reflection more
    expect(page.get_by_text("Corrected by you:", exact=False)).to_be_visible()
    assert serious_violations(page) == []
    page.reload()  # stored: the correction is there on the next visit too
    assert "corrected by you" in page.locator("#figure-reflection_to_question").inner_text()
    context.close()
