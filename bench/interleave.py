"""Timing two request paths fairly: warmed up, then interleaved so both meet the same machine."""

from __future__ import annotations

import time
from collections.abc import Callable

Path = Callable[[int], None]


def interleaved_seconds(
    full: Path, bare: Path, *, rounds: int, per_round: int, settle: Callable[[], object]
) -> tuple[dict[str, float], int]:
    """Seconds each path spent on `rounds * per_round` requests, and that count; `settle` runs
    after every batch (e.g. waiting for background tasks) outside the timing."""
    for n in range(20):  # warm up both paths
        full(-n - 1)
        bare(-n - 1)
    timings = {"full": 0.0, "bare": 0.0}
    for round_ in range(rounds):
        for name, path in (("full", full), ("bare", bare)):
            start = time.perf_counter()
            for n in range(per_round):
                path(round_ * per_round + n)
            timings[name] += time.perf_counter() - start
            settle()
    return timings, rounds * per_round
