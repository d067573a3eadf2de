"""`reconnect train_relational --data PATH [--with-corrections] [--strong]`: retrain the default
relational models (fixed seeds), or fine-tune the strong one, optionally with this program's own
corrections folded in."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from reconnect.relational.engine.model import MODELS


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
            help="fine-tune the optional strong model (MiniLM; about an hour on 2 CPU cores; "
            'needs `pip install -e ".[finetune]"`)',
        )
        parser.add_argument(
            "--epochs", type=int, default=3, help="strong model: passes over the training data"
        )
        parser.add_argument(
            "--with-corrections",
            action="store_true",
            help="fold in clinicians' corrections of sessions whose transcripts are still kept",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        data = Path(options["data"])
        for folder in ("annomi", "epitome"):
            if not (data / folder).is_dir():
                raise CommandError(f"{data / folder} is missing", returncode=2)
        corrections: list[dict[str, Any]] = []
        skipped = 0
        if options["with_corrections"]:
            from reconnect.relational.learning import correction_rows

            corrections, skipped = correction_rows()
            if not corrections:
                raise CommandError(
                    "No corrections to fold in: no clinician has corrected a session whose "
                    "transcript is still kept"
                    + (
                        f" ({skipped} corrections are of purged sessions, codes without words)"
                        if skipped
                        else ""
                    )
                    + ". Nothing was written.",
                    returncode=2,
                )
        if options["strong"]:
            metrics = self._strong(data, Path(options["out"]), corrections, skipped, options)
        else:
            metrics = self._default(data, Path(options["out"]), corrections, skipped, options)
        report = {
            "macro_f1": metrics["macro_f1"],
            "session": metrics.get("session", {}),
            "corrections": metrics["corrections"],
        }
        self.stdout.write(json.dumps(report, indent=2))

    def _default(
        self, data: Path, out: Path, corrections: list[Any], skipped: int, options: Any
    ) -> dict[str, Any]:
        # Training needs scikit-learn (the `train` extra); imported here so the command list
        # and the other commands work without it.
        try:
            from reconnect.relational.training.train import train
        except ImportError as error:
            raise CommandError(
                f'training needs scikit-learn: pip install -e ".[train]" ({error})', returncode=2
            ) from error
        return train(
            data / "annomi",
            data / "epitome",
            out,
            evaluate=not options["no_evaluate"],
            corrections=corrections,
            corrections_skipped=skipped,
        )

    def _strong(
        self, data: Path, out: Path, corrections: list[Any], skipped: int, options: Any
    ) -> dict[str, Any]:
        try:  # the `finetune` extra: torch, transformers, onnx and the MiniLM weights
            from reconnect.relational.training.strong_model import train_strong
        except ImportError as error:
            raise CommandError(
                f'fine-tuning needs torch and more: pip install -e ".[finetune]" ({error})',
                returncode=2,
            ) from error
        return train_strong(
            data,
            out,
            corrections=corrections,
            corrections_skipped=skipped,
            epochs=options["epochs"],
            log=lambda line: self.stderr.write(line),
        )
