"""The radar in use: signals kept current, the caseload in order, outreach, sessions, fairness."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.management import call_command
from django.test import Client as HttpClient
from django.urls import reverse
from django.utils import timezone

from conftest import visible_text
from reconnect.access.models import AccessEvent
from reconnect.accounts import actions as people
from reconnect.journal.actions import record_checkin
from reconnect.measures.actions import record_response
from reconnect.measures.models import SafetyFlag
from reconnect.people.models import Role
from reconnect.radar.actions import acknowledge_signal, record_session
from reconnect.radar.models import Outreach, RadarState, Session, Signal
from reconnect.radar.refresh import refresh_signals

pytestmark = pytest.mark.django_db


def checkins(client, days, state="settled"):
    now = timezone.now()
    for n in days:
        record_checkin(
            client=client,
            state=state,
            client_request_id=f"c{client.pk}-{n}",
            recorded_at=now - dt.timedelta(days=n),
        )


@pytest.fixture
def drifting_casey(casey):
    checkins(casey.client, range(8, 40))
    refresh_signals([casey.client.pk])
    return casey


def test_refresh_stores_one_live_signal_per_kind_and_resolves_what_went_away(drifting_casey):
    client = drifting_casey.client
    signal = Signal.objects.get(client=client, kind="drifting")
    assert signal.explanation.startswith("No check-in for 8 days")
    refresh_signals([client.pk])
    assert Signal.objects.filter(client=client).count() == 1
    checkins(client, range(0, 8))
    refresh_signals([client.pk])
    signal.refresh_from_db()
    assert (signal.state, signal.state_reason) == ("resolved", "No longer present")


def test_new_data_marks_the_radar_stale_and_the_queued_refresh_runs_after_commit(
    casey, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        record_response(
            client=casey.client, instrument="phq9", answers=[0] * 8 + [2], client_request_id="r"
        )
    state = RadarState.objects.get(client=casey.client)
    assert state.stale_since is None and state.refreshed_for == timezone.localdate()
    assert Signal.objects.get(client=casey.client, kind="safety").severity == "urgent"


def test_the_caseload_puts_urgent_then_attention_then_good_news_then_quiet(
    program, robin, casey, signed_in
):
    def client_named(name):
        return people.add_person(
            program=program,
            email=f"{name}@example.org",
            display_name=name,
            role=Role.CLIENT,
            clinician=robin,
        ).client

    quiet, urgent, attention = client_named("Quiet Q"), client_named("Urgent U"), casey.client
    checkins(quiet, range(0, 40))
    checkins(attention, range(8, 40))
    record_response(client=urgent, instrument="phq9", answers=[0] * 8 + [1], client_request_id="u")
    good = client_named("Good G")
    checkins(good, range(0, 40))
    from reconnect.journal.actions import log_contact

    for n in range(4):
        log_contact(
            client=good,
            client_request_id=f"g{n}",
            recorded_at=timezone.now() - dt.timedelta(days=n),
        )
    text = visible_text(signed_in(robin).get(reverse("radar:caseload")))
    order = [text.index(name) for name in ("Urgent U", casey.display_name, "Good G", "Quiet Q")]
    assert order == sorted(order)
    assert "No check-in for 8 days" in text and "Quiet: no signals." in text


def test_the_caseload_filters_by_kind(drifting_casey, robin, signed_in):
    http = signed_in(robin)
    assert drifting_casey.display_name in visible_text(http.get("/caseload/?kind=drifting"))
    assert drifting_casey.display_name not in visible_text(http.get("/caseload/?kind=safety"))


def test_outreach_acknowledges_and_a_resolve_needs_a_reason(drifting_casey, robin, signed_in):
    http = signed_in(robin)
    signal = Signal.objects.get(kind="drifting")
    url = reverse("radar:signal", args=[drifting_casey.client.pk, signal.pk])
    http.post(url, {"do": "outreach", "action": "called", "outcome": "Left a warm message"})
    signal.refresh_from_db()
    assert (
        signal.state == "acknowledged" and Outreach.objects.get().outcome == "Left a warm message"
    )
    refused = http.post(url, {"do": "close", "reason": ""})
    assert refused.status_code == 400 and "say briefly why" in visible_text(refused)
    http.post(url, {"do": "close", "reason": "Back in touch", "useful": "yes"})
    signal.refresh_from_db()
    assert (signal.state, signal.useful) == ("resolved", True)


def test_acknowledging_a_signal_writes_one_audit_row_naming_the_step(
    drifting_casey, robin, signed_in
):
    signal = Signal.objects.get(kind="drifting")
    url = reverse("radar:signal", args=[drifting_casey.client.pk, signal.pk])
    before = AccessEvent.objects.count()
    signed_in(robin).post(url, {"do": "acknowledge"})
    rows = AccessEvent.objects.order_by("pk")[before:]
    assert [(row.action, row.detail) for row in rows] == [
        ("change", f"acknowledge signal {signal.pk}")
    ]


def test_a_snoozed_signal_leaves_the_list_until_its_date(drifting_casey, robin, signed_in):
    http = signed_in(robin)
    signal = Signal.objects.get(kind="drifting")
    until = timezone.localdate() + dt.timedelta(days=3)
    http.post(
        reverse("radar:signal", args=[drifting_casey.client.pk, signal.pk]),
        {"do": "close", "reason": "On holiday", "snooze_until": until.isoformat()},
    )
    assert "No check-in for" not in visible_text(http.get(reverse("radar:caseload")))
    refresh_signals([drifting_casey.client.pk], today=until)
    signal.refresh_from_db()
    assert signal.state == "open"


def test_sessions_are_recorded_and_two_misses_in_a_row_raise_drifting(casey, robin, signed_in):
    http = signed_in(robin)
    url = reverse("radar:sessions", args=[casey.client.pk])
    for days_ago in (14, 7):
        when = timezone.localtime() - dt.timedelta(days=days_ago)
        http.post(
            url,
            {
                "planned_at": when.strftime("%Y-%m-%dT%H:%M"),
                "status": "missed",
                "modality": "video",
            },
        )
    assert Session.objects.filter(client=casey.client, status="missed").count() == 2
    refresh_signals([casey.client.pk])
    assert "Missed the last 2 sessions" in Signal.objects.get(kind="drifting").explanation


def test_bad_session_input_is_refused_kindly(casey, robin, signed_in):
    response = signed_in(robin).post(
        reverse("radar:sessions", args=[casey.client.pk]), {"planned_at": "soon", "status": "x"}
    )
    assert response.status_code == 400
    assert not Session.objects.exists()


def test_after_an_attended_session_the_client_is_offered_the_session_check(casey, robin, signed_in):
    session = record_session(
        client=casey.client, clinician=robin, planned_at=timezone.now(), status="attended"
    )
    http = signed_in(casey)
    home = visible_text(http.get(reverse("home:client_home")))
    assert "Rate the session" in home and "nobody is penalised" in home
    http.post(
        reverse("measures:answer", args=["session_check"]),
        {
            "item_1": "8",
            "item_2": "7",
            "item_3": "9",
            "client_request_id": "s",
            "session": str(session.pk),
        },
    )
    session.refresh_from_db()
    assert session.check_response.total == 8.0
    assert "Rate the session" not in visible_text(http.get(reverse("home:client_home")))


def test_the_timeline_shows_every_kind_of_event_with_a_text_list(drifting_casey, robin, signed_in):
    record_session(
        client=drifting_casey.client, clinician=robin, planned_at=timezone.now(), status="attended"
    )
    text = visible_text(
        signed_in(robin).get(reverse("radar:timeline", args=[drifting_casey.client.pk]))
    )
    assert "Checked in: settled" in text and "Session: attended" in text
    assert "Every event, newest first" in text


def test_the_supervisor_sees_the_teams_open_signals_and_how_long(drifting_casey, pat, signed_in):
    text = visible_text(signed_in(pat).get(reverse("radar:team_signals")))
    assert drifting_casey.display_name in text and "Drifting away" in text


def test_the_api_caseload_matches_the_page_order(drifting_casey, robin):
    _, raw = people.create_api_token(user=robin, name="t")
    body = HttpClient().get("/api/v1/caseload", HTTP_AUTHORIZATION=f"Bearer {raw}").json()
    assert body[0]["client_id"] == drifting_casey.client.pk
    assert body[0]["signals"][0]["kind"] == "drifting"
    assert body[0]["signals"][0]["evidence"]
    timeline = (
        HttpClient()
        .get(
            f"/api/v1/clients/{drifting_casey.client.pk}/timeline",
            HTTP_AUTHORIZATION=f"Bearer {raw}",
        )
        .json()
    )
    assert any(e["lane"] == "check-ins" for e in timeline)


def test_a_client_token_has_no_caseload(casey):
    _, raw = people.create_api_token(user=casey, name="t")
    assert (
        HttpClient().get("/api/v1/caseload", HTTP_AUTHORIZATION=f"Bearer {raw}").status_code == 404
    )


def test_radar_refresh_touches_only_clients_whose_signals_can_change(drifting_casey, lee, capsys):
    call_command("radar_refresh")
    assert "client(s) refreshed" in capsys.readouterr().out
    call_command("radar_refresh")
    assert capsys.readouterr().out.startswith("0 client(s)")
    checkins(lee.client, [0])
    call_command("radar_refresh")
    assert capsys.readouterr().out.startswith("1 client(s)")


def test_the_fairness_report_counts_by_group_and_hides_small_groups(
    drifting_casey, morgan, signed_in, capsys
):
    text = visible_text(signed_in(morgan).get(reverse("radar:fairness")))
    assert "Drifting away" in text and "fewer than 5 clients" in text
    call_command("radar_fairness")
    assert "drifting:" in capsys.readouterr().out


def test_the_caseload_links_are_the_routes_they_name(drifting_casey, robin, signed_in):
    page = signed_in(robin).get(reverse("radar:caseload")).content.decode()
    signal = Signal.objects.get(kind="drifting")
    assert f'href="{reverse("radar:timeline", args=[drifting_casey.client.pk])}"' in page
    assert f'href="{reverse("radar:signal", args=[drifting_casey.client.pk, signal.pk])}"' in page


def test_ago_reads_plainly():
    from reconnect.radar.caseload import ago

    now = timezone.now()
    assert ago(None) == "none"
    assert ago(now - dt.timedelta(days=3, hours=2), now) == "3 days ago"
    assert ago(now - dt.timedelta(hours=1), now) == "1 hour ago"
    assert ago(now - dt.timedelta(seconds=20), now) == "just now"


# --- a safety answer's urgent item: one per answer, cleared once, with its flag -------------


@pytest.fixture
def answered(casey):
    """Casey answered PHQ-9 item 9 above 0: one flag, one urgent item on the radar."""
    record_response(
        client=casey.client, instrument="phq9", answers=[0] * 8 + [1], client_request_id="q9"
    )
    return Signal.objects.get(client=casey.client, kind="safety")


def test_a_safety_answer_is_one_urgent_item_shown_first_and_recomputing_keeps_it_one(
    answered, casey, robin, signed_in
):
    checkins(casey.client, range(8, 40))
    refresh_signals([casey.client.pk])
    refresh_signals([casey.client.pk])
    live = Signal.objects.live().filter(client=casey.client)
    assert [s.kind for s in live.filter(severity="urgent")] == ["safety"]
    assert live.get(severity="urgent") == answered and answered.safety_flag is not None
    text = visible_text(signed_in(robin).get(reverse("radar:caseload")))
    assert text.index("Safety answer on a questionnaire") < text.index("No check-in for 8 days")


def test_acknowledging_the_urgent_item_acknowledges_its_flag(answered, casey, robin, signed_in):
    url = reverse("radar:signal", args=[casey.client.pk, answered.pk])
    before = AccessEvent.objects.count()
    signed_in(robin).post(url, {"do": "acknowledge"})
    answered.refresh_from_db()
    flag = answered.safety_flag
    assert answered.state == "acknowledged"
    assert (flag.state, flag.acknowledged_by) == ("acknowledged", robin)
    rows = AccessEvent.objects.order_by("pk")[before:]
    assert [(row.action, row.detail) for row in rows] == [
        ("change", f"acknowledge signal {answered.pk}")
    ]
    page = visible_text(
        signed_in(robin).get(reverse("measures:client_measures", args=[casey.client.pk]))
    )
    assert "acknowledged by Robin" in page


def test_logging_outreach_or_resolving_the_urgent_item_clears_its_flag(
    answered, casey, robin, signed_in
):
    http = signed_in(robin)
    url = reverse("radar:signal", args=[casey.client.pk, answered.pk])
    http.post(url, {"do": "outreach", "action": "called", "outcome": "Talked it through"})
    assert SafetyFlag.objects.get().state == "acknowledged"
    http.post(url, {"do": "close", "reason": "Safe plan agreed", "useful": "yes"})
    answered.refresh_from_db()
    assert answered.state == "resolved" and answered.safety_flag.state == "acknowledged"


def test_resolving_an_item_nobody_acknowledged_clears_its_flag(answered, casey, robin, signed_in):
    url = reverse("radar:signal", args=[casey.client.pk, answered.pk])
    signed_in(robin).post(url, {"do": "close", "reason": "Met in person"})
    answered.refresh_from_db()
    assert answered.state == "resolved"
    assert (answered.safety_flag.state, answered.safety_flag.acknowledged_by) == (
        "acknowledged",
        robin,
    )


def test_a_snoozed_urgent_item_whose_flag_is_acknowledged_does_not_wake_up_open(
    answered, casey, robin, signed_in
):
    http = signed_in(robin)
    until = timezone.localdate() + dt.timedelta(days=3)
    http.post(
        reverse("radar:signal", args=[casey.client.pk, answered.pk]),
        {"do": "close", "reason": "Seeing her tomorrow", "snooze_until": until.isoformat()},
    )
    answered.refresh_from_db()
    assert answered.state == "snoozed" and answered.safety_flag.state == "open"
    http.post(reverse("measures:acknowledge_flag", args=[casey.client.pk, answered.safety_flag.pk]))
    refresh_signals([casey.client.pk], today=until)
    answered.refresh_from_db()
    assert answered.state == "acknowledged"


def test_an_open_urgent_item_stays_until_someone_acknowledges_it(answered, casey, robin):
    later = timezone.localdate() + dt.timedelta(days=30)
    refresh_signals([casey.client.pk], today=later)
    answered.refresh_from_db()
    assert answered.state == "open"
    acknowledge_signal(signal=answered, by=robin)
    refresh_signals([casey.client.pk], today=later)
    answered.refresh_from_db()
    assert answered.state == "resolved" and "over 14 days old" in answered.state_reason
