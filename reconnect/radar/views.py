"""The caseload radar (clinician home), the supervisor's open signals, and the fairness report."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.formats import date_format

from reconnect.access import gate
from reconnect.contact.links import Reach
from reconnect.contact.shown import reach_for_caseload
from reconnect.conversations.models import Message
from reconnect.journal.charts import sparkline
from reconnect.people.decorators import AuthenticatedHttpRequest, program_of, role_required
from reconnect.people.models import Role, Supervision
from reconnect.radar.caseload import Row, caseload_rows
from reconnect.radar.fairness import fairness_report
from reconnect.radar.models import ClientResponse, Severity, Signal
from reconnect.radar.rules import KINDS

KIND_LABELS = {
    "safety": "Safety",
    "drifting": "Drifting away",
    "safety_plan_gap": "Safety plan gap",
    "alliance_rupture": "Alliance rupture",
    "loneliness_rising": "Loneliness rising",
    "dysregulation": "Dysregulation",
    "reliable_worsening": "Reliable worsening",
    "reconnecting": "Reconnecting",
    "worrying_words": "Words that worry us",
    "message_waiting": "Message waiting",
}

# The client's answer to their next session, as the caseload card says it.
ANSWER_NOTES: dict[str, str] = {
    ClientResponse.NONE: " (no answer yet)",
    ClientResponse.CONFIRMED: " (confirmed)",
    ClientResponse.CHANGE_REQUESTED: " (asked to change)",
}


@role_required(Role.CLINICIAN)
def radar(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Every client on the caseload, ordered by what needs attention first, and why."""
    kind = request.GET.get("kind") if request.GET.get("kind") in KINDS else None
    rows = caseload_rows(gate.reachable_clients(request.user), kind=kind)
    gate.record_summaries(request.user, [row.client_id for row in rows], where="their caseload")
    # Contact links go on the cards that ask for reaching out (one query for all of them).
    reach = reach_for_caseload(
        request.user, [row.client_id for row in rows if row.signals], where="their caseload"
    )
    severity = dict(Severity.choices)
    unread = Message.objects.unread_counts(request.user, [row.client_id for row in rows])
    cards = [
        card(row, severity, reach.get(row.client_id), unread.get(row.client_id, 0)) for row in rows
    ]
    return render(
        request,
        "radar/caseload.html",
        {"cards": cards, "kinds": KIND_LABELS, "kind": kind},
    )


def card(
    row: Row, severity: dict[str, str], reach: Reach | None = None, unread: int = 0
) -> dict[str, object]:
    """One caseload row as flat values: long lists render several times faster this way."""
    next_session = (
        date_format(timezone.localtime(row.next_session), "D j M, H:i")
        + ANSWER_NOTES.get(row.next_response, "")
        if row.next_session
        else "none planned"
    )
    facts = (
        f"Last check-in: {row.last_checkin_ago} · Last contact: {row.last_contact_ago} · "
        f"Next session: {next_session} · {row.checkin_days} check-in day"
        f"{'' if row.checkin_days == 1 else 's'} in 2 weeks"
        + (f" · {len(row.snoozed)} snoozed" if row.snoozed else "")
    )
    return {
        "id": row.client_id,
        "name": row.name,
        "rank": row.rank,
        "spark": sparkline(row.cravings),
        "facts": facts,
        "reach": reach,
        "unread": unread,
        "signals": [
            {
                "id": s.pk,
                "severity": s.severity,
                "severity_label": severity[s.severity],
                "label": KIND_LABELS.get(s.kind, s.kind),
                "explanation": s.explanation,
                "open": s.state == "open",
                "acknowledged": s.state == "acknowledged",
            }
            for s in row.signals
        ],
    }


@role_required(Role.SUPERVISOR)
def team_signals(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The team's open urgent and attention signals, longest open first."""
    clinicians = Supervision.objects.filter(supervisor=request.user).values_list(
        "clinician_id", flat=True
    )
    signals = (
        Signal.objects.live()
        .filter(
            client__in=gate.reachable_clients(request.user),
            severity__in=["urgent", "attention"],
        )
        .select_related("client__user")
        .prefetch_related("client__care_team__clinician")
        .order_by("opened_at")
    )
    rows = [
        (s, [m.clinician for m in s.client.care_team.all() if m.clinician_id in set(clinicians)])
        for s in signals
    ]
    gate.record_summaries(
        request.user, [s.client_id for s, _ in rows], where="their team's open signals"
    )
    return render(
        request,
        "radar/team_signals.html",
        {"rows": rows, "kinds": KIND_LABELS, "now": timezone.now()},
    )


@role_required(Role.ADMIN)
def fairness(request: AuthenticatedHttpRequest) -> HttpResponse:
    """How often each signal fires and is found useful, by recorded demographic group."""
    return render(
        request,
        "radar/fairness.html",
        {"report": fairness_report(program_of(request).pk), "kinds": KIND_LABELS},
    )
