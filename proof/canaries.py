"""Canary strings in seeded records, and the sweep that looks for them where they must not be:
logs, error pages, URLs, (for encrypted fields) the raw database and its backups, and (for a
person's words in a session transcript or a quote from it) anywhere at all after the purge."""

from __future__ import annotations

import json
import subprocess
import sys
import uuid
from pathlib import Path

from proof.http import Api
from proof.tokens import DemoTokens


def seed(base_url: str, tokens: DemoTokens) -> dict[str, list[str]]:
    """Write canaries through the API: `encrypted` ones into encrypted fields, `plain` others."""
    found: dict[str, list[str]] = {"encrypted": [], "plain": []}
    for person in tokens["clients"][:3]:
        api = Api(base_url, person["token"])
        note, plan, name = (f"CANARY{kind}{uuid.uuid4().hex[:12]}" for kind in ("N", "P", "C"))
        answers = [
            api.request(
                "POST",
                "/api/v1/me/checkins",
                {"state": "activated", "note": note, "client_request_id": uuid.uuid4().hex},
            ),
            api.request("PUT", "/api/v1/me/safety-plan", {"reasons": [plan]}),
            api.request("POST", "/api/v1/me/circle", {"name": name, "how_to_reach": name}),
        ]
        if not all(status in (200, 201) for status, _, _ in answers):
            raise RuntimeError(f"could not seed canaries: {[a[:2] for a in answers]}")
        found["encrypted"] += [note, plan]
        found["plain"].append(name)
        api.close()
    return found


def seed_transcripts(env: dict[str, str]) -> dict[str, list[str]]:
    """Analysed transcripts whose canaries are in the transcript and in a quoted moment."""
    found: dict[str, list[str]] = json.loads(_python(env, "-m", "proof.transcripts", "seed"))
    return found


def purge_transcripts(env: dict[str, str]) -> int:
    """Run the daily purge as if every transcript were past the retention limit; return how
    many analyses still hold any words (transcript, coded text or quotes) afterwards."""
    from proof.server import reconnect

    reconnect({**env, "RECONNECT_TRANSCRIPT_DAYS": "0"}, "purge_transcripts")
    return int(json.loads(_python(env, "-m", "proof.transcripts", "left"))["left"])


def _python(env: dict[str, str], *args: str) -> str:
    from proof.server import ROOT

    return subprocess.run(  # noqa: S603
        [sys.executable, *args], cwd=ROOT, env=env, capture_output=True, text=True, check=True
    ).stdout


def provoke_errors(base_url: str, tokens: DemoTokens, values: list[str]) -> list[bytes]:
    """Error answers with the canaries in the request: none may echo them back."""
    api = Api(base_url, tokens["clients"][0]["token"])
    bodies = []
    for value in values:
        for method, path, body in (
            ("POST", "/api/v1/me/checkins", {"state": value, "client_request_id": value}),
            ("POST", "/api/v1/me/circle", {"name": value * 10}),
            ("PUT", "/api/v1/me/safety-plan", {"reasons": value}),
            ("GET", "/api/v1/clients/999999999", None),
        ):
            bodies.append(api.request(method, path, body)[1])
    api.close()
    return bodies


def count_hits(blobs: list[bytes], values: list[str]) -> int:
    return sum(blob.count(value.encode()) for blob in blobs for value in values)


def database_bytes(env: dict[str, str]) -> list[bytes]:
    """The raw database as stored: SQLite's file and WAL, or PostgreSQL's data as dumped."""
    if env.get("DATABASE_URL"):
        dump = subprocess.run(  # noqa: S603
            ["pg_dump", "--data-only", env["DATABASE_URL"]],  # noqa: S607
            capture_output=True,
            check=True,
        )
        return [dump.stdout]
    base = Path(env["RECONNECT_VAR_DIR"]) / "reconnect.sqlite3"
    return [p.read_bytes() for p in (base, Path(f"{base}-wal")) if p.exists()]


def stored_parts(env: dict[str, str]) -> dict[str, bytes]:
    """The database as stored, part by part: SQLite's file and its WAL, or PostgreSQL's dump."""
    if env.get("DATABASE_URL"):
        return {"database": database_bytes(env)[0]}
    base = Path(env["RECONNECT_VAR_DIR"]) / "reconnect.sqlite3"
    wal = Path(f"{base}-wal")
    return {"database": base.read_bytes(), "wal": wal.read_bytes() if wal.exists() else b""}


def backup_bytes(env: dict[str, str], target: Path) -> list[bytes]:
    from proof.server import reconnect

    reconnect(env, "backup", str(target))
    if env.get("DATABASE_URL"):
        text = subprocess.run(  # noqa: S603
            ["pg_restore", "--data-only", "-f", "-", str(target)],  # noqa: S607
            capture_output=True,
            check=True,
        )
        return [text.stdout]
    return [target.read_bytes()]


def log_bytes(directory: Path) -> list[bytes]:
    return [p.read_bytes() for p in sorted(directory.glob("*.log")) if p.is_file()]
