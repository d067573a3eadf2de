"""The readable report of everything held about a client (a standalone HTML file)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from reconnect.consent import categories as cat
from reconnect.consent import shared
from reconnect.people.models import Client
from reconnect.records.export import COUNSELLING_NOTES_REASON


def render(client: Client) -> str:
    from reconnect.access.models import AccessEvent, EmergencyAccess
    from reconnect.consent.models import ConsentGrant, Disclosure
    from reconnect.journal.models import CheckIn
    from reconnect.supporters.models import Encouragement

    everything = frozenset(cat.KEYS)  # counselling notes are not a category
    return render_to_string(
        "records/report.html",
        {
            "client": client,
            "generated": timezone.now(),
            "page": shared.build(client, everything),
            "checkins": CheckIn.objects.for_client(client).order_by("-recorded_at"),
            "consents": ConsentGrant.objects.filter(client=client).select_related("revocation"),
            "disclosures": Disclosure.objects.filter(client=client),
            "events": AccessEvent.objects.about(client.pk).exclude(actor_id=client.user_id),
            "emergencies": EmergencyAccess.objects.filter(client=client),
            "messages": Encouragement.objects.filter(client=client).select_related(
                "link__supporter"
            ),
            "counselling_notes": COUNSELLING_NOTES_REASON,
        },
    )
