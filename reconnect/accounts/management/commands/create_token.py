"""`reconnect create_token EMAIL [--name NAME] [--days DAYS]`: print a new API token for scripts
(audited). It lasts DAYS (default and most: 90, or 30 for staff)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reconnect.accounts.actions import TokenRefused, create_api_token
from reconnect.people.models import User


class Command(BaseCommand):
    help = "Create a personal access token for EMAIL and print it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="command line")
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="how long it lasts (default: the longest allowed, 90 days or 30 for staff)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=options["email"].strip().lower(), is_active=True).first()
        if user is None:
            raise CommandError("No active account has that email address.")
        try:
            token, raw = create_api_token(user=user, name=options["name"], days=options["days"])
        except TokenRefused as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(raw)
        self.stderr.write(f"It works until {token.expires_at:%Y-%m-%d %H:%M} UTC.")
