"""The client's Sharing page: who sees what, one switch per person and category, previews."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from reconnect.access import gate
from reconnect.consent import actions, shared
from reconnect.consent.categories import BY_KEY, CATEGORIES
from reconnect.consent.forms import (
    ClinicianConsentForm,
    ConsentForm,
    ExternalConsentForm,
    InviteForm,
    default_expiry,
)
from reconnect.consent.models import ConsentGrant, RecipientKind
from reconnect.consent.notice import REDISCLOSURE_NOTICE
from reconnect.consent.sharing import shared_view
from reconnect.core.input import InvalidInput, show_on_form
from reconnect.groups.pages import counts_shared
from reconnect.journal.timeline import peer_names
from reconnect.people.decorators import AuthenticatedHttpRequest, role_required
from reconnect.people.models import Client, Role, User
from reconnect.supporters.models import Encouragement, Invitation, SupporterLink


@dataclass(frozen=True)
class Recipient:
    """Someone the client shares with: what they see now, and the form to change it."""

    person: User
    kind: str
    link: SupporterLink | None
    grants: list[ConsentGrant]
    shared: list[str]
    form: ConsentForm


def _recipients(client: Client) -> list[Recipient]:
    """Everyone the client shares with or could share with, with their active consents."""
    grants = list(
        ConsentGrant.objects.active()
        .filter(client=client, recipient__isnull=False)
        .select_related("recipient")
    )
    by_person: dict[int, list[ConsentGrant]] = {}
    clinicians: dict[int, User] = {}
    for grant in grants:
        if grant.recipient is None:  # excluded by the query
            continue
        by_person.setdefault(grant.recipient.pk, []).append(grant)
        if grant.recipient_kind == "clinician":
            clinicians[grant.recipient.pk] = grant.recipient
    links = (
        SupporterLink.objects.current()
        .filter(client=client)
        .select_related("supporter", "invitation")
    )
    people: list[tuple[User, str, SupporterLink | None]] = [
        (link.supporter, "supporter", link) for link in links
    ]
    people += [(person, "clinician", None) for person in clinicians.values()]
    rows = []
    for person, kind, link in people:
        active = by_person.get(person.pk, [])
        shared = sorted({k for g in active for k in g.categories})
        form = ConsentForm(
            prefix_key=f"p{person.pk}",
            patient_name=client.user.display_name,
            initial={
                "categories": shared,
                "purpose": active[-1].purpose if active else "To support my recovery",
                "expires_on": (active[-1].expires_at.date() if active else default_expiry()),
            },
        )
        rows.append(Recipient(person, kind, link, active, shared, form))
    return rows


def _other_clinicians(client: Client) -> list[tuple[int, str]]:
    return list(
        User.objects.filter(
            is_active=True,
            memberships__program_id=client.program_id,
            memberships__role=Role.CLINICIAN,
        )
        .exclude(care_teams__client=client)
        .order_by("display_name")
        .values_list("pk", "display_name")
    )


@role_required(Role.CLIENT)
def sharing(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Who can see what right now, and the controls to change it."""
    client = gate.own_record(request.user)
    clinicians = _other_clinicians(client)
    return render(
        request,
        "consent/sharing.html",
        {
            "client": client,
            "recipients": _recipients(client),
            "categories": CATEGORIES,
            "invite_form": InviteForm(),
            "clinician_form": ClinicianConsentForm(
                clinicians=clinicians, patient_name=client.user.display_name
            ),
            "has_clinicians": bool(clinicians),
            "external_form": ExternalConsentForm(patient_name=client.user.display_name),
            "invitations": Invitation.objects.open().filter(client=client),
            "messages_in": Encouragement.objects.filter(
                client=client, link__removed_at__isnull=True, link__muted=False
            ).select_related("link__supporter")[:20],
            "consents": ConsentGrant.objects.filter(client=client).select_related("revocation"),
            "new_link": request.session.pop("invitation_link", None),
            "group_counts_shared": counts_shared(client),
            "peers": peer_names(client),
            "plan_to_peer": client.safety_plan_to_peer,
        },
    )


