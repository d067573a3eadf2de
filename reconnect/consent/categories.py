"""The parts of a record a client can share, in plain words. Pure data, no Django."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SharedCategory:
    key: str
    label: str
    what: str


CHECKIN_SUMMARY = "checkin_summary"
CIRCLE = "circle"
SAFETY_PLAN = "safety_plan"
MEASURES = "measures"
ATTENDANCE = "attendance"
SHARED_NOTES = "shared_notes"
# Counselling (psychotherapy) notes are not a category a client can share: they are outside the
# right of access (45 CFR 164.524(a)(1)(i)) and outside a consent the client signs alone (42 CFR
# 2.31(b)), so they stay with the clinician who wrote them. The key is kept to refuse it by name
# and to read consents signed before this rule.
COUNSELLING_NOTES = "counselling_notes"
COUNSELLING_NOTES_REFUSED = (
    "Counselling notes stay with the clinician who wrote them, so a consent cannot include "
    "them. You can ask your clinician about them."
)

CATEGORIES = (
    SharedCategory(
        CHECKIN_SUMMARY,
        "Check-in summary",
        "How many times you checked in each week and on how many days you connected with "
        "someone. Never your private notes or craving numbers.",
    ),
    SharedCategory(
        CIRCLE,
        "Support circle",
        "The names in your circle and how they help. Never their phone numbers or addresses.",
    ),
    SharedCategory(SAFETY_PLAN, "Safety plan", "Your current safety plan, all six steps."),
    SharedCategory(
        MEASURES,
        "Questionnaire scores",
        "The date, questionnaire and total score of each questionnaire you completed. "
        "Not your answers to single questions.",
    ),
    SharedCategory(
        ATTENDANCE,
        "Session attendance",
        "The dates of your sessions and whether each one happened.",
    ),
    SharedCategory(
        SHARED_NOTES,
        "Shared session notes",
        "Notes your clinician wrote about sessions, except counselling notes.",
    ),
)
BY_KEY = {c.key: c for c in CATEGORIES}
KEYS = tuple(BY_KEY)


def describe(keys: list[str] | tuple[str, ...]) -> str:
    """The amount and kind of information a consent covers, in plain words."""
    return " ".join(f"{BY_KEY[k].label}: {BY_KEY[k].what}" for k in keys if k in BY_KEY)


def labels(keys: list[str] | tuple[str, ...]) -> str:
    return ", ".join(BY_KEY[k].label.lower() for k in keys if k in BY_KEY)
