"""A client's journal as their care team sees it, through the access gate (every view audited)."""

from __future__ import annotations

from django.http import HttpResponse
from django.shortcuts import render

from reconnect.access import gate
from reconnect.access.models import Category
from reconnect.journal import actions
from reconnect.journal.models import CheckIn
from reconnect.journal.timeline import circle_activity
from reconnect.journal.views import progress_context
from reconnect.people.decorators import AuthenticatedHttpRequest, role_required
from reconnect.people.models import Role


@role_required(Role.CLINICIAN, Role.SUPERVISOR)
def client_checkins(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """Check-ins and progress; private notes stay hidden unless the client shared them."""
    client = gate.open_record(request.user, client_id, category=Category.CHECKINS)
    context = progress_context(client, request.GET)
    context["recent"] = list(
        CheckIn.objects.for_client(client)
        .prefetch_related("circle_members")
        .order_by("-recorded_at", "-id")[:30]
    )
    context["helped"] = actions.tool_effects(client)
    return render(request, "journal/client_checkins.html", context)


@role_required(Role.CLINICIAN, Role.SUPERVISOR)
def client_circle(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """Who supports the client, and how recently they were in touch (no contact details)."""
    client = gate.open_record(request.user, client_id, category=Category.CIRCLE)
    rows, reached = circle_activity(client)
    return render(
        request,
        "journal/client_circle.html",
        {"client": client, "rows": rows, "reached_this_week": reached},
    )
