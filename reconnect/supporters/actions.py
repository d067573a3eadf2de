"""Supporter use cases: invite, accept, send encouragement, mute and remove."""

from __future__ import annotations

import datetime as dt
import secrets

from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from reconnect.access.gate import record_event
from reconnect.access.models import Action, Category
from reconnect.consent.actions import revoke_all_for
from reconnect.core.input import IdempotencyConflict, InvalidInput
from reconnect.people.models import Client, Membership, Role, User, hash_token
from reconnect.supporters.models import Encouragement, Invitation, SupporterLink

INVITATION_DAYS = 7
MESSAGE_LIMIT = 280


class InvitationUnusable(ValueError):
    """The link was used, cancelled, has expired, or never existed."""


@transaction.atomic
def invite(*, client: Client, name: str) -> tuple[Invitation, str]:
    """A single-use link, valid for seven days; only its hash is stored."""
    name = " ".join(name.split())
    if not name:
        raise InvalidInput("name", "Please write the name of the person you are inviting.")
    if len(name) > 120:
        raise InvalidInput("name", "Please keep the name under 120 characters.")
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
    invitation = find_invitation(raw)
    claimed = Invitation.objects.filter(pk=invitation.pk, used_at__isnull=True).update(
        used_at=timezone.now(), used_by=supporter
    )
    if not claimed:
        raise InvitationUnusable(raw)
    client = invitation.client
    if not supporter.memberships.filter(program_id=client.program_id, role=Role.SUPPORTER).exists():
        raise InvalidInput("account", "Only a supporter account can accept an invitation.")
    link = SupporterLink.objects.current().filter(client=client, supporter=supporter).first()
    if link is None:
        link = SupporterLink.objects.create(client=client, supporter=supporter)
    record_event(
        actor=supporter,
        client_id=client.pk,
        category=Category.CONSENT,
        action=Action.CREATE,
        detail=f"accepted invitation {invitation.pk}",
    )
    return link


@transaction.atomic
def join(*, raw: str, display_name: str, email: str, password: str) -> User:
    """Create a supporter account from an invitation and accept it in one step."""
    invitation = find_invitation(raw)
    display_name = " ".join(display_name.split())
    email = User.objects.normalize_email(email.strip()).lower()
    if not display_name:
        raise InvalidInput("display_name", "Please tell us what to call you.")
    if "@" not in email or len(email) > 254:
        raise InvalidInput("email", "Please enter an email address, like name@example.org.")
    if User.objects.filter(email__iexact=email).exists():
        raise InvalidInput(
            "email", "There is already an account with this email. Please sign in first."
        )
    try:
        validate_password(password)
    except ValidationError as error:
        raise InvalidInput("password", " ".join(error.messages)) from error
    user = User.objects.create_user(email, password, display_name=display_name[:120])
    Membership.objects.create(
        user=user, program_id=invitation.client.program_id, role=Role.SUPPORTER
    )
    accept(raw=raw, supporter=user)
    return user


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
