"""`reconnect send_notifications`: send the notifications that waited out quiet hours."""

from typing import Any

from django.core.management.base import BaseCommand

from reconnect.notifications.delivery import deliver_due


class Command(BaseCommand):
    help = "Send the notifications whose quiet hours are over and record each outcome."

    def handle(self, *args: Any, **options: Any) -> None:
        sent = deliver_due()
        self.stdout.write(f"{sent} notification(s) sent.")
