"""Disk full under SQLite: refused writes answer 503 and are never acknowledged; once space is
freed the service carries on and the database is intact (security-reference #35)."""

from __future__ import annotations

import contextlib
import subprocess
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

from proof.http import Api
from proof.killnine import sqlite_integrity, stored_keys
from proof.server import Server, environment, migrate, prepare


@contextlib.contextmanager
def small_filesystem(mountpoint: Path, megabytes: int) -> Iterator[Path]:
    """A tmpfs of the given size (needs root); raises OSError when it cannot be mounted."""
    mountpoint.mkdir(parents=True, exist_ok=True)
    mounted = subprocess.run(  # noqa: S603
        ["mount", "-t", "tmpfs", "-o", f"size={megabytes}m", "tmpfs", str(mountpoint)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )
    if mounted.returncode != 0:
        raise OSError(mounted.stderr.strip() or "mount failed")
    try:
        yield mountpoint
    finally:
        subprocess.run(["umount", "-l", str(mountpoint)], check=False)  # noqa: S603, S607


def fill(directory: Path) -> Path:
    """Take every free byte of the filesystem with one file."""
    filler = directory / "filler"
    with filler.open("wb", buffering=0) as handle:
        for size in (1 << 20, 1 << 12, 1 << 9):
            try:
                while True:
                    handle.write(b"\0" * size)
            except OSError:
                continue
    return filler


def run(
    mountpoint: Path,
    logs: Path,
    *,
    megabytes: int = 48,
    attempts: int = 300,
    migrated: Callable[[dict[str, str]], None] = migrate,
) -> dict[str, int | bool]:
    with small_filesystem(mountpoint, megabytes) as root:
        var = root / "var"
        var.mkdir()
        env = environment(var, None, "diskfull")
        tokens = prepare(env, migrated)
        person = tokens["clients"][0]
        statuses: dict[str, int] = {}
        with Server(env, logs / "diskfull.log") as server:
            api = Api(server.url, person["token"])
            filler = fill(root)
            for _ in range(attempts):
                key = f"full-{uuid.uuid4().hex}"
                status, _, _ = api.request(
                    "POST", "/api/v1/me/checkins", {"state": "settled", "client_request_id": key}
                )
                statuses[key] = status
            filler.unlink()
            recovered = False
            for _ in range(20):
                key = f"after-{uuid.uuid4().hex}"
                status, _, _ = api.request(
                    "POST", "/api/v1/me/checkins", {"state": "settled", "client_request_id": key}
                )
                if status == 201:
                    recovered = True
                    break
        stored = stored_keys(env, person["client_id"], "full-")
        acknowledged = [k for k, s in statuses.items() if s in (200, 201)]
        refused = [k for k, s in statuses.items() if s == 503]
        return {
            "attempts": attempts,
            "acknowledged": len(acknowledged),
            "refused_503": len(refused),
            "other_answers": len(statuses) - len(acknowledged) - len(refused),
            "acknowledged_lost": sum(1 for k in acknowledged if k not in stored),
            "refused_but_stored": sum(1 for k in refused if k in stored),
            "recovered": recovered,
            "integrity_ok": sqlite_integrity(var / "reconnect.sqlite3"),
        }
