"""The client's export (re-authenticated, single-use, expiring links) and account deletion."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone

from reconnect.access import gate
from reconnect.accounts.reauth import PasswordAgainForm
from reconnect.people.decorators import AuthenticatedHttpRequest, role_required
from reconnect.people.models import Client, Role
from reconnect.records import report
from reconnect.records.actions import (
    LINK_HOURS,
    ConsentEnded,
    create_export_link,
    use_export_link,
)
from reconnect.records.deletion import delete_account
from reconnect.records.export import fhir_bundle
from reconnect.records.forms import AdminDeleteForm, DeleteForm, ExportForm
from reconnect.records.models import ExportFormat
from reconnect.records.recipients import external_consents

LINK_GONE = (
    "This download link has been used or has expired. You can make a new one on the export page."
)


def _status(request: HttpRequest, form: PasswordAgainForm) -> int:
    """400 for a form to correct, 429 while password checks are paused."""
    if request.method != "POST" or form.is_valid():
        return 200
    return 429 if form.paused else 400


def _attachment(body: str, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(body, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@role_required(Role.CLIENT)
def export(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Ask for the password again, then give a download link that works once, for 24 hours."""
    client = gate.own_record(request.user)
    form = ExportForm(
        request.POST or None,
        request=request,
        purpose="export",
        consents=external_consents(client),
    )
    link = None
    if request.method == "POST" and form.is_valid():
        link = create_export_link(
            client=client,
            file_format=form.cleaned_data["format"],
            consent_id=form.cleaned_data["for_consent"],
        )
    return render(
        request,
        "records/export.html",
        {"form": form, "link": link, "hours": LINK_HOURS},
        status=_status(request, form),
    )


@role_required(Role.CLIENT)
def download(request: AuthenticatedHttpRequest, token: str) -> HttpResponse:
    """Serve the export once; a second use, or one after 24 hours, finds nothing."""
    client = gate.own_record(request.user)
    try:
        used = use_export_link(client=client, token=token, actor=request.user)
    except ConsentEnded:
        raise Http404("That consent has ended.") from None
    if used is None:
        return render(request, "error.html", {"status": 410, "message": LINK_GONE}, status=410)
    if used.grant is not None:
        return _attachment(
            report.render_for_recipient(client, used.grant),
            "text/html; charset=utf-8",
            f"shared-record-{used.grant.pk}.html",
        )
    stamp = timezone.localdate().isoformat()
    if used.format == ExportFormat.FHIR:
        return _attachment(
            json.dumps(fhir_bundle(client), indent=1),
            "application/fhir+json",
            f"my-record-{stamp}.json",
        )
    return _attachment(report.render(client), "text/html; charset=utf-8", f"my-record-{stamp}.html")


@role_required(Role.CLIENT)
def delete(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Delete my account and everything in it, after a clear explanation."""
    client = gate.own_record(request.user)
    form = DeleteForm(request.POST or None, request=request, purpose="deletion")
    if request.method == "POST" and form.is_valid():
        delete_account(client=client, requested_by=request.user, reason="client request")
        logout(request)
        messages.success(request, "Your account and everything in it have been deleted.")
        return redirect("accounts:sign_in")
    return render(
        request,
        "records/delete.html",
        {"form": form},
        status=_status(request, form),
    )


def _program_client(request: AuthenticatedHttpRequest, client_id: int) -> Client:
    """A client of the admin's own program, or 404."""
    membership = request.user.membership
    program = membership.program if membership else None
    client = Client.objects.filter(pk=client_id, program=program).select_related("user").first()
    if program is None or client is None:
        raise Http404("No such client in this program.")
    return client


@role_required(Role.ADMIN)
def admin_delete(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """An admin deletes a client's account at the client's documented request, after typing
    the client's name and their own password again (a borrowed admin session deletes nothing)."""
    client = _program_client(request, client_id)
    form = AdminDeleteForm(
        request.POST or None, request=request, purpose="deletion by admin", client=client
    )
    if request.method == "POST" and form.is_valid():
        delete_account(client=client, requested_by=request.user, reason="client request via admin")
        messages.success(request, "The account and its content have been deleted.")
        return redirect("accounts:program")
    return render(
        request,
        "records/admin_delete.html",
        {"form": form, "client": client},
        status=_status(request, form),
    )
