"""One client, for their care team: the shared timeline, sessions, and acting on signals."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from reconnect.access import gate
from reconnect.access.models import Action, Category
from reconnect.contact.shown import reach_for_care_team
from reconnect.core.input import InvalidInput, show_on_form
from reconnect.people.decorators import AuthenticatedHttpRequest, role_required
from reconnect.people.models import Role
from reconnect.radar import actions
from reconnect.radar.cards import KIND_LABELS
from reconnect.radar.events import client_events
from reconnect.radar.models import (
    PLACE_MAX_LENGTH,
    Modality,
    NoteKind,
    OutreachAction,
    Session,
    SessionStatus,
    Signal,
)
from reconnect.radar.timeline_chart import timeline_chart


class WhereForm(forms.Form):
    """Where the client finds a session, and how its title reads in their calendar."""

    place = forms.CharField(
        label="Place (for in person)",
        required=False,
        max_length=PLACE_MAX_LENGTH,
        help_text="The address or room, as the client will read it.",
    )
    video_link = forms.CharField(
        label="Video link (for video)",
        required=False,
        help_text="A whole https:// link. The client sees it on their home page.",
    )
    discreet_title = forms.BooleanField(
        label='Discreet title: "Appointment" in the client\'s calendar and reminders',
        required=False,
        help_text="For a client whose phone or calendar someone else may see.",
    )


class SessionDetailsForm(WhereForm):
    field_order = ["planned_at", "modality"]
    planned_at = forms.DateTimeField(
        label="When",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": "Please give a date and time.",
            "invalid": "Please give a date and time.",
        },
    )
    modality = forms.ChoiceField(label="How", choices=Modality.choices)


class SessionForm(WhereForm):
    field_order = ["planned_at", "status", "modality", "place", "video_link", "discreet_title"]
    planned_at = forms.DateTimeField(
        label="When",
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        error_messages={
            "required": "Please give a date and time.",
            "invalid": "Please give a date and time.",
        },
    )
    status = forms.ChoiceField(label="Outcome", choices=SessionStatus.choices)
    modality = forms.ChoiceField(label="How", choices=Modality.choices)
    note = forms.CharField(
        label="Short note (optional)",
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    note_kind = forms.ChoiceField(
        label="What kind of note",
        choices=NoteKind.choices,
        initial=NoteKind.SHARED,
        required=False,
        widget=forms.RadioSelect,
        help_text="A counselling note stays yours alone: no consent, export or supporter "
        "page ever includes it.",
    )


class OutreachForm(forms.Form):
    # A message sent from the signal logs itself ("Send a message"), so it is not offered here.
    action = forms.ChoiceField(
        label="What I did",
        choices=[c for c in OutreachAction.choices if c[0] != OutreachAction.MESSAGED],
    )
    outcome = forms.CharField(
        label="How it went (optional)",
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2}),
    )


class CloseForm(forms.Form):
    reason = forms.CharField(
        label="Why", max_length=300, error_messages={"required": "Please say briefly why."}
    )
    snooze_until = forms.DateField(
        label="Snooze until (leave empty to resolve)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    useful = forms.TypedChoiceField(
        label="Was this signal useful?",
        choices=[("", "Not sure"), ("yes", "Yes"), ("no", "No")],
        coerce=lambda v: v == "yes",
        empty_value=None,
        required=False,
    )


@role_required(Role.CLINICIAN, Role.SUPERVISOR)
def client_timeline(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """Check-ins, contacts, sessions, scores, plan changes and signals on one time axis."""
    client = gate.open_record(request.user, client_id, category=Category.TIMELINE)
    today = timezone.localdate()
    start = today - dt.timedelta(days=89)
    events = client_events(client, start)
    return render(
        request,
        "radar/timeline.html",
        {
            "client": client,
            "chart": timeline_chart(events, start, today),
            "events": sorted(events, key=lambda e: e.at, reverse=True),
            "signals": Signal.objects.live().filter(client=client),
            "kinds": KIND_LABELS,
        },
    )


@role_required(Role.CLINICIAN, Role.SUPERVISOR)
def sessions(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """The client's sessions; clinicians record new ones and outcomes."""
    writing = request.method == "POST"
    client = gate.open_record(
        request.user,
        client_id,
        category=Category.SESSIONS,
        action=Action.CHANGE if writing else Action.VIEW,
    )
    form = SessionForm(request.POST or None, initial={"planned_at": timezone.localtime()})
    if writing:
        if request.user.role != Role.CLINICIAN:
            return render(
                request, "error.html", {"message": "Only clinicians record sessions."}, status=403
            )
        if form.is_valid():
            fields = {**form.cleaned_data, "note_kind": form.cleaned_data["note_kind"] or "shared"}
            try:
                actions.record_session(client=client, clinician=request.user, **fields)
            except InvalidInput as error:
                show_on_form(form, error)
            else:
                messages.success(request, "The session is recorded.")
                return redirect("radar:sessions", client_id=client.pk)
    rows = list(
        Session.objects.filter(client=client)
        .select_related("check_response")
        .order_by("-planned_at")[:50]
    )
    notes = {s.pk: s.note_for(request.user) for s in rows}
    return render(
        request,
        "radar/sessions.html",
        {
            "client": client,
            "form": form,
            "sessions": rows,
            "notes": notes,
            "statuses": SessionStatus.choices,
        },
        status=400 if writing else 200,
    )


