"""Leaving a shared device: every way a session ends tells the browser to forget what it kept
(the offline safety plan in the service worker's cache), and Quick exit ends the session too."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client as HttpClient
from django.urls import reverse
from freezegun import freeze_time

from reconnect.access.models import AccessEvent, Action
from reconnect.accounts.tests.test_sign_in import sign_in

pytestmark = pytest.mark.django_db
START = dt.datetime(2026, 11, 27, 9, 0, tzinfo=dt.UTC)


def cleared(response) -> set[str]:
    return {part.strip().strip('"') for part in response.get("Clear-Site-Data", "").split(",")}


def forgotten(response) -> set[str]:
    """The cookies this answer expires (Set-Cookie with Max-Age=0)."""
    return {name for name, cookie in response.cookies.items() if cookie["max-age"] == 0}


def forgets_the_session(response) -> bool:
    """The browser drops the cached pages and stored data, and the session and CSRF cookies
    one by one; never every cookie at once, which would forget the discreet look's flag."""
    return (
        {"cache", "storage"} <= cleared(response)
        and "cookies" not in cleared(response)
        and {"sessionid", "csrftoken"} <= forgotten(response)
    )


def signed_in_at(user, when):
    http = HttpClient()
    with freeze_time(when):
        sign_in(http, user.email)
    return http


def test_an_idle_sign_out_clears_the_offline_safety_plan_from_the_device(casey):
    http = signed_in_at(casey, START)
    with freeze_time(START + dt.timedelta(minutes=31)):
        response = http.get(reverse("safety:my_plan"))
    assert response.status_code == 302
    assert {"cache", "storage"} <= cleared(response)


def test_an_idle_sign_out_noticed_by_an_htmx_request_clears_it_too(casey):
    http = signed_in_at(casey, START)
    with freeze_time(START + dt.timedelta(minutes=31)):
        response = http.get(reverse("home:client_home"), headers={"HX-Request": "true"})
    assert response.status_code == 401
    assert {"cache", "storage"} <= cleared(response)


def test_reaching_the_12_hour_limit_clears_the_offline_copies(casey):
    http = signed_in_at(casey, START)
    with freeze_time(START) as clock:
        for minutes in range(20, 12 * 60, 20):
            clock.move_to(START + dt.timedelta(minutes=minutes))
            response = http.get(reverse("home:client_home"))
            assert response.status_code == 200
            assert "Clear-Site-Data" not in response
        clock.move_to(START + dt.timedelta(hours=12, minutes=5))
        response = http.get(reverse("home:client_home"))
    assert response.status_code == 302
    assert {"cache", "storage"} <= cleared(response)


def test_quick_exit_ends_the_session_clears_the_device_and_leaves_for_the_neutral_site(
    casey, settings
):
    http = HttpClient()
    sign_in(http, casey.email)
    response = http.get(reverse("accounts:quick_exit"))
    assert response.status_code == 302
    assert response["Location"] == settings.RECONNECT["QUICK_EXIT_URL"]
    assert forgets_the_session(response)
    assert http.get(reverse("home:client_home")).status_code == 302
    event = AccessEvent.objects.filter(actor_id=casey.pk, action=Action.SIGN_OUT).get()
    assert event.detail == "quick exit"


PRESSED_HERE = {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "same-origin"}


def test_quick_exit_works_for_a_visitor_who_is_not_signed_in(settings):
    response = HttpClient().get(reverse("accounts:quick_exit"), headers=PRESSED_HERE)
    assert response.status_code == 302
    assert response["Location"] == settings.RECONNECT["QUICK_EXIT_URL"]
    assert {"cache", "storage"} <= cleared(response)


