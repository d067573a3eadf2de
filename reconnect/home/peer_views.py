"""A peer recovery specialist's pages: their home (the clients whose care team they are on,
and the groups they facilitate) and a client's recovery-support summary, in the peer scope the
gate keeps: check-in counts (never notes), circle names, recovery resources (BARC-10) totals,
appointments, group participation the client shares, and the care-team conversation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from reconnect.access import gate
from reconnect.access.models import Action, Category
from reconnect.conversations.hours import day_and_clock
from reconnect.core.input import InvalidInput
from reconnect.groups import pages as group_pages
from reconnect.groups.models import PeerGroup
from reconnect.journal.models import CheckIn, CircleMember
from reconnect.measures.actions import assign_instrument
from reconnect.measures.models import Assignment, Response, Schedule
from reconnect.notifications.reach import client_zone
from reconnect.people.decorators import AuthenticatedHttpRequest, role_required
from reconnect.people.models import Client, Role
from reconnect.radar.models import Session

BARC10 = "barc10"


@role_required(Role.PEER)
def peer_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The clients whose care team I'm on (names only, each audited as seen in a list) and the
    groups I facilitate, with what waits in each queue."""
    clients = list(
        gate.reachable_clients(request.user).select_related("user").order_by("user__display_name")
    )
    gate.record_summaries(request.user, [c.pk for c in clients], where="their peer support list")
    groups = list(PeerGroup.objects.facilitated_by(request.user))
    waiting = group_pages.queue_counts([g.pk for g in groups])
    return render(
        request,
        "home/peer_home.html",
        {
            "clients": clients,
            "groups": [(g, waiting.get(g.pk, group_pages.Waiting())) for g in groups],
        },
    )


@dataclass(frozen=True)
class Summary:
    checkins_week: int
    checkins_month: int
    last_checkin: str
    circle: list[str]
    barc10: list[tuple[dt.datetime, float | None]]
    barc10_assigned: bool
    appointments: list[str]


def _summary(client: Client, now: dt.datetime) -> Summary:
    zone = client_zone(client)
    checkins = CheckIn.objects.for_client(client)
    last = checkins.order_by("-recorded_at").values_list("recorded_at", flat=True).first()
    scores = (
        Response.objects.for_client(client)
        .completed()
        .filter(instrument=BARC10, total__isnull=False)
        .order_by("submitted_at")
        .values_list("submitted_at", "total")
    )
    upcoming = Session.objects.upcoming(now).filter(client=client).order_by("planned_at")[:5]
    return Summary(
        checkins_week=checkins.filter(recorded_at__gte=now - dt.timedelta(days=7)).count(),
        checkins_month=checkins.filter(recorded_at__gte=now - dt.timedelta(days=30)).count(),
        last_checkin=day_and_clock(last, zone) if last else "",
        circle=list(CircleMember.objects.for_client(client).values_list("name", flat=True)),
        barc10=list(scores),
        barc10_assigned=Assignment.objects.active()
        .for_client(client)
        .filter(instrument=BARC10)
        .exists(),
        appointments=[
            f"{day_and_clock(s.planned_at, zone)} ({s.get_modality_display().lower()})"
            for s in upcoming
        ],
    )


@role_required(Role.PEER)
def peer_summary(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """One client's recovery-support summary (audited); the peer may ask for BARC-10 monthly."""
    assigning = request.method == "POST"
    client = gate.open_record(
        request.user,
        client_id,
        category=Category.PEER_SUMMARY,
        action=Action.CHANGE if assigning else Action.VIEW,
    )
    if assigning:
        try:
            assign_instrument(
                client=client,
                instrument=BARC10,
                schedule=Schedule.EVERY_4_WEEKS,
                assigned_by=request.user,
            )
        except InvalidInput as error:
            messages.error(request, error.message)
        else:
            messages.success(
                request,
                f"{client.user.get_short_name()} will be asked the recovery resources "
                "questions (BARC-10) every 4 weeks.",
            )
        return redirect("home:peer_summary", client_id=client.pk)
    shared = group_pages.counts_shared(client)
    return render(
        request,
        "home/peer_summary.html",
        {
            "client": client,
            "summary": _summary(client, timezone.now()),
            "participation": group_pages.participation(client) if shared else None,
        },
    )
