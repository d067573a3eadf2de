"""A resolved or snoozed signal holds until new evidence arrives, and then says what is new.

A clinician who resolves "Drifting away" has seen its evidence; the same silent stretch, the
same missed sessions, the same scores must not raise it again. What counts as new is any mark
the signal did not have when it was resolved or snoozed: a further missed session, a further
whole week without a check-in, a new run of bounced reminders, a new score; for a trend (a
share of hard days, of days alone), a few new days of it.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence

from reconnect.radar import thresholds as T
from reconnect.radar.rules.points import Mark, Signal

SHOWN = 3  # new pieces of evidence named on a card; the rest are counted


def new_marks(signal: Signal, seen: Collection[str]) -> tuple[Mark, ...]:
    """The signal's evidence that was not there when it was resolved or snoozed, if it is new
    evidence: any new event, or at least TREND_NEW_DAYS new days of a trend; else ()."""
    new = tuple(m for m in signal.marks if m.key not in seen)
    events = [m for m in new if not m.trend]
    if events or len(new) >= T.TREND_NEW_DAYS:
        return new
    return ()


def whats_new(new: Sequence[Mark], held: str) -> str:
    """ "New since it was resolved on 19 Nov: missed the session on 24 Nov." ("" if nothing)."""
    if not new or not held:
        return ""
    words = [m.words for m in new[:SHOWN]]
    more = len(new) - SHOWN
    if more > 0:
        words.append(f"{more} more")
    return f"New since {held}: {'; '.join(words)}."
