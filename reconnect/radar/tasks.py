"""Background work for the radar, through Django's tasks API."""

from __future__ import annotations

from django_tasks import task

from reconnect.radar.models import RadarState
from reconnect.radar.refresh import refresh_signals

BATCH = 500


@task()
def refresh_stale_signals() -> int:
    """Recompute the signals of every client whose radar is marked stale.

    One task for all of them, not one per client: the in-process backend keeps at most one
    waiting, so a busy second of check-ins becomes one batch and one commit (each SQLite commit
    waits for the disk), instead of a write per check-in competing with the check-ins.
    """
    ids = list(
        RadarState.objects.filter(stale_since__isnull=False)
        .order_by("client_id")
        .values_list("client_id", flat=True)
    )
    return sum(refresh_signals(ids[i : i + BATCH]) for i in range(0, len(ids), BATCH))
