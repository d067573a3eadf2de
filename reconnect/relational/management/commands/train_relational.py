"""`reconnect train_relational --data PATH`: retrain the default relational models (fixed seeds)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reconnect.relational.engine.model import MODELS
from reconnect.relational.training.train import train


class Command(BaseCommand):
    help = (
        "Train the default models from PATH/annomi (AnnoMI) and PATH/epitome (EPITOME) with "
        "grouped cross-validation, and write them (and metrics.json) into the package."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--data", required=True, help="folder holding annomi/ and epitome/")
        parser.add_argument("--out", default=str(MODELS), help="where to write the model files")
        parser.add_argument(
            "--no-evaluate",
            action="store_true",
            help="skip cross-validation (and the decision offsets it chooses)",
        )
        parser.add_argument(
            "--strong",
            action="store_true",
            help="train the optional MiniLM-based model (needs the `strong` extra)",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data = Path(options["data"])
        for folder in ("annomi", "epitome"):
            if not (data / folder).is_dir():
                raise CommandError(f"{data / folder} is missing", returncode=2)
        metrics = train(
            data / "annomi",
            data / "epitome",
            Path(options["out"]),
            evaluate=not options["no_evaluate"],
            strong=options["strong"],
        )
        self.stdout.write(json.dumps(metrics["macro_f1"], indent=2))
