"""Program admins' pages that draw on several apps: adding a person (with a client's phone and
optional demographics), and correcting an email address that bounces (with re-verification).

Composition: accounts makes the account, contact keeps the phone, journal knows the bounces.
No clinical content is shown here.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import messages
from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render

from reconnect.access import gate
from reconnect.accounts import actions, email_change, preferences
from reconnect.accounts.forms import PersonForm
from reconnect.accounts.preference_forms import DemographicsForm
from reconnect.accounts.welcome_views import send_welcome
from reconnect.contact.actions import save_contact_details
from reconnect.core.input import InvalidInput, show_on_form
from reconnect.journal.models import DeliveryOutcome, ReminderDelivery
from reconnect.people import demographics
from reconnect.people.decorators import AuthenticatedHttpRequest, program_of, role_required
from reconnect.people.models import Role, User


class NewPersonForm(PersonForm):
    """The add-person form, with what only a client has: a phone and optional demographics."""

    phone = forms.CharField(
        label="Phone (for a client, optional)",
        max_length=40,
        required=False,
        help_text="Kept with their contact details; they choose whether we may call or text.",
        # A phone's number keypad; not the admin's own number, so the browser offers none.
        widget=forms.TextInput(attrs={"type": "tel", "inputmode": "tel", "autocomplete": "off"}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields.update(DemographicsForm(for_client=False).fields)
        self.fields[
            "age_band"
        ].help_text = (
            f"Only if the client chose to say, {demographics.WHY_ASKED}; they can change it."
        )

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("role") != Role.CLIENT:
            for field in ("phone", "age_band", "gender"):
                if cleaned.get(field):
                    self.add_error(field, "This is kept only for clients; leave it empty.")
        return cleaned


@role_required(Role.ADMIN)
def person_new(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Add a clinician, supervisor, admin or client; they set their password from an email.
    Bad input (a phone that is not one, a demographic from outside the list) stores nothing."""
    prog = program_of(request)
    clinicians = User.objects.filter(
        memberships__program=prog, memberships__role=Role.CLINICIAN, is_active=True
    ).order_by("display_name")
    form = NewPersonForm(request.POST or None, program=prog, clinicians=clinicians)
    if request.method == "POST" and form.is_valid():
        try:
            user = _add(request, form.cleaned_data)
        except InvalidInput as error:
            show_on_form(form, error)
        else:
            transaction.on_commit(lambda: send_welcome(request, user))
            messages.success(request, f"{user.display_name} was added and emailed a sign-in link.")
            return redirect("accounts:program")
    return render(
        request, "people/person_new.html", {"form": form}, status=400 if form.errors else 200
    )


@transaction.atomic
def _add(request: AuthenticatedHttpRequest, data: dict[str, Any]) -> User:
    """Everything or nothing: the account, the client's demographics and phone."""
    client_role = data["role"] == Role.CLIENT
    user = actions.add_person(
        program=program_of(request),
        email=data["email"],
        display_name=data["display_name"],
        role=data["role"],
        pronouns=data["pronouns"],
        clinician=data["clinician"] if client_role else None,
        added_by=request.user,
    )
    if client_role:
        client = user.client
        preferences.set_demographics(
            client=client, by=request.user, age_band=data["age_band"], gender=data["gender"]
        )
        if data["phone"].strip():
            save_contact_details(client=client, by=request.user, phone=data["phone"])
    return user


class EmailForm(forms.Form):
    email = forms.CharField(
        label="The corrected email address", max_length=254, widget=forms.EmailInput
    )


@role_required(Role.ADMIN)
def person_email(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    """Correct the email address of someone in this program (one that bounces, or a typo)."""
    person = get_object_or_404(User, pk=user_id, memberships__program=program_of(request))
    client = getattr(person, "client", None) if person.role == Role.CLIENT else None
    if client is not None:
        gate.record_summaries(
            request.user, [client.pk], where="the program's page for correcting an email address"
        )
    form = EmailForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            outcome = email_change.request_email_change(
                user=person, new_email=form.cleaned_data["email"], by=request.user
            )
        except InvalidInput as error:
            show_on_form(form, error)
        else:
            _send_after(request, person, outcome)
            return redirect("home:person_email", user_id=person.pk)
    bounced = (
        ReminderDelivery.objects.filter(client=client, outcome=DeliveryOutcome.BOUNCED)
        .order_by("-attempted_at")
        .first()
        if client is not None
        else None
    )
    return render(
        request,
        "people/person_email.html",
        {"person": person, "form": form, "bounced": bounced},
        status=400 if form.errors else 200,
    )


def _send_after(request: AuthenticatedHttpRequest, person: User, outcome: str) -> None:
    name = person.display_name
    if outcome == email_change.CHANGED:
        transaction.on_commit(lambda: send_welcome(request, person))
        messages.success(
            request,
            f"{name}'s email address is now {person.email}, and a new welcome link went to it. "
            "Choosing a password from it confirms the address.",
        )
        return
    transaction.on_commit(lambda: email_change.send_confirmation(request, person))
    messages.success(
        request,
        f"A confirmation link went to {person.pending_email}. {name} keeps signing in with "
        f"{person.email} until they open it while signed in.",
    )
