"""`reconnect purge_transcripts`: delete transcripts older than the retention period."""

from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand

from reconnect.relational.actions import purge_transcripts


class Command(BaseCommand):
    help = "Delete session transcripts (and coded text) past the retention period; summaries stay."

    def handle(self, *args: Any, **options: Any) -> None:
        count = purge_transcripts()
        days = settings.RECONNECT["TRANSCRIPT_DAYS"]
        self.stdout.write(f"{count} transcript(s) older than {days} days purged.")
