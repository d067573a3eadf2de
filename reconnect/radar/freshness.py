"""Marking a client's radar stale when new data arrives (called by every writing action)."""

from __future__ import annotations

from django.db import connection, transaction
from django.utils import timezone

from reconnect.radar.models import RadarState
from reconnect.radar.tasks import refresh_stale_signals


def client_changed(client_id: int) -> None:
    """New data arrived for this client: mark the radar stale and queue a refresh.

    The stale mark is written in the caller's transaction, so even if the queued refresh is
    lost (a crash, a full queue), `reconnect radar_refresh` picks the client up.
    """
    now = timezone.now()
    # Runs on every write (each check-in), so it is one plain statement. The latest time is
    # kept: a refresh that started before this write must leave the mark in place.
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE radar_radarstate SET stale_since = %s WHERE client_id = %s", [now, client_id]
        )
        updated = cursor.rowcount
    if not updated:
        RadarState.objects.get_or_create(client_id=client_id, defaults={"stale_since": now})
    transaction.on_commit(refresh_stale_signals.enqueue)
