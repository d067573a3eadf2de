"""Triage a clinician can trust: a resolved signal stays resolved until something new happens, the
caseload ranks within each tier by the weight of the evidence, the supervisor's list puts urgent
first with filters and pages, and `radar_report` says how much the radar asks of clinicians."""

from __future__ import annotations

import datetime as dt
import io
import itertools

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from freezegun import freeze_time
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import visible_text
from reconnect.access.models import AccessEvent, Category
from reconnect.accounts import actions as people
from reconnect.journal.actions import record_checkin
from reconnect.measures.actions import record_response
from reconnect.measures.models import Response
from reconnect.people.models import Role
from reconnect.radar.actions import (
    acknowledge_signal,
    close_signal,
    raise_worrying_words,
    record_session,
)
from reconnect.radar.models import RadarState, Signal
from reconnect.radar.refresh import refresh_signals
from reconnect.radar.rules.common import fmt

pytestmark = pytest.mark.django_db
NUMBERS = itertools.count()


def client_named(program, clinician, name):
    return people.add_person(
        program=program,
        email=f"{name.replace(' ', '.').lower()}@example.org",
        display_name=name,
        role=Role.CLIENT,
        clinician=clinician,
    ).client


def checkins(client, days, state="settled", craving=2):
    now = timezone.now()
    for n in days:
        record_checkin(
            client=client,
            state=state,
            craving=craving,
            client_request_id=f"c{client.pk}-{n}",
            recorded_at=now - dt.timedelta(days=n),
        )


def missed(client, clinician, *days):
    for n in days:
        record_session(
            client=client,
            clinician=clinician,
            planned_at=timezone.now() - dt.timedelta(days=n),
            status="missed",
        )


def refresh_again(client, times=3):
    """New writes mark the radar stale; each refresh then recomputes from the same data."""
    for _ in range(times):
        RadarState.objects.filter(client=client).update(stale_since=timezone.now())
        refresh_signals([client.pk])


@pytest.fixture
def drifting_casey(casey):
    checkins(casey.client, range(8, 40))
    refresh_signals([casey.client.pk])
    return casey


def resolve(http, client, kind):
    signal = Signal.objects.live().get(client=client, kind=kind)
    url = reverse("radar:signal", args=[client.pk, signal.pk])
    http.post(url, {"do": "close", "reason": "Back in touch", "useful": "yes"})
    return signal


# --- item: a resolved signal holds until new evidence -------------------------------------


def test_a_resolved_drifting_signal_does_not_come_back_on_the_same_silent_stretch(
    drifting_casey, robin, signed_in
):
    http = signed_in(robin)
    resolve(http, drifting_casey.client, "drifting")
    refresh_again(drifting_casey.client)
    text = visible_text(http.get(reverse("radar:caseload")))
    assert "Drifting away:" not in text and "Quiet: no signals." in text
    assert not Signal.objects.live().filter(kind="drifting").exists()


def test_a_further_silent_week_brings_it_back_saying_what_is_new(drifting_casey, robin, signed_in):
    resolve(signed_in(robin), drifting_casey.client, "drifting")
    resolved_on = fmt(timezone.localdate())
    with freeze_time(timezone.now() + dt.timedelta(days=7)):
        text = visible_text(signed_in(robin).get(reverse("radar:caseload")))
    assert "No check-in for 15 days" in text
    assert f"New since it was resolved on {resolved_on}: 2 weeks without a check-in." in text
    again = Signal.objects.live().get(kind="drifting")
    url = reverse("radar:signal", args=[drifting_casey.client.pk, again.pk])
    with freeze_time(timezone.now() + dt.timedelta(days=7)):
        detail = visible_text(signed_in(robin).get(url))
    assert f"New since it was resolved on {resolved_on}" in detail


def test_a_signal_resolved_before_marks_were_kept_holds_on_its_evidence_days(drifting_casey, robin):
    signal = Signal.objects.get(kind="drifting")
    Signal.objects.filter(pk=signal.pk).update(marks=[])
    signal.refresh_from_db()
    close_signal(signal=signal, reason="Back in touch", by=robin, useful=True)
    refresh_again(drifting_casey.client)
    assert not Signal.objects.live().filter(kind="drifting").exists()


