"""`reconnect rc_baseline --out PATH`: reliable-change parameters from this program's own
baseline data (the SD of each client's first scored response), kept beside the reference's
reliabilities, as a new versioned file to point RECONNECT_RC_PARAMS at."""

import json
import statistics
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from reconnect.measures.models import Response
from reconnect.measures.reliable_change import DEFAULT_PARAMS


class Command(BaseCommand):
    help = "Write reliable-change parameters with SDs from this program's baseline responses."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--out", required=True, help="where to write the new JSON file")
        parser.add_argument(
            "--min-clients", type=int, default=100, help="baseline responses needed (default 100)"
        )

    def handle(self, *args: Any, **options: Any) -> None:
        current = json.loads(DEFAULT_PARAMS.read_text())
        updated = {}
        for code, params in current["instruments"].items():
            baselines: dict[int, float] = {}
            rows = (
                Response.objects.completed()
                .filter(instrument=code, total__isnull=False)
                .order_by("submitted_at")
                .values_list("client_id", "total")
            )
            for client_id, total in rows.iterator():
                if total is not None:  # the filter says so; the row type cannot
                    baselines.setdefault(client_id, total)
            count = len(baselines)
            if count < options["min_clients"]:
                self.stdout.write(f"{code}: {count} baselines, keeping SD {params['sd']}")
                updated[code] = params
                continue
            sd = round(statistics.stdev(baselines.values()), 2)
            self.stdout.write(f"{code}: SD {sd} from {count} baselines (was {params['sd']})")
            updated[code] = {**params, "sd": sd, "source": f"program baseline, n={count}"}
        out = Path(options["out"])
        if out.exists():
            raise CommandError(f"{out} exists; choose a new file so versions stay distinct.")
        version = f"program-baseline-{timezone.now():%Y-%m-%d}"
        out.write_text(json.dumps({"version": version, "instruments": updated}, indent=2) + "\n")
        self.stdout.write(f"Wrote {out} (version {version}). Set RECONNECT_RC_PARAMS to use it.")
