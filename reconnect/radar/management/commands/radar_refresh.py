"""`reconnect radar_refresh [--full]`: recompute signals (run it from cron)."""

import time
from typing import Any

from django.core.management.base import BaseCommand, CommandParser
from django.utils import timezone

from reconnect.radar.refresh import clients_to_refresh, refresh_signals

BATCH = 500


class Command(BaseCommand):
    help = (
        "Recompute radar signals for clients whose signals can change: new data since their "
        "last refresh, or not yet refreshed today. --full recomputes everyone."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--full", action="store_true", help="recompute every client")
        parser.add_argument("--batch", type=int, default=BATCH)

    def handle(self, *args: Any, **options: Any) -> None:
        today = timezone.localdate()
        started = time.perf_counter()
        batch: list[int] = []
        total = 0
        for client_id in clients_to_refresh(today, full=options["full"]):
            batch.append(client_id)
            if len(batch) >= options["batch"]:
                total += refresh_signals(batch, today)
                batch = []
        total += refresh_signals(batch, today)
        elapsed = time.perf_counter() - started
        rate = total / elapsed if elapsed else 0
        self.stdout.write(f"{total} client(s) refreshed in {elapsed:.1f} s ({rate:.0f}/s).")
