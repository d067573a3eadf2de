"""The scheduled jobs `reconnect serve` runs, when each is due, and where their last runs are
kept (a small JSON file under the var dir, so a restart neither repeats nor skips a day).

A daily job is due once its time of day has passed since its last successful run; a failed run
is tried again after RETRY. On the first start, and after a missed day, daily jobs run at once.
"""

from __future__ import annotations

import datetime as dt
import json
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any

RETRY = dt.timedelta(minutes=15)


@dataclass(frozen=True)
class Job:
    name: str
    command: tuple[str, ...]
    every: dt.timedelta | None = None  # an interval job
    daily_at: dt.time | None = None  # a daily job, at this local time
    timeout: dt.timedelta = dt.timedelta(hours=3)


def jobs(*, daily_at: str) -> list[Job]:
    """Reconnect's schedule: reminders, waiting notifications and appointment reminders every
    5 minutes; radar, purge and backup daily."""
    at = parse_time(daily_at)
    return [
        Job("send_reminders", ("send_reminders",), every=dt.timedelta(minutes=5),
            timeout=dt.timedelta(minutes=30)),
        Job("radar_refresh", ("radar_refresh",), daily_at=at),
        Job("purge_transcripts", ("purge_transcripts",), daily_at=at),
        Job("backup", ("backup", "--dir"), daily_at=at),
        Job("send_notifications", ("send_notifications",), every=dt.timedelta(minutes=5),
            timeout=dt.timedelta(minutes=30)),
        Job("send_appointment_reminders", ("send_appointment_reminders",),
            every=dt.timedelta(minutes=5), timeout=dt.timedelta(minutes=30)),
    ]  # fmt: skip


def parse_time(value: str) -> dt.time:
    try:
        hours, minutes = value.split(":")
        return dt.time(int(hours), int(minutes))
    except ValueError:
        raise ValueError(f"RECONNECT_DAILY_AT must look like 02:30, not {value!r}") from None


def last_slot(at: dt.time, now: dt.datetime) -> dt.datetime:
    """The latest moment at or before `now` (an aware local time) when the clock read `at`."""
    today = now.replace(hour=at.hour, minute=at.minute, second=0, microsecond=0)
    return today if today <= now else today - dt.timedelta(days=1)


def is_due(job: Job, runs: dict[str, Any], now: dt.datetime) -> bool:
    """Whether `job` should start now, given its recorded runs (see State)."""
    started = _when(runs.get("started"))
    if job.every is not None:
        return started is None or now - started >= job.every
    if job.daily_at is None:
        raise ValueError(f"{job.name} has neither an interval nor a time of day")
    succeeded = _when(runs.get("succeeded"))
    if succeeded is not None and succeeded >= last_slot(job.daily_at, now):
        return False  # done for today
    if started is None or runs.get("succeeded") == runs.get("started"):
        return True
    return now - started >= RETRY  # the last try failed or was cut short


def _when(value: str | None) -> dt.datetime | None:
    return dt.datetime.fromisoformat(value) if value else None


class State:
    """Start and success times per job, written atomically after every change."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        try:
            self.runs: dict[str, dict[str, Any]] = json.loads(self.path.read_text())
        except (OSError, ValueError):
            self.runs = {}

    def of(self, name: str) -> dict[str, Any]:
        return self.runs.get(name, {})

    def started(self, name: str, when: dt.datetime) -> None:
        self.runs.setdefault(name, {})["started"] = when.isoformat()
        self._save()

    def finished(self, name: str, *, exit_code: int, seconds: float) -> None:
        runs = self.runs.setdefault(name, {})
        runs.update(exit_code=exit_code, seconds=round(seconds, 1))
        if exit_code == 0:
            runs["succeeded"] = runs.get("started")
        self._save()

    def _save(self) -> None:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        partial = self.path.with_suffix(".tmp")
        partial.write_text(json.dumps(self.runs, indent=1, sort_keys=True))
        os.replace(partial, self.path)
