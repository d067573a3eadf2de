"""What /healthz reports: the database answers, every migration is applied, queued tasks are
being taken, and a recent backup exists. Facts about the service only, never about a person.

Only the database and the migrations decide whether the site can serve (503, "failing"): a load
balancer that takes a site out for a late backup or a slow worker takes care away from people
for no reason. A stuck queue or an old (or not yet made) backup answers 200 with "degraded" and
the checks named, for monitoring to raise an alert.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.conf import settings
from django.db import DatabaseError, connection
from django.db.migrations.executor import MigrationExecutor
from django.utils import timezone
from django_tasks import task_backends
from django_tasks_db.backend import DatabaseBackend
from django_tasks_db.models import DBTaskResult

from reconnect.core.rotation import newest_age

QUEUE_LIMIT = dt.timedelta(minutes=5)  # the worker polls every second; 5 minutes means stuck
BACKUP_LIMIT = dt.timedelta(hours=26)  # daily, with slack for a long dump

_migrated = False  # once true in a process it stays true: code and schema change together


def report() -> dict[str, Any]:
    """Every check by name, each {"ok": bool, ...figures}; database problems fail the rest."""
    checks: dict[str, dict[str, Any]] = {"database": _database()}
    if checks["database"]["ok"]:
        checks["migrations"] = _migrations()
        checks["task_queue"] = _task_queue()
    else:
        unknown = {"ok": False, "detail": "database unreachable"}
        checks["migrations"] = checks["task_queue"] = unknown
    checks["backup"] = _backup()
    return checks


SERVING = ("database", "migrations")  # the site cannot answer safely without these


def verdict(checks: dict[str, dict[str, Any]]) -> tuple[str, list[str], int]:
    """("ok" | "degraded" | "failing", the failing checks by name, the HTTP status)."""
    failing = sorted(name for name, check in checks.items() if not check["ok"])
    if any(name in SERVING for name in failing):
        return "failing", failing, 503
    return ("degraded" if failing else "ok"), failing, 200


def _database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError:
        return {"ok": False, "detail": "database unreachable"}
    return {"ok": True, "vendor": connection.vendor}


def unapplied_migrations() -> int:
    """How many migrations the code has that the database does not."""
    executor = MigrationExecutor(connection)
    return len(executor.migration_plan(executor.loader.graph.leaf_nodes()))


def _migrations() -> dict[str, Any]:
    global _migrated
    if not _migrated:
        pending = unapplied_migrations()
        if pending:
            return {"ok": False, "unapplied": pending}
        _migrated = True
    return {"ok": True, "unapplied": 0}


def _task_queue() -> dict[str, Any]:
    if not isinstance(task_backends["default"], DatabaseBackend):
        return {"ok": True, "detail": "tasks run inside the web process"}
    oldest = (
        DBTaskResult.objects.ready()
        .order_by("enqueued_at")
        .values_list("enqueued_at", flat=True)[:1]
    )
    age = (timezone.now() - oldest[0]).total_seconds() if oldest else 0.0
    return {
        "ok": age < QUEUE_LIMIT.total_seconds(),
        "oldest_ready_seconds": round(age, 1),
        "running": DBTaskResult.objects.running().count(),
    }


def _backup() -> dict[str, Any]:
    age = newest_age(settings.RECONNECT["BACKUP_DIR"])
    if age is None:
        return {"ok": False, "detail": "no backup yet"}
    return {"ok": age < BACKUP_LIMIT, "age_hours": round(age.total_seconds() / 3600, 2)}
