"""Consistent backups of a live database, restores, and the manifest a restore drill checks.

SQLite: the online backup API (never a copy of the live file without its -wal). PostgreSQL:
`pg_dump -Fc` and `pg_restore`. Each backup writes a manifest beside it: per-table row counts and
a content hash of every row (read from the backup file itself on SQLite, from the database right
after the dump on PostgreSQL), so a restore can be proven complete.
"""

from __future__ import annotations

import hashlib
import json
import os
import sqlite3
import subprocess
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from django.apps import apps
from django.db import connection


class BackupError(RuntimeError):
    """A backup or restore could not be completed."""


def tables() -> list[tuple[str, str]]:
    """(table, primary key column) for every model table, in a stable order."""
    found = {
        (m._meta.db_table, m._meta.pk.column)
        for m in apps.get_models(include_auto_created=True)
        if m._meta.managed and not m._meta.proxy
    }
    return sorted(found)


def manifest(query: Callable[[str], Iterable[tuple[Any, ...]]]) -> dict[str, dict[str, Any]]:
    """Row count and a SHA-256 over every row (in primary-key order) of each table."""
    result = {}
    for table, pk in tables():
        digest = hashlib.sha256()
        count = 0
        for row in query(f'SELECT * FROM "{table}" ORDER BY "{pk}"'):  # noqa: S608 (model names)
            digest.update(repr(tuple(_plain(v) for v in row)).encode())
            count += 1
        result[table] = {"rows": count, "sha256": digest.hexdigest()}
    return result


def _plain(value: Any) -> Any:
    """The same value whichever driver read it (memoryview/bytes, booleans as 0/1)."""
    if isinstance(value, memoryview):
        return bytes(value)
    if isinstance(value, bool):
        return int(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return value


def differences(before: dict[str, Any], after: dict[str, Any]) -> list[str]:
    """Tables whose rows or content differ between two manifests."""
    problems = []
    for table in sorted(set(before) | set(after)):
        a, b = before.get(table), after.get(table)
        if a != b:
            problems.append(f"{table}: {a} != {b}")
    return problems


def _sqlite_rows(path: Path) -> Callable[[str], Iterable[tuple[Any, ...]]]:
    def query(sql: str) -> Iterable[tuple[Any, ...]]:
        with sqlite3.connect(path) as db:
            yield from db.execute(sql)

    return query


def backup(target: Path) -> dict[str, Any]:
    """Back up the current database to `target` (and `target`.manifest.json)."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    if connection.vendor == "sqlite":
        if connection.in_atomic_block:
            raise BackupError("a backup cannot run inside an open transaction")
        connection.ensure_connection()
        destination = sqlite3.connect(target)
        connection.connection.backup(destination)  # the online backup API: a consistent copy
        destination.close()
        data = manifest(_sqlite_rows(target))
    elif connection.vendor == "postgresql":
        _run(["pg_dump", "-Fc", "--no-owner", "-f", str(target), *_pg_args()])
        data = manifest(_pg_rows(connection.settings_dict["NAME"]))
    else:
        raise BackupError(f"no backup for {connection.vendor}")
    Path(f"{target}.manifest.json").write_text(json.dumps(data, indent=1, sort_keys=True))
    return data


def restore(source: Path, *, into: str) -> dict[str, Any]:
    """Restore a backup into a fresh database (a file path for SQLite, a database name for
    PostgreSQL) and return that database's manifest."""
    if connection.vendor == "sqlite":
        target = Path(into)
        if target.exists():
            raise BackupError(f"{target} exists; restore into a fresh file")
        src = sqlite3.connect(source)
        dst = sqlite3.connect(target)
        with dst:
            src.backup(dst)
        src.close()
        dst.close()
        return manifest(_sqlite_rows(target))
    _run(["createdb", *_pg_args(database=False), into])
    _run(["pg_restore", "--no-owner", "-d", into, *_pg_args(database=False), str(source)])
    return manifest(_pg_rows(into))


def drop_restored(name: str) -> None:
    if connection.vendor == "postgresql":
        _run(["dropdb", "--if-exists", *_pg_args(database=False), name])
    else:
        Path(name).unlink(missing_ok=True)


def _pg_args(*, database: bool = True) -> list[str]:
    s = connection.settings_dict
    args = ["-h", s.get("HOST") or "127.0.0.1", "-p", str(s.get("PORT") or 5432)]
    if s.get("USER"):
        args += ["-U", s["USER"]]
    if database:
        args += ["-d", s["NAME"]]
    return args


def _pg_rows(name: str) -> Callable[[str], Iterable[tuple[Any, ...]]]:
    # psycopg is installed only where PostgreSQL is used; SQLite backups never need it.
    import psycopg

    s = connection.settings_dict

    def query(sql: str) -> Iterable[tuple[Any, ...]]:
        with psycopg.connect(
            host=s.get("HOST") or "127.0.0.1",
            port=s.get("PORT") or 5432,
            user=s.get("USER") or None,
            password=s.get("PASSWORD") or None,
            dbname=name,
        ) as db:
            yield from db.execute(sql)

    return query


def _run(command: list[str]) -> None:
    env = dict(os.environ)
    if connection.settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = connection.settings_dict["PASSWORD"]
    result = subprocess.run(command, capture_output=True, text=True, env=env, check=False)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"{command[0]} failed: {result.stderr.strip()[:300]}")
