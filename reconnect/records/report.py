"""The readable reports of a client's record (standalone HTML files): everything held, for the
client, or only what a consent shares, for its recipient outside Reconnect."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from reconnect.access.models import AccessEvent, EmergencyAccess
from reconnect.consent import categories as cat
from reconnect.consent import shared
from reconnect.consent.models import ConsentGrant, Disclosure
from reconnect.consent.notice import REDISCLOSURE_NOTICE
from reconnect.contact.models import ContactDetails
from reconnect.conversations.models import Message
from reconnect.groups.models import GroupMember, Post, PostState
from reconnect.journal.models import CheckIn
from reconnect.people import demographics
from reconnect.people.models import Client
from reconnect.records.export import COUNSELLING_NOTES_REASON
from reconnect.records.recipients import shareable
from reconnect.supporters.models import Encouragement


def render(client: Client) -> str:
    everything = frozenset(cat.KEYS)  # counselling notes are not a category
    return render_to_string(
        "records/report.html",
        {
            "client": client,
            "about_you": _about_you(client),
            "generated": timezone.now(),
            "page": shared.build(client, everything),
            "contact": ContactDetails.objects.for_client(client).first(),
            "checkins": CheckIn.objects.for_client(client).order_by("-recorded_at"),
            "consents": ConsentGrant.objects.filter(client=client).select_related("revocation"),
            "disclosures": Disclosure.objects.filter(client=client),
            "events": AccessEvent.objects.about(client.pk).exclude(actor_id=client.user_id),
            "emergencies": EmergencyAccess.objects.filter(client=client),
            "messages": Encouragement.objects.filter(client=client).select_related(
                "link__supporter"
            ),
            "conversation": Message.objects.for_client(client).order_by("sent_at", "id"),
            "group_places": GroupMember.objects.filter(client=client).select_related("group"),
            "group_posts": Post.objects.filter(member__client=client)
            .exclude(state=PostState.DELETED)
            .select_related("group")
            .order_by("created_at", "id"),
            "counselling_notes": COUNSELLING_NOTES_REASON,
        },
    )


def _about_you(client: Client) -> list[tuple[str, str]]:
    """The demographics the client gave, in the words they chose them by ("18 to 24")."""
    names = {"age_band": "Age band", "gender": "Gender"}
    return [
        (names[field], demographics.label_for(field, getattr(client, field)))
        for field in demographics.FIELDS
        if getattr(client, field)
    ]


def render_for_recipient(client: Client, grant: ConsentGrant) -> str:
    """Only the parts the consent shares, with the notice against redisclosure."""
    return render_to_string(
        "records/recipient_file.html",
        {
            "page": shared.build(client, shareable(grant)),
            "grants": [grant],
            "notice": REDISCLOSURE_NOTICE,
        },
    )
