"""`reconnect send_reminders`: queue today's due check-in reminders (run it from cron)."""

from typing import Any

from django.core.management.base import BaseCommand
from django.utils import timezone

from reconnect.journal.reminders import due_reminders
from reconnect.journal.tasks import send_checkin_reminder


class Command(BaseCommand):
    help = "Send the check-in reminders that are due now and record each outcome."

    def handle(self, *args: Any, **options: Any) -> None:
        due = due_reminders(timezone.now())
        for client, for_date in due:
            send_checkin_reminder.enqueue(client.pk, for_date.isoformat())
        self.stdout.write(f"{len(due)} reminder(s) queued.")
