"""Saving a person's own settings from the account page (their time zone, and a client's
optional demographics, asked with the reason), and the program's time zone."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from reconnect.access import gate
from reconnect.accounts import preferences
from reconnect.accounts.auth_views import _account_page
from reconnect.accounts.forms import TokenForm
from reconnect.accounts.preference_forms import (
    DemographicsForm,
    ProgramTimeZoneForm,
    TimeZoneForm,
)
from reconnect.core.input import InvalidInput, show_on_form
from reconnect.people import timezones
from reconnect.people.decorators import AuthenticatedHttpRequest, program_of, role_required
from reconnect.people.models import Role


@login_required
@require_POST
def time_zone(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Choose the time zone every page is shown in ("" = the program's)."""
    user = request.user
    membership = user.membership
    form = TimeZoneForm(
        request.POST,
        current=user.time_zone,
        default_zone=timezones.program_zone(membership.program if membership else None),
    )
    if form.is_valid():
        try:
            changed = preferences.set_time_zone(user=user, time_zone=form.cleaned_data["time_zone"])
        except InvalidInput as error:
            show_on_form(form, error)
        else:
            zone = timezones.label(timezones.zone_name_for(user))
            messages.success(
                request,
                f"Times are now shown in {zone}." if changed else "Nothing needed changing.",
            )
            return redirect("accounts:account")
    return _account_page(request, TokenForm(request=request), status=400, time_zone_form=form)


@role_required(Role.CLIENT)
@require_POST
def about_you(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The client's own age band and gender: optional, changeable, "prefer not to say" allowed."""
    client = gate.own_record(request.user)
    form = DemographicsForm(request.POST)
    if form.is_valid():
        try:
            changed = preferences.set_demographics(
                client=client, by=request.user, **form.cleaned_data
            )
        except InvalidInput as error:
            show_on_form(form, error)
        else:
            messages.success(
                request, "Saved. Thank you." if changed else "Nothing needed changing."
            )
            return redirect("accounts:account")
    return _account_page(request, TokenForm(request=request), status=400, about_form=form)


@role_required(Role.ADMIN)
def program_time_zone(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The program's time zone: what everyone who has not chosen their own sees."""
    program = program_of(request)
    form = ProgramTimeZoneForm(
        request.POST or None, current=program.time_zone, server_zone=settings.TIME_ZONE
    )
    if request.method == "POST" and form.is_valid():
        try:
            preferences.set_program_time_zone(
                program=program, time_zone=form.cleaned_data["time_zone"], by=request.user
            )
        except InvalidInput as error:
            show_on_form(form, error)
        else:
            zone = timezones.label(timezones.program_zone(program))
            messages.success(request, f"The program's time zone is {zone}.")
            return redirect("accounts:program")
    return render(
        request,
        "people/program_time_zone.html",
        {"form": form, "now_in": timezones.label(timezones.program_zone(program))},
        status=400 if form.errors else 200,
    )
