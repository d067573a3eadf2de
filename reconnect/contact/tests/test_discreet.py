"""The discreet look, for a client whose phone may be looked at: the client chooses it with their
other safe-contact choices; then every page says only "Journal", on every device they sign in
on, and the device remembers it after signing out."""

from __future__ import annotations

import pytest
from django.test import Client as HttpClient
from django.urls import reverse

from conftest import visible_text
from reconnect.accounts.tests.test_sign_in import sign_in
from reconnect.contact.actions import save_contact_details
from reconnect.contact.models import ContactDetails
from reconnect.core.appearance import DISCREET_COOKIE
from reconnect.records.export.contact import contact_choices

pytestmark = pytest.mark.django_db
CHOSEN = {"preferred_channel": "in_app", "discreet": "on"}


def title(response) -> str:
    html = response.content.decode()
    return html[html.index("<title>") + 7 : html.index("</title>")]


def test_the_client_makes_reconnect_discreet_and_every_page_says_journal(casey, signed_in):
    http = signed_in(casey)
    page = visible_text(http.get(reverse("contact:mine")))
    assert "Someone may look at my phone" in page and "“Journal”" in page
    assert http.post(reverse("contact:mine"), CHOSEN).status_code == 302
    assert ContactDetails.objects.get(client=casey.client).discreet
    remembered = http.get(reverse("safety:my_plan"))
    assert title(remembered) == "Journal"
    assert remembered.cookies[DISCREET_COOKIE].value == "1"
    assert remembered.cookies[DISCREET_COOKIE]["httponly"]
    for page_name in ("home:client_home", "journal:progress", "measures:my_measures"):
        assert title(http.get(reverse(page_name))) == "Journal"


def test_the_choice_follows_the_client_to_a_new_device(casey):
    save_contact_details(client=casey.client, by=casey, discreet=True)
    http = HttpClient()
    sign_in(http, casey.email)
    response = http.get(reverse("home:client_home"))
    assert title(response) == "Journal"
    assert response.cookies[DISCREET_COOKIE].value == "1"


def test_after_signing_out_the_device_stays_discreet(casey, signed_in):
    save_contact_details(client=casey.client, by=casey, discreet=True)
    http = signed_in(casey)
    http.get(reverse("home:client_home"))  # the device learns the choice
    http.post(reverse("accounts:sign_out"))
    assert title(http.get(reverse("accounts:sign_in"))) == "Journal"


def test_turning_it_off_brings_the_name_back_on_this_device(casey, signed_in):
    save_contact_details(client=casey.client, by=casey, discreet=True)
    http = signed_in(casey)
    http.get(reverse("home:client_home"))
    http.post(reverse("contact:mine"), {"preferred_channel": "in_app"})
    response = http.get(reverse("home:client_home"))
    assert title(response).endswith("· Reconnect")
    assert response.cookies[DISCREET_COOKIE].value == ""  # deleted
    assert title(http.get(reverse("home:client_home"))).endswith("· Reconnect")


def test_a_clinicians_pages_keep_their_names(casey, robin, signed_in):
    save_contact_details(client=casey.client, by=casey, discreet=True)
    response = signed_in(robin).get(reverse("radar:caseload"))
    assert title(response).endswith("· Reconnect")
    assert DISCREET_COOKIE not in response.cookies


def test_the_choice_is_in_the_clients_record_download(casey):
    save_contact_details(client=casey.client, by=casey, discreet=True)
    (basic,) = contact_choices(casey.client)
    urls = {e["url"].rsplit("/", 1)[-1]: e.get("valueBoolean") for e in basic["extension"]}
    assert urls["contact-discreet"] is True


def test_after_quick_exit_the_device_stays_discreet_and_forgets_everything_else(casey):
    """Quick exit forgets this site's cookies one by one rather than all at once: forgetting
    the flag would make the next page this phone shows (Back, the home-screen icon) say
    "Reconnect" to whoever is looking."""
    save_contact_details(client=casey.client, by=casey, discreet=True)
    http = HttpClient()
    sign_in(http, casey.email)
    http.get(reverse("home:client_home"))  # the device learns the choice
    pressed_here = {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "same-origin"}
    response = http.get(reverse("accounts:quick_exit"), headers=pressed_here)
    cleared = {part.strip().strip('"') for part in response["Clear-Site-Data"].split(",")}
    assert {"cache", "storage"} <= cleared and "cookies" not in cleared
    forgotten = {name for name, cookie in response.cookies.items() if cookie["max-age"] == 0}
    assert {"sessionid", "csrftoken"} <= forgotten and DISCREET_COOKIE not in forgotten
    assert http.get(reverse("home:client_home")).status_code == 302  # signed out
    assert title(http.get(reverse("accounts:sign_in"))) == "Journal"


def test_without_the_discreet_look_quick_exit_forgets_every_cookie_and_no_session_survives(casey):
    http = HttpClient()
    sign_in(http, casey.email)
    held = set(http.cookies)
    response = http.get(reverse("accounts:quick_exit"), headers={"X-Quick-Exit": "1"})
    assert response.status_code == 204
    assert '"cookies"' not in response["Clear-Site-Data"]
    forgotten = {name for name, cookie in response.cookies.items() if cookie["max-age"] == 0}
    assert held | {"sessionid", "csrftoken"} <= forgotten
    assert http.get(reverse("home:client_home")).status_code == 302


@pytest.mark.parametrize("ending", ["sign_out", "idle"])
def test_every_other_end_of_a_session_keeps_the_discreet_look_too(casey, ending):
    """Signing out and the idle or 12-hour expiry clear the cached pages and stored data, never
    the cookies: the sign-in page that follows still says "Journal"."""
    import datetime as dt

    from freezegun import freeze_time

    save_contact_details(client=casey.client, by=casey, discreet=True)
    start = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    http = HttpClient()
    with freeze_time(start):
        sign_in(http, casey.email)
        http.get(reverse("home:client_home"))  # the device learns the choice
    with freeze_time(start + dt.timedelta(minutes=1 if ending == "sign_out" else 31)):
        if ending == "sign_out":
            response = http.post(reverse("accounts:sign_out"))
        else:
            response = http.get(reverse("home:client_home"))
        assert response.status_code == 302
        assert "cache" in response["Clear-Site-Data"]
        assert '"cookies"' not in response["Clear-Site-Data"]
        assert DISCREET_COOKIE not in response.cookies or response.cookies[DISCREET_COOKIE].value
        assert title(http.get(reverse("accounts:sign_in"))) == "Journal"
        assert http.get(reverse("home:client_home")).status_code == 302  # signed out


def test_quick_exit_keeps_the_look_on_a_device_that_had_not_learnt_it_yet(casey):
    save_contact_details(client=casey.client, by=casey, discreet=True)
    http = HttpClient()
    sign_in(http, casey.email)
    http.cookies.pop(DISCREET_COOKIE, None)
    pressed_here = {"Sec-Fetch-Mode": "navigate", "Sec-Fetch-Site": "same-origin"}
    response = http.get(reverse("accounts:quick_exit"), headers=pressed_here)
    assert response.cookies[DISCREET_COOKIE].value == "1"
    assert title(http.get(reverse("accounts:sign_in"))) == "Journal"
