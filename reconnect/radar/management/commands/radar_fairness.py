"""`reconnect radar_fairness [--program NAME]`: the fairness report as text."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reconnect.people.models import Program
from reconnect.radar.fairness import FIELDS, fairness_report


class Command(BaseCommand):
    help = "How often each signal fires and is found useful, by recorded demographic group."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--program", help="program name (default: every program)")

    def handle(self, *args: Any, **options: Any) -> None:
        programs = Program.objects.order_by("name")
        if options["program"]:
            programs = programs.filter(name=options["program"])
            if not programs.exists():
                raise CommandError("No program has that name.")
        for program in programs:
            self.stdout.write(f"# {program.name}")
            for field, kinds in fairness_report(program.pk).items():
                self.stdout.write(f"\n## {FIELDS[field]}")
                for kind, cells in kinds.items():
                    self.stdout.write(f"{kind}:")
                    for c in cells:
                        if c.suppressed:
                            self.stdout.write(f"  {c.group:<16} fewer than 5 clients")
                            continue
                        rated = f"{c.useful}/{c.rated} useful" if c.rated else "not rated"
                        self.stdout.write(
                            f"  {c.group:<16} {c.clients:>4} clients {c.fired:>5} signals "
                            f"({c.per_client}/client), {rated}"
                        )
