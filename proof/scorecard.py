"""The release scorecard (security-reference section (c)): figures with their attempt counts.

Tests call `record_figure` as they prove something. Each process keeps its own part files in the
run's parts folder (RECONNECT_SCORECARD_PARTS: the pytest sessions of one `make test` pass share
one; a lone session gets a temporary one), so parallel test processes never write the same file.
Only a run that includes the live-server proofs (the `reliability` mark) writes var/scorecard.json
(one section per database; the other database's section stays) and prints it as a table.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
VAR = Path(os.environ.get("RECONNECT_VAR_DIR", ROOT / "var"))
SCORECARD = VAR / "scorecard.json"
PARTS_ENV = "RECONNECT_SCORECARD_PARTS"


def current_database() -> str:
    return "postgresql" if os.environ.get("DATABASE_URL") else "sqlite"


def parts() -> Path:
    """This run's parts folder (var/scorecard-parts when no run named one)."""
    return Path(os.environ.get(PARTS_ENV) or VAR / "scorecard-parts")


def _add(merged: dict[str, Any], figures: dict[str, Any]) -> None:
    """Counts add up, maxima and percentiles keep the largest, rates and times the latest."""
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


def record_figure(key: str, **figures: Any) -> None:
    """Add to one scorecard line for the current database (counts add up across tests)."""
    folder = parts()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{current_database()}.{key}.{os.getpid()}.json"
    merged: dict[str, Any] = json.loads(path.read_text()) if path.exists() else {}
    _add(merged, figures)
    path.write_text(json.dumps(merged, sort_keys=True))


def merge() -> dict[str, dict[str, Any]]:
    """This run's figures, one section per database, from every process's parts."""
    card: dict[str, dict[str, Any]] = {}
    folder = parts()
    for path in sorted(folder.glob("*.json")) if folder.exists() else []:
        database, key, _process = path.name.removesuffix(".json").split(".")
        _add(card.setdefault(database, {}).setdefault(key, {}), json.loads(path.read_text()))
    return card


def write(card: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Put this run's sections into var/scorecard.json (others stay) and return the whole card."""
    whole: dict[str, dict[str, Any]] = (
        json.loads(SCORECARD.read_text()) if SCORECARD.exists() else {}
    )
    whole.update(card)
    VAR.mkdir(parents=True, exist_ok=True)
    SCORECARD.write_text(json.dumps(whole, indent=2, sort_keys=True))
    return whole


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
    """Print var/scorecard.json as written by the last runs with the proofs (`make proof`)."""
    if not SCORECARD.exists():
        raise SystemExit(f"{SCORECARD} is missing: it is written by a test run with the proofs")
    print(table(json.loads(SCORECARD.read_text())))


if __name__ == "__main__":
    main()