def test_a_new_missed_session_wakes_a_snoozed_signal_before_its_date(casey, robin, signed_in):
    checkins(casey.client, range(0, 40))
    missed(casey.client, robin, 20, 13)
    refresh_signals([casey.client.pk])
    signal = Signal.objects.get(kind="drifting")
    close_signal(
        signal=signal,
        reason="Talked; away for two weeks",
        by=robin,
        snooze_until=timezone.localdate() + dt.timedelta(days=14),
    )
    refresh_again(casey.client)
    signal.refresh_from_db()
    assert signal.state == "snoozed"
    missed(casey.client, robin, 2)
    refresh_signals([casey.client.pk])
    signal.refresh_from_db()
    assert signal.state == "open"
    day = fmt(timezone.localdate() - dt.timedelta(days=2))
    snoozed_on = fmt(timezone.localdate())
    assert signal.whats_new == (
        f"New since it was snoozed on {snoozed_on}: missed the session on {day}."
    )


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(
    days=st.lists(st.integers(0, 60), max_size=40, unique=True),
    state=st.sampled_from(["settled", "activated", "shut_down"]),
    sessions=st.lists(st.sampled_from(["attended", "missed"]), max_size=5),
    refreshes=st.integers(1, 4),
)
def test_refreshing_any_number_of_times_without_new_data_never_reopens_what_was_resolved(
    program, robin, days, state, sessions, refreshes
):
    client = client_named(program, robin, f"Person{next(NUMBERS)} Example")
    checkins(client, days, state=state, craving=None)
    missed(client, robin, *[30 - 7 * i for i, s in enumerate(sessions) if s == "missed"])
    refresh_signals([client.pk])
    resolved = set()
    for signal in Signal.objects.live().filter(client=client, safety_flag__isnull=True):
        close_signal(signal=signal, reason="Seen to", by=robin, useful=True)
        resolved.add(signal.kind)
    refresh_again(client, refreshes)
    assert not Signal.objects.live().filter(client=client, kind__in=resolved).exists()


# --- item: ranking within a tier -----------------------------------------------------------


def test_within_a_tier_the_weight_of_evidence_orders_the_cards_and_each_says_why(
    program, robin, signed_in
):
    spike = client_named(program, robin, "Aaron Spike")  # first by name
    checkins(spike, range(1, 42))
    checkins(spike, [0], craving=9)
    silent = client_named(program, robin, "Zoe Silent")
    checkins(silent, range(13, 42))
    missed(silent, robin, 16, 9)
    for n, (answers, days_ago) in enumerate((([0] * 9, 40), ([2] * 8 + [0], 14))):
        response, _ = record_response(
            client=silent, instrument="phq9", answers=answers, client_request_id=f"p{n}"
        )
        Response.objects.filter(pk=response.pk).update(
            submitted_at=timezone.now() - dt.timedelta(days=days_ago)
        )
    text = visible_text(signed_in(robin).get(reverse("radar:caseload")))
    assert text.index("Zoe Silent") < text.index("Aaron Spike")
    assert "Ranked by 2 signals, 13 days without a check-in." in text
    assert "Ranked by 1 signal, new evidence today." in text


def test_an_open_urgent_item_comes_before_one_already_acknowledged_whatever_its_weight(
    program, robin, signed_in
):
    taken_up = client_named(program, robin, "Aaron Acknowledged")  # first by name
    checkins(taken_up, range(13, 42))  # 13 days silent: more weight
    acknowledge_signal(
        signal=raise_worrying_words(client=taken_up, at=timezone.now() - dt.timedelta(hours=3)),
        by=robin,
    )
    waiting = client_named(program, robin, "Zoe Waiting")
    checkins(waiting, range(0, 42))
    raise_worrying_words(client=waiting, at=timezone.now())
    http = signed_in(robin)
    for query in ({}, {"kind": "worrying_words"}):
        text = visible_text(http.get(reverse("radar:caseload"), query))
        assert text.index("Zoe Waiting") < text.index("Aaron Acknowledged"), query


def test_each_card_counts_check_in_days_and_draws_the_cravings_of_the_last_two_weeks(
    casey, robin, signed_in
):
    checkins(casey.client, [0, 1, 3, 13, 14, 20], craving=4)
    checkins(casey.client, [30], craving=9)  # outside the two weeks
    response = signed_in(robin).get(reverse("radar:caseload"))
    assert "4 check-in days in 2 weeks" in visible_text(response)
    assert response.content.decode().count("<polyline") == 1


def test_a_card_escapes_what_came_from_the_record(program, robin, signed_in):
    client = client_named(program, robin, 'Kim <b onclick="x">Bold</b>')
    checkins(client, range(8, 40))
    body = signed_in(robin).get(reverse("radar:caseload")).content.decode()
    assert "Kim &lt;b onclick=&quot;x&quot;&gt;Bold&lt;/b&gt;" in body
    assert '<b onclick="x">' not in body


# --- item: the supervisor's open-signals list ----------------------------------------------


def many_signals(program, robin, n, *, kind="drifting", since_days=30):
    """n clients, each with one open signal whose evidence first fired `since_days` ago."""
    made = []
    for i in range(n):
        client = client_named(program, robin, f"Team{i:02d} {kind.title()}")
        start = timezone.localdate() - dt.timedelta(days=since_days + i)
        made.append(
            Signal(
                client=client,
                kind=kind,
                severity="attention",
                start=start,
                end=timezone.localdate(),
                since=start,
                explanation="No check-in for a while.",
                evidence=[start.isoformat()],
            )
        )
    return Signal.objects.bulk_create(made)


