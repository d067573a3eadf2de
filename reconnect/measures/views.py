"""Questionnaire pages: clients answer and see kind explanations; clinicians assign and review."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from reconnect.access import gate
from reconnect.access.models import Action, Category
from reconnect.core.crisis import CRISIS_LINES
from reconnect.core.input import IdempotencyConflict, InvalidInput
from reconnect.journal.timeline import care_team_names
from reconnect.measures import actions, instruments
from reconnect.measures.charts import history_chart
from reconnect.measures.explain import explain
from reconnect.measures.forms import AnswerForm, AssignForm
from reconnect.measures.models import Assignment, Response, SafetyFlag
from reconnect.measures.rc_config import rc_params
from reconnect.people.decorators import AuthenticatedHttpRequest, role_required
from reconnect.people.models import Client, Role
from reconnect.safety.actions import current_plan


def _instrument(code: str) -> instruments.Instrument:
    try:
        return actions.instrument_or_error(code)
    except InvalidInput as exc:
        raise Http404("No such questionnaire.") from exc


def _histories(client: Client) -> list[dict[str, object]]:
    rows = []
    for instrument in actions.usable_instruments():
        points = actions.history(client, instrument.code)
        if points:
            rows.append(
                {
                    "instrument": instrument,
                    "points": points,
                    "chart": history_chart(instrument, points, f"{instrument.title} over time"),
                }
            )
    return rows


@role_required(Role.CLIENT)
def my_measures(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What is due (with why it is asked) and my own history."""
    client = gate.own_record(request.user)
    return render(
        request,
        "measures/my_measures.html",
        {
            "due": actions.due_for(client),
            "histories": _histories(client),
            "care_team": care_team_names(client),
        },
    )


@role_required(Role.CLIENT)
def answer(request: AuthenticatedHttpRequest, code: str) -> HttpResponse:
    """Answer a questionnaire, all on one page or one question per screen (the client's choice).

    One-per-screen carries earlier answers forward in hidden fields, so it works without
    JavaScript and nothing is stored until the last step.
    """
    client = gate.own_record(request.user)
    instrument = _instrument(code)
    form = AnswerForm(request.POST or None, instrument=instrument)
    one_at_a_time = (request.POST or request.GET).get("one") == "1"
    step = _step(request, instrument)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        finishing = "decline" in request.POST or not one_at_a_time or step >= len(instrument.items)
        if finishing:
            session = request.POST.get("session", "")
            try:
                response, _ = actions.record_response(
                    client=client,
                    instrument=instrument.code,
                    answers=form.answers(),
                    client_request_id=data["client_request_id"],
                    declined="decline" in request.POST,
                    session_id=int(session) if session.isdigit() else None,
                )
            except IdempotencyConflict:
                form.add_error(None, "These answers were already saved.")
            except InvalidInput as error:
                form.add_error(None, error.message)
            else:
                return redirect("measures:result", response_id=response.pk)
        else:
            step += 1
    return render(
        request,
        "measures/answer.html",
        {
            "instrument": instrument,
            "form": form,
            "one": one_at_a_time,
            "step": step,
            "total_steps": len(instrument.items),
            "session": (request.POST or request.GET).get("session", ""),
            "care_team": care_team_names(client),
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )


def _step(request: HttpRequest, instrument: instruments.Instrument) -> int:
    try:
        value = int((request.POST or request.GET).get("step", "1"))
    except ValueError:
        value = 1
    return min(max(value, 1), len(instrument.items))


@role_required(Role.CLIENT)
def result(request: AuthenticatedHttpRequest, response_id: int) -> HttpResponse:
    """The client's own result in plain words; a safety answer shows their plan and crisis lines."""
    client = gate.own_record(request.user)
    response = get_object_or_404(Response.objects.for_client(client), pk=response_id)
    instrument = instruments.get(response.instrument)
    points = actions.history(client, response.instrument)
    previous = next((p.from_previous for p in points if p.response.pk == response.pk), None)
    return render(
        request,
        "measures/result.html",
        {
            "response": response,
            "instrument": instrument,
            "explanation": explain(instrument, response, previous),
            "safety": bool(response.flags),
            "plan": current_plan(client) if response.flags else None,
            "crisis_lines": CRISIS_LINES,
        },
    )


@role_required(Role.CLINICIAN, Role.SUPERVISOR)
def client_measures(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """Assignments, history with bands and reliable change, open safety flags."""
    action = Action.CHANGE if request.method == "POST" else Action.VIEW
    client = gate.open_record(request.user, client_id, category=Category.MEASURES, action=action)
    form = AssignForm(request.POST or None, instruments=actions.usable_instruments())
    if request.method == "POST":
        if request.user.role != Role.CLINICIAN:
            raise Http404("Only the care team's clinicians assign questionnaires.")
        if form.is_valid():
            actions.assign_instrument(client=client, assigned_by=request.user, **form.cleaned_data)
            messages.success(request, "The questionnaire is assigned.")
            return redirect("measures:client_measures", client_id=client.pk)
    version, _ = rc_params()
    return render(
        request,
        "measures/client_measures.html",
        {
            "client": client,
            "form": form,
            "assignments": Assignment.objects.active().for_client(client),
            "histories": _histories(client),
            "flags": SafetyFlag.objects.filter(client=client).order_by("-raised_at")[:20],
            "declined": Response.objects.for_client(client)
            .filter(status="declined")
            .order_by("-submitted_at")[:10],
            "rc_version": version,
        },
        status=400 if request.method == "POST" else 200,
    )


@role_required(Role.CLINICIAN)
@require_POST
def end_assignment(
    request: AuthenticatedHttpRequest, client_id: int, assignment_id: int
) -> HttpResponse:
    client = gate.open_record(
        request.user, client_id, category=Category.MEASURES, action=Action.CHANGE
    )
    assignment = get_object_or_404(Assignment.objects.for_client(client), pk=assignment_id)
    actions.end_assignment(assignment=assignment)
    messages.success(request, "The questionnaire is no longer assigned.")
    return redirect("measures:client_measures", client_id=client.pk)


@role_required(Role.CLINICIAN, Role.SUPERVISOR)
@require_POST
def acknowledge_flag(
    request: AuthenticatedHttpRequest, client_id: int, flag_id: int
) -> HttpResponse:
    client = gate.open_record(
        request.user, client_id, category=Category.MEASURES, action=Action.CHANGE
    )
    flag = get_object_or_404(SafetyFlag, pk=flag_id, client=client)
    actions.acknowledge_safety_flag(flag=flag, by=request.user)
    messages.success(request, "Marked as acknowledged.")
    return redirect("measures:client_measures", client_id=client.pk)
