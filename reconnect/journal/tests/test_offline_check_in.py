"""A check-in made offline: the service worker keeps the form, with its client_request_id, and
sends it when the phone is back online. Sending it again (a retry after a lost answer, a second
"back online") never stores a second check-in; the browser test drives the whole path."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.test import Client as HttpClient
from django.urls import reverse
from freezegun import freeze_time

from conftest import PASSWORD, visible_text
from reconnect.journal.models import CheckIn

pytestmark = pytest.mark.django_db
SAVED_OFFLINE = "Saved on this phone; it will be sent when you're back online."
KEPT = {"state": "activated", "craving": "6", "note": "On the bus", "client_request_id": "kept-1"}


def token(http: HttpClient, page: str) -> str:
    return str(http.get(reverse(page), follow=True).context["csrf_token"])


def sign_in(http: HttpClient, email: str) -> None:
    """Through the real form, CSRF token and all (this client checks CSRF like a browser)."""
    form = {"username": email, "password": PASSWORD}
    csrf = token(http, "accounts:sign_in")
    assert (
        http.post(reverse("accounts:sign_in"), {**form, "csrfmiddlewaretoken": csrf}).status_code
        == 302
    )


def replay(http: HttpClient, body: dict[str, str]):
    """What the service worker sends: the kept form, with the page's current CSRF token."""
    csrf = token(http, "journal:checkin_new")
    return http.post(reverse("journal:checkin_new"), {**body, "csrfmiddlewaretoken": csrf})


def test_a_kept_check_in_sent_twice_is_stored_once(casey):
    http = HttpClient(enforce_csrf_checks=True)
    sign_in(http, casey.email)
    first, again = replay(http, KEPT), replay(http, KEPT)
    assert first.status_code == again.status_code == 302
    assert first["Location"] == again["Location"]  # the same check-in's page
    assert CheckIn.objects.filter(client=casey.client).count() == 1


def test_a_kept_check_in_sent_after_signing_in_again_is_still_stored_once(casey):
    start = dt.datetime(2026, 12, 1, 9, 0, tzinfo=dt.UTC)
    http = HttpClient(enforce_csrf_checks=True)
    with freeze_time(start):
        sign_in(http, casey.email)
        replay(http, KEPT)  # it arrived, but the answer was lost on the way back
    with freeze_time(start + dt.timedelta(hours=2)):  # signed out meanwhile; in again
        sign_in(http, casey.email)
        assert replay(http, KEPT).status_code == 302
    assert CheckIn.objects.filter(client=casey.client).count() == 1


def test_the_check_in_form_is_one_the_phone_may_keep_offline(casey, signed_in):
    for page in ("journal:checkin_new", "home:client_home"):
        html = signed_in(casey).get(reverse(page)).content.decode()
        assert "data-offline-queue" in html and "data-offline-status" in html
        assert 'name="client_request_id"' in html


def test_the_page_and_the_service_worker_tell_the_same_words():
    for script in ("app.js", "sw.js"):
        text = (settings.BASE_DIR / "static" / "js" / script).read_text()
        assert SAVED_OFFLINE in text, script
    worker = (settings.BASE_DIR / "static" / "js" / "sw.js").read_text()
    assert 'QUEUED_FORMS = ["/me/check-in/"]' in worker
    assert reverse("journal:checkin_new") == "/me/check-in/"


# --- Sent later, with the time it was made ---------------------------------------------------

MADE = dt.datetime(2026, 12, 1, 8, 15, tzinfo=dt.UTC)


@pytest.mark.parametrize(
    ("made_at", "believed"),
    [
        ("2026-12-01T08:15:00.000Z", True),  # what the service worker writes
        ("2026-12-01T03:15:00-05:00", True),  # the same moment, another offset
        ("2026-11-29T10:00:00Z", True),  # 46 hours before it arrives
        ("2026-11-29T08:00:00Z", False),  # more than 48 hours: not believed
        ("2026-12-01T10:30:00Z", False),  # in the future (a phone clock ahead)
        ("2026-12-01T08:15:00", False),  # no time zone: cannot tell when that was
        ("yesterday", False),
        ("2026-13-45T99:00:00Z", False),
        ("", False),
    ],
)
def test_the_time_a_kept_check_in_was_made_is_believed_only_within_48_hours(made_at, believed):
    from reconnect.journal.actions import when_made

    arrives = dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)
    found = when_made(made_at, now=arrives)
    assert (found is not None) is believed
    if believed:
        assert found is not None and found <= arrives


def test_a_check_in_kept_offline_is_stored_at_the_time_it_was_made(casey):
    http = HttpClient(enforce_csrf_checks=True)
    with freeze_time(MADE + dt.timedelta(hours=3)):  # back online three hours later
        sign_in(http, casey.email)
        sent = replay(http, {**KEPT, "made_at": "2026-12-01T08:15:00.000Z"})
    assert sent.status_code == 302
    assert CheckIn.objects.get(client=casey.client).recorded_at == MADE


