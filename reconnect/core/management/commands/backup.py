"""`reconnect backup PATH` or `reconnect backup --dir [DIR] [--keep N]`: a consistent backup of
the live database with its manifest; with --dir, into a folder of dated backups, newest N kept."""

from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reconnect.core.backup import BackupError, backup
from reconnect.core.rotation import backup_into


class Command(BaseCommand):
    help = (
        "Back up the database (SQLite online backup API, or pg_dump -Fc) to PATH, or with --dir "
        "into a folder of dated backups (default RECONNECT_BACKUP_DIR), keeping the newest "
        "--keep (default RECONNECT_BACKUP_KEEP)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("path", nargs="?")
        parser.add_argument(
            "--dir", nargs="?", const="", default=None, help="a folder of dated backups"
        )
        parser.add_argument("--keep", type=int, default=None, help="dated backups to keep")

    def handle(self, *args: Any, **options: Any) -> None:
        if (options["path"] is None) == (options["dir"] is None):
            raise CommandError("Give either a file PATH or --dir (a folder of dated backups).")
        keep = options["keep"] or settings.RECONNECT["BACKUP_KEEP"]
        try:
            if options["dir"] is not None:
                folder = Path(options["dir"] or settings.RECONNECT["BACKUP_DIR"])
                target, data = backup_into(folder, keep=keep)
            else:
                target = Path(options["path"])
                data = backup(target)
        except BackupError as error:
            raise CommandError(str(error)) from error
        rows = sum(t["rows"] for t in data.values())
        self.stdout.write(f"Backed up {len(data)} tables, {rows} rows, to {target}.")
