"""`reconnect create_token EMAIL [--name NAME]`: print a new API token for scripts (audited)."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reconnect.people.actions import create_api_token
from reconnect.people.models import User


class Command(BaseCommand):
    help = "Create a personal access token for EMAIL and print it once."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("email")
        parser.add_argument("--name", default="command line")

    def handle(self, *args: Any, **options: Any) -> None:
        user = User.objects.filter(email=options["email"].strip().lower(), is_active=True).first()
        if user is None:
            raise CommandError("No active account has that email address.")
        _, raw = create_api_token(user=user, name=options["name"])
        self.stdout.write(raw)
