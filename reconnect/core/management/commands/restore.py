"""`reconnect restore PATH --into TARGET`: restore a backup into a fresh database and check it."""

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reconnect.core.backup import BackupError, differences, restore


class Command(BaseCommand):
    help = (
        "Restore PATH into a fresh database (a new file for SQLite, a new database name for "
        "PostgreSQL) and compare it with the backup's manifest."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path")
        parser.add_argument("--into", required=True)

    def handle(self, *args: Any, **options: Any) -> None:
        source = Path(options["path"])
        try:
            expected = json.loads(Path(f"{source}.manifest.json").read_text())
            restored = restore(source, into=options["into"])
        except (BackupError, OSError) as error:
            raise CommandError(str(error)) from error
        problems = differences(expected, restored)
        for problem in problems:
            self.stderr.write(problem)
        if problems:
            raise CommandError(f"{len(problems)} table(s) differ after the restore")
        self.stdout.write(f"Restored into {options['into']}: {len(restored)} tables identical.")
