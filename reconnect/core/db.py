"""SQLite durability settings, checked on every new connection (security-reference #29)."""

from __future__ import annotations

from typing import Any

from django.db.backends.signals import connection_created
from django.dispatch import receiver

EXPECTED_PRAGMAS = {
    "journal_mode": "wal",
    "synchronous": "2",  # FULL
    "foreign_keys": "1",
    "secure_delete": "1",
}
MIN_BUSY_TIMEOUT_MS = 20000


class UnsafeDatabaseSettings(RuntimeError):
    """The SQLite connection is not in the durable mode Reconnect needs."""


def sqlite_pragmas(connection: Any) -> dict[str, str]:
    """Read the durability-relevant PRAGMAs of an open SQLite connection."""
    with connection.cursor() as cursor:
        values = {}
        for name in (*EXPECTED_PRAGMAS, "busy_timeout"):
            cursor.execute(f"PRAGMA {name}")
            values[name] = str(cursor.fetchone()[0]).lower()
    return values


def sqlite_problems(values: dict[str, str], *, in_memory: bool = False) -> list[str]:
    """Differences between the PRAGMAs read and the ones required."""
    problems = [
        f"{name} is {values.get(name)!r}, expected {expected!r}"
        for name, expected in EXPECTED_PRAGMAS.items()
        if not (in_memory and name == "journal_mode") and values.get(name) != expected
    ]
    if int(values.get("busy_timeout", "0")) < MIN_BUSY_TIMEOUT_MS:
        problems.append(f"busy_timeout is {values.get('busy_timeout')}, expected ≥ 20000")
    return problems


@receiver(connection_created)
def assert_sqlite_durability(sender: Any, connection: Any, **kwargs: Any) -> None:
    if connection.vendor != "sqlite":
        return
    in_memory = connection.is_in_memory_db()
    problems = sqlite_problems(sqlite_pragmas(connection), in_memory=in_memory)
    if problems:
        raise UnsafeDatabaseSettings("; ".join(problems))
