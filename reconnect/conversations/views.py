"""The conversation pages: the client's, the care team's (and a supervisor's, read only), the
staff inbox, and the program's care-team hours. Forms work without JavaScript; htmx only swaps
the conversation in place."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone

from reconnect.access import gate
from reconnect.access.models import Action, Category
from reconnect.conversations import actions, wording
from reconnect.conversations.forms import CareTeamHoursForm, MessageForm
from reconnect.conversations.models import CareTeamHours, Message
from reconnect.conversations.pages import hours_note, inbox_rows, message_page, safety_contact
from reconnect.core.input import IdempotencyConflict, InvalidInput, show_on_form
from reconnect.journal.forms import new_request_id
from reconnect.journal.timeline import care_team_names
from reconnect.notifications.reach import client_zone
from reconnect.people.decorators import AuthenticatedHttpRequest, program_of, role_required
from reconnect.people.models import Client, Role
from reconnect.radar.models import Signal
from reconnect.safety.actions import current_plan


def _send(
    request: AuthenticatedHttpRequest, form: MessageForm, client: Client, signal: Signal | None
) -> actions.Sent | None:
    """Send the form's message; None (with the reason on the form) when it was refused."""
    if not form.is_valid():
        return None

    def send(request_id: str) -> actions.Sent:
        return actions.send_message(
            client=client,
            author=request.user,
            body=form.cleaned_data["body"],
            client_request_id=request_id,
            signal=signal,
        )

    try:
        try:
            return send(form.cleaned_data["client_request_id"])
        except IdempotencyConflict:
            # The page's id already carried another message (a form brought back by Back, or
            # sent again after a lost answer): these words are new, so they go as a new
            # message. Refusing them could leave words that worry us unsent and unseen.
            return send(new_request_id())
    except InvalidInput as error:
        show_on_form(form, error)
    return None


def _refused(request: HttpRequest) -> int:
    # htmx swaps only successful answers, so a refused message comes back as 200 to htmx (the
    # form shows why) and as 400 to a plain form post.
    return 200 if getattr(request, "htmx", False) else 400


@role_required(Role.CLIENT)
def my_messages(request: AuthenticatedHttpRequest) -> HttpResponse:
    """My conversation with my care team: hours and help above the box, newest at the bottom."""
    client = gate.own_record(request.user)
    form = MessageForm(request.POST or None)
    if request.method == "POST":
        sent = _send(request, form, client, None)
        if sent is not None:
            # The crisis words come first on the screen the writer lands on (§4.1).
            anchor = "#worry-h" if sent.crisis_resources_shown else "#box"
            return redirect(f"{reverse('conversations:mine')}?sent={sent.message.pk}{anchor}")
    zone = client_zone(client)
    thread = message_page(client, request.GET.get("page"), viewer=request.user, zone=zone)
    actions.mark_page_read(messages=thread.unread, reader=request.user)
    just_sent = _just_sent(request, client)
    return render(
        request,
        "conversations/mine.html",
        {
            "page": thread.page,
            "shown": thread.shown,
            "form": form,
            "hours": hours_note(client.program_id, zone),
            "care_team": care_team_names(client, peers=True),
            "danger_now": wording.DANGER_NOW,
            "just_sent": just_sent,
            "worrying_words": wording.WORRYING_WORDS_SHOWN,
            "has_plan": current_plan(client) is not None
            if just_sent and just_sent.crisis_resources_shown
            else False,
        },
        status=_refused(request) if request.method == "POST" else 200,
    )


def _just_sent(request: HttpRequest, client: Client) -> Message | None:
    """The message the client has just sent (named by id after the redirect), if theirs."""
    sent = request.GET.get("sent", "")
    if not (sent.isascii() and sent.isdigit()):
        return None
    return Message.objects.filter(pk=int(sent), client=client, author_role=Role.CLIENT).first()


