"""Writes that join two domains for the client: asking to change a planned session."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone

from reconnect.conversations.actions import send_message
from reconnect.core.input import InvalidInput
from reconnect.notifications.reach import client_zone
from reconnect.people.models import User
from reconnect.radar.actions import respond_to_session
from reconnect.radar.appointments import describe
from reconnect.radar.models import ClientResponse, Session

NOTE_MAX_LENGTH = 1000


@transaction.atomic
def ask_to_change_session(
    *, session: Session, by: User, note: str = "", client_request_id: str = ""
) -> bool:
    """Mark the session "asked to change" and tell the care team in the client's conversation,
    in one transaction. Asking again (a double submit) changes nothing and sends nothing.
    Returns whether it changed."""
    if len(note) > NOTE_MAX_LENGTH:
        raise InvalidInput("note", f"Please keep this under {NOTE_MAX_LENGTH} characters.")
    if not respond_to_session(session=session, response=ClientResponse.CHANGE_REQUESTED):
        return False
    when = describe(session, client_zone(session.client), timezone.now())
    body = f"I need to change my appointment: {when}."
    if note.strip():
        body += f"\n\n{note.strip()}"
    send_message(client=session.client, author=by, body=body, client_request_id=client_request_id)
    return True
