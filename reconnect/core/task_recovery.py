"""Tasks whose worker died go back in the queue.

django_tasks_db marks a task RUNNING when a worker claims it and leaves it so if the worker is
killed, so the work would never happen. Workers started by `reconnect serve` carry ids naming
their supervisor (host, pid, a token for that start) and their generation; a RUNNING task whose
last worker is known to be gone is made READY again, so the next worker runs it. Reconnect's
tasks are safe to run again: a radar refresh recomputes, a reminder is recorded once per client
and day before it is sent, and an analysis that had already started is skipped. A task that has
now lost MAX_ATTEMPTS workers is marked failed rather than tried forever.
"""

from __future__ import annotations

import logging
import os
import socket
from dataclasses import dataclass
from pathlib import Path

from django.utils import timezone
from django_tasks.base import TaskResultStatus
from django_tasks_db.models import DBTaskResult

log = logging.getLogger("reconnect.serve")
MAX_ATTEMPTS = 3
PREFIX = "serve"


def _host() -> str:
    return socket.gethostname().split(".")[0][:24] or "host"


@dataclass(frozen=True)
class Supervision:
    """Who this supervisor is, and which of its workers is alive right now (None: none)."""

    pid: int
    token: str
    live_worker: str | None = None

    def worker_id(self, generation: int) -> str:
        return f"{PREFIX}:{_host()}:{self.pid}:{self.token}:{generation}"

    def is_gone(self, worker: str) -> bool:
        """Whether `worker` was one of ours, or another supervisor's on this host, and is gone.
        Workers of other hosts are theirs to recover."""
        parts = worker.split(":")
        if len(parts) != 5 or parts[0] != PREFIX or parts[1] != _host():
            return False
        pid, token = int(parts[2]), parts[3]
        if pid == self.pid and token == self.token:
            return worker != self.live_worker
        return pid == self.pid or not _supervisor_alive(pid)


def _supervisor_alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    cmdline = Path(f"/proc/{pid}/cmdline")
    # The pid may have been reused since (after a reboot, say) by something else.
    return not cmdline.exists() or b"serve" in cmdline.read_bytes()


def recover(supervision: Supervision) -> tuple[int, int]:
    """Requeue the tasks of workers that are gone; return (requeued, given up)."""
    requeued = given_up = 0
    for task in DBTaskResult.objects.running().only("id", "worker_ids"):
        workers = task.worker_ids or []
        if not workers or not supervision.is_gone(workers[-1]):
            continue
        same = DBTaskResult.objects.filter(pk=task.pk, status=TaskResultStatus.RUNNING)
        if len(workers) >= MAX_ATTEMPTS:
            same.update(
                status=TaskResultStatus.FAILED,
                finished_at=timezone.now(),
                exception_class_path=f"{__name__}.WorkerLost",
                traceback=f"The worker running this task stopped {len(workers)} times.",
            )
            log.error("task %s failed: its worker stopped %d times", task.pk, len(workers))
            given_up += 1
        else:
            same.update(status=TaskResultStatus.READY, started_at=None)
            log.warning("task %s queued again: its worker stopped", task.pk)
            requeued += 1
    return requeued, given_up