@role_required(Role.CLINICIAN, Role.SUPERVISOR, Role.PEER)
def client_messages(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """A client's conversation for their care team (read and reply; a peer recovery specialist
    on the team too); supervisors read it under supervision; every view is audited."""
    writing = request.method == "POST"
    if writing and request.user.role not in (Role.CLINICIAN, Role.PEER):
        raise PermissionDenied("Supervisors read conversations; the care team replies.")
    client = gate.open_record(
        request.user,
        client_id,
        category=Category.MESSAGES,
        action=Action.CREATE if writing else Action.VIEW,
    )
    on_team = bool(getattr(client, "on_team", False))
    if writing and not on_team:
        raise PermissionDenied("Only the client's care team replies.")
    signal = _signal(client, request.POST.get("signal") or request.GET.get("signal"))
    name = client.user.get_short_name()
    form = MessageForm(
        request.POST or None,
        initial={"signal": signal.pk if signal else None},
        label=f"Reply to {name}",
        help_text=f"Text only. {name} and their care team read it; it stays in their record.",
    )
    if writing:
        sent = _send(request, form, client, signal)
        if sent is not None:
            done = f"?sent={sent.message.pk}" + ("&logged=1" if signal else "")
            return redirect(f"{reverse('conversations:client', args=[client.pk])}{done}#box")
    zone = timezone.get_current_timezone_name()
    thread = message_page(client, request.GET.get("page"), viewer=request.user, zone=zone)
    if on_team:  # a supervisor's or an emergency reader's look is audited, not a read receipt
        actions.mark_page_read(messages=thread.unread, reader=request.user)
    return render(
        request,
        "conversations/client.html",
        {
            "client": client,
            "page": thread.page,
            "shown": thread.shown,
            "form": form if on_team else None,
            "signal": signal,
            "hours": hours_note(client.program_id, zone),
            "sent_now": request.GET.get("sent", "").isdigit(),
            "logged": request.GET.get("logged") == "1",
        },
        status=_refused(request) if writing else 200,
    )


def _signal(client: Client, raw: str | None) -> Signal | None:
    """The signal a clinician came from ("Send a message"), if it is this client's."""
    if not raw or not (str(raw).isascii() and str(raw).isdigit()):
        return None
    return Signal.objects.filter(pk=int(raw), client=client).first()


@role_required(Role.CLINICIAN, Role.SUPERVISOR)
def inbox(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Conversations of the clients in reach: unanswered first, with the wait in team time."""
    rows = inbox_rows(request.user)
    # A list of names with counts: "Robin saw you in their messages inbox", not a reading.
    gate.record_summaries(
        request.user, [row.client_id for row in rows], where="their messages inbox"
    )
    return render(request, "conversations/inbox.html", {"rows": rows})


@role_required(Role.ADMIN)
def program_hours(request: AuthenticatedHttpRequest) -> HttpResponse:
    """When the care team reads messages, and what clients are told (no clinical content)."""
    program = program_of(request)
    current = CareTeamHours.for_program(program.pk)
    initial = {
        "weekdays": [str(d) for d in sorted(current.schedule.weekdays)],
        "opens_at": current.opens_at,
        "closes_at": current.closes_at,
        "timezone_name": current.timezone_name,
        "reply_time": current.reply_time,
        "after_hours": current.after_hours,
        "safety_contact_hours": current.safety_contact_hours,
    }
    form = CareTeamHoursForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        zone_before = program.time_zone
        try:
            chosen = form.cleaned_data
            if chosen.get("safety_contact_hours") is None:
                chosen["safety_contact_hours"] = current.safety_contact_hours
            actions.save_care_team_hours(program=program, **chosen)
        except InvalidInput as error:
            show_on_form(form, error)
        else:
            if program.time_zone != zone_before:  # as on the program's time zone page
                gate.record_event(
                    actor=request.user,
                    client_id=None,
                    category=Category.ADMINISTRATION,
                    action=Action.CHANGE,
                    detail=f"program {program.pk} time zone",
                )
            messages.success(request, "The care team's hours are saved.")
            return redirect("conversations:hours")
    return render(
        request,
        "conversations/hours.html",
        {
            "form": form,
            "preview": hours_note(program.pk, current.timezone_name),
            "safety_preview": safety_contact(program.pk, current.timezone_name),
        },
        status=400 if request.method == "POST" else 200,
    )
