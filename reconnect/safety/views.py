"""Safety-plan pages for the client, and for their clinician through the access gate."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from reconnect.access import gate
from reconnect.access.models import Action, Category
from reconnect.core.crisis import CRISIS_LINES
from reconnect.journal.actions import record_tool_use
from reconnect.journal.models import Tool
from reconnect.journal.timeline import care_team_names, peer_names
from reconnect.people.decorators import AuthenticatedHttpRequest, role_required
from reconnect.people.models import Client, Role, User
from reconnect.safety.actions import current_plan, save_safety_plan, share_plan_with_peer
from reconnect.safety.forms import SafetyPlanForm
from reconnect.safety.models import SECTIONS, SafetyPlan, SafetyPlanVersion


def _plan_context(client: Client, version: SafetyPlanVersion | None) -> dict[str, object]:
    plan = SafetyPlan.objects.filter(client=client).first()
    versions = list(plan.versions.select_related("author")) if plan else []
    return {
        "client": client,
        "version": version,
        "sections": [(s, version.sections[s.key] if version else []) for s in SECTIONS],
        "versions": versions,
        "crisis_lines": CRISIS_LINES,
        "care_team": care_team_names(client),
        # A peer recovery specialist reads the plan only where the client has shared it.
        "peers": peer_names(client) if client.safety_plan_to_peer else [],
    }


def _version(client: Client, number: int) -> SafetyPlanVersion:
    return get_object_or_404(SafetyPlanVersion, plan__client=client, number=number)


def _edit(request: HttpRequest, client: Client, author: User, done: str, **kw: int) -> HttpResponse:
    current = current_plan(client)
    clinician = author.role != Role.CLIENT
    form = SafetyPlanForm(
        request.POST or None,
        initial=SafetyPlanForm.initial_from(current.sections if current else None),
        clinician=clinician,
    )
    if request.method == "POST" and form.is_valid():
        _, created = save_safety_plan(
            client=client, sections=form.cleaned_data["sections"], author=author
        )
        messages.success(
            request, "The safety plan is saved." if created else "Nothing had changed."
        )
        return redirect(reverse(done, kwargs=kw))
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "safety/edit.html",
        {"form": form, "client": client, "clinician": clinician},
        status=status,
    )


@role_required(Role.CLIENT)
def my_plan(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = gate.own_record(request.user)
    # Opening the plan is itself a signal worth noticing (the radar reads it with check-ins).
    record_tool_use(client=client, tool=Tool.SAFETY_PLAN, client_request_id=uuid.uuid4().hex)
    return render(request, "safety/plan.html", _plan_context(client, current_plan(client)))


@role_required(Role.CLIENT)
def my_plan_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = gate.own_record(request.user)
    return _edit(request, client, request.user, "safety:my_plan")


@role_required(Role.CLIENT)
def my_plan_version(request: AuthenticatedHttpRequest, number: int) -> HttpResponse:
    client = gate.own_record(request.user)
    return render(request, "safety/plan.html", _plan_context(client, _version(client, number)))


@role_required(Role.CLINICIAN, Role.SUPERVISOR, Role.PEER)
def client_plan(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    client = gate.open_record(request.user, client_id, category=Category.SAFETY_PLAN)
    return render(request, "safety/plan.html", _plan_context(client, current_plan(client)))


@role_required(Role.CLINICIAN, Role.SUPERVISOR, Role.PEER)
def client_plan_version(
    request: AuthenticatedHttpRequest, client_id: int, number: int
) -> HttpResponse:
    client = gate.open_record(
        request.user, client_id, category=Category.SAFETY_PLAN, detail=f"version {number}"
    )
    return render(request, "safety/plan.html", _plan_context(client, _version(client, number)))


@role_required(Role.CLINICIAN)
def client_plan_edit(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """A clinician edits the plan together with the client; every save is a new version."""
    action = Action.CHANGE if request.method == "POST" else Action.VIEW
    client = gate.open_record(request.user, client_id, category=Category.SAFETY_PLAN, action=action)
    if client.user_id == request.user.pk:
        raise Http404("Not here.")
    return _edit(request, client, request.user, "safety:client_plan", client_id=client.pk)


@role_required(Role.CLIENT)
@require_POST
def share_with_peer(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The client's switch on the sharing page: their peer specialist may read the plan, or not."""
    client = gate.own_record(request.user)
    shared = request.POST.get("plan_to_peer") == "on"
    share_plan_with_peer(client=client, shared=shared)
    messages.success(
        request,
        "Your peer recovery specialist can now read your safety plan (never change it)."
        if shared
        else "Your peer recovery specialist no longer sees your safety plan.",
    )
    return redirect(f"{reverse('consent:sharing')}#plan-peer-h")
