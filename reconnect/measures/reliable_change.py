"""Reliable change (Jacobson & Truax 1991, with Christensen & Mendoza's √2) and clinically
significant change, between any two administrations of one instrument (no Django).

SEM = SD × √(1 − r); S_diff = √2 × SEM; RCI = (post − pre) / S_diff; reliable if |RCI| > 1.96.
Parameters (SD, r) come from versioned configuration (reconnect/measures/rc_params.json).
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path

from reconnect.measures.instruments import Instrument

DEFAULT_PARAMS = Path(__file__).with_name("rc_params.json")
Z = 1.96


class Change(StrEnum):
    IMPROVED = "reliably improved"
    NONE = "no reliable change"
    WORSE = "reliably worse"


@dataclass(frozen=True)
class Params:
    sd: float
    r: float
    r_kind: str
    source: str

    @property
    def s_diff(self) -> float:
        return math.sqrt(2) * self.sd * math.sqrt(1 - self.r)

    @property
    def minimum_change(self) -> float:
        """The smallest raw change that is reliable (1.96 × S_diff)."""
        return Z * self.s_diff


@dataclass(frozen=True)
class Result:
    rci: float
    change: Change
    minimum_change: float
    clinically_significant: bool | None  # None where the instrument has no cut-off
    recovered: bool


def load_params(path: Path | None = None) -> tuple[str, dict[str, Params]]:
    """The configured parameters: (config version, {instrument code: Params})."""
    data = json.loads((path or DEFAULT_PARAMS).read_text())
    params = {
        code: Params(float(v["sd"]), float(v["r"]), v["r_kind"], v["source"])
        for code, v in data["instruments"].items()
    }
    return data["version"], params


def healthier_side(instrument: Instrument, total: float) -> bool:
    cutoff = instrument.clinical_cutoff
    if cutoff is None:
        raise ValueError(f"{instrument.code} has no clinical cut-off")
    return total >= cutoff if instrument.higher_is_better else total < cutoff


def reliable_change(instrument: Instrument, params: Params, pre: float, post: float) -> Result:
    """Compare two totals of the same instrument."""
    rci = (post - pre) / params.s_diff
    better = rci > 0 if instrument.higher_is_better else rci < 0
    change = Change.NONE if abs(rci) <= Z else (Change.IMPROVED if better else Change.WORSE)
    crossed: bool | None = None
    if instrument.clinical_cutoff is not None:
        crossed = not healthier_side(instrument, pre) and healthier_side(instrument, post)
    return Result(
        rci=round(rci, 2),
        change=change,
        minimum_change=round(params.minimum_change, 2),
        clinically_significant=crossed,
        recovered=bool(crossed) and change is Change.IMPROVED,
    )
