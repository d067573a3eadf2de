"""The release scorecard (security-reference section (c)): figures with their attempt counts.

Tests call `record_figure` as they prove something; at the end of a test run the parts are
merged into var/scorecard.json (one section per database) and printed as a table.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("RECONNECT_VAR_DIR", ROOT / "var"))
PARTS = VAR / "scorecard-parts"
SCORECARD = VAR / "scorecard.json"


def current_database() -> str:
    return "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"


def record_figure(key: str, **figures: Any) -> None:
    """Add to one scorecard line for the current database (counts add up across tests)."""
    PARTS.mkdir(parents=True, exist_ok=True)
    path = PARTS / f"{current_database()}.{key}.json"
    merged: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    for name, value in figures.items():
        old = merged.get(name)
        if isinstance(value, bool) or not isinstance(value, int | float):
            merged[name] = value
        elif isinstance(old, int | float) and name.startswith(("max_", "p50", "p95", "p99")):
            merged[name] = max(old, value)
        elif isinstance(old, int | float) and not name.endswith(("_ms", "_rps", "_s", "_pct")):
            merged[name] = old + value
        else:
            merged[name] = value
    path.write_text(json.dumps(merged, sort_keys=True))


def start_run() -> None:
    """Forget this database's figures from an earlier run (the other database's stay)."""
    if PARTS.exists():
        for path in PARTS.glob(f"{current_database()}.*.json"):
            path.unlink()


def merge() -> dict[str, dict[str, Any]]:
    """Write var/scorecard.json from the parts and return it."""
    card: dict[str, dict[str, Any]] = {}
    for path in sorted(PARTS.glob("*.json")) if PARTS.exists() else []:
        database, key = path.stem.split(".", 1)
        card.setdefault(database, {})[key] = json.loads(path.read_text())
    VAR.mkdir(parents=True, exist_ok=True)
    SCORECARD.write_text(json.dumps(card, indent=2, sort_keys=True))
    return card


def table(card: dict[str, dict[str, Any]]) -> str:
    """The scorecard as aligned text, one line per figure."""
    lines = []
    for database, rows in sorted(card.items()):
        lines.append(f"== {database}")
        for key, figures in sorted(rows.items(), key=lambda kv: _order(kv[0])):
            shown = ", ".join(f"{k}={_fmt(v)}" for k, v in sorted(figures.items()))
            lines.append(f"  {key:<34} {shown}")
    return "\n".join(lines)


def _order(key: str) -> tuple[int, str]:
    number = key.split("_", 1)[0]
    return (int(number) if number.isdigit() else 99, key)


def _fmt(value: Any) -> str:
    return f"{value:.1f}" if isinstance(value, float) else str(value)


def main() -> None:
    card = merge()
    print(table(card))  # noqa: T201


if __name__ == "__main__":
    main()
