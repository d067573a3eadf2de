"""The client's contact-details page, and the clinician's for recording them with the client."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render

from reconnect.access import gate
from reconnect.access.models import Action, Category
from reconnect.contact import actions
from reconnect.contact.forms import (
    ContactDetailsForm,
    RecordedWithClientForm,
    choices_from,
    initial_for,
)
from reconnect.contact.links import contact_links
from reconnect.contact.models import ContactDetails
from reconnect.core.input import InvalidInput, show_on_form
from reconnect.people.decorators import AuthenticatedHttpRequest, role_required
from reconnect.people.models import Role


@role_required(Role.CLIENT)
def my_contact(request: AuthenticatedHttpRequest) -> HttpResponse:
    """How I may be reached, and what is safe: every choice is the client's."""
    client = gate.own_record(request.user)
    details = ContactDetails.objects.for_client(client).first()
    if details is not None:
        details.client = client  # already loaded, with the account email
    form = ContactDetailsForm(request.POST or None, initial=initial_for(details))
    if request.method == "POST" and form.is_valid():
        try:
            _, changed = actions.save_contact_details(
                client=client, by=request.user, **choices_from(form)
            )
        except InvalidInput as error:
            show_on_form(form, error)
        else:
            messages.success(
                request,
                "Saved. Your care team will reach you only in the ways you chose."
                if changed
                else "Nothing needed changing.",
            )
            return redirect("contact:mine")
    return render(
        request,
        "contact/my_contact.html",
        {"form": form, "details": details, "reach": contact_links(details)},
        status=400 if request.method == "POST" else 200,
    )


@role_required(Role.CLINICIAN)
def client_contact(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """A clinician records a client's contact details with the client present."""
    writing = request.method == "POST"
    client = gate.open_record(
        request.user,
        client_id,
        category=Category.CONTACT,
        action=Action.CHANGE if writing else Action.VIEW,
    )
    details = ContactDetails.objects.for_client(client).first()
    if details is not None:
        details.client = client  # already loaded, with the account email
    name = client.user.get_short_name()
    form = RecordedWithClientForm(
        request.POST or None, initial=initial_for(details), client_name=name
    )
    if writing and form.is_valid():
        try:
            actions.save_contact_details(client=client, by=request.user, **choices_from(form))
        except InvalidInput as error:
            show_on_form(form, error)
        else:
            messages.success(request, f"{name}'s contact details are saved.")
            return redirect("home:client_detail", client_id=client.pk)
    return render(
        request,
        "contact/client_contact.html",
        {"form": form, "client": client, "details": details},
        status=400 if writing else 200,
    )
