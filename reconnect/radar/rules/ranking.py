"""The order of clients within one tier of the caseload, by the weight of their evidence.

The tier (urgent, needs attention, good news, quiet) always comes first. Within it, clients are
ordered by a weight that counts their signals (some kinds weigh more), the days since their last
check-in, and how recent the newest evidence is; the weights and their reasons are in
thresholds.py. The card says what the weight was made of, so the order can be checked.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from reconnect.radar import thresholds as T


@dataclass(frozen=True)
class Weight:
    value: float
    reasons: tuple[str, ...]

    def __str__(self) -> str:
        return ", ".join(self.reasons)


def weigh(kinds: Sequence[str], silent_days: int | None, newest_age: int | None) -> Weight:
    """The weight of a client's open signals (`kinds`), days since their last check-in (None:
    never checked in, so silence says nothing) and the age in days of the newest evidence."""
    if not kinds:
        return Weight(0.0, ())
    value = sum(T.RANK_KIND_WEIGHT.get(kind, T.RANK_SIGNAL) for kind in kinds)
    reasons = [f"{len(kinds)} signal{'s' * (len(kinds) != 1)}"]
    if silent_days is not None and silent_days >= T.RANK_SILENT_FROM:
        value += T.RANK_PER_SILENT_DAY * min(silent_days, T.RANK_SILENT_CAP)
        reasons.append(f"{silent_days} days without a check-in")
    if newest_age is not None and newest_age < T.RANK_RECENT_DAYS:
        value += T.RANK_RECENT
        reasons.append(
            "new evidence today"
            if newest_age <= 0
            else f"new evidence in the last {T.RANK_RECENT_DAYS} days"
        )
    return Weight(round(value, 2), tuple(reasons))
