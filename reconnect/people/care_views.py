"""Each role's home page, the clinician's caseload, the supervisor's team, and a client's page."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from reconnect.access import gate
from reconnect.access.models import Category
from reconnect.people.decorators import role_required
from reconnect.people.models import CareTeamMember, Role, Supervision

NOTICE_DAYS = 30  # how long "joined your care team" stays on the client's home
HOME_BY_ROLE = {
    Role.CLIENT: "people:client_home",
    Role.CLINICIAN: "radar:caseload",
    Role.SUPERVISOR: "people:team",
    Role.ADMIN: "people:program",
    Role.SUPPORTER: "supporters:home",
}


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to their own home page."""
    target = HOME_BY_ROLE.get(request.user.role)  # type: ignore[call-overload]
    if target is None:
        return render(request, "people/no_role.html", status=403)
    return redirect(target)


def _care_team() -> Prefetch:
    return Prefetch(
        "care_team",
        queryset=CareTeamMember.objects.select_related("clinician").order_by("-is_primary", "id"),
    )


@role_required(Role.CLIENT)
def client_home(request: HttpRequest) -> HttpResponse:
    """A client's home: their care team, who can see what, and where to find help."""
    from reconnect.journal.forms import CheckInForm
    from reconnect.journal.models import CircleMember
    from reconnect.journal.progress import days_reached_out
    from reconnect.journal.timeline import circle_activity, days_for
    from reconnect.measures.actions import due_for
    from reconnect.radar.actions import session_awaiting_check

    client = gate.own_record(request.user)
    team = [m.clinician for m in client.care_team.select_related("clinician")]
    _, reached = circle_activity(client)
    return render(
        request,
        "people/client_home.html",
        {
            "client": client,
            "care_team": team,
            "checkin_form": CheckInForm(circle=CircleMember.objects.for_client(client)),
            "reached_this_week": reached,
            "days_reached_out": days_reached_out(days_for(client)),
            "due": due_for(client),
            "session_to_rate": session_awaiting_check(client),
            "encouragements": _recent_encouragements(client),
            "recent_emergency": _recent_emergency(client),
            "care_team_notices": _recent_care_team_notices(client),
        },
    )


def _recent_encouragements(client) -> list:  # noqa: ANN001
    from reconnect.supporters.models import Encouragement

    since = timezone.now() - dt.timedelta(days=14)
    return list(
        Encouragement.objects.filter(
            client=client, created_at__gte=since, link__removed_at__isnull=True, link__muted=False
        ).select_related("link__supporter")[:3]
    )


def _recent_emergency(client):  # noqa: ANN001, ANN202
    from reconnect.access.models import EmergencyAccess

    since = timezone.now() - dt.timedelta(days=30)
    return EmergencyAccess.objects.filter(client=client, started_at__gte=since).first()


def _recent_care_team_notices(client) -> list:  # noqa: ANN001
    since = timezone.now() - dt.timedelta(days=NOTICE_DAYS)
    return list(client.care_team_notices.filter(joined_at__gte=since)[:5])


@role_required(Role.SUPERVISOR)
def team(request: HttpRequest) -> HttpResponse:
    """The supervisor's team: each supervised clinician and the clients on their caseload."""
    supervisions = Supervision.objects.filter(supervisor=request.user).select_related("clinician")
    clients = list(
        gate.reachable_clients(request.user)
        .select_related("user")
        .prefetch_related(_care_team())
        .order_by("user__display_name")
    )
    by_clinician: dict[int, list[object]] = {}
    for client in clients:
        for member in client.care_team.all():
            by_clinician.setdefault(member.clinician_id, []).append(client)
    from reconnect.access.emergency import counts_for_supervisor
    from reconnect.access.views import recent_emergencies_for_supervisor

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
def client_detail(request: HttpRequest, client_id: int) -> HttpResponse:
    """A client's page for their care team and supervisors. Every view is recorded."""
    client = gate.open_record(request.user, client_id, category=Category.PROFILE)
    team = [m.clinician for m in client.care_team.select_related("clinician")]
    return render(request, "people/client_detail.html", {"client": client, "care_team": team})
