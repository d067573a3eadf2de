"""`reconnect seed_demo`: create the synthetic demo program once (safe to re-run)."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from reconnect.home.demo import seed_demo


class Command(BaseCommand):
    help = "Create the demo program with synthetic people (idempotent)."

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.RECONNECT["DEMO"]:
            raise CommandError("Demo data is only for the embedded demo (RECONNECT_DEMO is off).")
        created = seed_demo()
        self.stdout.write("Demo program created." if created else "Demo program already present.")
