"""How a notification may reach a client: by their contact choices, in their time zone."""

from __future__ import annotations

from django.conf import settings

from reconnect.contact.models import Channel, ContactDetails
from reconnect.notifications.models import NotificationChannel
from reconnect.people.models import Client
from reconnect.people.timezones import client_zone_name

NO_TEXTS = "no number we may text"


def details_for(client: Client) -> ContactDetails | None:
    return ContactDetails.objects.for_client(client).select_related("client__user").first()


def why_no_texts(details: ContactDetails | None) -> str:
    """Why a text may not go to this client ("" when it may): the reason is shown to people."""
    if details is None or not details.ok_text or not details.phone:
        return NO_TEXTS
    if details.texts_stopped:
        return f"texts off: {details.texts_stopped_reason or 'replied STOP'}"
    return ""


def is_discreet(details: ContactDetails | None) -> bool:
    """Someone else may see this person's messages (or we know nothing): name no program."""
    return details is None or details.others_may_see


def client_channel(details: ContactDetails | None) -> str | None:
    """The channel a notification goes by: the client's preferred one, where they allowed it.

    A preferred phone call or "in the app only" means no automatic notification at all."""
    if details is None:
        return None
    if details.preferred_channel == Channel.TEXT and details.can_be_texted:
        return NotificationChannel.TEXT
    if details.preferred_channel == Channel.EMAIL and details.ok_email:
        return NotificationChannel.EMAIL
    return None


def client_zone(client: Client) -> str:
    """The client's own time zone (their account setting), else their program's, else the
    server's: the one every page shows them."""
    return client_zone_name(client)


def public_link(path: str = "/") -> str:
    """An address people can open from a text or an email ("" when none is configured)."""
    base = settings.RECONNECT["PUBLIC_URL"]
    return f"{base}{path}" if base else ""
