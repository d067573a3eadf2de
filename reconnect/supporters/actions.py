"""Supporter use cases: invite, join by email, accept, send encouragement, mute and remove."""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Callable

from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Exists, F, OuterRef
from django.template.loader import render_to_string
from django.utils import timezone

from reconnect.access.gate import record_event
from reconnect.access.models import Action, Category
from reconnect.consent.actions import revoke_all_for
from reconnect.core.input import IdempotencyConflict, InvalidInput
from reconnect.people.models import Client, Membership, Role, User, hash_token
from reconnect.supporters.models import (
    JOIN_TRIES,
    OPEN_INVITATIONS,
    Encouragement,
    Invitation,
    JoinRequest,
    SupporterLink,
)

INVITATION_DAYS = 7
JOIN_LINK_HOURS = 24
MESSAGE_LIMIT = 280


class InvitationUnusable(ValueError):
    """The link was used, cancelled, has expired, or never existed."""


class InvitationLocked(InvitationUnusable):
    """The link asked for JOIN_TRIES joining emails already; it sends no more."""


class AlreadySupporting(ValueError):
    """This supporter is linked to the client already; the invitation stays open for its person."""

    def __init__(self, link: SupporterLink) -> None:
        super().__init__(str(link.pk))
        self.link = link


TOO_MANY_OPEN = (
    "You have {n} invitation links waiting to be used, which is as many as you can have at once. "
    "Please cancel one you no longer need, then make the new one."
)


@transaction.atomic
def invite(*, client: Client, name: str) -> tuple[Invitation, str]:
    """A single-use link, valid for seven days; only its hash is stored."""
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("name", "Please write the name of the person you are inviting.")
    if len(name) > 120:
        raise InvalidInput("name", "Please keep the name under 120 characters.")
    Client.objects.select_for_update().filter(pk=client.pk).first()  # one invite at a time
    if Invitation.objects.open().filter(client=client).count() >= OPEN_INVITATIONS:
        raise InvalidInput("name", TOO_MANY_OPEN.format(n=OPEN_INVITATIONS))
    raw = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        client=client,
        name=name,
        token_hash=hash_token(raw),
        expires_at=timezone.now() + dt.timedelta(days=INVITATION_DAYS),
    )
    record_event(
        actor=client.user,
        client_id=client.pk,
        category=Category.CONSENT,
        action=Action.CREATE,
        detail=f"invited a supporter (invitation {invitation.pk})",
    )
    return invitation, raw


@transaction.atomic
def cancel_invitation(*, invitation: Invitation, by: User) -> bool:
    """Stop an unused link from working (idempotent). False when it was no longer open."""
    cancelled = (
        Invitation.objects.open().filter(pk=invitation.pk).update(cancelled_at=timezone.now())
    )
    if cancelled:
        record_event(
            actor=by,
            client_id=invitation.client_id,
            category=Category.CONSENT,
            action=Action.DELETE,
            detail=f"cancelled invitation {invitation.pk}",
        )
    return bool(cancelled)


def find_invitation(raw: str) -> Invitation:
    """The open invitation for this link, or InvitationUnusable."""
    invitation = (
        Invitation.objects.select_related("client__user").filter(token_hash=hash_token(raw)).first()
    )
    if invitation is None or not invitation.is_open:
        raise InvitationUnusable(raw)
    return invitation


@transaction.atomic
def accept(*, raw: str, supporter: User) -> SupporterLink:
    """Link an existing supporter account to the client who invited them (once)."""
    return accept_invitation(invitation=find_invitation(raw), supporter=supporter)


@transaction.atomic
def accept_invitation(*, invitation: Invitation, supporter: User) -> SupporterLink:
    """Claim the invitation for this supporter account; a second claim finds it used.

    Someone who supports this client already is told so (AlreadySupporting) and the link stays
    open for the person it was made for.
    """
    client = invitation.client
    if not supporter.memberships.filter(program_id=client.program_id, role=Role.SUPPORTER).exists():
        raise InvalidInput("account", "Only a supporter account can accept an invitation.")
    existing = SupporterLink.objects.current().filter(client=client, supporter=supporter).first()
    if existing is not None:
        raise AlreadySupporting(existing)
    claimed = (
        Invitation.objects.open()
        .filter(pk=invitation.pk)
        .update(used_at=timezone.now(), used_by=supporter)
    )
    if not claimed:
        raise InvitationUnusable(str(invitation.pk))
    link = SupporterLink.objects.create(client=client, supporter=supporter, invitation=invitation)
    record_event(
        actor=supporter,
        client_id=client.pk,
        category=Category.CONSENT,
        action=Action.CREATE,
        detail=f"accepted invitation {invitation.pk}",
    )
    return link


@transaction.atomic
def count_join_try(*, invitation: Invitation) -> None:
    """Count one submission of the joining form; InvitationLocked once JOIN_TRIES are used.

    Counted before the form is read and committed on its own, so bad input counts too.
    """
    counted = Invitation.objects.filter(pk=invitation.pk, join_tries__lt=JOIN_TRIES).update(
        join_tries=F("join_tries") + 1
    )
    if not counted:
        raise InvitationLocked(str(invitation.pk))


