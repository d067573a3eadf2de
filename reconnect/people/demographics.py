"""The optional demographics a client may give about themselves, as the fairness report groups them.

Each list is the only set of values stored (reconnect/radar/fairness.py counts clients per stored
value; a blank one is "not recorded"). "Prefer not to say" is an answer of its own, kept apart
from never having been asked.
"""

from __future__ import annotations

PREFER_NOT_TO_SAY = "prefer not to say"
WHY_ASKED = "so the program can check its alerts treat everyone fairly"

AGE_BANDS: tuple[tuple[str, str], ...] = (
    ("18-24", "18 to 24"),
    ("25-34", "25 to 34"),
    ("35-44", "35 to 44"),
    ("45-54", "45 to 54"),
    ("55-64", "55 to 64"),
    ("65+", "65 or older"),
    (PREFER_NOT_TO_SAY, "Prefer not to say"),
)
GENDERS: tuple[tuple[str, str], ...] = (
    ("woman", "Woman"),
    ("man", "Man"),
    ("non-binary", "Non-binary"),
    ("another gender", "A gender not listed here"),
    (PREFER_NOT_TO_SAY, "Prefer not to say"),
)
FIELDS = {"age_band": ("Age", AGE_BANDS), "gender": ("Gender", GENDERS)}


def problem(field: str, value: str, *, own: bool = True) -> str:
    """What is wrong with this answer ("" when it is blank or one of the list's values): to the
    client about their own answer, or (`own=False`) to the program admin adding them."""
    label, choices = FIELDS[field]
    if value == "" or value in {v for v, _ in choices}:
        return ""
    if not own:
        return (
            f"Please choose one of the listed answers for {label.lower()}, "
            "or leave it as “Not asked yet”."
        )
    return f"Please choose your {label.lower()} from the list (or “Prefer not to say”)."


def label_for(field: str, value: str) -> str:
    """The words shown for a stored value ("Not given" for blank; an old free-text value as is)."""
    if not value:
        return "Not given"
    return dict(FIELDS[field][1]).get(value, value)
