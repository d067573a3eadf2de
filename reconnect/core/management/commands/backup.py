"""`reconnect backup PATH`: a consistent backup of the live database, with its manifest."""

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reconnect.core.backup import BackupError, backup


class Command(BaseCommand):
    help = "Back up the database (SQLite online backup API, or pg_dump -Fc) to PATH."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            data = backup(Path(options["path"]))
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(t["rows"] for t in data.values())
        self.stdout.write(f"Backed up {len(data)} tables, {rows} rows, to {options['path']}.")
