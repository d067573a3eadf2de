"""Scheduled backups in one folder: timestamped names, only finished ones counted, newest kept.

A backup is finished when its manifest exists (reconnect.core.backup writes it last), so a dump
cut short by a crash is neither counted as the newest nor kept in place of a good one. Backups
hold the program's records: the folder and files are readable by their owner only.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path
from typing import Any

from django.db import connection

from reconnect.core.backup import backup

PREFIX = "reconnect-"
MANIFEST = ".manifest.json"
ABANDONED_SECONDS = 3600


def backup_into(
    folder: Path, *, keep: int, now: dt.datetime | None = None
) -> tuple[Path, dict[str, Any]]:
    """Write a new backup into `folder`, then remove all but the newest `keep` finished ones
    (and any unfinished leftovers)."""
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    os.chmod(folder, 0o700)
    stamp = (now or dt.datetime.now(dt.UTC)).strftime("%Y%m%dT%H%M%SZ")
    suffix = "sqlite3" if connection.vendor == "sqlite" else "pgdump"
    target = folder / f"{PREFIX}{stamp}.{suffix}"
    previous = os.umask(0o077)
    try:
        data = backup(target)
    finally:
        os.umask(previous)
    prune(folder, keep=keep)
    return target, data


def finished(folder: Path) -> list[Path]:
    """Finished backups in `folder`, oldest first."""
    folder = Path(folder)
    if not folder.is_dir():
        return []
    found = [
        path
        for path in folder.glob(f"{PREFIX}*")
        if not path.name.endswith(MANIFEST) and Path(f"{path}{MANIFEST}").exists()
    ]
    return sorted(found, key=lambda path: path.name)


def newest_age(folder: Path, now: dt.datetime | None = None) -> dt.timedelta | None:
    """How long ago the newest finished backup was completed (None: there is none)."""
    done = finished(folder)
    if not done:
        return None
    completed = Path(f"{done[-1]}{MANIFEST}").stat().st_mtime
    current = (now or dt.datetime.now(dt.UTC)).timestamp()
    return dt.timedelta(seconds=max(0.0, current - completed))


def prune(folder: Path, *, keep: int) -> list[Path]:
    """Remove finished backups beyond the newest `keep`, and unfinished ones left an hour
    untouched (one still being written changes as it grows)."""
    done = finished(folder)
    old = done[: max(0, len(done) - max(1, keep))]
    an_hour_ago = dt.datetime.now(dt.UTC).timestamp() - ABANDONED_SECONDS
    unfinished = [
        path
        for path in Path(folder).glob(f"{PREFIX}*")
        if not path.name.endswith(MANIFEST)
        and path not in done
        and path.stat().st_mtime < an_hour_ago
    ]
    removed = []
    for path in [*old, *unfinished]:
        path.unlink(missing_ok=True)
        Path(f"{path}{MANIFEST}").unlink(missing_ok=True)
        removed.append(path)
    return removed
