"""`reconnect send_appointment_reminders`: remind clients of their sessions (run it often)."""

from typing import Any

from django.core.management.base import BaseCommand

from reconnect.radar.reminders import send_due_reminders


class Command(BaseCommand):
    help = "Send the appointment reminders that are due now (each once) and record each outcome."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = send_due_reminders()
        self.stdout.write(f"{sent} appointment reminder(s) handled.")
