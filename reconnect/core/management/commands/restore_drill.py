"""`reconnect restore_drill`: back up, restore into a fresh database, prove nothing differs."""

import tempfile
import time
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from reconnect.core.backup import backup, differences, drop_restored, restore


class Command(BaseCommand):
    help = "Run a backup-and-restore drill: per-table row counts and content hashes must match."

    def handle(self, *args: Any, **options: Any) -> None:
        folder = Path(tempfile.mkdtemp(prefix="reconnect-drill-"))
        started = time.perf_counter()
        before = backup(folder / "backup.db")
        backed_up = time.perf_counter() - started
        target = (
            str(folder / "restored.sqlite3")
            if connection.vendor == "sqlite"
            else f"reconnect_drill_{int(time.time())}"
        )
        try:
            after = restore(folder / "backup.db", into=target)
        finally:
            restored = time.perf_counter() - started - backed_up
            if connection.vendor == "postgresql":
                drop_restored(target)
        problems = differences(before, after)
        rows = sum(t["rows"] for t in before.values())
        self.stdout.write(
            f"drill: {len(before)} tables, {rows} rows; backup {backed_up:.2f} s, restore "
            f"{restored:.2f} s; differences: {len(problems)}"
        )
        if problems:
            raise CommandError("; ".join(problems[:5]))
