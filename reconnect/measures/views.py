"""Questionnaire pages: clients answer and see kind explanations; clinicians assign and review."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from reconnect.access import gate
from reconnect.access.models import Action, Category
from reconnect.conversations.pages import safety_contact
from reconnect.core.crisis import CRISIS_LINES
from reconnect.core.input import IdempotencyConflict, InvalidInput
from reconnect.journal.timeline import care_team_names, peer_names
from reconnect.measures import actions, instruments
from reconnect.measures.charts import history_chart
from reconnect.measures.explain import explain, plain_change, plain_since_first, since_first
from reconnect.measures.forms import AnswerForm, AssignForm
from reconnect.measures.models import Assignment, Response, SafetyFlag
from reconnect.measures.rc_config import rc_params
from reconnect.measures.reliable_change import Change
from reconnect.people.decorators import AuthenticatedHttpRequest, role_required
from reconnect.people.models import Client, Role
from reconnect.radar.models import Session
from reconnect.safety.actions import current_plan
from reconnect.safety.models import SECTIONS


def _instrument(code: str) -> instruments.Instrument:
    try:
        return actions.instrument_or_error(code)
    except InvalidInput as exc:
        raise Http404("No such questionnaire.") from exc


def _histories(client: Client, *, for_client: bool = False) -> list[dict[str, object]]:
    """Each answered instrument's history; for the client, named in plain words and with the
    latest score set against the first (reliable change since the start, both directions)."""
    rows = []
    for instrument in actions.usable_instruments():
        points = actions.history(client, instrument.code)
        if points:
            title = instrument.client_title if for_client else instrument.title
            rows.append(
                {
                    "instrument": instrument,
                    "title": title,
                    "points": points,
                    "chart": history_chart(
                        instrument, points, f"{title} over time", band_labels=not for_client
                    ),
                    "since_first": _since_first(instrument, points) if for_client else "",
                    "rows": [
                        (point, _against_previous(points, index) if for_client else "")
                        for index, point in enumerate(points)
                    ],
                }
            )
    return rows


def _since_first(instrument: instruments.Instrument, points: list[actions.HistoryPoint]) -> str:
    latest = points[-1]
    first, now = points[0].response.total, latest.response.total
    if len(points) < 2 or first is None or now is None:
        return ""
    if latest.from_baseline is None:  # no reliable-change figures (BARC-10): the numbers only
        return plain_since_first(instrument, first, now)
    return since_first(instrument, first, now, latest.from_baseline)


def _against_previous(points: list[actions.HistoryPoint], index: int) -> str:
    """The table's "Compared with the time before", for the client: in words of reliable change
    where the instrument has its figures, else the numbers plainly ("up from 41")."""
    point = points[index]
    if index == 0:
        return ""
    change = point.from_previous
    if change is not None:
        return {Change.WORSE: "harder than before", Change.IMPROVED: "better than before"}.get(
            change.change, "about the same"
        )
    before, now = points[index - 1].response.total, point.response.total
    if before is None or now is None:
        return ""
    return plain_change(now, before)


@role_required(Role.CLIENT)
def my_measures(request: AuthenticatedHttpRequest) -> HttpResponse:
    """What is due (with why it is asked) and my own history."""
    client = gate.own_record(request.user)
    return render(
        request,
        "measures/my_measures.html",
        {
            "due": actions.due_for(client),
            "histories": _histories(client, for_client=True),
            "care_team": care_team_names(client),
            # A peer recovery specialist sees the BARC-10 totals only (the gate's peer scope).
            "peers": peer_names(client),
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
                    session_id=int(session) if session.isascii() and session.isdigit() else None,
                )
            except IdempotencyConflict:
                form.add_error(None, "These answers were already saved.")
            except InvalidInput as error:
                form.add_error(None, error.message)
            else:
                return redirect("measures:result", response_id=response.pk)
        else:
            step += 1
    session = (request.POST or request.GET).get("session", "")
    return render(
        request,
        "measures/answer.html",
        {
            "instrument": instrument,
            "heading": _heading(client, instrument, session),
            "form": form,
            "one": one_at_a_time,
            "step": step,
            "total_steps": len(instrument.items),
            "session": (request.POST or request.GET).get("session", ""),
            "care_team": care_team_names(client),
            "peers": peer_names(client) if instrument.code == instruments.BARC10.code else [],
        },
        status=400 if request.method == "POST" and form.errors else 200,
    )


def _heading(client: Client, instrument: instruments.Instrument, session: str) -> str:
    """The page's title; the session check names its session's day, "today's" only on the
    day itself (in the client's time zone)."""
    if instrument.code != instruments.SESSION_CHECK.code:
        return instrument.client_title
    rated = (
        Session.objects.filter(pk=int(session), client=client).values_list("planned_at", flat=True)
        if session.isascii() and session.isdigit()
        else []
    )
    when = next(iter(rated), None)
    if when is None:
        return "How was your session?"
    day = timezone.localdate(when)
    if day == timezone.localdate():
        return "How was today's session?"
    return f"How was your session on {day:%A} {day.day} {day:%b}?"


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
    index = next((i for i, p in enumerate(points) if p.response.pk == response.pk), None)
    previous = points[index].from_previous if index is not None else None
    # Without reliable-change figures, the score before is named plainly instead.
    before = points[index - 1].response.total if index else None
    explanation = explain(instrument, response, previous, before if previous is None else None)
    if index is not None and index > 1:  # beyond the second answer, against the first too
        explanation.insert(-1, _since_first(instrument, points[: index + 1]))
    if response.flags and response.total is not None:
        # After a safety answer a reassuring band or a "change for the better" would read as
        # dismissive, and a low total never means safe (clinical-reference §1.1): the score only.
        low, high = instrument.score_range
        explanation = [
            f"Your {instrument.score_word} is {response.total:g}, on a scale from {low:g} to "
            f"{high:g}."
        ]
    return render(
        request,
        "measures/result.html",
        {
            "response": response,
            "instrument": instrument,
            "explanation": [line for line in explanation if line],
            "crisis_lines": CRISIS_LINES,
            **(_safety_first(client, response) if response.flags else {"safety": False}),
        },
    )


def _safety_first(client: Client, response: Response) -> dict[str, object]:
    """After a safety answer: who was told, by when the team will be in touch (the program's
    setting, counted from when the answer was given, in the client's time), and the client's
    own plan step by step (§4). Opened again later, the page promises no new time."""
    plan = current_plan(client)
    return {
        "safety": True,
        "told": care_team_names(client),
        "contact": safety_contact(
            client.program_id,
            timezone.get_current_timezone_name(),
            answered_at=response.submitted_at,
        ),
        "plan_steps": [(s, plan.sections[s.key]) for s in SECTIONS if plan.sections[s.key]]
        if plan is not None
        else [],
    }


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
