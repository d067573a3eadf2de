"""The client's view of who saw their record, and break-glass emergency access for clinicians."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Count, Max, Min
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from reconnect.access import gate, wording
from reconnect.access.emergency import (
    AlreadyOnCareTeam,
    daily_limit,
    open_named_in_emergency,
    remaining,
)
from reconnect.access.models import AccessEvent, Category, EmergencyAccess
from reconnect.core import csvsafe
from reconnect.core.dbfunctions import LocalDate
from reconnect.core.input import InvalidInput, show_on_form
from reconnect.people.decorators import role_required
from reconnect.people.models import Client, Role

SEEN_IN_LISTS_SHOWN = 60


def _my_events(request: HttpRequest, client: Client):  # noqa: ANN202
    events = AccessEvent.objects.about(client.pk).exclude(actor_id=request.user.pk)
    category = request.GET.get("category", "")
    if category in Category.values:
        events = events.filter(category=category)
    return events.order_by("-at", "-id"), category


def _seen_in_lists(client: Client) -> list[dict]:
    """Caseload-summary views, one line per person, list and day (a caseload page is the
    clinician's home, so one row per page load would bury every other entry)."""
    return list(
        AccessEvent.objects.about(client.pk)
        .filter(category=Category.CASELOAD_SUMMARY)
        .exclude(actor_id=client.user_id)
        .annotate(day=LocalDate("at"))
        .values("day", "actor_id", "actor_name", "actor_role", "detail", "purpose")
        .annotate(times=Count("id"), first=Min("at"), last=Max("at"))
        .order_by("-last")[:SEEN_IN_LISTS_SHOWN]
    )


@role_required(Role.CLIENT)
def my_record_access(request: HttpRequest) -> HttpResponse:
    """Every access to my record by someone else, and every disclosure, newest first."""
    from reconnect.consent.models import Disclosure

    client = gate.own_record(request.user)
    events, category = _my_events(request, client)
    if category != Category.CASELOAD_SUMMARY:
        events = events.exclude(category=Category.CASELOAD_SUMMARY)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    page.object_list = list(page.object_list)
    names = wording.clinician_names(page.object_list)
    for event in page.object_list:
        event.sentence = wording.sentence(event, names)
    seen_in_lists = _seen_in_lists(client) if category not in Category.values else []
    for seen in seen_in_lists:
        seen["sentence"] = wording.seen_in_list(seen)
    return render(
        request,
        "access/my_record_access.html",
        {
            "page": page,
            "category": category,
            "categories": wording.filter_choices(),
            "disclosures": Disclosure.objects.filter(client=client).select_related("consent")[:200],
            "emergencies": EmergencyAccess.objects.filter(client=client)[:20],
            "seen_in_lists": seen_in_lists,
            "summary": Category.CASELOAD_SUMMARY,
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
    writer = csvsafe.writer(response)
    writer.writerow(["kind", "when_utc", "who", "role", "what", "action", "outcome", "purpose"])
    for e in events.iterator():
        writer.writerow(
            [
                "access",
                e.at.isoformat(),
                e.actor_name,
                e.actor_role,
                wording.what(e),
                e.get_action_display(),
                e.get_outcome_display(),
                wording.purpose(e.purpose),
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
    full_name = forms.CharField(
        label="The client's full name",
        max_length=120,
        help_text="As it is on their account. Nobody is listed here: you name the person.",
    )
    email = forms.EmailField(
        label="The email address they sign in with",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
    )
    reason = forms.CharField(
        label="The nature of the emergency",
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="A sentence. The client and your supervisor will see it.",
    )


@role_required(Role.CLINICIAN)
def emergency_access(request: HttpRequest) -> HttpResponse:
    """Open a record outside one's care team in an emergency, for 60 minutes."""
    form = EmergencyForm(request.POST or None)
    own_client = None
    if request.method == "POST" and form.is_valid():
        try:
            access = open_named_in_emergency(clinician=request.user, **form.cleaned_data)
        except AlreadyOnCareTeam as error:
            show_on_form(form, error)
            own_client = error.client_id
        except InvalidInput as error:
            show_on_form(form, error)
        else:
            until = timezone.localtime(access.ends_at).strftime("%H:%M")
            if access.already_open:
                messages.info(request, f"Emergency access to this record is open until {until}.")
            else:
                messages.warning(
                    request,
                    f"Emergency access is open until {until}. The client and your supervisor "
                    "have been told.",
                )
            return redirect("people:client_detail", client_id=access.client_id)
    active = list(
        EmergencyAccess.objects.active()
        .filter(clinician=request.user)
        .select_related("client__user")
    )
    gate.record_summaries(
        request.user, [a.client_id for a in active], where="their open emergency accesses"
    )
    return render(
        request,
        "access/emergency.html",
        {
            "form": form,
            "active": active,
            "limit": daily_limit(),
            "remaining": remaining(request.user),
            "own_client": own_client,
        },
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