def test_urgent_comes_first_and_open_since_counts_from_the_evidence(
    program, robin, pat, casey, signed_in
):
    many_signals(program, robin, 30)
    record_response(
        client=casey.client, instrument="phq9", answers=[0] * 8 + [1], client_request_id="u"
    )
    Signal.objects.filter(kind="safety").update(since=dt.date(2026, 11, 19))
    text = visible_text(signed_in(pat).get(reverse("radar:team_signals")))
    # urgent first, then the oldest evidence first: page 1 ends before the newest attention item
    assert text.index(casey.display_name) < text.index("Team29 Drifting")
    assert "Team00 Drifting" not in text
    assert "19 Nov" in text and "minutes" not in text
    assert "Page 1 of 2 · 31 signals" in text


def test_an_open_urgent_item_comes_before_an_older_one_already_acknowledged(
    program, robin, pat, signed_in
):
    taken_up = client_named(program, robin, "Aaron Acknowledged")
    acknowledge_signal(
        signal=raise_worrying_words(client=taken_up, at=timezone.now() - dt.timedelta(days=4)),
        by=robin,
    )
    waiting = client_named(program, robin, "Zoe Waiting")
    raise_worrying_words(client=waiting, at=timezone.now())
    many_signals(program, robin, 2)  # needs attention, older still: after both
    text = visible_text(signed_in(pat).get(reverse("radar:team_signals")))
    assert text.index("Zoe Waiting") < text.index("Aaron Acknowledged") < text.index("Team00")


def test_on_a_phone_each_signal_is_a_card_of_labelled_lines_not_a_table_wider_than_the_screen(
    program, robin, pat, signed_in
):
    many_signals(program, robin, 1)
    body = signed_in(pat).get(reverse("radar:team_signals")).content.decode()
    assert '<table class="stacked">' in body
    for label in ("Open since", "Client", "Clinician", "Signal", "State"):
        assert f'<td data-label="{label}">' in body


def test_filters_by_kind_and_clinician_and_pages_keep_the_filters(
    program, robin, sam, pat, signed_in
):
    from reconnect.accounts.actions import assign_supervisor

    assign_supervisor(supervisor=pat, clinician=sam)
    many_signals(program, robin, 27)
    many_signals(program, sam, 2, kind="dysregulation")
    http = signed_in(pat)
    by_kind = visible_text(http.get(reverse("radar:team_signals"), {"kind": "dysregulation"}))
    assert "Team00 Dysregulation" in by_kind and "Team00 Drifting" not in by_kind
    by_sam = visible_text(http.get(reverse("radar:team_signals"), {"clinician": sam.pk}))
    assert "Team01 Dysregulation" in by_sam and "Team00 Drifting" not in by_sam
    first = http.get(reverse("radar:team_signals"), {"kind": "drifting"})
    assert "kind=drifting&amp;page=2" in first.content.decode()
    second = visible_text(http.get(reverse("radar:team_signals"), {"kind": "drifting", "page": 2}))
    assert "Page 2 of 2" in second and "Team00 Drifting" in second  # the newest come last


def test_a_filter_value_from_outside_the_lists_is_refused_kindly(pat, signed_in, lee):
    http = signed_in(pat)
    text = visible_text(http.get(reverse("radar:team_signals"), {"kind": "bogus"}))
    assert "Please choose a signal from the list." in text
    text = visible_text(http.get(reverse("radar:team_signals"), {"clinician": lee.pk}))
    assert "Please choose a clinician you supervise." in text


def test_the_list_page_reads_the_same_number_of_queries_whatever_its_length(
    program, robin, pat, signed_in
):
    http = signed_in(pat)
    http.get(reverse("radar:team_signals"))  # the session's first reads
    counts = []
    for n, kind in ((2, "drifting"), (20, "dysregulation")):
        many_signals(program, robin, n, kind=kind)
        with CaptureQueriesContext(connection) as queries:
            assert http.get(reverse("radar:team_signals")).status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_only_the_clients_on_the_page_are_recorded_as_seen(program, robin, pat, signed_in):
    many_signals(program, robin, 30)
    before = AccessEvent.objects.filter(category=Category.CASELOAD_SUMMARY).count()
    signed_in(pat).get(reverse("radar:team_signals"))
    after = AccessEvent.objects.filter(category=Category.CASELOAD_SUMMARY).count()
    assert after - before == 25


# --- item: radar_report --------------------------------------------------------------------


def test_radar_report_counts_per_100_clients_per_week_useful_and_reopened(
    drifting_casey, robin, signed_in, program
):
    resolve(signed_in(robin), drifting_casey.client, "drifting")
    refresh_again(drifting_casey.client)
    out = io.StringIO()
    call_command("radar_report", "--program", program.name, "--weeks", "2", stdout=out)
    text = out.getvalue()
    assert f"# {program.name}: 1 client, last 2 weeks" in text
    assert (
        "Drifting away          needs attention        1          50.0       1           0" in text
    )
    assert "reopened without new evidence: 0 of 0 opened after a clinician resolved one" in text
    assert "held until new evidence:" in text


def test_radar_report_refuses_an_unknown_program(db):
    with pytest.raises(Exception, match="No program has that name."):
        call_command("radar_report", "--program", "Nowhere")
