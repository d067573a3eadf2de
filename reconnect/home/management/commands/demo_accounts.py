"""`reconnect demo_accounts`: print the demo sign-ins as JSON (staff with current TOTP codes)."""

import json
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser

from reconnect.home.demo import demo_accounts


class Command(BaseCommand):
    help = "Print the demo sign-ins as JSON: email, password, role, name (and staff TOTP codes)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--table", action="store_true", help="a readable table instead")

    def handle(self, *args: Any, **options: Any) -> None:
        if not settings.RECONNECT["DEMO"]:
            raise CommandError("Demo accounts exist only in the embedded demo.")
        rows = demo_accounts(with_codes=True)
        if not options["table"]:
            self.stdout.write(json.dumps(rows, indent=2))
            return
        self.stdout.write(f"{'role':<11} {'email':<44} {'password':<28} code")
        for row in rows:
            self.stdout.write(
                f"{row['role']:<11} {row['email']:<44} {row['password']:<28} "
                f"{row.get('totp_code', '')}"
            )
        self.stdout.write(
            "Staff sign in with a two-factor code: run `reconnect demo_accounts` for fresh ones."
        )
