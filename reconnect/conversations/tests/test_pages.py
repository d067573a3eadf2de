"""The conversation pages: the client writes (with and without htmx) and sees hours, help and
read receipts; the care team reads and replies; a supervisor reads under supervision; Sam and
Jo get 404; the inbox puts the unanswered first in a fixed number of queries."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from freezegun import freeze_time

from conftest import visible_text
from reconnect.access.models import AccessEvent
from reconnect.accounts.actions import add_person
from reconnect.conversations.actions import save_care_team_hours, send_message
from reconnect.conversations.models import Message, MessageRead
from reconnect.conversations.wording import WORRYING_WORDS_SHOWN
from reconnect.radar.models import Outreach, Signal

pytestmark = pytest.mark.django_db
MINE = "/me/messages/"
# Thursday 3 December 2026: 15:00 and 21:00 UTC (the default hours: Mon–Fri 9–5 UTC).
THURSDAY_AFTERNOON = dt.datetime(2026, 12, 3, 15, 0, tzinfo=dt.UTC)
THURSDAY_NIGHT = dt.datetime(2026, 12, 3, 21, 0, tzinfo=dt.UTC)


def _casey_page(casey, robin):
    return f"/clients/{casey.client.pk}/messages/"


def _post(http, url, body, request_id="r1", **extra):
    return http.post(url, {"body": body, "client_request_id": request_id, **extra}, **{})


def test_the_client_sends_a_message_without_javascript_and_sees_it_at_the_bottom(
    casey, robin, signed_in
):
    http = signed_in(casey)
    send_message(client=casey.client, author=robin, body="Welcome, Casey.")
    response = _post(http, MINE, "Hello Robin, it's been a long week")
    message = Message.objects.get(author=casey)
    assert response.status_code == 302
    assert response["Location"] == f"{MINE}?sent={message.pk}#box"
    page = visible_text(http.get(response["Location"]))
    assert "Sent. Your care team will see it." in page
    assert page.index("Welcome, Casey.") < page.index("Hello Robin, it's been a long week")
    assert "long week" not in response["Location"]


def test_with_htmx_the_conversation_is_swapped_in_place(casey, robin, signed_in):
    http = signed_in(casey)
    response = http.post(
        MINE,
        {"body": "Sent with htmx", "client_request_id": "h1"},
        HTTP_HX_REQUEST="true",
        follow=True,
    )
    assert response.status_code == 200
    assert 'id="conversation"' in response.content.decode()
    assert "Sent with htmx" in visible_text(response)
    refused = http.post(MINE, {"body": "", "client_request_id": "h2"}, HTTP_HX_REQUEST="true")
    assert refused.status_code == 200  # htmx swaps only successful answers
    assert "Please write a message before sending." in visible_text(refused)


def test_a_double_submit_stores_one_message(casey, robin, signed_in):
    http = signed_in(casey)
    first = _post(http, MINE, "Only once", "twice")
    second = _post(http, MINE, "Only once", "twice")
    assert first.status_code == second.status_code == 302
    assert first["Location"] == second["Location"]
    assert Message.objects.count() == 1


@pytest.mark.parametrize(
    ("body", "says"), [("", "Please write a message"), ("y" * 5001, "to 5,000 characters or fewer")]
)
def test_an_empty_or_too_long_message_gets_a_clear_reason_and_nothing_is_sent(
    casey, robin, signed_in, body, says
):
    response = _post(signed_in(casey), MINE, body)
    assert response.status_code == 400
    assert says in visible_text(response)
    assert not Message.objects.exists()


def test_worrying_words_show_the_resources_and_safety_plan_link_on_the_same_screen(
    casey, robin, signed_in
):
    http = signed_in(casey)
    response = http.post(
        MINE, {"body": "I took too many pills", "client_request_id": "w"}, follow=True
    )
    page = visible_text(response)
    assert WORRYING_WORDS_SHOWN in page
    assert reverse("safety:my_plan") in response.content.decode()
    assert "I took too many pills" in page  # sent anyway, never blocked
    assert Signal.objects.filter(kind="worrying_words", severity="urgent").count() == 1
    assert "no risk" not in page.lower() and "you are safe" not in page.lower()
    calm = visible_text(http.get(MINE))
    assert WORRYING_WORDS_SHOWN not in calm  # shown after sending, not on every visit


def test_after_worrying_words_the_writer_lands_on_the_resources_next_to_the_box(casey, signed_in):
    http = signed_in(casey)
    for n in range(12):  # a long conversation: the resources must not be scrolled away
        http.post(MINE, {"body": f"Note {n}", "client_request_id": f"n{n}"})
    response = http.post(MINE, {"body": "I can't go on", "client_request_id": "w2"})
    assert response["Location"].endswith("#worry-h")
    html = http.get(response["Location"]).content.decode()
    resources, box = html.index('id="worry-h"'), html.index('id="box"')
    assert html.rindex("Note 11") < resources < box  # after the messages, right above the box
    assert 'id="worry-h" tabindex="-1" autofocus' in html  # htmx moves focus (and view) there


def test_above_the_box_every_time_the_hours_reply_time_and_911_988(casey, robin, signed_in):
    with freeze_time(THURSDAY_AFTERNOON):
        page = visible_text(signed_in(casey).get(MINE))
    assert "Mon–Fri 9am–5pm, usually within one working day." in page
    assert "If you are in danger now, call 911; call or text 988 any time." in page
    assert "will be read when the team is back" not in page


def test_outside_hours_the_client_is_told_when_someone_will_read_it_in_her_time_zone(
    casey, robin, signed_in
):
    save_care_team_hours(
        program=casey.client.program,
        weekdays=[0, 1, 2, 3, 4],
        opens_at=dt.time(9),
        closes_at=dt.time(17),
        timezone_name="America/New_York",
        reply_time="usually within one working day",
        after_hours="Our team is not available right now. For a crisis, call or text 988.",
    )
    casey.time_zone = "America/Los_Angeles"
    casey.save(update_fields=["time_zone"])
    with freeze_time(dt.datetime(2026, 12, 4, 23, 30, tzinfo=dt.UTC)):  # Fri 6:30 pm New York
        page = visible_text(signed_in(casey).get(MINE))
    # Monday 9 am in New York is 6 am in Los Angeles.
    assert "Your message will be read when the team is back: Mon 7 Dec, 6:00 am." in page
    assert "Our team is not available right now. For a crisis, call or text 988." in page
    assert "Mon–Fri 9am–5pm Eastern time (New York), usually" in page


def test_the_client_sees_read_receipts_in_her_time_zone(casey, robin, signed_in):
    casey.time_zone = "America/New_York"
    casey.save(update_fields=["time_zone"])
    with freeze_time(dt.datetime(2026, 12, 3, 19, 0, tzinfo=dt.UTC)):
        send_message(client=casey.client, author=casey, body="Did you get this?")
    with freeze_time(dt.datetime(2026, 12, 3, 19, 14, tzinfo=dt.UTC)):
        signed_in(robin).get(_casey_page(casey, robin))
        page = visible_text(signed_in(casey).get(MINE))
    assert "Read by Robin, today at 2:14 pm" in page


def test_a_message_from_today_says_today_under_one_from_yesterday(casey, robin, signed_in):
    casey.time_zone = "America/New_York"
    casey.save(update_fields=["time_zone"])
    with freeze_time(dt.datetime(2026, 12, 3, 2, 30, tzinfo=dt.UTC)):  # Wed 9:30 pm New York
        send_message(client=casey.client, author=robin, body="How was today?")
    with freeze_time(dt.datetime(2026, 12, 3, 14, 5, tzinfo=dt.UTC)):  # Thu 9:05 am
        send_message(client=casey.client, author=casey, body="Better, thanks.")
        page = visible_text(signed_in(casey).get(MINE))
    assert "Robin Example (care team) · Wed 2 Dec, 9:30 pm" in page
    assert "You · today at 9:05 am" in page


def test_the_hours_line_has_no_gap_before_its_comma_in_the_teams_own_time_zone(casey, signed_in):
    save_care_team_hours(
        program=casey.client.program,
        weekdays=[0, 1, 2, 3, 4],
        opens_at=dt.time(9),
        closes_at=dt.time(17),
        timezone_name="America/New_York",
        reply_time="usually within one working day",
        after_hours="Our team is not available right now. For a crisis, call or text 988.",
    )
    casey.time_zone = "America/New_York"
    casey.save(update_fields=["time_zone"])
    html = signed_in(casey).get(MINE).content.decode()
    assert "Mon–Fri 9am–5pm, usually within one working day." in html


def test_the_care_team_reads_and_replies_and_the_client_sees_the_reply(casey, robin, signed_in):
    send_message(client=casey.client, author=casey, body="Can we move Friday?")
    staff = signed_in(robin)
    page = visible_text(staff.get(_casey_page(casey, robin)))
    assert "Can we move Friday?" in page
    assert MessageRead.objects.filter(reader=robin).count() == 1
    event = AccessEvent.objects.filter(client_id=casey.client.pk, actor_id=robin.pk).latest("id")
    assert (event.category, event.action, event.purpose) == ("messages", "view", "treatment")
    reply = _post(staff, _casey_page(casey, robin), "Yes, how about Monday?")
    assert reply.status_code == 302
    assert "Yes, how about Monday?" in visible_text(signed_in(casey).get(MINE))


def test_a_supervisor_reads_under_supervision_without_a_box_or_a_read_receipt(
    casey, robin, pat, signed_in
):
    send_message(client=casey.client, author=casey, body="Hello team")
    http = signed_in(pat)
    response = http.get(_casey_page(casey, robin))
    assert response.status_code == 200
    assert "Hello team" in visible_text(response)
    assert 'name="body"' not in response.content.decode()
    event = AccessEvent.objects.filter(client_id=casey.client.pk, actor_id=pat.pk).latest("id")
    assert (event.category, event.purpose) == ("messages", "supervision")
    assert not MessageRead.objects.exists()
    refused = _post(http, _casey_page(casey, robin), "A supervisor writes")
    assert refused.status_code == 403
    assert Message.objects.count() == 1


@pytest.mark.parametrize("persona", ["sam", "jo", "lee"])
def test_anyone_outside_the_care_team_gets_404_and_nothing_changes(
    casey, robin, everyone, signed_in, persona
):
    send_message(client=casey.client, author=casey, body="Private words")
    http = signed_in(everyone[persona])
    for response in (
        http.get(_casey_page(casey, robin)),
        _post(http, _casey_page(casey, robin), "Intruding"),
    ):
        assert response.status_code == 404
        assert b"Private words" not in response.content
    assert Message.objects.count() == 1


def test_staff_and_supporters_have_no_my_messages_page(robin, jo, signed_in):
    assert signed_in(robin).get(MINE).status_code == 404
    assert signed_in(jo).get(MINE).status_code == 404
    assert signed_in(jo).get("/messages/").status_code == 404


def test_send_a_message_from_a_signal_logs_outreach(casey, robin, signed_in):
    signal = Signal.objects.create(
        client=casey.client,
        kind="drifting",
        severity="attention",
        start="2026-12-01",
        end="2026-12-03",
        explanation="No check-in for 6 days.",
    )
    http = signed_in(robin)
    page = http.get(f"{_casey_page(casey, robin)}?signal={signal.pk}")
    assert "Sending logs it as outreach" in visible_text(page)
    response = _post(http, _casey_page(casey, robin), "How are you doing?", signal=signal.pk)
    assert response.status_code == 302
    assert Outreach.objects.get().action == "messaged"


def test_every_signal_card_offers_send_a_message(casey, robin, signed_in):
    send_message(client=casey.client, author=casey, body="I want to end my life")
    item = Signal.objects.get(kind="worrying_words")
    http = signed_in(robin)
    caseload = http.get("/caseload/")
    link = f"/clients/{casey.client.pk}/messages/?signal={item.pk}"
    assert link in caseload.content.decode()
    assert "Words that worry us:" in visible_text(caseload)
    detail = http.get(f"/clients/{casey.client.pk}/signals/{item.pk}/")
    assert link in detail.content.decode()


def test_the_inbox_puts_unanswered_first_with_waiting_time_and_unread_counts(
    casey, lee, robin, sam, signed_in, program
):
    taylor = add_person(
        program=program,
        email="taylor@example.org",
        display_name="Taylor Example",
        role="client",
        clinician=robin,
    )
    with freeze_time(dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)):  # Tuesday 10:00
        send_message(client=casey.client, author=casey, body="First")
    with freeze_time(dt.datetime(2026, 12, 2, 10, 0, tzinfo=dt.UTC)):
        send_message(client=taylor.client, author=taylor, body="Hi")
        send_message(client=taylor.client, author=robin, body="Hello Taylor")
    with freeze_time(dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC)):  # Wednesday noon
        response = signed_in(robin).get("/messages/")
    page = visible_text(response)
    assert page.index("Casey Example") < page.index("Taylor Example")
    assert "waiting 10 working hours" in page  # Tue 10–17 and Wed 9–12 (UTC hours)
    assert "1 unread" in page and "answered" in page
    assert "Lee Example" not in page
    listed = AccessEvent.objects.filter(actor_id=robin.pk, detail="their messages inbox")
    assert set(listed.values_list("client_id", flat=True)) == {casey.client.pk, taylor.client.pk}


def test_the_inbox_puts_words_that_worry_us_above_a_longer_wait(casey, robin, signed_in, program):
    taylor = add_person(
        program=program,
        email="taylor@example.org",
        display_name="Taylor Example",
        role="client",
        clinician=robin,
    )
    with freeze_time(dt.datetime(2026, 12, 1, 10, 0, tzinfo=dt.UTC)):
        send_message(client=casey.client, author=casey, body="Can we move Friday?")
    with freeze_time(dt.datetime(2026, 12, 2, 11, 0, tzinfo=dt.UTC)):
        send_message(client=taylor.client, author=taylor, body="I want to die")
    with freeze_time(dt.datetime(2026, 12, 2, 12, 0, tzinfo=dt.UTC)):
        page = visible_text(signed_in(robin).get("/messages/"))
    assert page.index("Taylor Example") < page.index("Casey Example")


def test_the_inbox_and_a_conversation_take_the_same_queries_for_any_number_of_messages(
    casey, robin, signed_in, program, django_assert_max_num_queries
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from reconnect.accounts.actions import add_person

    http = signed_in(robin)

    def count(url: str) -> int:
        with CaptureQueriesContext(connection) as queries:
            assert http.get(url).status_code == 200
        return len(queries)

    send_message(client=casey.client, author=casey, body="One")
    count("/messages/")  # the first request of a session does more (session, two-factor)
    small = (count("/messages/"), count(_casey_page(casey, robin)))
    for n in range(40):
        send_message(client=casey.client, author=casey if n % 2 else robin, body=f"Message {n}")
    for n in range(5):
        other = add_person(
            program=program,
            email=f"c{n}@example.org",
            display_name=f"Client {n}",
            role="client",
            clinician=robin,
        )
        send_message(client=other.client, author=other, body="Hello")
    large = (count("/messages/"), count(_casey_page(casey, robin)))
    assert large == small
    with django_assert_max_num_queries(20):
        http.get("/messages/")


def test_the_caseload_shows_unread_counts(casey, robin, signed_in):
    send_message(client=casey.client, author=casey, body="One")
    send_message(client=casey.client, author=casey, body="Two")
    page = visible_text(signed_in(robin).get("/caseload/"))
    assert "2 unread messages" in page


def test_the_client_home_links_to_messages_with_new_ones(casey, robin, signed_in):
    send_message(client=casey.client, author=robin, body="Hi Casey")
    page = visible_text(signed_in(casey).get("/me/"))
    assert "Message my care team · 1 new" in page


def test_a_program_admin_sets_the_care_team_hours(morgan, casey, signed_in):
    http = signed_in(morgan)
    assert http.get("/program/hours/").status_code == 200
    response = http.post(
        "/program/hours/",
        {
            "weekdays": ["0", "1", "2", "3"],
            "opens_at": "08:30",
            "closes_at": "16:00",
            "timezone_name": "America/Chicago",
            "reply_time": "usually the same day",
            "after_hours": "We are closed now. For a crisis, call or text 988.",
        },
    )
    assert response.status_code == 302
    page = visible_text(signed_in(casey).get(MINE))
    assert "Mon–Thu 8:30am–4pm" in page and "usually the same day" in page


def test_closing_before_opening_is_refused_and_nothing_changes(morgan, signed_in):
    response = signed_in(morgan).post(
        "/program/hours/",
        {
            "weekdays": ["0"],
            "opens_at": "17:00",
            "closes_at": "09:00",
            "timezone_name": "UTC",
            "reply_time": "soon",
            "after_hours": "Call 988.",
        },
    )
    assert response.status_code == 400
    assert "closing time after the opening time" in visible_text(response)


@pytest.mark.parametrize("persona", ["robin", "casey", "pat", "jo"])
def test_only_a_program_admin_sets_the_hours(everyone, signed_in, persona):
    assert signed_in(everyone[persona]).get("/program/hours/").status_code == 404


def test_the_client_reads_in_plain_words_who_read_and_wrote_in_her_messages(
    casey, robin, pat, signed_in
):
    send_message(client=casey.client, author=casey, body="Hello")
    signed_in(robin).get(_casey_page(casey, robin))
    _post(signed_in(robin), _casey_page(casey, robin), "Hi Casey")
    signed_in(pat).get(_casey_page(casey, robin))
    page = visible_text(signed_in(casey).get(reverse("records:my_record_access")))
    assert "Robin Example (clinician) viewed your messages, for treatment" in page
    assert "wrote to you in your messages" in page
    assert "Pat Example (supervisor) viewed your messages, for supervision" in page


def test_a_long_conversation_pages_back_from_the_newest(casey, robin, signed_in):
    for n in range(65):
        send_message(client=casey.client, author=casey, body=f"Numbered {n:02d}")
    http = signed_in(casey)
    first = visible_text(http.get(MINE))
    assert "Numbered 64" in first and "Numbered 35" in first and "Numbered 34" not in first
    assert first.index("Numbered 35") < first.index("Numbered 64")  # newest at the bottom
    assert "Older messages" in first and "Newer messages" not in first
    third = visible_text(http.get(f"{MINE}?page=3"))
    assert "Numbered 00" in third and "Numbered 05" not in third
    assert "Older messages" not in third and "Newer messages" in third
    beyond = visible_text(http.get(f"{MINE}?page=99"))
    assert "No older messages." in beyond
    assert http.get(f"{MINE}?page=nonsense").status_code == 200


def test_new_words_sent_from_a_page_whose_id_was_used_go_as_a_new_message(casey, signed_in):
    """A form brought back by Back, or sent again after a lost answer, keeps its old id: the
    new words are sent anyway, and words that worry us raise their item."""
    http = signed_in(casey)
    assert _post(http, MINE, "ok see you then", "same").status_code == 302
    assert _post(http, MINE, "I can't go on like this tonight", "same").status_code == 302
    assert [m.body for m in Message.objects.order_by("pk")] == [
        "ok see you then",
        "I can't go on like this tonight",
    ]
    assert Signal.objects.filter(kind="worrying_words").count() == 1
