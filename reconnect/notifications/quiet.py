"""Quiet hours: when a notification waits until morning, in the recipient's own time zone. Pure."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from zoneinfo import ZoneInfo


@dataclass(frozen=True)
class QuietHours:
    starts: dt.time
    ends: dt.time

    def contains(self, moment: dt.time) -> bool:
        """Whether a local wall-clock time falls in quiet hours (they may cross midnight)."""
        if self.starts == self.ends:
            return False
        if self.starts < self.ends:
            return self.starts <= moment < self.ends
        return moment >= self.starts or moment < self.ends

    def release(self, now: dt.datetime, zone: str) -> dt.datetime:
        """`now` outside quiet hours; else the next moment they end, in that zone."""
        local = now.astimezone(ZoneInfo(zone))
        if not self.contains(local.time()):
            return now
        day = local.date() if local.time() < self.ends else local.date() + dt.timedelta(days=1)
        end = dt.datetime.combine(day, self.ends, tzinfo=ZoneInfo(zone))
        return end.astimezone(dt.UTC)


def parse(value: str) -> QuietHours:
    """Quiet hours from "21:00-08:00" ("" for none); ValueError for anything else."""
    if not value.strip():
        return QuietHours(dt.time(0), dt.time(0))
    match = _SPAN.fullmatch(value.strip())
    try:
        if match is None:
            raise ValueError(value)
        h1, m1, h2, m2 = (int(part) for part in match.groups())
        return QuietHours(dt.time(h1, m1), dt.time(h2, m2))
    except ValueError:
        raise ValueError(
            f"RECONNECT_QUIET_HOURS must look like 21:00-08:00, not {value!r}"
        ) from None


_SPAN = re.compile(r"(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})")