@role_required(Role.CLIENT)
@require_POST
def person_consent(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    """Set what one person sees: a new signed consent replaces the old; none ticked stops."""
    client = gate.own_record(request.user)
    rows = {r.person.pk: r for r in _recipients(client)}
    row = rows.get(user_id)
    if row is None:
        raise Http404("Not one of the people you share with.")
    form = ConsentForm(
        request.POST, prefix_key=f"p{user_id}", patient_name=client.user.display_name
    )
    if form.is_valid():
        chosen = form.cleaned_data["categories"]
        if not chosen:
            actions.revoke_all_for(
                client=client, recipient=row.person, by=request.user, reason="stopped sharing"
            )
            messages.success(request, f"You stopped sharing with {row.person.display_name}.")
            return redirect("consent:sharing")
        try:
            actions.sign_consent(
                client=client,
                recipient_kind=row.kind,
                recipient=row.person,
                categories=chosen,
                purpose=form.cleaned_data["purpose"],
                expires_on=form.cleaned_data["expires_on"],
                signature=form.cleaned_data["signature"],
                understood_revocation=form.cleaned_data["understood_revocation"],
                replaces=row.grants,
            )
        except InvalidInput as error:
            show_on_form(form, error)
        else:
            messages.success(request, f"Saved. {row.person.display_name} now sees what you chose.")
            return redirect("consent:sharing")
    return _form_again(request, client, form, f"Sharing with {row.person.display_name}")


def _form_again(
    request: AuthenticatedHttpRequest, client: Client, form: ConsentForm, heading: str
) -> HttpResponse:
    return render(
        request,
        "consent/consent_form.html",
        {"client": client, "form": form, "heading": heading, "action": request.path},
        status=400,
    )


@role_required(Role.CLIENT)
@require_POST
def clinician_consent(request: AuthenticatedHttpRequest) -> HttpResponse:
    client = gate.own_record(request.user)
    form = ClinicianConsentForm(
        request.POST, clinicians=_other_clinicians(client), patient_name=client.user.display_name
    )
    if form.is_valid():
        recipient = User.objects.filter(pk=form.cleaned_data["clinician"]).first()
        try:
            actions.sign_consent(
                client=client,
                recipient_kind=RecipientKind.CLINICIAN,
                recipient=recipient,
                categories=form.cleaned_data["categories"],
                purpose=form.cleaned_data["purpose"],
                expires_on=form.cleaned_data["expires_on"],
                signature=form.cleaned_data["signature"],
                understood_revocation=form.cleaned_data["understood_revocation"],
                replaces=actions.active_for(client, recipient) if recipient else (),
            )
        except InvalidInput as error:
            show_on_form(form, error)
        else:
            messages.success(request, "Saved. You can see and change it on this page.")
            return redirect("consent:sharing")
    return _form_again(request, client, form, "Share with a clinician outside your care team")


@role_required(Role.CLIENT)
@require_POST
def external_consent(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A consent for someone outside Reconnect, used when the client makes a file for them."""
    client = gate.own_record(request.user)
    form = ExternalConsentForm(request.POST, patient_name=client.user.display_name)
    if form.is_valid():
        try:
            actions.sign_consent(
                client=client,
                recipient_kind=RecipientKind.EXTERNAL,
                recipient_name=form.cleaned_data["recipient_name"],
                categories=form.cleaned_data["categories"],
                purpose=form.cleaned_data["purpose"],
                expires_on=form.cleaned_data["expires_on"],
                signature=form.cleaned_data["signature"],
                understood_revocation=form.cleaned_data["understood_revocation"],
            )
        except InvalidInput as error:
            show_on_form(form, error)
        else:
            messages.success(
                request, "Saved. Make the file for them on the 'Download my record' page."
            )
            return redirect("consent:sharing")
    return _form_again(request, client, form, "Share a file with someone outside Reconnect")


@role_required(Role.CLIENT)
@require_POST
def end_consent(request: AuthenticatedHttpRequest, consent_id: int) -> HttpResponse:
    """End one consent now."""
    client = gate.own_record(request.user)
    grant = get_object_or_404(ConsentGrant.objects.active(), pk=consent_id, client=client)
    actions.revoke_consent(grant=grant, by=request.user, reason="ended by the client")
    messages.success(request, f"Consent {grant.pk} has ended. It applies now.")
    return redirect("consent:sharing")


@role_required(Role.CLIENT)
@require_POST
def stop_sharing(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    client = gate.own_record(request.user)
    person = get_object_or_404(User, pk=user_id)
    if not actions.active_for(client, person):
        raise Http404("You share nothing with this person right now.")
    actions.revoke_all_for(
        client=client, recipient=person, by=request.user, reason="stopped sharing"
    )
    messages.success(request, f"You stopped sharing with {person.display_name}. It applies now.")
    return redirect("consent:sharing")


@role_required(Role.CLIENT)
def preview(request: AuthenticatedHttpRequest, user_id: int) -> HttpResponse:
    """Exactly what this person sees now, shown to the client (not a disclosure)."""
    client = gate.own_record(request.user)
    grants = actions.active_for(client, get_object_or_404(User, pk=user_id))
    if not grants:
        raise Http404("You share nothing with this person right now.")
    categories = frozenset(k for g in grants for k in g.categories)
    return render(
        request,
        "consent/shared_view.html",
        {
            "page": shared.build(client, categories),
            "client": client,
            "grants": grants,
            "notice": REDISCLOSURE_NOTICE,
            "preview_for": grants[0].recipient_name,
        },
    )


@role_required(Role.CLIENT)
def consent_document(request: AuthenticatedHttpRequest, consent_id: int) -> HttpResponse:
    """One consent with every element it records."""
    client = gate.own_record(request.user)
    grant = get_object_or_404(
        ConsentGrant.objects.select_related("revocation"), pk=consent_id, client=client
    )
    shown = [BY_KEY[k] for k in grant.categories if k in BY_KEY]
    return render(request, "consent/document.html", {"grant": grant, "shown": shown})


@role_required(Role.SUPPORTER, Role.CLINICIAN)
def shared_record(request: AuthenticatedHttpRequest, client_id: int) -> HttpResponse:
    """What a client shares with this supporter or clinician; every view is a disclosure."""
    record = shared_view(request.user, client_id)
    return render(
        request,
        "consent/shared_view.html",
        {
            "page": shared.build(record.client, record.categories),
            "client": record.client,
            "grants": record.grants,
            "notice": REDISCLOSURE_NOTICE,
        },
    )
