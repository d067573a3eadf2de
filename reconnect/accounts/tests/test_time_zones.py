"""Local time everywhere: each person chooses a time zone (else the program's, else the server's)
and every time, "today", day and week they see is in it."""

from __future__ import annotations

import datetime as dt

import pytest
from django.http import HttpResponse
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time

from conftest import page_text, visible_text
from reconnect.journal.actions import record_checkin
from reconnect.journal.models import ReminderPreference
from reconnect.journal.reminders import due_reminders
from reconnect.notifications.notify import notify_new_message
from reconnect.people.models import User
from reconnect.people.timezones import TimeZoneMiddleware, zone_name_for
from reconnect.radar.actions import record_session
from reconnect.radar.models import Signal

pytestmark = pytest.mark.django_db

# 06:26 in London and on a UTC server is 01:26 in New York (EST, UTC-5) and 19:26 in Auckland
# (NZDT, UTC+13).
CHECKED_IN = dt.datetime(2026, 11, 19, 6, 26, tzinfo=dt.UTC)
# 03:30 UTC on 19 Nov: still the evening of Wednesday 18 Nov in New York, already Thursday
# afternoon in Auckland.
NEAR_MIDNIGHT = dt.datetime(2026, 11, 19, 3, 30, tzinfo=dt.UTC)


def lives_in(user: User, zone: str) -> None:
    user.time_zone = zone
    user.save(update_fields=["time_zone"])


def check_in(client_user: User, at: dt.datetime, key: str = "tz-1") -> None:
    with freeze_time(at):
        record_checkin(client=client_user.client, state="settled", client_request_id=key)


def test_a_client_chooses_her_time_zone_on_her_account_page(casey, signed_in):
    http = signed_in(casey)
    page = visible_text(http.get(reverse("accounts:account")))
    assert "Your time zone" in page and "The program's time zone (UTC)" in page
    response = http.post(reverse("accounts:time_zone"), {"time_zone": "America/New_York"})
    assert response.status_code == 302
    casey.refresh_from_db()
    assert casey.time_zone == "America/New_York"
    page = visible_text(http.get(reverse("accounts:account")))
    assert "Times are now shown in Eastern time (New York)." in page


def test_a_new_york_client_sees_a_01_26_check_in_as_01_26_not_06_26(casey, signed_in):
    lives_in(casey, "America/New_York")
    check_in(casey, CHECKED_IN)
    page = visible_text(signed_in(casey).get(reverse("journal:checkin_list")))
    assert "Thu 19 Nov, 01:26" in page
    assert "06:26" not in page


def test_her_clinician_in_auckland_sees_the_same_check_in_in_his_own_time(casey, robin, signed_in):
    lives_in(casey, "America/New_York")
    lives_in(robin, "Pacific/Auckland")
    check_in(casey, CHECKED_IN)
    url = reverse("journal:client_checkins", args=[casey.client.pk])
    page = visible_text(signed_in(robin).get(url))
    assert "Thu 19 Nov, 19:26" in page


@pytest.mark.parametrize(
    ("zone", "day", "time"),
    [
        ("America/New_York", "Wed 18 Nov", "22:30"),
        ("Pacific/Auckland", "Thu 19 Nov", "16:30"),
    ],
)
def test_the_day_a_check_in_belongs_to_is_the_clients_own_day(casey, signed_in, zone, day, time):
    lives_in(casey, zone)
    check_in(casey, NEAR_MIDNIGHT)
    http = signed_in(casey)
    with freeze_time(NEAR_MIDNIGHT + dt.timedelta(minutes=5)):
        listed = visible_text(http.get(reverse("journal:checkin_list")))
        progress = page_text(http.get(reverse("journal:progress")))
    assert f"{day}, {time}" in listed
    # The progress table's day bucket, in the last two weeks up to her own "today".
    assert f"<td>{day}</td><td>Settled</td>" in progress


@pytest.mark.parametrize(
    ("zone", "today"),
    [("America/New_York", dt.date(2026, 11, 18)), ("Pacific/Auckland", dt.date(2026, 11, 19))],
)
def test_today_is_the_viewers_today_and_nothing_leaks_past_the_request(casey, zone, today, rf):
    lives_in(casey, zone)
    seen = {}

    def page(request):
        seen["today"] = timezone.localdate()
        seen["zone"] = timezone.get_current_timezone_name()
        return HttpResponse()

    request = rf.get("/")
    request.user = casey
    with freeze_time(NEAR_MIDNIGHT):
        TimeZoneMiddleware(page)(request)
    assert seen == {"today": today, "zone": zone}
    assert timezone.get_current_timezone_name() == "UTC"


@pytest.mark.parametrize(
    ("zone", "before", "after", "for_date"),
    [
        # 19:00 in New York on 18 Nov is 00:00 UTC on 19 Nov.
        (
            "America/New_York",
            dt.datetime(2026, 11, 18, 23, 50, tzinfo=dt.UTC),
            dt.datetime(2026, 11, 19, 0, 10, tzinfo=dt.UTC),
            dt.date(2026, 11, 18),
        ),
        # 19:00 in Auckland on 19 Nov is 06:00 UTC on 19 Nov.
        (
            "Pacific/Auckland",
            dt.datetime(2026, 11, 19, 5, 50, tzinfo=dt.UTC),
            dt.datetime(2026, 11, 19, 6, 10, tzinfo=dt.UTC),
            dt.date(2026, 11, 19),
        ),
    ],
)
def test_a_reminder_comes_at_seven_in_the_evening_of_the_clients_own_day(
    casey, zone, before, after, for_date
):
    lives_in(casey, zone)
    ReminderPreference.objects.create(client=casey.client, enabled=True, time_of_day=dt.time(19, 0))
    assert due_reminders(before) == []
    assert due_reminders(after) == [(casey.client, for_date)]


