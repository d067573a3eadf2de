"""What a client reads after a positive PHQ-9 item 9 (clinical-reference §4, §4.1): who was told,
by when the program's team will contact them (the program's setting, counted in the team's
working hours, in the client's own time), 988 for nights and weekends, and their own safety plan
step by step."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from freezegun import freeze_time

from conftest import visible_text
from reconnect.conversations.actions import save_care_team_hours
from reconnect.conversations.models import CareTeamHours
from reconnect.people.models import CareTeamMember
from reconnect.safety.actions import save_safety_plan

pytestmark = pytest.mark.django_db
NEW_YORK = ZoneInfo("America/New_York")
TUESDAY_10AM = dt.datetime(2026, 12, 1, 10, 0, tzinfo=NEW_YORK)
SATURDAY_NOON = dt.datetime(2026, 12, 5, 12, 0, tzinfo=NEW_YORK)


@pytest.fixture
def team_hours(program):
    def set_hours(contact_hours: int = 4) -> None:
        save_care_team_hours(
            program=program,
            weekdays=[0, 1, 2, 3, 4],
            opens_at=dt.time(9),
            closes_at=dt.time(17),
            timezone_name="America/New_York",
            reply_time="usually within one working day",
            after_hours="Our team is not available right now. For a crisis, call or text 988.",
            safety_contact_hours=contact_hours,
        )

    return set_hours


def answer_item_9(signed_in, client, when: dt.datetime) -> str:
    """The client signs in at `when`, answers above 0 on item 9, and reads the next page."""
    form = {f"item_{n}": "0" for n in range(1, 9)} | {"item_9": "1", "client_request_id": "i9"}
    with freeze_time(when):
        http = signed_in(client)
        done = http.post(reverse("measures:answer", args=["phq9"]), form)
        return visible_text(http.get(done["Location"]))


@pytest.fixture
def casey_in_new_york(casey):
    casey.time_zone = "America/New_York"
    casey.save(update_fields=["time_zone"])
    return casey


def test_in_working_hours_the_client_reads_who_was_told_and_by_what_time_today(
    casey_in_new_york, signed_in, team_hours
):
    team_hours(contact_hours=4)
    page = answer_item_9(signed_in, casey_in_new_york, TUESDAY_10AM)
    assert "We have told your care team: Robin Example." in page
    assert "Someone from your care team will contact you by 2:00 pm today." in page
    assert "not in right now" not in page
    assert "At night, at weekends" in page and "call or text 988, day or night" in page
    assert "HOME to 741741" in page and "call 911" in page
    assert "let know" not in page and "reach out to you" not in page


def test_at_the_weekend_the_time_is_the_teams_next_working_day_and_988_covers_until_then(
    casey_in_new_york, signed_in, team_hours
):
    team_hours(contact_hours=4)
    page = answer_item_9(signed_in, casey_in_new_york, SATURDAY_NOON)
    assert "will contact you by Mon 7 Dec, 1:00 pm." in page
    assert "The team is not in right now; they work Mon–Fri 9am–5pm." in page
    assert "At night, at weekends" in page


def test_the_programs_own_response_time_counts_only_working_hours(
    casey_in_new_york, signed_in, team_hours
):
    team_hours(contact_hours=8)
    afternoon = TUESDAY_10AM.replace(hour=15)
    page = answer_item_9(signed_in, casey_in_new_york, afternoon)
    assert "will contact you by 3:00 pm tomorrow." in page


def test_the_time_is_told_in_the_clients_own_time_zone(casey, signed_in, team_hours):
    casey.time_zone = "America/Los_Angeles"
    casey.save(update_fields=["time_zone"])
    team_hours(contact_hours=4)
    page = answer_item_9(signed_in, casey, TUESDAY_10AM)  # 7:00 am in Los Angeles
    assert "will contact you by 11:00 am today." in page


def answer_item_9_then_reopen(signed_in, client, when: dt.datetime, later: dt.datetime) -> str:
    """The client answers above 0 on item 9 at `when`, then opens that result again `later`."""
    form = {f"item_{n}": "0" for n in range(1, 9)} | {"item_9": "1", "client_request_id": "i9"}
    with freeze_time(when):
        http = signed_in(client)
        result = http.post(reverse("measures:answer", args=["phq9"]), form)["Location"]
    with freeze_time(later):
        http = signed_in(client)
        return visible_text(http.get(result))


def test_reopened_within_the_time_the_page_keeps_the_time_counted_from_the_answer(
    casey_in_new_york, signed_in, team_hours
):
    team_hours(contact_hours=4)
    later = TUESDAY_10AM + dt.timedelta(hours=1, minutes=30)
    page = answer_item_9_then_reopen(signed_in, casey_in_new_york, TUESDAY_10AM, later)
    assert "will contact you by 2:00 pm today." in page  # not 3:30 pm, four hours from now


def test_an_old_result_promises_no_new_time_and_says_when_the_team_was_told(
    casey_in_new_york, signed_in, team_hours
):
    team_hours(contact_hours=4)
    a_week_later = TUESDAY_10AM + dt.timedelta(days=7)
    page = answer_item_9_then_reopen(signed_in, casey_in_new_york, TUESDAY_10AM, a_week_later)
    assert "will contact you" not in page
    assert "Your care team was told on Tue 1 Dec at 10:00 am." in page
    assert "We told your care team: Robin Example." in page
    assert "write to your care team" in page
    assert "call or text 988, day or night" in page and "HOME to 741741" in page
    assert "call 911" in page


def test_the_time_passes_when_the_team_has_had_its_working_hours_not_before(
    casey_in_new_york, signed_in, team_hours
):
    """Answered on Friday afternoon: the time is Monday's, and the weekend in between does not
    count it as passed."""
    team_hours(contact_hours=4)
    friday_4pm = dt.datetime(2026, 12, 4, 16, 0, tzinfo=NEW_YORK)
    sunday = dt.datetime(2026, 12, 6, 12, 0, tzinfo=NEW_YORK)
    page = answer_item_9_then_reopen(signed_in, casey_in_new_york, friday_4pm, sunday)
    assert "will contact you by 12:00 pm tomorrow." in page  # Monday, seen on Sunday
    tuesday = dt.datetime(2026, 12, 8, 9, 0, tzinfo=NEW_YORK)
    page = answer_item_9_then_reopen(signed_in, casey_in_new_york, friday_4pm, tuesday)
    assert "Your care team was told on Fri 4 Dec at 4:00 pm." in page
    assert "will contact you" not in page


def test_the_safety_plan_is_shown_step_by_step_with_its_headings(
    casey_in_new_york, signed_in, team_hours
):
    team_hours()
    save_safety_plan(
        client=casey_in_new_york.client,
        sections={"coping": ["A walk round the block"], "people_help": ["My sister Ana"]},
        author=casey_in_new_york,
    )
    page = answer_item_9(signed_in, casey_in_new_york, TUESDAY_10AM)
    coping = page.index("Things I can do on my own")
    assert coping < page.index("A walk round the block") < page.index("People I can ask for help")
    assert page.index("People I can ask for help") < page.index("My sister Ana")
    assert "My warning signs" not in page  # a step the client left empty is not shown bare


def test_without_a_care_team_the_page_says_no_one_was_told_and_points_to_988(
    casey_in_new_york, signed_in, team_hours
):
    team_hours()
    CareTeamMember.objects.filter(client=casey_in_new_york.client).delete()
    page = answer_item_9(signed_in, casey_in_new_york, TUESDAY_10AM)
    assert "No one is on your care team yet, so no one has been told." in page
    assert "call or text 988" in page
    assert "We have told" not in page


@pytest.mark.parametrize("hours", ["0", "41", "four"])
def test_an_admin_cannot_set_an_impossible_response_time(morgan, signed_in, hours):
    response = signed_in(morgan).post(
        reverse("conversations:hours"),
        {
            "weekdays": ["0", "1", "2", "3", "4"],
            "opens_at": "09:00",
            "closes_at": "17:00",
            "timezone_name": "America/New_York",
            "reply_time": "usually within one working day",
            "after_hours": "For a crisis, call or text 988.",
            "safety_contact_hours": hours,
        },
    )
    assert response.status_code == 400
    assert "working hours" in visible_text(response)
    assert not CareTeamHours.objects.exists()


def test_an_admin_sets_the_response_time_and_sees_what_clients_will_read(morgan, signed_in):
    http = signed_in(morgan)
    response = http.post(
        reverse("conversations:hours"),
        {
            "weekdays": ["0", "1", "2", "3", "4"],
            "opens_at": "09:00",
            "closes_at": "17:00",
            "timezone_name": "America/New_York",
            "reply_time": "usually within one working day",
            "after_hours": "For a crisis, call or text 988.",
            "safety_contact_hours": "2",
        },
    )
    assert response.status_code == 302
    assert CareTeamHours.objects.get().safety_contact_hours == 2
    page = visible_text(http.get(reverse("conversations:hours")))
    assert "After a safety answer:" in page and "will contact you" in page


def test_after_a_safety_answer_a_low_total_is_not_read_as_good_news(casey, signed_in):
    # Item 9 at 1 and every other item at 0: a total of 1, which alone would read "few signs".
    page = answer_item_9(signed_in, casey, TUESDAY_10AM)
    assert "Your total is 1, on a scale from 0 to 27." in page
    for reassuring in ("few signs", "for the better", "lower than"):
        assert reassuring not in page
