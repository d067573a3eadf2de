"""`reconnect serve`'s supervisor: the web server and the task worker run as child processes and
are started again when they stop (after a pause that grows while they keep failing at once); the
schedule's jobs start when due, one at a time (gentle on a small machine, and no two of them
writing at once); SIGTERM or SIGINT stops everything gracefully. Children get SIGTERM if the
supervisor itself dies, so none is left behind."""

from __future__ import annotations

import ctypes
import logging
import os
import secrets
import signal
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from django.db import DatabaseError, close_old_connections, connection
from django.utils import timezone

from reconnect.core import task_recovery
from reconnect.core.schedule import Job, State, is_due

log = logging.getLogger("reconnect.serve")
ROOT = Path(__file__).resolve().parents[2]
TICK = 0.5  # seconds between looks at the children and the schedule
STEADY = 30.0  # a child that ran this long was healthy: restart it at once
MAX_PAUSE = 30.0
RECOVERY_EVERY = 60.0
STOP_GRACE = 30.0  # gunicorn's graceful timeout (20 s) plus a margin


def reconnect_command(*args: str) -> list[str]:
    return [sys.executable, "-m", "reconnect.cli", *args]


@dataclass
class Child:
    name: str
    argv: Callable[[], list[str]]
    process: subprocess.Popen[bytes] | None = None
    started_at: float = 0.0
    quick_exits: int = 0
    start_at: float = 0.0  # monotonic time of the next start, while not running


@dataclass
class Running:
    job: Job
    process: subprocess.Popen[bytes]
    started_at: float


class Supervisor:
    def __init__(
        self, *, web: list[str], env: dict[str, str], jobs: list[Job], state: State
    ) -> None:
        self.env, self.jobs, self.state = env, jobs, state
        self.supervision = task_recovery.Supervision(os.getpid(), secrets.token_hex(3))
        self.generation = 0
        self.children = [Child("web", lambda: web), Child("worker", self._worker_argv)]
        self.job: Running | None = None
        self.stopping = False

    def run(self) -> int:
        signal.signal(signal.SIGTERM, self._stop)
        signal.signal(signal.SIGINT, self._stop)
        self._recover()
        next_recovery = time.monotonic() + RECOVERY_EVERY
        while not self.stopping:
            now = time.monotonic()
            for child in self.children:
                self._tend(child, now)
            self._tend_jobs(now)
            if now >= next_recovery:
                self._recover()
                next_recovery = now + RECOVERY_EVERY
            time.sleep(TICK)
        self._shutdown()
        return 0

    def _stop(self, signum: int, frame: Any) -> None:
        log.info("%s received: stopping", signal.Signals(signum).name)
        self.stopping = True

    def _worker_argv(self) -> list[str]:
        self.generation += 1
        worker = self.supervision.worker_id(self.generation)
        self.supervision = replace(self.supervision, live_worker=worker)
        return reconnect_command(
            "db_worker", "--worker-id", worker, "--no-startup-delay", "--no-reload"
        )

    def _tend(self, child: Child, now: float) -> None:
        if child.process is not None:
            code = child.process.poll()
            if code is None:
                return
            steady = now - child.started_at >= STEADY
            child.quick_exits = 0 if steady else child.quick_exits + 1
            pause = min(MAX_PAUSE, 2 ** (child.quick_exits - 1)) if child.quick_exits else 0
            log.warning("%s stopped (exit %s); starting it again in %d s", child.name, code, pause)
            child.process, child.start_at = None, now + pause
            if child.name == "worker":
                self.supervision = replace(self.supervision, live_worker=None)
                self._recover()  # what it was running goes back in the queue now
        if now >= child.start_at:
            child.process = self._spawn(child.argv())
            child.started_at = now
            log.info("%s started (pid %d)", child.name, child.process.pid)

    def _tend_jobs(self, now: float) -> None:
        if self.job is not None:
            run = self.job
            code = run.process.poll()
            if code is None and now - run.started_at > run.job.timeout.total_seconds():
                log.error("%s ran past %s: stopping it", run.job.name, run.job.timeout)
                run.process.kill()
                code = run.process.wait()
            if code is None:
                return
            seconds = now - run.started_at
            self.state.finished(run.job.name, exit_code=code, seconds=seconds)
            level = logging.INFO if code == 0 else logging.ERROR
            log.log(level, "%s finished (exit %s, %.1f s)", run.job.name, code, seconds)
            self.job = None
        local = timezone.localtime()
        for job in self.jobs:
            if is_due(job, self.state.of(job.name), local):
                self.state.started(job.name, local)
                self.job = Running(job, self._spawn(reconnect_command(*job.command)), now)
                log.info("%s started", job.name)
                return

    def _spawn(self, argv: list[str]) -> subprocess.Popen[bytes]:
        return subprocess.Popen(argv, cwd=ROOT, env=self.env, preexec_fn=_die_with_parent)  # noqa: S603

    def _recover(self) -> None:
        try:
            close_old_connections()
            task_recovery.recover(self.supervision)
        except DatabaseError as error:
            name = type(error).__name__
            log.warning("could not look for lost tasks (%s); trying again later", name)
        finally:
            connection.close()  # the supervisor mostly sleeps: hold no connection meanwhile

    def _shutdown(self) -> None:
        processes = [c.process for c in self.children if c.process]
        if self.job is not None:
            processes.append(self.job.process)
        for process in processes:
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + STOP_GRACE
        for process in processes:
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        log.info("stopped")


def _die_with_parent() -> None:
    """In the child, before exec: receive SIGTERM when the supervisor dies (Linux)."""
    if sys.platform.startswith("linux"):
        ctypes.CDLL(None).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
