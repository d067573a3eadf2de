"""Agreement between raters over whole sessions: ICC(2,1), mean absolute error, and how often
two raters put a session in the same MITI band. Plain numpy, so the arithmetic can be checked
by hand (see the tests)."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np


def icc_2_1(ratings: Sequence[Sequence[float]]) -> float | None:
    """ICC(2,1) of Shrout & Fleiss (1979, Psychol Bull 86:420-428), case 2, single rater:
    two-way random effects, absolute agreement. `ratings` has one row per target (session)
    and one column per rater (the model, the annotators). A rater who is off by a constant
    lowers it (unlike consistency, ICC(3,1)).

        ICC(2,1) = (BMS - EMS) / (BMS + (k - 1) EMS + k (JMS - EMS) / n)

    with BMS the between-targets mean square, JMS the between-raters mean square and EMS the
    residual mean square of the two-way ANOVA. None with fewer than two targets, or when every
    rating is the same (no variance to agree on)."""
    y = np.asarray(ratings, dtype=np.float64)
    if y.ndim != 2 or y.shape[0] < 2 or y.shape[1] < 2:
        return None
    n, k = y.shape
    grand = y.mean()
    ss_targets = k * ((y.mean(axis=1) - grand) ** 2).sum()
    ss_raters = n * ((y.mean(axis=0) - grand) ** 2).sum()
    ss_error = ((y - grand) ** 2).sum() - ss_targets - ss_raters
    bms = ss_targets / (n - 1)
    jms = ss_raters / (k - 1)
    ems = ss_error / ((n - 1) * (k - 1))
    denominator = bms + (k - 1) * ems + k * (jms - ems) / n
    if denominator <= 0:
        return None
    return float((bms - ems) / denominator)


def mae(pairs: Sequence[tuple[float, float]]) -> float | None:
    """Mean absolute difference between the two ratings of each target."""
    if not pairs:
        return None
    return float(np.mean([abs(a - b) for a, b in pairs]))


def band_agreement(
    pairs: Sequence[tuple[float, float]], band: Callable[[float], str | None]
) -> float | None:
    """The share of targets both ratings put in the same band."""
    if not pairs:
        return None
    return float(np.mean([band(a) == band(b) for a, b in pairs]))


def paired(
    first: Sequence[float | None], second: Sequence[float | None]
) -> list[tuple[float, float]]:
    """The targets both raters gave a value (a ratio needs a denominator in both)."""
    return [(a, b) for a, b in zip(first, second, strict=True) if a is not None and b is not None]
