"""The client's view of who saw their record, and break-glass emergency access for clinicians."""

from __future__ import annotations

import csv
import datetime as dt

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from reconnect.access import gate
from reconnect.access.emergency import open_in_emergency
from reconnect.access.models import AccessEvent, Category, EmergencyAccess, Outcome
from reconnect.core.input import InvalidInput, show_on_form
from reconnect.people.decorators import role_required
from reconnect.people.models import Client, Role


def _my_events(request: HttpRequest, client: Client):  # noqa: ANN202
    events = AccessEvent.objects.about(client.pk).exclude(actor_id=request.user.pk)
    category = request.GET.get("category", "")
    if category in Category.values:
        events = events.filter(category=category)
    return events.order_by("-at", "-id"), category


@role_required(Role.CLIENT)
def my_record_access(request: HttpRequest) -> HttpResponse:
    """Every access to my record by someone else, and every disclosure, newest first."""
    from reconnect.consent.models import Disclosure

    client = gate.own_record(request.user)
    events, category = _my_events(request, client)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "access/my_record_access.html",
        {
            "page": page,
            "denied": Outcome.DENIED,
            "category": category,
            "categories": Category.choices,
            "disclosures": Disclosure.objects.filter(client=client).select_related("consent")[:200],
            "emergencies": EmergencyAccess.objects.filter(client=client)[:20],
        },
    )


@role_required(Role.CLIENT)
def my_record_access_download(request: HttpRequest) -> HttpResponse:
    """The same accounting as a CSV file: every access and every disclosure."""
    from reconnect.consent.models import Disclosure

    client = gate.own_record(request.user)
    events, _ = _my_events(request, client)
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="who-saw-my-record.csv"'
    writer = csv.writer(response)
    writer.writerow(["kind", "when_utc", "who", "role", "what", "action", "outcome", "purpose"])
    for e in events.iterator():
        writer.writerow(
            [
                "access",
                e.at.isoformat(),
                e.actor_name,
                e.actor_role,
                e.get_category_display(),
                e.get_action_display(),
                e.get_outcome_display(),
                e.purpose,
            ]
        )
    for d in Disclosure.objects.filter(client=client).iterator():
        writer.writerow(
            [
                "disclosure",
                d.at.isoformat(),
                d.recipient_name,
                "",
                d.description,
                d.get_channel_display(),
                "",
                f"{d.purpose} (consent {d.consent_id})" if d.consent_id else d.purpose,
            ]
        )
    return response


class EmergencyForm(forms.Form):
    client = forms.TypedChoiceField(label="Client", coerce=int, choices=())
    reason = forms.CharField(
        label="The nature of the emergency",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="The client and your supervisor will see this.",
    )

    def __init__(self, *args, clients: list[tuple[int, str]], **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["client"].choices = [("", "Choose a client"), *clients]


@role_required(Role.CLINICIAN)
def emergency_access(request: HttpRequest) -> HttpResponse:
    """Open a record outside one's care team in an emergency, for 60 minutes."""
    program = request.user.membership.program
    choices = list(
        Client.objects.filter(program=program, user__is_active=True)
        .exclude(care_team__clinician=request.user)
        .order_by("user__display_name")
        .values_list("pk", "user__display_name")
    )
    form = EmergencyForm(request.POST or None, clients=choices)
    if request.method == "POST" and form.is_valid():
        client = Client.objects.filter(pk=form.cleaned_data["client"], program=program).first()
        try:
            if client is None:
                raise InvalidInput("client", "Please choose a client from the list.")
            open_in_emergency(
                clinician=request.user, client=client, reason=form.cleaned_data["reason"]
            )
        except InvalidInput as error:
            show_on_form(form, error)
        else:
            messages.warning(
                request,
                "Emergency access is open for 60 minutes. The client and your supervisor "
                "have been told.",
            )
            return redirect("people:client_detail", client_id=client.pk)
    active = EmergencyAccess.objects.active().filter(clinician=request.user)
    return render(
        request,
        "access/emergency.html",
        {"form": form, "active": active.select_related("client__user"), "now": timezone.now()},
        status=400 if request.method == "POST" else 200,
    )


def recent_emergencies_for_supervisor(supervisor) -> list[EmergencyAccess]:  # noqa: ANN001
    """Emergency accesses by the clinicians this person supervises, last 30 days."""
    since = timezone.now() - dt.timedelta(days=30)
    return list(
        EmergencyAccess.objects.filter(
            clinician__supervisors__supervisor=supervisor, started_at__gte=since
        ).select_related("client__user")
    )
