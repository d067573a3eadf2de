"""Synthetic contact details for the demo program: fictional 555-01xx numbers, varied choices."""

from __future__ import annotations

from typing import Any

from reconnect.contact.actions import save_contact_details, stop_texts
from reconnect.people.models import Client

# The demo clients' choices, in turn; every sixth client has given none yet.
VARIETY: list[dict[str, Any] | None] = [
    {"preferred_channel": "text", "ok_text": True, "best_times": "After 5pm on weekdays"},
    {"preferred_channel": "call", "ok_voicemail": True, "ok_text": True},
    {"preferred_channel": "in_app", "others_may_see": True},
    {"preferred_channel": "email", "ok_email": True, "best_times": "Mornings"},
    {"preferred_channel": "call", "best_times": "Lunchtime, 12–1"},
    None,
]
TEXTS_STOPPED_EVERY = 11  # now and then a number has replied STOP


def seed_contact_details(client: Client, index: int) -> None:
    """Give the index-th demo client a fictional number (202-555-0100 onwards) and choices."""
    choices = VARIETY[index % len(VARIETY)]
    if choices is None:
        return
    phone = f"+1202555{100 + index % 100:04d}"
    save_contact_details(client=client, by=client.user, phone=phone, **choices)
    if index % TEXTS_STOPPED_EVERY == 1 and choices.get("ok_text"):
        stop_texts(phone=phone)
