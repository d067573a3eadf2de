"""Program administration: people, care teams, supervision. No clinical content is shown here.

Adding a person, and correcting an email address, are composed in reconnect/home/people_admin.py
(they reach a client's contact details and reminder bounces)."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Prefetch, QuerySet
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from reconnect.access import gate
from reconnect.accounts import actions
from reconnect.accounts.forms import CareTeamForm, SupervisionForm
from reconnect.people.decorators import AuthenticatedHttpRequest, program_of, role_required
from reconnect.people.models import (
    STAFF_ROLES,
    CareTeamMember,
    Client,
    Membership,
    Program,
    Role,
    Supervision,
    User,
)


def _people_with_role(program: Program, role: str) -> QuerySet[User]:
    return User.objects.filter(
        memberships__program=program, memberships__role=role, is_active=True
    ).order_by("display_name")


@role_required(Role.ADMIN)
def program(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Everyone in the program, by role, with each client's care team."""
    prog = program_of(request)
    memberships = (
        Membership.objects.filter(program=prog)
        .select_related("user")
        .order_by("role", "user__display_name")
    )
    clients = (
        Client.objects.filter(program=prog)
        .select_related("user")
        .prefetch_related(
            Prefetch("care_team", queryset=CareTeamMember.objects.select_related("clinician"))
        )
        .order_by("user__display_name")
    )
    supervisions = Supervision.objects.filter(supervisor__memberships__program=prog).select_related(
        "supervisor", "clinician"
    )
    # Supporters belong to the program but are not staff: clients manage them on their
    # Sharing page.
    staff = [m for m in memberships if m.role in STAFF_ROLES]
    client_list = list(clients)
    gate.record_summaries(
        request.user, [c.pk for c in client_list], where="the program's list of people"
    )
    return render(
        request,
        "people/program.html",
        {
            "program": prog,
            "staff": staff,
            "clients": client_list,
            "supervisions": supervisions,
            "supervision_form": SupervisionForm(
                supervisors=_people_with_role(prog, Role.SUPERVISOR),
                clinicians=_people_with_role(prog, Role.CLINICIAN),
            ),
        },
    )


@role_required(Role.ADMIN)
def care_team(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """Change one client's care team."""
    prog = program_of(request)
    client = get_object_or_404(Client.objects.select_related("user"), pk=client_id, program=prog)
    # Clinicians, and peer recovery specialists (whom the gate keeps to the peer scope).
    clinicians = User.objects.filter(
        memberships__program=prog,
        memberships__role__in=(Role.CLINICIAN, Role.PEER),
        is_active=True,
    ).order_by("display_name")
    team = [m.clinician for m in client.care_team.select_related("clinician")]
    form = CareTeamForm(request.POST or None, clinicians=clinicians, team=team)
    if request.method == "POST":
        if request.POST.get("remove"):
            clinician = get_object_or_404(clinicians, pk=request.POST["remove"])
            actions.remove_clinician(client=client, clinician=clinician, removed_by=request.user)
            messages.success(request, f"{clinician.display_name} left the care team.")
            return redirect("accounts:care_team", client_id=client.pk)
        if form.is_valid():
            clinician = form.cleaned_data["clinician"]
            actions.assign_clinician(client=client, clinician=clinician, assigned_by=request.user)
            messages.success(request, f"{clinician.display_name} joined the care team.")
            return redirect("accounts:care_team", client_id=client.pk)
    status = 400 if form.errors else 200
    context = {"client": client, "team": team, "form": form}
    return render(request, "people/care_team.html", context, status=status)


@role_required(Role.ADMIN)
@require_POST
def supervision_add(request: AuthenticatedHttpRequest) -> HttpResponse:
    prog = program_of(request)
    form = SupervisionForm(
        request.POST,
        supervisors=_people_with_role(prog, Role.SUPERVISOR),
        clinicians=_people_with_role(prog, Role.CLINICIAN),
    )
    if form.is_valid():
        actions.assign_supervisor(
            supervisor=form.cleaned_data["supervisor"],
            clinician=form.cleaned_data["clinician"],
            assigned_by=request.user,
        )
        messages.success(request, "Supervision is updated.")
    else:
        messages.error(request, "Please choose both a supervisor and a clinician.")
    return redirect("accounts:program")


@role_required(Role.ADMIN)
@require_POST
def person_disable(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    """Disable an account in this program: it can no longer sign in, and its sessions end."""
    prog = program_of(request)
    person = get_object_or_404(User, pk=user_id, memberships__program=prog)
    if person.pk == request.user.pk:
        raise Http404("You cannot disable your own account here.")
    actions.disable_account(user=person, disabled_by=request.user)
    messages.success(request, f"{person.display_name}'s account is disabled.")
    return redirect("accounts:program")
