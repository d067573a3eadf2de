"""The client's next appointment: shown on their home in their own time zone, answered there
("I'll be there", "I need to change this"), and downloaded into their own calendar."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from django import forms
from django.contrib import messages
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.utils import timezone

from reconnect.access import gate
from reconnect.contact.models import ContactDetails
from reconnect.core.input import IdempotencyConflict, InvalidInput
from reconnect.home.actions import NOTE_MAX_LENGTH, ask_to_change_session
from reconnect.notifications.reach import client_zone
from reconnect.people.decorators import AuthenticatedHttpRequest, role_required
from reconnect.people.models import Client, Role
from reconnect.radar.actions import respond_to_session
from reconnect.radar.appointments import describe
from reconnect.radar.calendar import FILENAME, session_calendar
from reconnect.radar.models import ClientResponse, Modality, Session

CONFIRMED = "Thank you. Your care team will see that you'll be there."
CHANGE_ASKED = "Your message is sent to your care team. They will be in touch about another time."
ALREADY = "Your care team already has this answer."


@dataclass(frozen=True)
class NextAppointment:
    session: Session
    text: str  # "Fri 4 Dec, 10:00, with Robin Okafor, in person at …"
    video_link: str
    answer: str
    discreet: bool
    form: AnswerForm


class AnswerForm(forms.Form):
    answer = forms.ChoiceField(
        choices=[
            (ClientResponse.CONFIRMED, "I'll be there"),
            (ClientResponse.CHANGE_REQUESTED, "I need to change this"),
        ],
        error_messages={"required": "Please choose one of the two answers."},
    )
    note = forms.CharField(
        label="What would suit you better? (optional)",
        required=False,
        max_length=NOTE_MAX_LENGTH,
        # Django points the box's aria-describedby at this text (next_appointment.html).
        help_text="Only if you need to change it: this goes to your care team with your request.",
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={"max_length": f"Please keep this under {NOTE_MAX_LENGTH} characters."},
    )
    client_request_id = forms.CharField(required=False, max_length=64, widget=forms.HiddenInput)


def chose_discretion(client: Client, session: Session) -> bool:
    """The client said someone else may see their messages, or the session's title is
    discreet."""
    others_may_see = (
        ContactDetails.objects.for_client(client).values_list("others_may_see", flat=True).first()
    )
    return bool(others_may_see) or session.discreet_title


def next_appointment(client: Client, now: dt.datetime | None = None) -> NextAppointment | None:
    """The client's next planned session, described in their own time zone."""
    now = now or timezone.now()
    session = Session.objects.next_for(client, now)
    if session is None:
        return None
    link: str = session.video_link
    return NextAppointment(
        session=session,
        text=describe(session, client_zone(client), now),
        video_link=link if session.modality == Modality.VIDEO else "",
        answer=session.client_response,
        discreet=chose_discretion(client, session),
        form=AnswerForm(initial={"client_request_id": uuid.uuid4().hex}, auto_id="appointment-%s"),
    )


def _own_upcoming(client: Client, session_id: int) -> Session:
    session = (
        Session.objects.upcoming(timezone.now())
        .filter(client=client, pk=session_id)
        .select_related("clinician", "client__program")
        .first()
    )
    if session is None:
        raise Http404("No such appointment.")
    return session


@role_required(Role.CLIENT)
def answer(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    """ "I'll be there" or "I need to change this" (which writes to the care team)."""
    client = gate.own_record(request.user)
    session = _own_upcoming(client, session_id)  # someone else's session: 404 whatever the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    form = AnswerForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, str(errors[0]))
        return redirect("home:client_home")
    data = form.cleaned_data
    try:
        if data["answer"] == ClientResponse.CONFIRMED:
            changed = respond_to_session(session=session, response=ClientResponse.CONFIRMED)
            done = CONFIRMED
        else:
            changed = ask_to_change_session(
                session=session,
                by=request.user,
                note=data["note"],
                client_request_id=data["client_request_id"],
            )
            done = CHANGE_ASKED
    except InvalidInput as error:
        messages.error(request, error.message)
    except IdempotencyConflict as error:  # an old page sent again with other words
        messages.error(request, str(error))
    else:
        messages.success(request, done if changed else ALREADY)
    return redirect("home:client_home")


@role_required(Role.CLIENT)
def calendar_file(request: AuthenticatedHttpRequest, session_id: int) -> HttpResponse:
    """The appointment as an .ics file, with a neutral title when the client chose discretion."""
    client = gate.own_record(request.user)
    session = _own_upcoming(client, session_id)
    body = session_calendar(
        session,
        discreet=chose_discretion(client, session),
        program=session.client.program.name,
        now=timezone.now(),
    )
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{FILENAME}"'
    return response
