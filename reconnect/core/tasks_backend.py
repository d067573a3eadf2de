"""An in-process tasks backend for the embedded run: tasks run on a background thread, so a
request never waits for them. A task runs a moment after it is queued (DEBOUNCE_SECONDS, default
1) and identical tasks queued meanwhile run once: a burst of writes for one client costs one
refresh.

Not durable: work a task does must also be recoverable by a periodic command (the radar keeps a
stale mark for exactly that). At scale, use django_tasks_db's database backend with workers.
"""

from __future__ import annotations

import json
import logging
import queue
import threading
import time
from typing import Any

from django.db import close_old_connections
from django_tasks.backends.immediate import ImmediateBackend
from django_tasks.base import Task, TaskResult, TaskResultStatus
from django_tasks.utils import get_random_id

logger = logging.getLogger(__name__)
DJANGO_TASKS_VERSION = "0.12.0"  # what run_task_result is written against (requirements.lock)


def run_task_result(backend: ImmediateBackend, result: TaskResult[Any]) -> None:
    """Run the task of a queued `result` now, recording its outcome on `result`.

    The one use of django-tasks internals here: ImmediateBackend._execute_task (django-tasks
    0.12.0, see requirements.lock), which runs a task for a TaskResult made earlier and fills in
    its status, times, worker id and errors, sending the started and finished signals. The
    public enqueue() runs the task only while making a new result, which cannot be debounced.
    reconnect/core/tests/test_tasks_backend_pin.py fails when an upgrade changes this."""
    backend._execute_task(result)


class InProcessBackend(ImmediateBackend):
    supports_async_task = False

    def __init__(self, alias: str, params: dict[str, Any]) -> None:
        super().__init__(alias, params)
        self._queue: queue.Queue[tuple[str, float, TaskResult[Any]]] = queue.Queue()
        self._debounce = float(params.get("OPTIONS", {}).get("DEBOUNCE_SECONDS", 1.0))
        self._pending: set[str] = set()
        self._lock = threading.Lock()
        self._idle = threading.Event()
        self._idle.set()
        self._thread: threading.Thread | None = None

    def enqueue(self, task: Task[Any, Any], args: Any, kwargs: Any) -> TaskResult[Any]:
        self.validate_task(task)
        result: TaskResult[Any] = TaskResult(
            task=task,
            id=get_random_id(),
            status=TaskResultStatus.READY,
            enqueued_at=None,
            started_at=None,
            last_attempted_at=None,
            finished_at=None,
            args=args,
            kwargs=kwargs,
            backend=self.alias,
            errors=[],
            worker_ids=[],
        )
        key = self._key(task, args, kwargs)
        with self._lock:
            if key in self._pending:
                return result  # the same work is already waiting
            self._pending.add(key)
            self._idle.clear()
            self._start()
        self._queue.put((key, time.monotonic(), result))
        return result

    def wait_until_idle(self, timeout: float = 30) -> bool:
        """Block until every queued task has run (for tests, benchmarks and shutdown)."""
        return self._idle.wait(timeout)

    @staticmethod
    def _key(task: Task[Any, Any], args: Any, kwargs: Any) -> str:
        return json.dumps([task.module_path, args, kwargs], sort_keys=True, default=str)

    def _start(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._run, name="reconnect-tasks", daemon=True)
            self._thread.start()

    def _run(self) -> None:
        while True:
            key, queued_at, result = self._queue.get()
            delay = queued_at + self._debounce - time.monotonic()
            if delay > 0:
                time.sleep(delay)
            with self._lock:
                self._pending.discard(key)
            try:
                close_old_connections()
                run_task_result(self, result)
            except Exception:  # a task's own failure is recorded on its result
                logger.exception("task %s crashed the runner", result.id)
            finally:
                close_old_connections()
                with self._lock:
                    if self._queue.empty() and not self._pending:
                        self._idle.set()
