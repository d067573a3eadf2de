"""Break-glass emergency access for clinicians, and what their supervisors see of it."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from reconnect.access import gate
from reconnect.access.models import EmergencyAccess
from reconnect.consent.emergency import (
    AlreadyOnCareTeam,
    daily_limit,
    open_named_in_emergency,
    remaining,
)
from reconnect.core.input import InvalidInput, show_on_form
from reconnect.people.decorators import AuthenticatedHttpRequest, role_required
from reconnect.people.models import Role, User


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
def emergency_access(request: AuthenticatedHttpRequest) -> HttpResponse:
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
            return redirect("home:client_detail", client_id=access.client_id)
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


def recent_emergencies_for_supervisor(supervisor: User) -> list[EmergencyAccess]:
    """Emergency accesses by the clinicians this person supervises, last 30 days."""
    since = timezone.now() - dt.timedelta(days=30)
    return list(
        EmergencyAccess.objects.filter(
            clinician__supervisors__supervisor=supervisor, started_at__gte=since
        ).select_related("client__user")
    )
