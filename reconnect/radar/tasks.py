"""Background work for the radar, through Django's tasks API."""

from __future__ import annotations

from django_tasks import task

from reconnect.radar.actions import refresh_signals


@task()
def refresh_client_signals(client_id: int) -> int:
    """Recompute one client's signals after new data arrived for them."""
    return refresh_signals([client_id])
