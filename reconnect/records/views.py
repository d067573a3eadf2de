"""The client's export (re-authenticated, single-use, expiring links) and account deletion."""

from __future__ import annotations

import datetime as dt
import json
import secrets

from django import forms
from django.contrib import messages
from django.contrib.auth import logout
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils import timezone

from reconnect.access import gate
from reconnect.access.models import Action, Category
from reconnect.consent.models import Channel, ConsentGrant, Disclosure, RecipientKind
from reconnect.consent.notice import REDISCLOSURE_NOTICE
from reconnect.people.decorators import role_required
from reconnect.people.models import Client, Role, hash_token
from reconnect.people.reauth import PasswordAgainForm
from reconnect.records import report
from reconnect.records.deletion import delete_account
from reconnect.records.export import fhir_bundle
from reconnect.records.models import ExportFormat, ExportLink

LINK_HOURS = 24
CONFIRM_WORD = "delete"


class ReauthForm(PasswordAgainForm):
    format = forms.ChoiceField(
        label="Format", choices=ExportFormat.choices, widget=forms.RadioSelect, initial="html"
    )
    for_consent = forms.TypedChoiceField(
        label="Who the file is for", coerce=int, required=False, empty_value=None
    )

    def __init__(self, *args, consents, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.fields["password"].help_text = "We ask again because this file holds your record."
        self.fields["for_consent"].choices = [("", "Me"), *consents]


def _external_consents(client: Client) -> list[tuple[int, str]]:
    grants = ConsentGrant.objects.active().filter(
        client=client, recipient_kind=RecipientKind.EXTERNAL
    )
    return [(g.pk, f"{g.recipient_name} (consent {g.pk})") for g in grants if _shareable(g)]


def _shareable(grant: ConsentGrant) -> frozenset[str]:
    """What a consent can still disclose: never counselling notes, even where an old one names
    them."""
    from reconnect.consent.categories import KEYS

    return frozenset(grant.categories) & frozenset(KEYS)


def _status(request: HttpRequest, form: PasswordAgainForm) -> int:
    """400 for a form to correct, 429 while password checks are paused."""
    if request.method != "POST" or form.is_valid():
        return 200
    return 429 if form.paused else 400


@role_required(Role.CLIENT)
def export(request: HttpRequest) -> HttpResponse:
    """Ask for the password again, then give a download link that works once, for 24 hours."""
    client = gate.own_record(request.user)
    form = ReauthForm(
        request.POST or None,
        request=request,
        purpose="export",
        consents=_external_consents(client),
    )
    link = None
    if request.method == "POST" and form.is_valid():
        raw = secrets.token_urlsafe(32)
        consent_id = form.cleaned_data["for_consent"]
        fmt = "html" if consent_id else form.cleaned_data["format"]
        ExportLink.objects.create(
            client=client,
            format=f"{fmt}:{consent_id}" if consent_id else fmt,
            token_hash=hash_token(raw),
            expires_at=timezone.now() + dt.timedelta(hours=LINK_HOURS),
        )
        link = raw
    return render(
        request,
        "records/export.html",
        {"form": form, "link": link, "hours": LINK_HOURS},
        status=_status(request, form),
    )


@role_required(Role.CLIENT)
def download(request: HttpRequest, token: str) -> HttpResponse:
    """Serve the export once; a second use, or one after 24 hours, finds nothing."""
    client = gate.own_record(request.user)
    with transaction.atomic():
        link = ExportLink.objects.filter(
            client=client, token_hash=hash_token(token), used_at__isnull=True
        ).first()
        if link is None or link.expires_at <= timezone.now():
            return render(
                request,
                "error.html",
                {
                    "status": 410,
                    "message": "This download link has been used or has expired. "
                    "You can make a new one on the export page.",
                },
                status=410,
            )
        ExportLink.objects.filter(pk=link.pk).update(used_at=timezone.now())
        fmt, _, consent_id = link.format.partition(":")
        if consent_id:
            return _file_for_recipient(request, client, int(consent_id))
        gate.record_event(
            actor=request.user,
            client_id=client.pk,
            category=Category.RECORD,
            action=Action.EXPORT,
            detail=f"downloaded own record ({fmt})",
        )
    stamp = timezone.localdate().isoformat()
    if fmt == ExportFormat.FHIR:
        response = HttpResponse(
            json.dumps(fhir_bundle(client), indent=1), content_type="application/fhir+json"
        )
        response["Content-Disposition"] = f'attachment; filename="my-record-{stamp}.json"'
        return response
    response = HttpResponse(report.render(client), content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="my-record-{stamp}.html"'
    return response


def _file_for_recipient(request: HttpRequest, client: Client, consent_id: int) -> HttpResponse:
    """A file for someone outside Reconnect: only the consented parts, with the notice."""
    from reconnect.consent import shared
    from reconnect.consent.categories import labels

    grant = ConsentGrant.objects.active().filter(client=client, pk=consent_id).first()
    if grant is None or not _shareable(grant):
        raise Http404("That consent has ended.")
    Disclosure.objects.create(
        client=client,
        channel=Channel.EXPORT,
        recipient_name=grant.recipient_name,
        description=f"A file with {labels(grant.categories)}",
        purpose=grant.purpose,
        consent=grant,
    )
    gate.record_event(
        actor=request.user,
        client_id=client.pk,
        category=Category.SHARED,
        action=Action.EXPORT,
        detail=f"file for consent {grant.pk}",
    )
    body = render_to_string(
        "records/recipient_file.html",
        {
            "page": shared.build(client, _shareable(grant)),
            "grants": [grant],
            "notice": REDISCLOSURE_NOTICE,
        },
    )
    response = HttpResponse(body, content_type="text/html; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="shared-record-{grant.pk}.html"'
    return response


class DeleteForm(PasswordAgainForm):
    confirm = forms.CharField(label=f'Type the word "{CONFIRM_WORD}" to confirm', max_length=20)

    def clean_confirm(self) -> str:
        word = self.cleaned_data["confirm"].strip().lower()
        if word != CONFIRM_WORD:
            raise forms.ValidationError(f'Please type "{CONFIRM_WORD}" to confirm.')
        return word


@role_required(Role.CLIENT)
def delete(request: HttpRequest) -> HttpResponse:
    """Delete my account and everything in it, after a clear explanation."""
    client = gate.own_record(request.user)
    form = DeleteForm(request.POST or None, request=request, purpose="deletion")
    if request.method == "POST" and form.is_valid():
        delete_account(client=client, requested_by=request.user, reason="client request")
        logout(request)
        messages.success(request, "Your account and everything in it have been deleted.")
        return redirect("people:sign_in")
    return render(
        request,
        "records/delete.html",
        {"form": form},
        status=_status(request, form),
    )


class AdminDeleteForm(PasswordAgainForm):
    """The client's full name, typed, and the admin's own password again."""

    confirm_name = forms.CharField(label="The client's full name", max_length=120)
    field_order = ["confirm_name", "password"]

    def __init__(self, *args, client: Client, **kwargs) -> None:  # noqa: ANN002, ANN003
        super().__init__(*args, **kwargs)
        self.client = client
        self.fields["confirm_name"].help_text = f"Type “{client.user.display_name}” to confirm."
        self.order_fields(self.field_order)

    def clean_confirm_name(self) -> str:
        typed = " ".join(self.cleaned_data["confirm_name"].split()).casefold()
        if typed != " ".join(self.client.user.display_name.split()).casefold():
            raise forms.ValidationError("Nothing was deleted: please type the client's full name.")
        return typed


@role_required(Role.ADMIN)
def admin_delete(request: HttpRequest, client_id: int) -> HttpResponse:
    """An admin deletes a client's account at the client's documented request, after typing
    the client's name and their own password again (a borrowed admin session deletes nothing)."""
    client = (
        Client.objects.filter(pk=client_id, program=request.user.membership.program)
        .select_related("user")
        .first()
    )
    if client is None:
        raise Http404("No such client in this program.")
    form = AdminDeleteForm(
        request.POST or None, request=request, purpose="deletion by admin", client=client
    )
    if request.method == "POST" and form.is_valid():
        delete_account(client=client, requested_by=request.user, reason="client request via admin")
        messages.success(request, "The account and its content have been deleted.")
        return redirect("people:program")
    return render(
        request,
        "records/admin_delete.html",
        {"form": form, "client": client},
        status=_status(request, form),
    )
    delete_account(client=client, requested_by=request.user, reason="client request via admin")
    messages.success(request, "The account and its content have been deleted.")
    return redirect("people:program")