@role_required(Role.CLINICIAN)
@require_POST
def session_status(
    request: AuthenticatedHttpRequest, client_id: int, session_id: int
) -> HttpResponse:
    client = gate.open_record(
        request.user, client_id, category=Category.SESSIONS, action=Action.CHANGE
    )
    session = get_object_or_404(Session, pk=session_id, client=client)
    try:
        actions.set_session_status(session=session, status=request.POST.get("status", ""))
    except InvalidInput as error:
        messages.error(request, error.message)
    else:
        messages.success(request, "The session is updated.")
    return redirect("radar:sessions", client_id=client.pk)


@role_required(Role.CLINICIAN)
def session_details(
    request: AuthenticatedHttpRequest, client_id: int, session_id: int
) -> HttpResponse:
    """Change when and where a session is, and whether its title is discreet."""
    writing = request.method == "POST"
    client = gate.open_record(
        request.user,
        client_id,
        category=Category.SESSIONS,
        action=Action.CHANGE if writing else Action.VIEW,
    )
    session = get_object_or_404(
        Session.objects.select_related("clinician"), pk=session_id, client=client
    )
    form = SessionDetailsForm(
        request.POST or None,
        initial={
            "planned_at": timezone.localtime(session.planned_at),
            "modality": session.modality,
            "place": session.place,
            "video_link": session.video_link,
            "discreet_title": session.discreet_title,
        },
    )
    if writing and form.is_valid():
        try:
            actions.update_session_details(session=session, **form.cleaned_data)
        except InvalidInput as error:
            show_on_form(form, error)
        else:
            messages.success(request, "The session is updated.")
            return redirect("radar:sessions", client_id=client.pk)
    return render(
        request,
        "radar/session_details.html",
        {"client": client, "session": session, "form": form},
        status=400 if writing else 200,
    )


@role_required(Role.CLINICIAN, Role.SUPERVISOR)
def signal_detail(
    request: AuthenticatedHttpRequest, client_id: int, signal_id: int
) -> HttpResponse:
    """A signal with its evidence and outreach; acknowledge, log outreach, resolve or snooze."""
    writing = request.method == "POST"
    step = request.POST.get("do", "")
    client = gate.open_record(
        request.user,
        client_id,
        category=Category.SIGNALS,
        action=Action.CHANGE if writing else Action.VIEW,
        detail=f"{step} signal {signal_id}" if step in SIGNAL_STEPS else "",
    )
    signal = get_object_or_404(Signal, pk=signal_id, client=client)
    outreach_form = OutreachForm(request.POST if request.POST.get("do") == "outreach" else None)
    close_form = CloseForm(request.POST if request.POST.get("do") == "close" else None)
    if writing:
        done = _act(request, signal, outreach_form, close_form)
        if done:
            return redirect("radar:signal", client_id=client.pk, signal_id=signal.pk)
    return render(
        request,
        "radar/signal.html",
        {
            "client": client,
            "signal": signal,
            "kind_label": KIND_LABELS.get(signal.kind, signal.kind),
            "outreach": signal.outreach.select_related("clinician"),
            "reach": reach_for_care_team(request.user, client, where="a signal about you"),
            "outreach_form": outreach_form,
            "close_form": close_form,
        },
        status=400 if writing else 200,
    )


SIGNAL_STEPS = ("acknowledge", "outreach", "close")


def _act(
    request: AuthenticatedHttpRequest, signal: Signal, outreach: OutreachForm, close: CloseForm
) -> bool:
    step = request.POST.get("do")
    if step == "acknowledge":
        actions.acknowledge_signal(signal=signal, by=request.user)
        messages.success(request, "Acknowledged.")
        return True
    if step == "outreach" and outreach.is_valid():
        actions.log_outreach(
            client=signal.client, clinician=request.user, signal=signal, **outreach.cleaned_data
        )
        messages.success(request, "Outreach logged.")
        return True
    if step == "close" and close.is_valid():
        try:
            actions.close_signal(signal=signal, by=request.user, **close.cleaned_data)
        except InvalidInput as error:
            show_on_form(close, error)
            return False
        messages.success(request, "Snoozed." if close.cleaned_data["snooze_until"] else "Resolved.")
        return True
    return False
