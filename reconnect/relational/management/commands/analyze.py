"""`reconnect analyze PATH... [--format json|text]`: code counselling sessions locally."""

from __future__ import annotations

import json
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reconnect.relational.engine import TranscriptError, analyze_utterances
from reconnect.relational.engine.model import ModelMissing
from reconnect.relational.engine.parse import read_file
from reconnect.relational.report import text_report


class Command(BaseCommand):
    help = (
        "Code each session transcript (plain text with T:/C: prefixes, WebVTT with voice tags, "
        "or CSV with speaker and text columns). One file: one JSON object; several: JSON Lines."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--format", choices=["json", "text"], default="json")
        parser.add_argument(
            "--model",
            choices=["default", "strong"],
            default="default",
            help="strong: the optional fine-tuned MiniLM model (ONNX int8; slower)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            # Every file is read before the model loads: a malformed one is refused at once.
            sessions = [read_file(path) for path in options["paths"]]
            results = [analyze_utterances(s, model=options["model"]) for s in sessions]
        except TranscriptError as error:
            raise CommandError(str(error), returncode=2) from error
        except ModelMissing as error:
            raise CommandError(str(error), returncode=2) from error
        # Everything is computed before anything is written: no half-written output.
        if options["format"] == "text":
            self.stdout.write(
                "\n\n".join(
                    text_report(path, r) for path, r in zip(options["paths"], results, strict=True)
                )
            )
        elif len(results) == 1:
            self.stdout.write(json.dumps(results[0], indent=2))
        else:
            self.stdout.write("\n".join(json.dumps(r) for r in results))
