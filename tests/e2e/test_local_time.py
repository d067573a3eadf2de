"""Local time in a browser: a client in New York chooses her time zone and sees her check-in at
New York's clock, whatever the server's time zone (UTC) or the phone's own setting."""

from __future__ import annotations

import datetime as dt
import re
from zoneinfo import ZoneInfo

import pytest
from playwright.sync_api import expect

from tests.e2e.test_browser import serious_violations, sign_in

pytestmark = pytest.mark.e2e
NEW_YORK = ZoneInfo("America/New_York")


def _clock(zone: ZoneInfo | dt.timezone, moment: dt.datetime) -> str:
    local = moment.astimezone(zone)
    return f"{local:%a} {local.day} {local:%b}, {local:%H:%M}"


def test_a_client_in_new_york_sees_her_check_in_in_new_york_time(browser, base_url):
    # The phone itself is set to Tokyo: the times come from her account setting, not the device.
    context = browser.new_context(
        base_url=base_url, viewport={"width": 360, "height": 780}, timezone_id="Asia/Tokyo"
    )
    phone = context.new_page()
    sign_in(phone, "rowan.lopez", "client")
    phone.goto("/account/")
    phone.get_by_role("combobox", name="Your time zone").select_option("America/New_York")
    phone.get_by_role("button", name="Save time zone").click()
    expect(phone.get_by_text("Times are now shown in Eastern time (New York).")).to_be_visible()
    assert serious_violations(phone) == []

    phone.goto("/me/check-in/")
    before = dt.datetime.now(dt.UTC)
    phone.locator("label.state-settled").click()
    phone.get_by_role("button", name="Check in").click()
    phone.wait_for_url(re.compile(r"/me/check-ins/\d+/$"))
    after = dt.datetime.now(dt.UTC)

    phone.goto("/me/check-ins/")
    newest = phone.locator("main li time").first.inner_text()
    assert newest in {_clock(NEW_YORK, before), _clock(NEW_YORK, after)}
    assert newest not in {_clock(dt.UTC, before), _clock(dt.UTC, after)}
    assert serious_violations(phone) == []

    phone.goto("/account/")  # back as it was, for the other browser tests
    phone.get_by_role("combobox", name="Your time zone").select_option("")
    phone.get_by_role("button", name="Save time zone").click()
    context.close()
