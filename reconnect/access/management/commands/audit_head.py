"""`reconnect audit_head`: print the newest audit row's ID:HASH, to be kept off-host."""

from typing import Any

from django.core.management.base import BaseCommand

from reconnect.access.audit import chain_head


class Command(BaseCommand):
    help = "Print the audit chain head as ID:HASH (ship it off-host daily)."

    def handle(self, *args: Any, **options: Any) -> None:
        head = chain_head()
        self.stdout.write(f"{head[0]}:{head[1]}" if head else "empty")
