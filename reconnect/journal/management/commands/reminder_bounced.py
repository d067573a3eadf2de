"""`reconnect reminder_bounced EMAIL DATE`: record a bounce report for a reminder."""

import datetime as dt
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reconnect.journal.reminders import mark_bounced
from reconnect.people.models import Client


class Command(BaseCommand):
    help = "Mark the reminder sent to EMAIL for DATE (YYYY-MM-DD) as bounced."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("date")
        parser.add_argument("--detail", default="")

    def handle(self, *args: Any, **options: Any) -> None:
        client = Client.objects.filter(user__email=options["email"].lower()).first()
        try:
            for_date = dt.date.fromisoformat(options["date"])
        except ValueError as exc:
            raise CommandError("DATE must look like 2026-11-27.") from exc
        if client is None or not mark_bounced(client, for_date, options["detail"]):
            raise CommandError("No reminder for that client and date.")
        self.stdout.write("Recorded as bounced.")
