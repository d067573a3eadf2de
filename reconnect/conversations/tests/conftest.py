"""Fixtures for conversations: the texting provider's fake (from notifications), and a signed-in
page client for each persona (conftest.signed_in)."""

from __future__ import annotations

from reconnect.notifications.tests.conftest import casey_texts, provider

__all__ = ["casey_texts", "provider"]
