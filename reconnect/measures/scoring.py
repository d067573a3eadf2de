"""Scoring: totals, bands, safety flags and the missing-answer rule (no Django).

No published missing-item rule is given in clinical-reference.md for these instruments, so an
administration with any scored item skipped gets no total, with the reason; answered items are
still stored, and a safety item is still read.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

from reconnect.measures.instruments import Band, Instrument, answered_options, band_for

SAFETY_FLAG = "safety_item_positive"


class InvalidAnswers(ValueError):
    """Answers that do not fit the instrument (count or values)."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


@dataclass(frozen=True)
class Score:
    total: float | None
    band: Band | None
    flags: tuple[str, ...]
    reason: str = ""
    clusters: dict[str, int] = field(default_factory=dict)

    @property
    def band_label(self) -> str | None:
        return self.band.label if self.band else None


def item_value(instrument: Instrument, number: int, answer: int) -> int:
    """The scored value of one answer: reverse-scored items count (min + max − answer)."""
    item = instrument.items[number - 1]
    if not item.reverse:
        return answer
    values = [o.value for o in instrument.options_for(item)]
    return min(values) + max(values) - answer


def score(instrument: Instrument, answers: Sequence[int | None]) -> Score:
    """Total, band and flags for one administration; answers in item order, None if skipped."""
    problems = answered_options(instrument, answers)
    if problems:
        raise InvalidAnswers(problems)
    flags: list[str] = []
    if instrument.safety_item is not None:
        answer = answers[instrument.safety_item - 1]
        if answer is not None and answer > 0:
            flags.append(SAFETY_FLAG)
    scored = [(item, answers[item.number - 1]) for item in instrument.scored_items]
    skipped = [item.number for item, answer in scored if answer is None]
    if skipped:
        listed = ", ".join(str(n) for n in skipped)
        return Score(
            None,
            None,
            tuple(flags),
            reason=f"No total: item{'s' if len(skipped) > 1 else ''} {listed} "
            "skipped, and this questionnaire has no published rule for scoring with missing "
            "answers.",
        )
    # Every scored item is answered from here on (a skip returned above).
    given = {item.number: answer for item, answer in scored if answer is not None}
    values = [item_value(instrument, number, answer) for number, answer in given.items()]
    total: float = sum(values)
    if instrument.scoring == "mean":
        total = round(total / len(values), 2)
    clusters = {
        name: sum(item_value(instrument, n, given[n]) for n in numbers)
        for name, numbers in instrument.clusters.items()
    }
    return Score(total, band_for(instrument, total), tuple(flags), clusters=clusters)
