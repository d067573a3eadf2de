"""Consent use cases: sign (every 42 CFR 2.31 element or nothing), amend, revoke."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils import timezone

from reconnect.access.gate import record_event
from reconnect.access.models import Action, Category
from reconnect.consent.categories import (
    COUNSELLING_NOTES,
    COUNSELLING_NOTES_REFUSED,
    KEYS,
    describe,
    labels,
)
from reconnect.consent.models import ConsentGrant, ConsentRevocation, RecipientKind
from reconnect.core.input import InvalidInput
from reconnect.people.models import CareTeamMember, Client, Role, User

RIGHT_TO_REVOKE = (
    "You can revoke this consent at any time on your Sharing page; it stops working at once. "
    "Revoking cannot undo information that was already shared while the consent was active."
)
LONGEST_CONSENT_DAYS = 365


def _normalise(name: str) -> str:
    return " ".join(name.split()).casefold()


def check_recipient(client: Client, kind: str, recipient: User | None, name: str) -> str:
    """Return the recipient's name as the consent will show it, or explain what is wrong."""
    if kind not in RecipientKind.values:
        raise InvalidInput("recipient_kind", "Please choose who you are sharing with.")
    if kind == RecipientKind.EXTERNAL:
        if recipient is not None or not name.strip():
            raise InvalidInput(
                "recipient_name", "Please write the name of the person or organisation."
            )
        return name.strip()[:160]
    if recipient is None or not recipient.is_active:
        raise InvalidInput("recipient", "Please choose someone from the list.")
    if kind == RecipientKind.SUPPORTER:
        if not client.supporters.current().filter(supporter=recipient).exists():
            raise InvalidInput("recipient", "This person is not one of your supporters.")
    else:
        in_program = recipient.memberships.filter(
            program_id=client.program_id, role=Role.CLINICIAN
        ).exists()
        if not in_program:
            raise InvalidInput("recipient", "Please choose a clinician in your program.")
        if CareTeamMember.objects.filter(client=client, clinician=recipient).exists():
            raise InvalidInput(
                "recipient", "This clinician is already on your care team and sees your record."
            )
    return recipient.display_name


def check_categories(categories: Iterable[str]) -> list[str]:
    """Known categories in a fixed order; never counselling notes, whatever else is chosen."""
    chosen = list(dict.fromkeys(categories))
    if COUNSELLING_NOTES in chosen:
        raise InvalidInput("categories", COUNSELLING_NOTES_REFUSED)
    unknown = [c for c in chosen if c not in KEYS]
    if unknown:
        raise InvalidInput("categories", "Please choose from the listed kinds of information.")
    if not chosen:
        raise InvalidInput("categories", "Please choose at least one kind of information.")
    return [k for k in KEYS if k in chosen]


@transaction.atomic
def sign_consent(
    *,
    client: Client,
    recipient_kind: str,
    recipient: User | None = None,
    recipient_name: str = "",
    categories: Iterable[str],
    purpose: str,
    expires_on: dt.date | None,
    signature: str,
    understood_revocation: bool,
    replaces: Iterable[ConsentGrant] = (),
) -> ConsentGrant:
    """Record a signed consent; earlier consents it replaces are revoked in the same step."""
    name = check_recipient(client, recipient_kind, recipient, recipient_name)
    chosen = check_categories(categories)
    purpose = " ".join(purpose.split())
    if not purpose:
        raise InvalidInput("purpose", "Please say in a few words why you are sharing this.")
    if len(purpose) > 300:
        raise InvalidInput("purpose", "Please keep the purpose under 300 characters.")
    today = timezone.localdate()
    if expires_on is None or not isinstance(expires_on, dt.date):
        raise InvalidInput("expires_on", "Please choose the date this consent ends.")
    if not today < expires_on <= today + dt.timedelta(days=LONGEST_CONSENT_DAYS):
        raise InvalidInput(
            "expires_on", "Please choose an end date after today and within one year."
        )
    patient_name = client.user.display_name
    if not signature.strip() or _normalise(signature) != _normalise(patient_name):
        raise InvalidInput(
            "signature", f"To sign, please type your name as it is on your account: {patient_name}"
        )
    if understood_revocation is not True:
        raise InvalidInput("understood_revocation", "Please confirm you have read how to revoke.")
    end = dt.datetime.combine(expires_on, dt.time.max, tzinfo=timezone.get_current_timezone())
    grant = ConsentGrant.objects.create(
        client=client,
        patient_name=patient_name,
        discloser=client.program.name,
        recipient_kind=recipient_kind,
        recipient=recipient,
        recipient_name=name,
        categories=chosen,
        amount_and_kind=describe(chosen),
        purpose=purpose,
        expires_at=end,
        right_to_revoke=RIGHT_TO_REVOKE,
        signature=" ".join(signature.split()),
    )
    for old in replaces:
        revoke_consent(grant=old, by=client.user, reason=f"replaced by consent {grant.pk}")
    record_event(
        actor=client.user,
        client_id=client.pk,
        category=Category.CONSENT,
        action=Action.CREATE,
        detail=f"consent {grant.pk}: {labels(chosen)}",
    )
    return grant


@transaction.atomic
def revoke_consent(*, grant: ConsentGrant, by: User, reason: str = "") -> bool:
    """End a consent now (idempotent). Returns False when it had already ended."""
    _, created = ConsentRevocation.objects.get_or_create(
        grant=grant, defaults={"revoked_by": by, "reason": reason[:120]}
    )
    if created:
        record_event(
            actor=by,
            client_id=grant.client_id,
            category=Category.CONSENT,
            action=Action.DELETE,
            detail=f"revoked consent {grant.pk}",
        )
    return created


def revoke_all_for(*, client: Client, recipient: User, by: User, reason: str) -> int:
    """End every active consent this client gave this person."""
    grants = ConsentGrant.objects.active().filter(client=client, recipient=recipient)
    return sum(revoke_consent(grant=g, by=by, reason=reason) for g in grants)


def active_for(client: Client, recipient: User) -> list[ConsentGrant]:
    return list(ConsentGrant.objects.active().filter(client=client, recipient=recipient))
