"""Reads through a consent: what one recipient may see of one client's record, and the ledger.

Consents are read afresh on every call, so a revocation or expiry applies on the next request.
Every view is one audit row (written by the gate) plus one disclosure row per consent used
(42 CFR 2.24's list of disclosures).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import DatabaseError, transaction
from django.http import Http404

from reconnect.access.gate import record_event
from reconnect.access.models import Action, Category, Outcome
from reconnect.consent.categories import KEYS, labels
from reconnect.consent.models import Channel, ConsentGrant, Disclosure
from reconnect.core.errors import AuditUnavailable
from reconnect.core.middleware import current_request
from reconnect.people.models import Client, Role, User


@dataclass(frozen=True)
class SharedRecord:
    """What one recipient may see of one client's record under their active consents."""

    client: Client
    grants: tuple[ConsentGrant, ...]
    categories: frozenset[str]


def shared_view(user: User, client_id: int, *, record: bool = True) -> SharedRecord:
    """Open what a client shares with this supporter or clinician, writing the disclosure.

    Consents are read afresh on every call, so a revocation or expiry applies on the next
    request. Each view is one AccessEvent plus one ledger row per consent used.
    """
    grants: tuple[ConsentGrant, ...] = ()
    client = None
    if user.is_authenticated and user.is_active and user.role in (Role.SUPPORTER, Role.CLINICIAN):
        found = ConsentGrant.objects.active().filter(client_id=client_id, recipient=user)
        if user.role == Role.SUPPORTER:
            found = found.filter(
                client__supporters__supporter=user, client__supporters__removed_at__isnull=True
            )
        # Only shareable categories count: a consent signed before counselling notes were
        # refused discloses none of them, and one naming nothing else opens nothing.
        grants = tuple(
            g
            for g in found.select_related("client__user").order_by("signed_at", "id")
            if set(g.categories) & set(KEYS)
        )
        client = grants[0].client if grants else None
    if client is None:
        if Client.objects.filter(pk=client_id).exists():
            record_event(
                actor=user,
                client_id=client_id,
                category=Category.SHARED,
                action=Action.VIEW,
                outcome=Outcome.DENIED,
            )
        raise Http404("No such record.")
    categories = frozenset(k for g in grants for k in g.categories if k in KEYS)
    if record:
        _record_disclosure(user, client, grants, categories)
    return SharedRecord(client=client, grants=grants, categories=categories)


def _record_disclosure(
    user: User, client: Client, grants: tuple[ConsentGrant, ...], categories: frozenset[str]
) -> None:
    ctx = current_request()
    try:
        with transaction.atomic():
            record_event(
                actor=user,
                client_id=client.pk,
                category=Category.SHARED,
                action=Action.VIEW,
                detail=labels(sorted(categories)),
                purpose="consent " + ", ".join(str(g.pk) for g in grants),
            )
            Disclosure.objects.bulk_create(
                Disclosure(
                    client=client,
                    channel=Channel.SHARED_VIEW,
                    recipient=user,
                    recipient_name=user.display_name,
                    description=f"Viewed {labels(g.categories)}",
                    purpose=g.purpose,
                    consent=g,
                    request_id=ctx.request_id if ctx else "",
                )
                for g in grants
            )
    except DatabaseError as exc:
        raise AuditUnavailable("The disclosure ledger could not be written.") from exc
