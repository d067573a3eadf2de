"""SQLite with a fair writer queue shared by every process and thread using the database file.

SQLite's busy handler sleeps in growing steps (up to 100 ms at a time) while another connection
holds the write lock, so under many concurrent writers a few wait far longer than the lock is
ever held. Here each write transaction first takes an exclusive flock on a file beside the
database; the kernel wakes the next waiter the moment it is released, and BEGIN IMMEDIATE then
finds the database free. A killed process releases its flock with its file descriptors, so a
crash cannot leave the queue stuck. In-memory databases (tests) skip the queue.

Checkpoints move off the request path too: with synchronous=FULL a checkpoint writes the WAL's
pages into the database file and waits for the disk, and SQLite's automatic checkpoint does that
inside whichever commit crosses 1000 pages, holding every other writer for hundreds of
milliseconds. A background thread per process runs a PASSIVE checkpoint (writers carry on
meanwhile) every second; the automatic one stays as a safety net at a much larger size.
"""

from __future__ import annotations

import fcntl
import logging
import sqlite3
import threading
import time
from typing import Any

from django.db.backends.sqlite3 import base

logger = logging.getLogger(__name__)
CHECKPOINT_EVERY_SECONDS = 1.0
SAFETY_NET_PAGES = 20000
_checkpointers: dict[str, threading.Thread] = {}
_checkpointers_lock = threading.Lock()


def _checkpoint_forever(path: str) -> None:
    connection = sqlite3.connect(path, timeout=20, isolation_level=None)
    connection.execute("PRAGMA synchronous=FULL")
    while True:
        time.sleep(CHECKPOINT_EVERY_SECONDS)
        try:
            connection.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
        except sqlite3.Error:
            logger.warning("background checkpoint failed; SQLite's own will run instead")


def start_checkpointer(path: str) -> None:
    """One background checkpointer per database file and process."""
    with _checkpointers_lock:
        thread = _checkpointers.get(path)
        if thread is None or not thread.is_alive():
            thread = threading.Thread(
                target=_checkpoint_forever, args=(path,), name="sqlite-checkpoint", daemon=True
            )
            _checkpointers[path] = thread
            thread.start()


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._queue_file: Any = None
        self._holding_queue = False

    def get_new_connection(self, conn_params: dict[str, Any]) -> Any:
        connection = super().get_new_connection(conn_params)
        if self._queue_path() is not None and self.settings_dict.get("BACKGROUND_CHECKPOINT"):
            connection.execute(f"PRAGMA wal_autocheckpoint={SAFETY_NET_PAGES}")
            start_checkpointer(str(self.settings_dict["NAME"]))
        return connection

    def _queue_path(self) -> str | None:
        name = str(self.settings_dict["NAME"])
        if not name or self.is_in_memory_db() or name.startswith("file:"):
            return None
        return f"{name}.writers"

    def _acquire_queue(self) -> None:
        path = self._queue_path()
        if path is None or self._holding_queue:
            return
        if self._queue_file is None:
            self._queue_file = open(path, "a+b")  # noqa: SIM115 - held for the connection's life
        fcntl.flock(self._queue_file.fileno(), fcntl.LOCK_EX)
        self._holding_queue = True

    def _release_queue(self) -> None:
        if self._holding_queue:
            self._holding_queue = False
            fcntl.flock(self._queue_file.fileno(), fcntl.LOCK_UN)

    def _start_transaction_under_autocommit(self) -> None:
        self._acquire_queue()
        try:
            super()._start_transaction_under_autocommit()
        except BaseException:
            self._release_queue()
            raise

    def _commit(self) -> None:
        try:
            super()._commit()
        finally:
            self._release_queue()

    def _rollback(self) -> None:
        try:
            super()._rollback()
        finally:
            self._release_queue()

    def _close(self) -> None:
        try:
            super()._close()
        finally:
            self._release_queue()
            if self._queue_file is not None:
                self._queue_file.close()
                self._queue_file = None
