"""Each role's home page, the clinician's caseload, the supervisor's team, and a client's page."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch, QuerySet
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from reconnect.access import gate
from reconnect.access.models import Category, EmergencyAccess
from reconnect.consent.emergency import counts_for_supervisor
from reconnect.consent.emergency_views import recent_emergencies_for_supervisor
from reconnect.contact.shown import reach_for_care_team
from reconnect.conversations.models import Message
from reconnect.home.appointment_views import next_appointment
from reconnect.journal.forms import CheckInForm
from reconnect.journal.models import CircleMember
from reconnect.journal.progress import days_reached_out
from reconnect.journal.timeline import care_team_names, circle_activity, days_for, peer_names
from reconnect.measures.actions import due_for
from reconnect.people.decorators import AuthenticatedHttpRequest, role_required
from reconnect.people.models import CareTeamMember, CareTeamNotice, Client, Role, Supervision
from reconnect.radar.actions import session_awaiting_check
from reconnect.supporters.models import Encouragement

NOTICE_DAYS = 30  # how long "joined your care team" stays on the client's home
HOME_BY_ROLE: dict[str, str] = {
    Role.CLIENT: "home:client_home",
    Role.CLINICIAN: "radar:caseload",
    Role.SUPERVISOR: "home:team",
    Role.ADMIN: "accounts:program",
    Role.SUPPORTER: "supporters:home",
    Role.PEER: "home:peer_home",
}


@login_required
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Send each person to their own home page."""
    role = request.user.role
    target = HOME_BY_ROLE.get(role) if role else None
    if target is None:
        return render(request, "people/no_role.html", status=403)
    return redirect(target)


def _care_team() -> Prefetch[str, QuerySet[CareTeamMember]]:
    return Prefetch(
        "care_team",
        queryset=CareTeamMember.objects.select_related("clinician").order_by("-is_primary", "id"),
    )


@role_required(Role.CLIENT)
def client_home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A client's home: their care team, who can see what, and where to find help."""
    client = gate.own_record(request.user)
    team = [m.clinician for m in client.care_team.select_related("clinician")]
    _, reached = circle_activity(client)
    return render(
        request,
        "people/client_home.html",
        {
            "client": client,
            "care_team": team,
            "clinician_names": care_team_names(client),
            "peer_names": peer_names(client),
            "checkin_form": CheckInForm(circle=CircleMember.objects.for_client(client)),
            "reached_this_week": reached,
            "days_reached_out": days_reached_out(days_for(client)),
            "due": due_for(client),
            "session_to_rate": session_awaiting_check(client),
            "next_appointment": next_appointment(client),
            "encouragements": _recent_encouragements(client),
            "recent_emergency": _recent_emergency(client),
            "care_team_notices": _recent_care_team_notices(client),
            "unread_messages": Message.objects.unread_for_client(client),
        },
    )


def _recent_encouragements(client: Client) -> list[Encouragement]:
    since = timezone.now() - dt.timedelta(days=14)
    return list(
        Encouragement.objects.filter(
            client=client, created_at__gte=since, link__removed_at__isnull=True, link__muted=False
        ).select_related("link__supporter")[:3]
    )


def _recent_emergency(client: Client) -> EmergencyAccess | None:
    since = timezone.now() - dt.timedelta(days=30)
    return EmergencyAccess.objects.filter(client=client, started_at__gte=since).first()


def _recent_care_team_notices(client: Client) -> list[CareTeamNotice]:
    since = timezone.now() - dt.timedelta(days=NOTICE_DAYS)
    return list(client.care_team_notices.filter(joined_at__gte=since)[:5])


@role_required(Role.SUPERVISOR)
def team(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The supervisor's team: each supervised clinician and the clients on their caseload."""
    supervisions = Supervision.objects.filter(supervisor=request.user).select_related("clinician")
    clients = list(
        gate.reachable_clients(request.user)
        .select_related("user")
        .prefetch_related(_care_team())
        .order_by("user__display_name")
    )
    by_clinician: dict[int, list[Client]] = {}
    for client in clients:
        for member in client.care_team.all():
            by_clinician.setdefault(member.clinician_id, []).append(client)

    counts = counts_for_supervisor(request.user)
    rows = [
        (s.clinician, by_clinician.get(s.clinician_id, []), counts.get(s.clinician_id))
        for s in supervisions
    ]

    emergencies = recent_emergencies_for_supervisor(request.user)
    shown = [c.pk for c in clients] + [e.client_id for e in emergencies]
    gate.record_summaries(request.user, shown, where="their team list")
    return render(request, "people/team.html", {"rows": rows, "emergencies": emergencies})


@role_required(Role.CLINICIAN, Role.SUPERVISOR)
def client_detail(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """A client's page for their care team and supervisors. Every view is recorded."""
    client = gate.open_record(request.user, client_id, category=Category.PROFILE)
    team = [m.clinician for m in client.care_team.select_related("clinician")]
    reach = reach_for_care_team(request.user, client, where="their page about you")
    return render(
        request,
        "people/client_detail.html",
        {"client": client, "care_team": team, "reach": reach},
    )
