"""Timing two request paths fairly: warmed up, then interleaved so both meet the same machine."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass

Path = Callable[[int], None]


@dataclass(frozen=True)
class Comparison:
    """Seconds each path spent, round by round, on `per_round` requests a round."""

    full: list[float]
    bare: list[float]
    per_round: int

    @property
    def count(self) -> int:
        return self.per_round * len(self.full)

    def rate(self, path: str) -> float:
        seconds: list[float] = self.full if path == "full" else self.bare
        return self.count / sum(seconds)

    @property
    def ratio(self) -> float:
        """Full over bare speed: the median of the rounds' own ratios. Each round's two batches
        run back to back, so a pause of the machine's (a neighbour's burst, the disk flushing
        its cache) skews one round, not the figure."""
        return statistics.median(b / f for f, b in zip(self.full, self.bare, strict=True))

    def report(self, what: str, target: float = 0.5) -> None:
        width = max(len(what), len("bare one-row insert view")) + 1
        print(f"{what + ':':{width}} {self.rate('full'):8.1f} per second ({self.count} requests)")
        print(f"{'bare one-row insert view:':{width}} {self.rate('bare'):8.1f} per second")
        verdict = "meets" if self.ratio >= target else "misses"
        print(
            f"ratio full / bare: {self.ratio:.2f}, the median of {len(self.full)} paired rounds "
            f"({verdict} >= {target})"
        )


def interleaved(
    full: Path, bare: Path, *, rounds: int, per_round: int, settle: Callable[[], object]
) -> Comparison:
    """Both paths, `rounds` times `per_round` requests each, alternating; `settle` runs after
    every batch (e.g. waiting for background tasks) outside the timing."""
    for n in range(20):  # warm up both paths
        full(-n - 1)
        bare(-n - 1)
    timings: dict[str, list[float]] = {"full": [], "bare": []}
    for round_ in range(rounds):
        for name, path in (("full", full), ("bare", bare)):
            start = time.perf_counter()
            for n in range(per_round):
                path(round_ * per_round + n)
            timings[name].append(time.perf_counter() - start)
            settle()
    return Comparison(timings["full"], timings["bare"], per_round)