@pytest.mark.parametrize("made_at", ["2026-11-20T08:15:00Z", "2026-12-02T08:15:00Z", "soon"])
def test_an_unbelievable_time_is_ignored_and_the_check_in_counts_from_its_arrival(casey, made_at):
    http = HttpClient(enforce_csrf_checks=True)
    arrives = MADE + dt.timedelta(hours=3)
    with freeze_time(arrives):
        sign_in(http, casey.email)
        assert replay(http, {**KEPT, "made_at": made_at}).status_code == 302
    assert CheckIn.objects.get(client=casey.client).recorded_at == arrives


def test_the_service_worker_keeps_the_time_each_check_in_was_made():
    worker = (settings.BASE_DIR / "static" / "js" / "sw.js").read_text()
    assert 'form.set("made_at", new Date().toISOString())' in worker


# --- A session that ends while the phone still holds a check-in -----------------------------

OUTBOX = {"X-Reconnect-Outbox": "0"}


def test_sending_from_the_outbox_does_not_hold_off_the_idle_sign_out(casey):
    """The outbox is sent before the idle sign-out (app.js); that sending is not the person."""
    http = HttpClient(enforce_csrf_checks=True)
    with freeze_time(MADE):
        sign_in(http, casey.email)
        csrf = token(http, "journal:checkin_new")
    with freeze_time(MADE + dt.timedelta(minutes=28)):
        sent = http.post(
            reverse("journal:checkin_new"), {**KEPT, "csrfmiddlewaretoken": csrf}, headers=OUTBOX
        )
        assert sent.status_code == 302 and "/me/check-ins/" in sent["Location"]
    with freeze_time(MADE + dt.timedelta(minutes=31)):
        assert http.get(reverse("home:client_home")).status_code == 302  # signed out as due
    assert CheckIn.objects.filter(client=casey.client).count() == 1


def test_the_last_sending_from_the_outbox_clears_the_phones_flag(casey):
    from reconnect.core.outbox import OUTBOX_COOKIE

    http = HttpClient(enforce_csrf_checks=True)
    sign_in(http, casey.email)
    http.cookies[OUTBOX_COOKIE] = "1"
    csrf = token(http, "journal:checkin_new")
    more = {"X-Reconnect-Outbox": "1"}
    first = http.post(
        reverse("journal:checkin_new"), {**KEPT, "csrfmiddlewaretoken": csrf}, headers=more
    )
    assert OUTBOX_COOKIE not in first.cookies  # one more to go
    second = {**KEPT, "client_request_id": "kept-2", "csrfmiddlewaretoken": csrf}
    last = http.post(reverse("journal:checkin_new"), second, headers=OUTBOX)
    assert last.cookies[OUTBOX_COOKIE]["max-age"] == 0


@pytest.mark.parametrize("ending", ["sign_out", "idle", "absolute"])
def test_a_check_in_lost_with_the_session_is_told_kindly_on_the_next_page(casey, ending):
    from reconnect.core.outbox import NOT_SENT, OUTBOX_COOKIE

    http = HttpClient()
    with freeze_time(MADE):
        sign_in(http, casey.email)
    http.cookies[OUTBOX_COOKIE] = "1"  # the page flagged a check-in waiting on this phone
    later = {"sign_out": 1, "idle": 31, "absolute": 12 * 60 + 5}[ending]
    with freeze_time(MADE + dt.timedelta(minutes=later)):
        if ending == "absolute":  # active all along, until the 12-hour limit
            for minutes in range(20, 12 * 60, 20):
                with freeze_time(MADE + dt.timedelta(minutes=minutes)):
                    http.get(reverse("journal:checkin_new"))
        ended = (
            http.post(reverse("accounts:sign_out"))
            if ending == "sign_out"
            else http.get(reverse("journal:checkin_new"))
        )
        assert ended.status_code == 302 and "storage" in ended["Clear-Site-Data"]
        assert ended.cookies[OUTBOX_COOKIE]["max-age"] == 0  # told once, then forgotten
        page = visible_text(http.get(ended["Location"]))
    assert NOT_SENT in page
    assert "On the bus" not in page  # nothing of what was written
    with freeze_time(MADE + dt.timedelta(minutes=later + 1)):
        assert NOT_SENT not in visible_text(http.get(reverse("accounts:sign_in")))


def test_without_anything_waiting_signing_out_says_nothing_of_it(casey):
    from reconnect.core.outbox import NOT_SENT

    http = HttpClient()
    sign_in(http, casey.email)
    ended = http.post(reverse("accounts:sign_out"))
    assert NOT_SENT not in visible_text(http.get(ended["Location"]))


def test_the_page_and_the_server_tell_the_same_words_of_a_lost_check_in(casey, signed_in):
    from reconnect.core.outbox import NOT_SENT, OUTBOX_COOKIE

    script = (settings.BASE_DIR / "static" / "js" / "app.js").read_text()
    assert " ".join(NOT_SENT.split()) in " ".join(script.replace('" +\n    "', "").split())
    html = signed_in(casey).get(reverse("journal:checkin_new")).content.decode()
    assert f'data-outbox-cookie="{OUTBOX_COOKIE}"' in html
    assert html.count("data-sign-out") == 2  # the menu's and the idle warning's
