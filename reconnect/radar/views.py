"""The caseload radar (clinician home), the supervisor's open signals, and the fairness report."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import HttpResponse, QueryDict
from django.shortcuts import render
from django.utils import timezone

from reconnect.access import gate
from reconnect.contact.shown import reach_for_caseload
from reconnect.conversations.models import Message
from reconnect.people.decorators import AuthenticatedHttpRequest, program_of, role_required
from reconnect.people.models import Role, Supervision, User
from reconnect.radar.cards import KIND_LABELS, card_html
from reconnect.radar.caseload import caseload_rows
from reconnect.radar.fairness import fairness_report
from reconnect.radar.models import Severity, Signal
from reconnect.radar.rules import KINDS


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
        card_html(row, severity, reach.get(row.client_id), unread.get(row.client_id, 0))
        for row in rows
    ]
    return render(
        request,
        "radar/caseload.html",
        {"cards": cards, "kinds": KIND_LABELS, "kind": kind},
    )


class TeamFilter(forms.Form):
    """The team list's filters (a GET form: it works without JavaScript)."""

    kind = forms.ChoiceField(
        label="Signal",
        required=False,
        choices=[
            ("", "Every signal"),
            *((k, v) for k, v in KIND_LABELS.items() if k != "reconnecting"),
        ],
        error_messages={"invalid_choice": "Please choose a signal from the list."},
    )
    clinician = forms.TypedChoiceField(
        label="Clinician",
        required=False,
        coerce=int,
        empty_value=None,
        error_messages={"invalid_choice": "Please choose a clinician you supervise."},
    )

    def __init__(self, data: QueryDict, clinicians: list[User]) -> None:
        super().__init__(data)
        self.fields["clinician"].choices = [  # type: ignore[attr-defined]
            ("", "Every clinician"),
            *((c.pk, c.display_name) for c in clinicians),
        ]


TEAM_PAGE_SIZE = 25


@role_required(Role.SUPERVISOR)
def team_signals(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The team's open urgent and attention signals: urgent first, then longest open (from when
    the evidence first met the rule), filtered by kind and clinician, a page at a time."""
    clinicians = list(
        User.objects.filter(
            pk__in=Supervision.objects.filter(supervisor=request.user).values("clinician_id")
        ).order_by("display_name", "pk")
    )
    form = TeamFilter(request.GET, clinicians)
    form.is_valid()
    chosen = getattr(form, "cleaned_data", {})
    signals = (
        Signal.objects.live()
        .needing_attention()
        .filter(client__in=gate.reachable_clients(request.user))
    )
    if chosen.get("kind"):
        signals = signals.filter(kind=chosen["kind"])
    if chosen.get("clinician"):
        signals = signals.on_care_team_of(chosen["clinician"])
    page = Paginator(
        signals.urgent_first()
        .select_related("client__user")
        .prefetch_related("client__care_team__clinician"),
        TEAM_PAGE_SIZE,
    ).get_page(request.GET.get("page"))
    supervised = {c.pk for c in clinicians}
    today = timezone.localdate()
    rows = [
        (
            s,
            [m.clinician for m in s.client.care_team.all() if m.clinician_id in supervised],
            (today - (s.since or s.start)).days,
        )
        for s in page.object_list
    ]
    gate.record_summaries(
        request.user, [s.client_id for s, _, _ in rows], where="their team's open signals"
    )
    return render(
        request,
        "radar/team_signals.html",
        {"rows": rows, "page": page, "form": form, "kinds": KIND_LABELS},
    )


@role_required(Role.ADMIN)
def fairness(request: AuthenticatedHttpRequest) -> HttpResponse:
    """How often each signal fires and is found useful, by recorded demographic group."""
    return render(
        request,
        "radar/fairness.html",
        {"report": fairness_report(program_of(request).pk), "kinds": KIND_LABELS},
    )
