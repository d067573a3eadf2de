"""Files for someone outside Reconnect: the consents a client can make one for, and what each
may still hold."""

from __future__ import annotations

from reconnect.consent.categories import KEYS
from reconnect.consent.models import ConsentGrant, RecipientKind
from reconnect.people.models import Client


def shareable(grant: ConsentGrant) -> frozenset[str]:
    """What a consent can still disclose: never counselling notes, even where an old one names
    them."""
    return frozenset(grant.categories) & frozenset(KEYS)


def external_consents(client: Client) -> list[tuple[int, str]]:
    """The client's active consents to someone outside Reconnect that still share something."""
    grants = ConsentGrant.objects.active().filter(
        client=client, recipient_kind=RecipientKind.EXTERNAL
    )
    return [(g.pk, f"{g.recipient_name} (consent {g.pk})") for g in grants if shareable(g)]


def consent_for_file(client: Client, consent_id: int) -> ConsentGrant | None:
    """The client's consent a file is made under, while it is active and shares something."""
    grant = ConsentGrant.objects.active().filter(client=client, pk=consent_id).first()
    if grant is None or not shareable(grant):
        return None
    return grant