@transaction.atomic
def request_to_join(
    *, invitation: Invitation, display_name: str, email: str, link_for: Callable[[str], str]
) -> JoinRequest:
    """Email this address a single-use link that finishes joining; the same for every address.

    A new address is asked to choose a password; an address with a supporter account is asked
    to sign in and accept; any other account is told it cannot be a supporter. The person with
    the invitation link sees only "check your email", and the work done here is the same in
    each case (one lookup, one insert, one email), so neither the answer nor its timing tells
    them whether the address belongs to someone in Reconnect.
    """
    display_name = " ".join(display_name.split())[:120]
    email = User.objects.normalize_email(email.strip()).lower()
    if not display_name:
        raise InvalidInput("display_name", "Please tell us what to call you.")
    if "@" not in email or len(email) > 254:
        raise InvalidInput("email", "Please enter an email address, like name@example.org.")
    kind = _join_kind(email, program_id=invitation.client.program_id)
    raw = secrets.token_urlsafe(32)
    now = timezone.now()
    join = JoinRequest.objects.create(
        invitation=invitation,
        email=email,
        display_name=display_name,
        token_hash=hash_token(raw),
        expires_at=min(now + dt.timedelta(hours=JOIN_LINK_HOURS), invitation.expires_at),
    )
    url = link_for(raw)
    transaction.on_commit(lambda: _send_join_email(join, kind=kind, url=url))
    return join


def _join_kind(email: str, *, program_id: int) -> str:
    """Which joining email this address gets: "new" without an account, "sign_in" for an active
    supporter here, else "cannot" (one query, whichever it is)."""
    supporter_here = Membership.objects.filter(
        user=OuterRef("pk"), program_id=program_id, role=Role.SUPPORTER
    )
    found = (
        User.objects.filter(email__iexact=email)
        .annotate(supporter_here=Exists(supporter_here))
        .values_list("is_active", "supporter_here")
        .first()
    )
    if found is None:
        return "new"
    return "sign_in" if all(found) else "cannot"


def _send_join_email(join: JoinRequest, *, kind: str, url: str) -> None:
    context = {
        "name": join.display_name,
        "url": url,
        "hours": JOIN_LINK_HOURS,
        "site": settings.RECONNECT["PROGRAM_NAME"],
    }
    send_mail(
        render_to_string("supporters/email/join_subject.txt", context).strip(),
        render_to_string(f"supporters/email/join_{kind}.txt", context),
        None,
        [join.email],
        fail_silently=True,
    )


def find_join_request(raw: str) -> JoinRequest:
    """The open join request for this emailed link, or InvitationUnusable."""
    join = (
        JoinRequest.objects.select_related("invitation__client__user")
        .filter(token_hash=hash_token(raw))
        .first()
    )
    if join is None or not join.is_open:
        raise InvitationUnusable(raw)
    return join


def _claim(join: JoinRequest) -> None:
    claimed = JoinRequest.objects.filter(pk=join.pk, used_at__isnull=True).update(
        used_at=timezone.now()
    )
    if not claimed:
        raise InvitationUnusable(str(join.pk))


@transaction.atomic
def finish_joining(*, join: JoinRequest, display_name: str, password: str) -> User:
    """From the emailed link: create the supporter account and accept the invitation."""
    display_name = " ".join(display_name.split())[:120]
    if not display_name:
        raise InvalidInput("display_name", "Please tell us what to call you.")
    if User.objects.filter(email__iexact=join.email).exists():
        raise InvalidInput("account", "This email has an account now. Please sign in to accept.")
    try:
        validate_password(password, user=User(email=join.email, display_name=display_name))
    except ValidationError as error:
        raise InvalidInput("password", " ".join(error.messages)) from error
    _claim(join)
    user = User.objects.create_user(join.email, password, display_name=display_name)
    Membership.objects.create(
        user=user, program_id=join.invitation.client.program_id, role=Role.SUPPORTER
    )
    accept_invitation(invitation=join.invitation, supporter=user)
    return user


@transaction.atomic
def accept_from_email(*, join: JoinRequest, supporter: User) -> SupporterLink:
    """From the emailed link, signed in as the account it was sent to: accept the invitation."""
    if supporter.email.lower() != join.email:
        raise InvalidInput("account", "This link was sent to a different email address.")
    _claim(join)
    return accept_invitation(invitation=join.invitation, supporter=supporter)


@transaction.atomic
def send_encouragement(
    *, link: SupporterLink, message: str, client_request_id: str
) -> Encouragement:
    """A short message to the client; a retried submission stores it once."""
    message = message.strip()
    if not message:
        raise InvalidInput("message", "Please write a few words.")
    if len(message) > MESSAGE_LIMIT:
        raise InvalidInput("message", f"Please keep it under {MESSAGE_LIMIT} characters.")
    if link.muted or link.removed_at is not None:
        raise InvalidInput("message", "Messages are paused for now.")
    key = client_request_id.strip()[:64] or secrets.token_hex(16)
    existing = Encouragement.objects.filter(link=link, client_request_id=key).first()
    if existing is not None:
        if existing.message != message:
            raise IdempotencyConflict()
        return existing
    try:
        with transaction.atomic():
            return Encouragement.objects.create(link=link, message=message, client_request_id=key)
    except IntegrityError:
        return Encouragement.objects.get(link=link, client_request_id=key)


@transaction.atomic
def set_muted(*, link: SupporterLink, muted: bool) -> None:
    SupporterLink.objects.filter(pk=link.pk).update(muted=muted)


@transaction.atomic
def remove(*, link: SupporterLink, by: User) -> None:
    """End the link and every consent given to this supporter, at once."""
    SupporterLink.objects.filter(pk=link.pk, removed_at__isnull=True).update(
        removed_at=timezone.now()
    )
    revoke_all_for(client=link.client, recipient=link.supporter, by=by, reason="supporter removed")
    record_event(
        actor=by,
        client_id=link.client_id,
        category=Category.CONSENT,
        action=Action.DELETE,
        detail=f"removed supporter {link.supporter_id}",
    )
