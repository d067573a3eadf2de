"""`reconnect verify_audit`: detect any edited or removed audit row."""

from collections.abc import Iterator
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reconnect.access.audit import chain_head, chain_in_order, verify_chain
from reconnect.access.models import AccessEvent


class Command(BaseCommand):
    help = "Verify the hash chain of the audit trail; exit 1 if any row was edited or removed."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--head",
            help="ID:HASH of a head recorded earlier (see `reconnect audit_head`), "
            "to prove that no rows were cut from the end.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        head = None
        if options["head"]:
            try:
                raw_id, raw_hash = options["head"].split(":", 1)
                head = (int(raw_id), raw_hash)
            except ValueError as exc:
                raise CommandError("--head must look like ID:HASH") from exc
        count = 0

        def counted() -> Iterator[AccessEvent]:
            nonlocal count
            for event in chain_in_order():
                count += 1
                yield event

        problems = verify_chain(counted(), head=head)
        for problem in problems:
            self.stderr.write(f"event {problem.event_id}: {problem.problem}")
        if problems:
            raise CommandError(f"audit trail damaged: {len(problems)} problem(s) in {count} rows")
        current = chain_head()
        self.stdout.write(
            f"audit trail intact: {count} rows; head {current[0]}:{current[1]}"
            if current
            else "audit trail intact: 0 rows"
        )
