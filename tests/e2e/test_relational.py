"""Session feedback in a browser: a clinician analyses a demo transcript and sees the result."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

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
    assert page.get_by_text("Reflection-to-question ratio").is_visible()
    assert page.locator(".coded li").count() == 20
    assert page.locator(".utt.reflection").count() >= 1
    assert page.get_by_text("not a MITI rating", exact=False).first.is_visible()
    assert serious_violations(page) == []
    context.close()
