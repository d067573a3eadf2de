"""`reconnect empathy FILE.csv`: empathy levels of written replies (EPITOME dimensions)."""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reconnect.core import csvsafe
from reconnect.relational.engine import empathy
from reconnect.relational.engine.model import EMPATHY_DIMENSIONS, ModelMissing


class Command(BaseCommand):
    help = (
        "Read a CSV with columns seeker_post,response_post and write it to stdout with "
        "emotional_reactions,interpretations,explorations (0 none, 1 weak, 2 strong) added."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("file", metavar="FILE.csv")

    def handle(self, *args: Any, **options: Any) -> None:
        path = Path(options["file"])
        try:
            reader = csv.DictReader(io.StringIO(path.read_bytes().decode("utf-8")))
            fields = list(reader.fieldnames or [])
            if "seeker_post" not in fields or "response_post" not in fields:
                raise CommandError(
                    f"{path.name}: line 1: needs seeker_post and response_post columns",
                    returncode=2,
                )
            rows = list(reader)
            for number, row in enumerate(rows, start=2):
                if row.get("seeker_post") is None or row.get("response_post") is None:
                    raise CommandError(f"{path.name}: line {number}: too few columns", returncode=2)
            levels = empathy([(r["seeker_post"], r["response_post"]) for r in rows])
        except (OSError, UnicodeDecodeError) as error:
            raise CommandError(
                f"{path.name}: cannot be read as UTF-8 text", returncode=2
            ) from error
        except ModelMissing as error:
            raise CommandError(str(error), returncode=2) from error
        out = io.StringIO()
        writer = csvsafe.DictWriter(out, fieldnames=[*fields, *EMPATHY_DIMENSIONS])
        writer.writeheader()
        for row, level in zip(rows, levels, strict=True):
            writer.writerow({**row, **level})
        self.stdout.write(out.getvalue(), ending="")