def test_choosing_a_time_zone_with_reminders_is_the_same_one_setting(casey, signed_in):
    signed_in(casey).post(
        reverse("journal:reminders"),
        {"enabled": "on", "time_of_day": "19:30", "timezone_name": "Pacific/Auckland"},
    )
    casey.refresh_from_db()
    assert casey.time_zone == "Pacific/Auckland"
    page = visible_text(signed_in(casey).get(reverse("accounts:account")))
    assert "Times and days are shown in New Zealand (Auckland)." in page


def test_staff_choose_theirs_and_see_sessions_and_the_access_log_in_it(casey, robin, signed_in):
    lives_in(robin, "Pacific/Auckland")
    lives_in(casey, "America/New_York")
    record_session(client=casey.client, clinician=robin, planned_at=CHECKED_IN)
    with freeze_time(CHECKED_IN):  # Robin opens her sessions: the access is logged then
        sessions = visible_text(
            signed_in(robin).get(reverse("radar:sessions", args=[casey.client.pk]))
        )
    assert "Thu 19 Nov 2026, 19:26" in sessions
    log = visible_text(signed_in(casey).get(reverse("records:my_record_access")))
    assert "19 Nov 2026, 01:26" in log
    assert "06:26" not in log


def test_without_a_choice_of_their_own_people_see_the_programs_time_zone(casey, robin, settings):
    program = casey.client.program
    assert zone_name_for(casey) == settings.TIME_ZONE
    program.time_zone = "America/Chicago"
    program.save()
    casey = User.objects.get(pk=casey.pk)
    assert zone_name_for(casey) == "America/Chicago"
    lives_in(casey, "Pacific/Auckland")
    assert zone_name_for(casey) == "Pacific/Auckland"


def test_the_admin_sets_the_programs_time_zone(morgan, casey, signed_in):
    http = signed_in(morgan)
    assert "Time zone" in visible_text(http.get(reverse("accounts:program")))
    response = http.post(reverse("accounts:program_time_zone"), {"time_zone": "America/Denver"})
    assert response.status_code == 302
    assert zone_name_for(User.objects.get(pk=casey.pk)) == "America/Denver"
    refused = http.post(reverse("accounts:program_time_zone"), {"time_zone": "Denver"})
    assert refused.status_code == 400
    assert "We don't know a time zone called “Denver”" in visible_text(refused)
    casey.client.program.refresh_from_db()
    assert casey.client.program.time_zone == "America/Denver"


@pytest.mark.parametrize(
    "name", ["Mars/Olympus_Mons", "Eastern", "../../etc/passwd", "x" * 80, "localtime", "Factory"]
)
def test_an_unknown_time_zone_gets_a_clear_message_and_nothing_is_stored(casey, signed_in, name):
    http = signed_in(casey)
    response = http.post(reverse("accounts:time_zone"), {"time_zone": name})
    assert response.status_code == 400
    page = visible_text(response)
    assert "We don't know a time zone called" in page or "at most 64" in page
    casey.refresh_from_db()
    assert casey.time_zone == ""
    reminders = http.post(
        reverse("journal:reminders"),
        {"enabled": "on", "time_of_day": "19:30", "timezone_name": "Mars/Olympus_Mons"},
    )
    assert reminders.status_code == 200  # the form again, with the message
    assert "We don't know a time zone called “Mars/Olympus_Mons”" in visible_text(reminders)
    assert not ReminderPreference.objects.filter(enabled=True).exists()
    casey.refresh_from_db()
    assert casey.time_zone == ""


def test_radar_evidence_reads_as_days_never_as_iso_dates(casey, robin, signed_in):
    with freeze_time(CHECKED_IN):
        signal = Signal.objects.create(
            client=casey.client,
            kind="drifting",
            severity="watch",
            start=dt.date(2026, 11, 6),
            end=dt.date(2026, 11, 19),
            explanation="No check-in for 13 days.",
            evidence=["2026-11-06", "2026-11-19"],
        )
        url = reverse("radar:signal", args=[casey.client.pk, signal.pk])
        page = visible_text(signed_in(robin).get(url))
    assert "Evidence: 6 Nov, 19 Nov" in page
    assert "2026-11-19" not in page


def test_an_urgent_email_to_staff_gives_the_time_on_their_own_clock(
    casey, robin, mailoutbox, django_capture_on_commit_callbacks
):
    lives_in(robin, "Pacific/Auckland")
    with freeze_time(CHECKED_IN), django_capture_on_commit_callbacks(execute=True):
        notify_new_message(message_id=1, client=casey.client, to_staff=True, urgent=True)
    (email,) = mailoutbox
    assert "19:26 on 19 Nov" in email.body and "06:26" not in email.body


def test_seen_in_lists_groups_by_the_clients_own_day(casey, robin, signed_in):
    lives_in(casey, "America/New_York")
    with freeze_time(NEAR_MIDNIGHT):  # Wednesday evening in New York
        signed_in(robin).get(reverse("radar:caseload"))
    page = visible_text(signed_in(casey).get(reverse("records:my_record_access")))
    assert "18 Nov 2026 — Robin Example (clinician) saw you in" in page
    assert "at 22:30" in page