@pytest.mark.parametrize(
    ("headers", "clears"),
    [
        (PRESSED_HERE, True),
        ({"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "none"}, True),  # typed or bookmarked
        ({"Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Site": "cross-site"}, False),  # <img> elsewhere
        ({"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "cross-site"}, False),  # a link elsewhere
        ({"Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Site": "same-origin"}, False),
        ({}, False),
    ],
)
def test_a_signed_out_visitor_is_cleared_only_when_they_pressed_quick_exit_here(
    settings, headers, clears
):
    response = HttpClient().get(reverse("accounts:quick_exit"), headers=headers)
    assert response.status_code == 302
    assert response["Location"] == settings.RECONNECT["QUICK_EXIT_URL"]
    assert ("Clear-Site-Data" in response) is clears


def test_quick_exit_clears_a_signed_in_device_when_pressed_here_or_from_an_old_browser(casey):
    for headers in (PRESSED_HERE, {}):  # {}: a browser that sends no Sec-Fetch headers at all
        http = HttpClient()
        sign_in(http, casey.email)
        response = http.get(reverse("accounts:quick_exit"), headers=headers)
        assert forgets_the_session(response)
        assert http.get(reverse("home:client_home")).status_code == 302


@pytest.mark.parametrize(
    "headers",
    [
        {"Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Site": "cross-site"},  # <img> elsewhere
        {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "cross-site"},  # a link elsewhere
        {"Sec-Fetch-Site": "cross-site"},
    ],
)
def test_another_site_can_sign_a_person_out_but_not_wipe_their_device(casey, headers):
    http = HttpClient()
    sign_in(http, casey.email)
    response = http.get(reverse("accounts:quick_exit"), headers=headers)
    assert "Clear-Site-Data" not in response
    assert http.get(reverse("home:client_home")).status_code == 302


def test_the_quick_exit_button_goes_through_quick_exit_without_javascript(casey, signed_in):
    for http, page in (
        (HttpClient(), reverse("accounts:sign_in")),
        (signed_in(casey), reverse("home:client_home")),
    ):
        html = http.get(page).content.decode()
        assert f'href="{reverse("accounts:quick_exit")}"' in html
        assert "data-quick-exit" in html


def test_a_staff_members_idle_sign_out_clears_the_device_as_well(robin, signed_in):
    with freeze_time(START):
        http = signed_in(robin)
        assert http.get(reverse("radar:caseload")).status_code == 200
    with freeze_time(START + dt.timedelta(minutes=16)):
        response = http.get(reverse("radar:caseload"))
    assert response.status_code == 302
    assert {"cache", "storage"} <= cleared(response)


FROM_THE_BUTTON = {"X-Quick-Exit": "1", "Sec-Fetch-Mode": "cors", "Sec-Fetch-Site": "same-origin"}


def test_the_quick_exit_button_with_script_ends_the_session_in_the_background(casey):
    """The page asks the server first, then leaves for the neutral site with location.replace:
    the answer is empty, and tells the browser to forget this site."""
    http = HttpClient()
    sign_in(http, casey.email)
    response = http.get(reverse("accounts:quick_exit"), headers=FROM_THE_BUTTON)
    assert response.status_code == 204
    assert forgets_the_session(response)
    assert http.get(reverse("home:client_home")).status_code == 302
    assert AccessEvent.objects.filter(actor_id=casey.pk, detail="quick exit").count() == 1


def test_another_site_cannot_use_the_buttons_header_to_wipe_a_device(casey):
    http = HttpClient()
    sign_in(http, casey.email)
    headers = {**FROM_THE_BUTTON, "Sec-Fetch-Site": "cross-site"}
    response = http.get(reverse("accounts:quick_exit"), headers=headers)
    assert response.status_code == 302  # treated as a plain link from elsewhere
    assert "Clear-Site-Data" not in response
    assert http.get(reverse("home:client_home")).status_code == 302


def test_the_button_knows_the_neutral_site_to_leave_for(casey, signed_in, settings):
    html = signed_in(casey).get(reverse("safety:my_plan")).content.decode()
    assert f'data-neutral-url="{settings.RECONNECT["QUICK_EXIT_URL"]}"' in html


def test_a_page_seen_again_after_signing_out_is_asked_for_afresh_and_never_kept(casey, signed_in):
    """Back after Quick exit or an expiry: the page was never stored (no-store), so the browser
    asks again and the server answers with the sign-in page."""
    http = signed_in(casey)
    page = http.get(reverse("home:client_home"))
    assert page["Cache-Control"] == "no-store"
    http.get(reverse("accounts:quick_exit"), headers=PRESSED_HERE)
    again = http.get(reverse("home:client_home"))
    assert again.status_code == 302 and again["Location"].startswith(reverse("accounts:sign_in"))


def test_every_page_checks_for_an_unfinished_quick_exit_before_it_is_drawn(casey, signed_in):
    """A Quick exit that never reached the server (no connection) is remembered on the device;
    a script that blocks drawing (no `defer`), in the head, hides the page while it is pending,
    and app.js finishes it (the browser test drives the whole path)."""
    from django.conf import settings as django_settings

    for http, page in (
        (HttpClient(), reverse("accounts:sign_in")),
        (signed_in(casey), reverse("home:client_home")),
    ):
        head = http.get(page).content.decode().split("</head>")[0]
        assert '<script src="/static/js/early.js"></script>' in head
    scripts = django_settings.BASE_DIR / "static" / "js"
    early, app = (scripts / "early.js").read_text(), (scripts / "app.js").read_text()
    assert '"reconnect-quick-exit"' in early and '"reconnect-quick-exit"' in app
