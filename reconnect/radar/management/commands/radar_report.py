"""`reconnect radar_report [--program NAME] [--weeks N]`: how much the radar asks of clinicians."""

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reconnect.people.models import Program
from reconnect.radar.cards import KIND_LABELS
from reconnect.radar.report import Replayed, Stored, replayed, stored

SEVERITY_WORDS = {"urgent": "urgent", "attention": "needs attention", "good_news": "good news"}


class Command(BaseCommand):
    help = (
        "Signals per 100 clients per week by kind and severity (replayed day by day on the "
        "stored data, and as stored), how many were marked useful, and how many reopened "
        "without new evidence."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--program", help="program name (default: every program)")
        parser.add_argument("--weeks", type=int, default=4, help="how many weeks back (4)")

    def handle(self, *args: Any, **options: Any) -> None:
        weeks = options["weeks"]
        if not 1 <= weeks <= 26:
            raise CommandError("Please choose between 1 and 26 weeks.")
        programs = Program.objects.order_by("name")
        if options["program"]:
            programs = programs.filter(name=options["program"])
            if not programs.exists():
                raise CommandError("No program has that name.")
        for program in programs:
            again = replayed(program.pk, weeks)
            kept = stored(program.pk, weeks)
            people = f"{again.clients} client{'s' * (again.clients != 1)}"
            self.stdout.write(f"# {program.name}: {people}, last {weeks} weeks")
            self._replayed(again)
            self._stored(kept)

    def _replayed(self, report: Replayed) -> None:
        self.stdout.write(
            "\n## Replayed: the rules on every day, each card resolved the day it appears"
        )
        self.stdout.write(f"{'signal':<22} {'severity':<16} {'raised':>7} {'per 100/week':>13}")
        for (kind, severity), count in sorted(report.raised.items()):
            self.stdout.write(
                f"{KIND_LABELS.get(kind, kind):<22} {SEVERITY_WORDS.get(severity, severity):<16} "
                f"{count:>7} {report.per_100_per_week(count):>13}"
            )
        total = sum(report.raised.values())
        self.stdout.write(
            f"{'all':<22} {'':<16} {total:>7} {report.per_100_per_week(total):>13}\n"
            f"held until new evidence: {report.held} (days a resolved signal would have "
            "come straight back on the same evidence)"
        )

    def _stored(self, report: Stored) -> None:
        self.stdout.write("\n## Stored: signals the radar opened")
        self.stdout.write(
            f"{'signal':<22} {'severity':<16} {'opened':>7} {'per 100/week':>13} "
            f"{'useful':>7} {'not useful':>11}"
        )
        for (kind, severity), count in sorted(report.opened.items()):
            self.stdout.write(
                f"{KIND_LABELS.get(kind, kind):<22} {SEVERITY_WORDS.get(severity, severity):<16} "
                f"{count:>7} {report.per_100_per_week(count):>13} "
                f"{report.useful[kind, severity]:>7} {report.not_useful[kind, severity]:>11}"
            )
        total = sum(report.opened.values())
        self.stdout.write(
            f"{'all':<22} {'':<16} {total:>7} {report.per_100_per_week(total):>13} "
            f"{sum(report.useful.values()):>7} {sum(report.not_useful.values()):>11}\n"
            f"reopened without new evidence: {report.reopened_without_new_evidence} of "
            f"{report.followed_a_resolved} opened after a clinician resolved one (target 0)\n"
        )
